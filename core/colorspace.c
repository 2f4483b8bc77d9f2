/* sobolev-transfer — working color spaces.  */
#include "colorspace.h"

#include <math.h>
#include <string.h>

#include "parallel.h"
#include "simd-exp.h"

/* Linear sRGB → CIE XYZ (D65) and → Oklab's LMS; the inverses are
   computed from these once so round trips are exact to rounding.  */
static const gdouble rgb_to_xyz[9] = {
  0.4124564, 0.3575761, 0.1804375, 0.2126729, 0.7151522,
  0.0721750, 0.0193339, 0.1191920, 0.9503041,
};
static const gdouble rgb_to_lms[9] = {
  0.4122214708, 0.5363325363, 0.0514459929, 0.2119034982, 0.6806995451,
  0.1073969566, 0.0883024619, 0.2817188376, 0.6299787005,
};
static const gdouble lms_to_oklab[9] = {
  0.2104542553, 0.7936177850, -0.0040720468, 1.9779984951,  -2.4285922050,
  0.4505937099, 0.0259040371, 0.7827717662,  -0.8086757660,
};
static const gdouble white_xyz[3] = { 0.95047, 1.0, 1.08883 };

typedef struct
{
  gdouble xyz_to_rgb[9];
  gdouble lms_to_rgb[9];
  gdouble oklab_to_lms[9];
} Inverses;

static void
invert3 (const gdouble *m, gdouble *out)
{
  gdouble det = m[0] * (m[4] * m[8] - m[5] * m[7])
                - m[1] * (m[3] * m[8] - m[5] * m[6])
                + m[2] * (m[3] * m[7] - m[4] * m[6]);

  out[0] = (m[4] * m[8] - m[5] * m[7]) / det;
  out[1] = (m[2] * m[7] - m[1] * m[8]) / det;
  out[2] = (m[1] * m[5] - m[2] * m[4]) / det;
  out[3] = (m[5] * m[6] - m[3] * m[8]) / det;
  out[4] = (m[0] * m[8] - m[2] * m[6]) / det;
  out[5] = (m[2] * m[3] - m[0] * m[5]) / det;
  out[6] = (m[3] * m[7] - m[4] * m[6]) / det;
  out[7] = (m[1] * m[6] - m[0] * m[7]) / det;
  out[8] = (m[0] * m[4] - m[1] * m[3]) / det;
}

static const Inverses *
colorspace_inverses (void)
{
  static Inverses inverses;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      invert3 (rgb_to_xyz, inverses.xyz_to_rgb);
      invert3 (rgb_to_lms, inverses.lms_to_rgb);
      invert3 (lms_to_oklab, inverses.oklab_to_lms);
      g_once_init_leave (&once, 1);
    }
  return &inverses;
}

/* Colors are converted four at a time, one vector lane each, and every
   color goes through the same lanes' arithmetic (a shorter tail is
   padded), so a color converts the same wherever it stands.  The powers
   are exp (y ln x) of simd-exp.h: libm's pow and cbrt, one value per
   call, were a quarter of the edge guard's time.  */
#define COLOR_LANES SIMD_WIDTH

static inline void
mul3 (const gdouble *m, const SimdDouble v[3], SimdDouble out[3])
{
  SimdDouble x = v[0], y = v[1], z = v[2];

  out[0] = m[0] * x + m[1] * y + m[2] * z;
  out[1] = m[3] * x + m[4] * y + m[5] * z;
  out[2] = m[6] * x + m[7] * y + m[8] * z;
}

static inline SimdDouble
simd_abs (SimdDouble v)
{
  const SimdMask magnitude = { G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64 };

  return (SimdDouble) ((SimdMask) v & magnitude);
}

/* magnitude with the sign of sign.  */
static inline SimdDouble
simd_copysign (SimdDouble magnitude, SimdDouble sign)
{
  const SimdMask sign_bit = { G_MININT64, G_MININT64, G_MININT64, G_MININT64 };

  return (SimdDouble) (((SimdMask) magnitude & ~sign_bit)
                       | ((SimdMask) sign & sign_bit));
}

/* x^y for positive x.  */
static inline SimdDouble
simd_pow (SimdDouble x, gdouble y)
{
  return simd_exp (y * simd_log (x));
}

/* The real cube root, odd in t.  */
static inline SimdDouble
simd_cbrt (SimdDouble t)
{
  SimdDouble a = simd_abs (t);

  return simd_select (a > 0.0, simd_copysign (simd_pow (a, 1.0 / 3.0), t), t);
}

/* A NaN lane stays NaN, as libm's functions would leave it.  */
static inline SimdDouble
simd_keep_nan (SimdDouble in, SimdDouble out)
{
  return simd_select (in != in, in, out);
}

/* The sRGB transfer curve, mirrored for negative values.  */
static inline SimdDouble
srgb_decode (SimdDouble v)
{
  SimdDouble a = simd_abs (v);
  SimdDouble l = simd_select (a <= 0.04045, a / 12.92,
                              simd_pow ((a + 0.055) / 1.055, 2.4));

  return simd_keep_nan (v, simd_copysign (l, v));
}

static inline SimdDouble
srgb_encode (SimdDouble l)
{
  SimdDouble a = simd_abs (l);
  SimdDouble v = simd_select (a <= 0.0031308, a * 12.92,
                              1.055 * simd_pow (a, 1.0 / 2.4) - 0.055);

  return simd_keep_nan (l, simd_copysign (v, l));
}

/* CIELAB's f and its inverse; the linear toe extends to negatives.  */
static inline SimdDouble
lab_f (SimdDouble t)
{
  const gdouble d = 6.0 / 29.0;

  return simd_keep_nan (t, simd_select (t > d * d * d, simd_cbrt (t),
                                        t / (3.0 * d * d) + 4.0 / 29.0));
}

static inline SimdDouble
lab_f_inverse (SimdDouble f)
{
  const gdouble d = 6.0 / 29.0;

  return simd_select (f > d, f * f * f, 3.0 * d * d * (f - 4.0 / 29.0));
}

/* Four colors (12 values, interleaved) from encoded sRGB to space.  */
static void SOBOLEV_HOT_LOOP
srgb_to_space4 (SobolevColorSpace space, const gdouble *in, gdouble *out)
{
  SimdDouble v[3], lin[3], t[3], o[3];

  for (int c = 0; c < 3; c++)
    {
      v[c] = (SimdDouble){ in[c], in[3 + c], in[6 + c], in[9 + c] };
      lin[c] = srgb_decode (v[c]);
    }
  switch (space)
    {
    case SOBOLEV_SPACE_LINEAR_RGB:
      o[0] = lin[0], o[1] = lin[1], o[2] = lin[2];
      break;
    case SOBOLEV_SPACE_CIELAB:
      mul3 (rgb_to_xyz, lin, t);
      for (int c = 0; c < 3; c++)
        t[c] = lab_f (t[c] / white_xyz[c]);
      o[0] = (116.0 * t[1] - 16.0) / 100.0;
      o[1] = 500.0 * (t[0] - t[1]) / 100.0;
      o[2] = 200.0 * (t[1] - t[2]) / 100.0;
      break;
    case SOBOLEV_SPACE_OKLAB:
    default:
      mul3 (rgb_to_lms, lin, t);
      for (int c = 0; c < 3; c++)
        t[c] = simd_cbrt (t[c]);
      mul3 (lms_to_oklab, t, o);
      break;
    }
  for (int lane = 0; lane < COLOR_LANES; lane++)
    for (int c = 0; c < 3; c++)
      out[3 * lane + c] = o[c][lane];
}

/* Four colors from space to encoded sRGB.  */
static void SOBOLEV_HOT_LOOP
space_to_srgb4 (SobolevColorSpace space, const gdouble *in, gdouble *out)
{
  const Inverses *inv = colorspace_inverses ();
  SimdDouble v[3], lin[3], t[3];

  for (int c = 0; c < 3; c++)
    v[c] = (SimdDouble){ in[c], in[3 + c], in[6 + c], in[9 + c] };
  switch (space)
    {
    case SOBOLEV_SPACE_LINEAR_RGB:
      lin[0] = v[0], lin[1] = v[1], lin[2] = v[2];
      break;
    case SOBOLEV_SPACE_CIELAB:
      {
        SimdDouble fy = (v[0] * 100.0 + 16.0) / 116.0;
        SimdDouble fx = fy + v[1] * 100.0 / 500.0;
        SimdDouble fz = fy - v[2] * 100.0 / 200.0;

        t[0] = lab_f_inverse (fx) * white_xyz[0];
        t[1] = lab_f_inverse (fy) * white_xyz[1];
        t[2] = lab_f_inverse (fz) * white_xyz[2];
        mul3 (inv->xyz_to_rgb, t, lin);
        break;
      }
    case SOBOLEV_SPACE_OKLAB:
    default:
      mul3 (inv->oklab_to_lms, v, t);
      for (int c = 0; c < 3; c++)
        t[c] = t[c] * t[c] * t[c];
      mul3 (inv->lms_to_rgb, t, lin);
      break;
    }
  for (int c = 0; c < 3; c++)
    lin[c] = srgb_encode (lin[c]);
  for (int lane = 0; lane < COLOR_LANES; lane++)
    for (int c = 0; c < 3; c++)
      out[3 * lane + c] = lin[c][lane];
}

typedef void (*ColorBlockFunc) (SobolevColorSpace space, const gdouble *in,
                                gdouble *out);

/* Converts n colors four at a time, the last few through a padded
   block (in and out may be the same array).  */
static void
colorspace_convert (ColorBlockFunc block, SobolevColorSpace space,
                    const gdouble *in, gdouble *out, gsize n)
{
  gdouble pad_in[3 * COLOR_LANES] = { 0 }, pad_out[3 * COLOR_LANES];
  gsize whole = n - n % COLOR_LANES;

  if (space == SOBOLEV_SPACE_SRGB)
    {
      if (out != in)
        memmove (out, in, n * 3 * sizeof (gdouble));
      return;
    }
  for (gsize i = 0; i < whole; i += COLOR_LANES)
    block (space, in + 3 * i, out + 3 * i);
  if (whole == n)
    return;
  memcpy (pad_in, in + 3 * whole, (n - whole) * 3 * sizeof (gdouble));
  block (space, pad_in, pad_out);
  memcpy (out + 3 * whole, pad_out, (n - whole) * 3 * sizeof (gdouble));
}

static void
srgb_to_space1 (SobolevColorSpace space, const gdouble *in, gdouble *out)
{
  colorspace_convert (srgb_to_space4, space, in, out, 1);
}

void
sobolev_colorspace_from_srgb (SobolevColorSpace space, const gdouble *srgb,
                              gdouble *out, gsize n)
{
  colorspace_convert (srgb_to_space4, space, srgb, out, n);
}

void
sobolev_colorspace_to_srgb (SobolevColorSpace space, const gdouble *in,
                            gdouble *srgb, gsize n)
{
  colorspace_convert (space_to_srgb4, space, in, srgb, n);
}

gdouble
sobolev_srgb_lightness (const gdouble rgb[3])
{
  gdouble lab[3];

  srgb_to_space1 (SOBOLEV_SPACE_OKLAB, rgb, lab);
  return lab[0];
}

void
sobolev_srgb_mix_lightness (gdouble *rgb, gdouble *reference, gdouble amount,
                            gsize n)
{
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_OKLAB, rgb, rgb, n);
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_OKLAB, reference, reference, n);
  for (gsize i = 0; i < n; i++)
    rgb[3 * i] = (1.0 - amount) * rgb[3 * i] + amount * reference[3 * i];
  sobolev_colorspace_to_srgb (SOBOLEV_SPACE_OKLAB, rgb, rgb, n);
}
