/* sobolev-transfer — the GIMP 3 host's one call into the core: pixel
   arrays in, the LUT at the chosen strength out.  Nothing here knows
   GIMP, so when the core owns the whole run this is the one function to
   switch over.  */
#ifndef SOBOLEV_GIMP3_CORE_H
#define SOBOLEV_GIMP3_CORE_H

#include "sobolev.h"

G_BEGIN_DECLS

/* Packed pixels of one layer as the host read them.  */
typedef struct
{
  const void *data;      /* n_pixels × channels components of type */
  SobolevPixelType type; /* u8, u16 or float, encoded sRGB */
  guint channels;        /* 3 (RGB) or 4 (RGBA, straight alpha) */
  gsize n_pixels;
  const gfloat *mask; /* selection coverage per pixel, or NULL: all */
} SobolevGimp3Pixels;

/* Progress of the run, fraction in [0, 1].  */
typedef void (*SobolevGimp3Progress) (gdouble fraction, gpointer user_data);

/* Adds one layer's pixels to input of recolor and ends that input.  An
   input where nothing weighs (nothing visible, or a selection that
   misses every visible pixel) is SOBOLEV_ERROR_INVALID_ARGUMENT, as it is
   the caller's input that is wrong.  */
gboolean sobolev_gimp3_recolor_add (SobolevRecolor *recolor,
                                    SobolevRecolorInput input,
                                    const SobolevGimp3Pixels *pixels,
                                    GError **error);

/* The reference: a layer's pixels, or a palette's colors (n × 3,
   encoded sRGB, equally weighted) when pixels is NULL.  */
typedef struct
{
  const SobolevGimp3Pixels *pixels;
  const gdouble *palette;
  gsize n_palette;
  const gchar *palette_name; /* for messages */
} SobolevGimp3Reference;

/* Sets the palette of reference as recolor's reference; a palette the
   core refuses (only one color) is SOBOLEV_ERROR_INVALID_ARGUMENT, with
   a message that names it.  */
gboolean sobolev_gimp3_recolor_set_palette (SobolevRecolor *recolor,
                                            const SobolevGimp3Reference *ref,
                                            GError **error);

/* Builds the clouds of source (weighted by alpha × mask) and reference
   (weighted by alpha × mask, or the palette's), transports one toward the other
   with params and returns the map at params->strength with
   params->preserve_lightness. Errors are in the SOBOLEV_ERROR domain; an empty
   cloud (nothing visible, or a selection that misses every visible pixel) is
   SOBOLEV_ERROR_INVALID_ARGUMENT, as it is the caller's input that is
   wrong.  progress may be NULL.  */
SobolevLut *sobolev_gimp3_compute_lut (const SobolevGimp3Pixels *source,
                                       const SobolevGimp3Reference *reference,
                                       const SobolevParams *params,
                                       SobolevGimp3Progress progress,
                                       gpointer user_data, GError **error);

G_END_DECLS

#endif
