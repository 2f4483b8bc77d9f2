/* sobolev-transfer — GIMP drawables in and out of a recoloring.

   One path for pixels: a layer is read in strips of whole tile rows into
   the recoloring (the source over the selection's bounds, each pixel
   weighing alpha × selection; the reference whole, weighing alpha), and
   the source is written back the same way, through the shadow buffer
   and one merge (one undo step; GIMP blends soft selections).  8- and
   16-bit sRGB layers move in their own format; everything else as float
   R'G'B'A in sRGB, converted by babl.

   Main thread only (libgimp is not thread-safe).  Errors are in the
   SOBOLEV_ERROR domain: SOBOLEV_ERROR_INVALID_ARGUMENT for a wrong or
   stale ID, an unfit layer, an empty selection or a transparent layer
   (the plug-in turns it into GIMP_PDB_CALLING_ERROR).  */
#ifndef PLUG_IN_DRAWABLE_IO_H
#define PLUG_IN_DRAWABLE_IO_H

#include <libgimp/gimp.h>
#include "buffer-strips.h"
#include "sobolev.h"

G_BEGIN_DECLS

/* Checks that drawable_id still names a layer fit for role: the source
   an RGB(A) layer whose pixels are not locked, the reference any layer
   (RGB, gray or indexed, any image).  Neither a group, mask or channel.
   The message says which ("The reference layer (ID 12) does not
   exist…").  */
gboolean plug_in_drawable_check (gint32 drawable_id, SobolevRecolorInput role,
                                 GError **error);

/* The part of a layer a run reads, and for the source writes back.  */
typedef struct _PlugInPixels PlugInPixels;

/* Reads the layer's pixels for role into recolor, strip by strip, and
   ends that input; with recolor NULL, only opens the source for a
   write.  The source's image selection always limits and weighs it; the
   reference's only with use_selection.  keep asks to keep the source's pixels
   for the write when they fit in memory (then the layer is read once); the
   result is the same either way.  progress may be NULL.  */
PlugInPixels *plug_in_pixels_read (gint32 drawable_id, SobolevRecolorInput role,
                                   SobolevRecolor *recolor, gboolean keep,
                                   gboolean use_selection,
                                   PlugInProgress progress, gpointer user_data,
                                   GError **error);

/* A quick look at a large layer, for a dialog's first preview: its
   colors from GIMP's own downscaled copy (at most 1024 pixels a side),
   alpha weighing, fed into input of recolor and ended.  Returns FALSE
   with no error when the layer is small, not RGB, or a selection must
   weigh it (use_selection and a non-empty selection): then read it whole
   with plug_in_pixels_read.  */
gboolean plug_in_pixels_read_quick (gint32 drawable_id,
                                    SobolevRecolorInput role,
                                    SobolevRecolor *recolor,
                                    gboolean use_selection, GError **error);

/* Makes copy_id, a copy of the layer read (same size, place and
   format), the one the write goes to: the pixels read, or kept, are its
   own.  */
void plug_in_pixels_retarget (PlugInPixels *pixels, gint32 copy_id);

/* Maps the pixels read through lut and the edge guard at gain (0: the
   plain LUT) into the shadow buffer, alpha kept, then merges it once
   with undo and updates the drawable.  The image is untouched when this
   fails.  */
gboolean plug_in_pixels_write (PlugInPixels *pixels, const SobolevLut *lut,
                               gdouble gain, PlugInProgress progress,
                               gpointer user_data, GError **error);

void plug_in_pixels_free (PlugInPixels *pixels);

/* TRUE when GIMP has a palette of that name (exactly).  */
gboolean plug_in_palette_exists (const gchar *name);

/* Makes the GIMP palette name, its colors equally weighted, the
   reference of recolor.  SOBOLEV_ERROR_INVALID_ARGUMENT when there is
   no such palette, and as sobolev_recolor_set_palette refuses it (no
   colors, only one).  */
gboolean plug_in_palette_read (const gchar *name, SobolevRecolor *recolor,
                               GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlugInPixels, plug_in_pixels_free)

G_END_DECLS

#endif
