/* sobolev-transfer — GIMP drawables in and out of the core.

   Reads go through GEGL in a float format (encoded sRGB, straight
   alpha), whatever the image's precision and profile; the core's clouds
   and LUTs live in that space.  Writes go through the shadow buffer and
   one merge, which makes one undo step and lets GIMP blend the result
   with the selection (soft selections blend).

   All functions must be called from the main thread (libgimp is not
   thread-safe).  Errors are in the SOBOLEV_ERROR domain:
   SOBOLEV_ERROR_INVALID_ARGUMENT for a wrong or stale ID (the plug-in
   turns it into GIMP_PDB_CALLING_ERROR), others for failures at run
   time.  */
#ifndef SOBOLEV_DRAWABLE_IO_H
#define SOBOLEV_DRAWABLE_IO_H

#include <libgimp/gimp.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* What a drawable is used for; decides what is accepted.  */
typedef enum
{
  /* The layer to recolor: an RGB(A) layer of any precision whose pixels
     are not locked; not a layer group, mask or channel.  */
  SOBOLEV_DRAWABLE_SOURCE,
  /* The layer whose colors are the target: any layer (RGB, gray or
     indexed, any image, any precision); not a mask or channel.  */
  SOBOLEV_DRAWABLE_REFERENCE
} SobolevDrawableRole;

/* Progress of a long read or write, fraction in [0, 1].  */
typedef void (*SobolevDrawableProgress) (gdouble fraction, gpointer user_data);

/* Checks that drawable_id still names a drawable fit for role.  The
   message says which ("The reference layer (ID 12) no longer exists").  */
gboolean sobolev_drawable_check (gint32 drawable_id, SobolevDrawableRole role,
                                 GError **error);

/* The weighted color cloud of a layer: a histogram of bits per channel
   (1..7) over its pixels, each weighing alpha × selection coverage (the
   selection of the layer's own image, taken at the layer's offsets;
   ignored when use_selection is FALSE or nothing is selected).  Fails
   with SOBOLEV_ERROR_EMPTY_CLOUD when nothing weighs (fully transparent
   layer, or a selection that misses it) and SOBOLEV_ERROR_INVALID_ARGUMENT
   on NaN or infinite values in float layers.  progress may be NULL.  */
SobolevCloud *sobolev_drawable_cloud_full (gint32 drawable_id,
                                           gboolean use_selection, guint bits,
                                           SobolevDrawableProgress progress,
                                           gpointer user_data, GError **error);

/* sobolev_drawable_cloud_full without progress.  */
SobolevCloud *sobolev_drawable_cloud (gint32 drawable_id,
                                      gboolean use_selection, guint bits,
                                      GError **error);

/* Maps every pixel of the layer inside the selection's bounds through
   lut (alpha kept), writing the shadow buffer, then merges it once with
   undo (GIMP blends it with the selection) and updates the drawable.
   The image is untouched when this fails.  progress may be NULL.  */
gboolean sobolev_drawable_apply_lut_full (gint32 drawable_id,
                                          const SobolevLut *lut,
                                          SobolevDrawableProgress progress,
                                          gpointer user_data, GError **error);

/* sobolev_drawable_apply_lut_full without progress.  */
gboolean sobolev_drawable_apply_lut (gint32 drawable_id, const SobolevLut *lut,
                                     GError **error);

/* The part of a layer that a run may change (the selection's bounds on
   it), read once: the source cloud is built from it and the LUT applied
   to it without asking GIMP for the pixels again.  Above a memory budget
   nothing is kept and both steps stream strips from GIMP instead; the
   results are the same either way.  */
typedef struct _SobolevDrawablePixels SobolevDrawablePixels;

/* Reads the pixels (and the selection's coverage of them) of a source
   layer.  Fails, with SOBOLEV_ERROR_INVALID_ARGUMENT, on a layer unfit
   as a source or a selection that does not touch it.  */
SobolevDrawablePixels *
sobolev_drawable_pixels_read (gint32 drawable_id,
                              SobolevDrawableProgress progress,
                              gpointer user_data, GError **error);

/* As sobolev_drawable_cloud_full (drawable_id, TRUE, bits, …).  */
SobolevCloud *sobolev_drawable_pixels_cloud (SobolevDrawablePixels *pixels,
                                             guint bits,
                                             SobolevDrawableProgress progress,
                                             gpointer user_data,
                                             GError **error);

/* As sobolev_drawable_apply_lut_full on the layer read.  The kept pixels
   are overwritten: call it once.  */
gboolean sobolev_drawable_pixels_apply (SobolevDrawablePixels *pixels,
                                        const SobolevLut *lut,
                                        SobolevDrawableProgress progress,
                                        gpointer user_data, GError **error);

void sobolev_drawable_pixels_free (SobolevDrawablePixels *pixels);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevDrawablePixels,
                               sobolev_drawable_pixels_free)

/* Reads width × height pixels of the drawable from (x, y) (drawable
   coordinates) as packed float R'G'B'A (encoded sRGB, straight alpha;
   outside the drawable: transparent black), for previews.  Free with
   g_free.  */
gfloat *sobolev_drawable_read_rgba (gint32 drawable_id, gint x, gint y,
                                    gint width, gint height);

/* The selection coverage ([0, 1]) over the same region of the drawable,
   width × height floats, or NULL when the image has no selection (all
   pixels count fully).  Free with g_free.  */
gfloat *sobolev_drawable_read_selection (gint32 drawable_id, gint x, gint y,
                                         gint width, gint height);

G_END_DECLS

#endif
