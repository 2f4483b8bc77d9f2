/* sobolev-transfer — GIMP 3 layers in and out of a recoloring.

   The pixels move as the GIMP 2.10 host's do (buffer-strips.c): in
   strips into the recoloring, and back through the shadow buffer and
   one merge (one undo step; GIMP blends it with a soft selection).
   Integer sRGB layers move in their own format (pixels the LUT leaves
   alone come back bit for bit); every other precision, profile or mode
   goes through float R'G'B'A, which babl converts both ways.

   Main thread only (libgimp is not thread-safe).  Errors are in the
   SOBOLEV_ERROR domain; SOBOLEV_ERROR_INVALID_ARGUMENT means the caller
   passed an unfit layer.  */
#ifndef SOBOLEV_GIMP3_DRAWABLE_H
#define SOBOLEV_GIMP3_DRAWABLE_H

#include <libgimp/gimp.h>
#include "buffer-strips.h"
#include "sobolev.h"

G_BEGIN_DECLS

typedef enum
{
  /* The layer to recolor: an RGB(A) layer, not a group, pixels not
     locked; its selection limits and weights the change.  */
  SOBOLEV_GIMP3_SOURCE,
  /* The layer whose colors are the target: any layer of any image.  */
  SOBOLEV_GIMP3_REFERENCE,
  /* The same, only its pixels inside its own image's selection (and
     weighted by it); all of them when that image has no selection.  */
  SOBOLEV_GIMP3_REFERENCE_SELECTED
} SobolevGimp3Role;

/* The part of a layer a run reads, and for the source writes back.  */
typedef struct _SobolevGimp3Layer SobolevGimp3Layer;

/* Checks that drawable is fit for role; the message says why not.  */
gboolean sobolev_gimp3_drawable_check (GimpDrawable *drawable,
                                       SobolevGimp3Role role, GError **error);

/* Reads the pixels of drawable (checked for role first) into its input
   of recolor, strip by strip, and ends that input; with recolor NULL,
   only opens the source for a write.  keep asks to keep the source's
   pixels for the write when they fit in memory (then the layer is read
   once); the result is the same either way.  A layer where nothing
   weighs (nothing visible, or a selection that misses every visible
   pixel) is SOBOLEV_ERROR_INVALID_ARGUMENT.  progress may be NULL.  */
SobolevGimp3Layer *sobolev_gimp3_layer_read (
    GimpDrawable *drawable, SobolevGimp3Role role, SobolevRecolor *recolor,
    gboolean keep, PlugInProgress progress, gpointer user_data, GError **error);

/* A quick look at a large layer, for a dialog's first preview: GIMP's
   downscaled copy of drawable (checked for role first), at most 1024
   pixels a side, alpha weighing, fed into its input of recolor and
   ended.  FALSE without an error when the layer is better read whole:
   below 4 megapixels (the read is quick, and the look exact), not RGB,
   or with a selection that weighs its pixels.  */
gboolean sobolev_gimp3_layer_read_quick (GimpDrawable *drawable,
                                         SobolevGimp3Role role,
                                         SobolevRecolor *recolor,
                                         GError **error);

/* Makes copy, a copy of the layer read (same size, place and format),
   the one the write goes to: the pixels read, or kept, are its own.  */
void sobolev_gimp3_layer_retarget (SobolevGimp3Layer *layer,
                                   GimpDrawable *copy);

/* Maps the pixels read through lut and the edge guard at gain (0: the
   plain LUT; alpha kept) into the shadow buffer, merges it with one undo
   step and updates the layer.  Call it once.  progress may be NULL.
   The image is untouched when this fails.  */
gboolean sobolev_gimp3_layer_write (SobolevGimp3Layer *layer,
                                    const SobolevLut *lut, gdouble gain,
                                    PlugInProgress progress, gpointer user_data,
                                    GError **error);

/* Makes GIMP's palette name, its colors equally weighted, the reference
   of recolor.  SOBOLEV_ERROR_INVALID_ARGUMENT when there is no such
   palette, when it has no colors or more than
   SOBOLEV_PALETTE_MAX_COLORS, and as sobolev_recolor_set_palette
   refuses it (only one color).  */
gboolean sobolev_gimp3_palette_read (const gchar *name, SobolevRecolor *recolor,
                                     GError **error);

/* Frees what was kept of the pixels and drops the layer's reference; NULL is
 * fine.  */
void sobolev_gimp3_layer_free (SobolevGimp3Layer *layer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevGimp3Layer, sobolev_gimp3_layer_free)

G_END_DECLS

#endif
