/* sobolev-transfer — working color spaces.  */
#include "colorspace.h"

#include <math.h>

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

static inline void
mul3 (const gdouble *m, const gdouble *v, gdouble *out)
{
  gdouble x = v[0], y = v[1], z = v[2];

  out[0] = m[0] * x + m[1] * y + m[2] * z;
  out[1] = m[3] * x + m[4] * y + m[5] * z;
  out[2] = m[6] * x + m[7] * y + m[8] * z;
}

/* The sRGB transfer curve, mirrored for negative values.  */
static inline gdouble
srgb_decode (gdouble v)
{
  gdouble a = fabs (v);
  gdouble l = a <= 0.04045 ? a / 12.92 : pow ((a + 0.055) / 1.055, 2.4);

  return v < 0.0 ? -l : l;
}

static inline gdouble
srgb_encode (gdouble l)
{
  gdouble a = fabs (l);
  gdouble v = a <= 0.0031308 ? a * 12.92 : 1.055 * pow (a, 1.0 / 2.4) - 0.055;

  return l < 0.0 ? -v : v;
}

/* CIELAB's f and its inverse; the linear toe extends to negatives.  */
static inline gdouble
lab_f (gdouble t)
{
  const gdouble d = 6.0 / 29.0;

  return t > d * d * d ? cbrt (t) : t / (3.0 * d * d) + 4.0 / 29.0;
}

static inline gdouble
lab_f_inverse (gdouble f)
{
  const gdouble d = 6.0 / 29.0;

  return f > d ? f * f * f : 3.0 * d * d * (f - 4.0 / 29.0);
}

static void
srgb_to_space1 (SobolevColorSpace space, const gdouble *in, gdouble *out)
{
  gdouble lin[3], t[3];

  if (space == SOBOLEV_SPACE_SRGB)
    {
      out[0] = in[0], out[1] = in[1], out[2] = in[2];
      return;
    }
  for (int c = 0; c < 3; c++)
    lin[c] = srgb_decode (in[c]);
  switch (space)
    {
    case SOBOLEV_SPACE_LINEAR_RGB:
      out[0] = lin[0], out[1] = lin[1], out[2] = lin[2];
      break;
    case SOBOLEV_SPACE_CIELAB:
      mul3 (rgb_to_xyz, lin, t);
      for (int c = 0; c < 3; c++)
        t[c] = lab_f (t[c] / white_xyz[c]);
      out[0] = (116.0 * t[1] - 16.0) / 100.0;
      out[1] = 500.0 * (t[0] - t[1]) / 100.0;
      out[2] = 200.0 * (t[1] - t[2]) / 100.0;
      break;
    case SOBOLEV_SPACE_OKLAB:
    default:
      mul3 (rgb_to_lms, lin, t);
      for (int c = 0; c < 3; c++)
        t[c] = cbrt (t[c]);
      mul3 (lms_to_oklab, t, out);
      break;
    }
}

static void
space_to_srgb1 (SobolevColorSpace space, const gdouble *in, gdouble *out)
{
  const Inverses *inv;
  gdouble lin[3], t[3];

  if (space == SOBOLEV_SPACE_SRGB)
    {
      out[0] = in[0], out[1] = in[1], out[2] = in[2];
      return;
    }
  inv = colorspace_inverses ();
  switch (space)
    {
    case SOBOLEV_SPACE_LINEAR_RGB:
      lin[0] = in[0], lin[1] = in[1], lin[2] = in[2];
      break;
    case SOBOLEV_SPACE_CIELAB:
      {
        gdouble fy = (in[0] * 100.0 + 16.0) / 116.0;
        gdouble fx = fy + in[1] * 100.0 / 500.0;
        gdouble fz = fy - in[2] * 100.0 / 200.0;

        t[0] = lab_f_inverse (fx) * white_xyz[0];
        t[1] = lab_f_inverse (fy) * white_xyz[1];
        t[2] = lab_f_inverse (fz) * white_xyz[2];
        mul3 (inv->xyz_to_rgb, t, lin);
        break;
      }
    case SOBOLEV_SPACE_OKLAB:
    default:
      mul3 (inv->oklab_to_lms, in, t);
      for (int c = 0; c < 3; c++)
        t[c] = t[c] * t[c] * t[c];
      mul3 (inv->lms_to_rgb, t, lin);
      break;
    }
  for (int c = 0; c < 3; c++)
    out[c] = srgb_encode (lin[c]);
}

void
sobolev_colorspace_from_srgb (SobolevColorSpace space, const gdouble *srgb,
                              gdouble *out, gsize n)
{
  for (gsize i = 0; i < n; i++)
    srgb_to_space1 (space, srgb + 3 * i, out + 3 * i);
}

void
sobolev_colorspace_to_srgb (SobolevColorSpace space, const gdouble *in,
                            gdouble *srgb, gsize n)
{
  for (gsize i = 0; i < n; i++)
    space_to_srgb1 (space, in + 3 * i, srgb + 3 * i);
}

gdouble
sobolev_srgb_lightness (const gdouble rgb[3])
{
  gdouble lab[3];

  srgb_to_space1 (SOBOLEV_SPACE_OKLAB, rgb, lab);
  return lab[0];
}

void
sobolev_srgb_mix_lightness (const gdouble rgb[3], const gdouble reference[3],
                            gdouble amount, gdouble out[3])
{
  gdouble lab[3];
  gdouble l_ref = sobolev_srgb_lightness (reference);

  srgb_to_space1 (SOBOLEV_SPACE_OKLAB, rgb, lab);
  lab[0] = (1.0 - amount) * lab[0] + amount * l_ref;
  space_to_srgb1 (SOBOLEV_SPACE_OKLAB, lab, out);
}
