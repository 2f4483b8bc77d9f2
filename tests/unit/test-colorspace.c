/* Working color spaces: known values and round trips.  */
#include <math.h>
#include <string.h>

#include "sobolev.h"

static void
test_round_trips (void)
{
  SobolevColorSpace spaces[] = { SOBOLEV_SPACE_SRGB, SOBOLEV_SPACE_LINEAR_RGB,
                                 SOBOLEV_SPACE_CIELAB, SOBOLEV_SPACE_OKLAB };
  const gsize n = 21 * 21 * 21;
  gdouble *rgb = g_new (gdouble, n * 3), *work = g_new (gdouble, n * 3);
  gdouble *back = g_new (gdouble, n * 3);
  gsize i = 0;

  /* A grid that reaches beyond [0, 1], as float layers can.  */
  for (int r = 0; r < 21; r++)
    for (int g = 0; g < 21; g++)
      for (int b = 0; b < 21; b++, i++)
        {
          rgb[3 * i] = -0.25 + 1.5 * r / 20;
          rgb[3 * i + 1] = -0.25 + 1.5 * g / 20;
          rgb[3 * i + 2] = -0.25 + 1.5 * b / 20;
        }
  for (guint s = 0; s < G_N_ELEMENTS (spaces); s++)
    {
      gdouble worst = 0.0;

      sobolev_colorspace_from_srgb (spaces[s], rgb, work, n);
      sobolev_colorspace_to_srgb (spaces[s], work, back, n);
      for (i = 0; i < n * 3; i++)
        worst = MAX (worst, fabs (back[i] - rgb[i]));
      g_test_message ("space %u: worst round-trip error %.3g", s, worst);
      g_assert_cmpfloat (worst, <, 1e-9);
    }
  g_free (rgb), g_free (work), g_free (back);
}

static void
test_known_values (void)
{
  gdouble white[3] = { 1, 1, 1 }, grey[3] = { 0.5, 0.5, 0.5 }, out[3];
  gdouble red[3] = { 1, 0, 0 };

  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_LINEAR_RGB, grey, out, 1);
  g_assert_cmpfloat (fabs (out[0] - 0.21404), <, 1e-4);
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, white, out, 1);
  g_assert_cmpfloat (fabs (out[0] - 1.0), <, 1e-4);
  g_assert_cmpfloat (fabs (out[1]), <, 1e-3);
  g_assert_cmpfloat (fabs (out[2]), <, 1e-3);
  /* sRGB red in CIELAB D65: (53.24, 80.09, 67.20).  */
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, red, out, 1);
  g_assert_cmpfloat (fabs (out[0] - 0.5324), <, 2e-3);
  g_assert_cmpfloat (fabs (out[1] - 0.8009), <, 2e-3);
  g_assert_cmpfloat (fabs (out[2] - 0.6720), <, 2e-3);
  /* Oklab: white is (1, 0, 0); red is (0.6280, 0.2249, 0.1258).  */
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_OKLAB, white, out, 1);
  g_assert_cmpfloat (fabs (out[0] - 1.0), <, 1e-4);
  g_assert_cmpfloat (fabs (out[1]), <, 1e-4);
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_OKLAB, red, out, 1);
  g_assert_cmpfloat (fabs (out[0] - 0.6280), <, 1e-3);
  g_assert_cmpfloat (fabs (out[1] - 0.2249), <, 1e-3);
  g_assert_cmpfloat (fabs (out[2] - 0.1258), <, 1e-3);
}

static void
test_mix_lightness (void)
{
  const gdouble a[3] = { 0.8, 0.3, 0.2 }, ref[3] = { 0.2, 0.2, 0.6 };
  gdouble out[3], work[3];

  memcpy (out, a, sizeof out), memcpy (work, ref, sizeof work);
  sobolev_srgb_mix_lightness (out, work, 0.0, 1);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat (fabs (out[c] - a[c]), <, 1e-9);
  memcpy (out, a, sizeof out), memcpy (work, ref, sizeof work);
  sobolev_srgb_mix_lightness (out, work, 1.0, 1);
  g_assert_cmpfloat (
      fabs (sobolev_srgb_lightness (out) - sobolev_srgb_lightness (ref)), <,
      1e-9);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/colorspace/round-trips", test_round_trips);
  g_test_add_func ("/colorspace/known-values", test_known_values);
  g_test_add_func ("/colorspace/mix-lightness", test_mix_lightness);
  return g_test_run ();
}
