/* sobolev-transfer — GIMP 3 layers in and out of plain pixel arrays.

   Integer sRGB layers are read and written in their own format (pixels
   the LUT leaves alone come back bit for bit); every other precision,
   profile or mode goes through float R'G'B'A, which babl converts both
   ways.  The result is written through the shadow buffer and merged
   once: one undo step, and GIMP blends it with a soft selection.

   Main thread only (libgimp is not thread-safe).  Errors are in the
   SOBOLEV_ERROR domain; SOBOLEV_ERROR_INVALID_ARGUMENT means the caller
   passed an unfit layer.  */
#ifndef SOBOLEV_GIMP3_DRAWABLE_H
#define SOBOLEV_GIMP3_DRAWABLE_H

#include <libgimp/gimp.h>
#include "gimp3-core.h"

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

/* A layer's pixels, read once (the source: the selection's bounds on
   it, with the selection's coverage).  */
typedef struct _SobolevGimp3Layer SobolevGimp3Layer;

/* Checks that drawable is fit for role; the message says why not.  */
gboolean sobolev_gimp3_drawable_check (GimpDrawable *drawable,
                                       SobolevGimp3Role role, GError **error);

/* Reads the pixels of drawable for role (checked first).  */
SobolevGimp3Layer *sobolev_gimp3_layer_read (GimpDrawable *drawable,
                                             SobolevGimp3Role role,
                                             GError **error);

/* For a first look at a large layer: GIMP's downscaled copy of
   drawable (checked for role first), at most 1024 pixels a side, in
   8-bit R'G'B'(A), as *pixels (pointing into the bytes returned).  NULL
   without an error when the layer is better read whole: below 4
   megapixels (the read is quick, and the look exact), not RGB, or with
   a selection that weighs its pixels.  */
GBytes *sobolev_gimp3_layer_read_quick (GimpDrawable *drawable,
                                        SobolevGimp3Role role,
                                        SobolevGimp3Pixels *pixels,
                                        GError **error);

/* The pixels read, as the core's bridge takes them.  */
void sobolev_gimp3_layer_pixels (const SobolevGimp3Layer *layer,
                                 SobolevGimp3Pixels *pixels);

/* Maps the pixels read through lut and the edge guard at gain (0: the
   plain LUT; alpha kept) into the shadow buffer, merges it with one undo
   step and updates the layer.  The kept pixels are overwritten: call it
   once.  The image is untouched when this fails.  */
gboolean sobolev_gimp3_layer_write (SobolevGimp3Layer *layer,
                                    const SobolevLut *lut, gdouble gain,
                                    GError **error);

/* The colors of GIMP's palette name (n × 3, encoded sRGB, in the
   palette's order; *n_colors of them), as the core takes a palette:
   refused with SOBOLEV_ERROR_INVALID_ARGUMENT when there is no such
   palette, when it has no colors or more than
   SOBOLEV_PALETTE_MAX_COLORS.  A palette of one color is the core's to
   refuse.  */
gdouble *sobolev_gimp3_palette_read (const gchar *name, gsize *n_colors,
                                     GError **error);

/* Frees the pixels read and drops the layer's reference; NULL is fine.  */
void sobolev_gimp3_layer_free (SobolevGimp3Layer *layer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevGimp3Layer, sobolev_gimp3_layer_free)

G_END_DECLS

#endif
