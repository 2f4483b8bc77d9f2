/* sobolev-transfer — working color spaces.  */
#ifndef SOBOLEV_COLORSPACE_H
#define SOBOLEV_COLORSPACE_H

#include <glib.h>

G_BEGIN_DECLS

/* Spaces the particles can move in.  All are scaled so that colors span
   roughly a unit cube, which keeps one bandwidth σ meaningful across
   spaces: encoded sRGB and linear RGB in [0, 1]; CIELAB (D65) as
   (L/100, a/100, b/100); Oklab as defined by Ottosson (L in [0, 1]).  */
typedef enum
{
  SOBOLEV_SPACE_SRGB,
  SOBOLEV_SPACE_LINEAR_RGB,
  SOBOLEV_SPACE_CIELAB,
  SOBOLEV_SPACE_OKLAB
} SobolevColorSpace;

/* Converts n encoded-sRGB triples to the space (in place is fine).
   Values outside [0, 1] are extended (the sRGB curve mirrored for
   negatives, continued for values above one).  */
void sobolev_colorspace_from_srgb (SobolevColorSpace space, const gdouble *srgb,
                                   gdouble *out, gsize n);

/* The inverse of sobolev_colorspace_from_srgb.  */
void sobolev_colorspace_to_srgb (SobolevColorSpace space, const gdouble *in,
                                 gdouble *srgb, gsize n);

/* Oklab lightness of an encoded-sRGB color.  */
gdouble sobolev_srgb_lightness (const gdouble rgb[3]);

/* Replaces the lightness of each of the n colors of rgb (encoded sRGB)
   by (1 − amount) L(rgb[i]) + amount L(reference[i]), keeping its Oklab
   hue and chroma; the results are encoded sRGB, in place.  reference is
   overwritten (its Oklab).  */
void sobolev_srgb_mix_lightness (gdouble *rgb, gdouble *reference,
                                 gdouble amount, gsize n);

G_END_DECLS

#endif
