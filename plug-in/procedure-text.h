/* sobolev-transfer — what GIMP shows of the procedures, the same in the
   GIMP 2.10 and GIMP 3 plug-ins (the labels and blurb are translated by
   the host, in the plug-in's domain).  */
#ifndef PLUG_IN_PROCEDURE_TEXT_H
#define PLUG_IN_PROCEDURE_TEXT_H

#define PLUG_IN_MENU_LABEL N_ ("Sobolev Color _Transfer...")
#define PLUG_IN_MENU_PATH "<Image>/Colors/Map"
#define PLUG_IN_AUTHOR "sobolev-transfer authors"
#define PLUG_IN_DATE "2025"

#define PLUG_IN_BLURB                                                          \
  N_ ("Recolor a layer to match the colors of a reference layer")
#define PLUG_IN_HELP                                                           \
  "Moves the layer's colors along a smooth transport path (Sobolev "           \
  "descent, Mroueh et al. 2019) until they are distributed like the "          \
  "reference's, then maps every pixel through the resulting 3-D LUT.  "        \
  "The selection, if any, weights the source colors and limits the "           \
  "change; the reference may be any layer of any open image, or a "            \
  "GIMP palette (reference-palette); or a saved look is applied "              \
  "instead (look-file)."

#define PLUG_IN_FILE_BLURB "Recolor an image file to match a reference file"
/* console: the GIMP's batch command, a string literal.  */
#define PLUG_IN_FILE_HELP(console)                                             \
  "Loads source and reference (their visible layers merged), recolors "        \
  "the source with the default parameters at the given strength, and "         \
  "saves the result to output.  For batch use, e.g. " console " -i -b."

#endif
