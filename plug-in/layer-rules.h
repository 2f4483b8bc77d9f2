/* sobolev-transfer — what both GIMP hosts (2.10 and 3) require of a
   layer, and the format they move its pixels in.  Plain facts in, no
   libgimp call: each host asks GIMP for the facts its own way.  */
#ifndef PLUG_IN_LAYER_RULES_H
#define PLUG_IN_LAYER_RULES_H

#include <babl/babl.h>
#include <gegl.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* What a host knows of an item it was given as a layer.  */
typedef struct
{
  gint id;
  const gchar *name;
  gboolean layer; /* a layer: not a channel, layer mask or path */
  gboolean group;
  gboolean rgb;
  gboolean gray;   /* when not rgb: gray, else indexed */
  gboolean locked; /* its pixels are locked */
} PlugInLayerFacts;

/* The words for a layer in its role: the source is the "layer to
   recolor", else the "reference layer" (translated).  */
const gchar *plug_in_layer_role_name (gboolean source);

/* Checks an item that exists: a layer, not a group, and as the source
   neither gray, indexed nor locked.  The message says which.  */
gboolean plug_in_layer_check_facts (const PlugInLayerFacts *facts,
                                    gboolean source, GError **error);

/* Sets the error for a source layer that the image's selection does
   not cover at all: there are no colors to work with.  */
void plug_in_layer_uncovered_error (const gchar *name, GError **error);

/* Ends a host's save of output through the temporary file tmp: when
   whole (the file read back is the image it saved), tmp replaces target
   (sobolev_safe_file_commit); else tmp is removed and the error says the
   save came out incomplete.  */
gboolean plug_in_save_finish (gboolean whole, const gchar *tmp,
                              const gchar *target, const gchar *output,
                              GError **error);

/* The map of the saved look at path (a .cube file) at strength, with
   preserve_lightness of each color's lightness kept
   (sobolev_lut_look_at); NULL with the message when path is empty or the
   file cannot be read.  */
SobolevLut *plug_in_look_map (const gchar *path, gdouble strength,
                              gdouble preserve_lightness, GError **error);

/* The longest side of GIMP's downscaled copy through which a dialog
   first sees a large layer.  */
#define PLUG_IN_QUICK_SIDE 1024

/* TRUE when a dialog should first see a layer of width × height pixels
   through GIMP's downscaled copy: at 4 megapixels and more (below, the
   whole read is quick and the look exact), RGB, and with no selection
   weighing its pixels.  OK then computes from every pixel.  */
gboolean plug_in_layer_quick_look (gint64 width, gint64 height, gboolean rgb,
                                   gboolean selection_weighs);

/* Before GEGL starts: the plug-ins use GEGL's buffers and none of its
   operations, and loading every operation module GEGL has (video, PDF,
   SVG, raw…) took about 0.3 s of each run's start-up.  Unless the user
   chose modules (GEGL_PATH), GEGL searches a folder that does not exist
   and loads none.  */
void plug_in_gegl_without_modules (void);

/* Reads rect of a selection's buffer into mask: rect's width × height
   weights in [0, 1], rows packed.  An 8- or 16-bit mask is read as it
   is stored and scaled here, as babl scales it: a process that skips
   babl's cache would otherwise wait about a second while babl searches
   anew for its conversion of "Y u8" to "Y float".  */
void plug_in_mask_read (GeglBuffer *selection, const GeglRectangle *rect,
                        gfloat *mask);

/* How a layer's pixels are read and written.  */
typedef struct
{
  const Babl *format;
  SobolevPixelType type;
  guint channels;
  guint bpp; /* bytes per pixel */
} PlugInPixelFormat;

/* The format for a layer whose own format is native: that one for
   integer sRGB (8 or 16 bits), which the core reads directly, so pixels
   the LUT leaves alone come back bit for bit; float R'G'B'A in sRGB for
   everything else (linear, half, double, other profiles, gray, indexed),
   which babl converts both ways.  */
PlugInPixelFormat plug_in_pixel_format (const Babl *native, gboolean alpha);

G_END_DECLS

#endif
