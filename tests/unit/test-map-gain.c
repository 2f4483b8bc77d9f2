/* The map's gain bound: it leaves clean maps alone and makes a map that
   tears neighboring colors apart amplify no difference more than k×.  */
#include <math.h>
#include <string.h>

#include "test-util.h"

/* Grays from 0.2 to 0.8, the source of every test here.  */
static SobolevCloud *
gray_cloud (void)
{
  SobolevCloud *c = sobolev_cloud_new (3, 61);

  for (gsize i = 0; i < c->n; i++)
    {
      for (int k = 0; k < 3; k++)
        c->points[3 * i + k] = 0.2 + 0.6 * i / (c->n - 1.0);
      c->weights[i] = 1.0;
    }
  return c;
}

/* The largest ratio of output to input CIELAB distance between grays
   1/255 apart along the source's range.  */
static gdouble
gray_gain (const SobolevLut *lut)
{
  gdouble worst = 0.0;

  for (int v = 52; v < 203; v++)
    {
      gfloat a[3] = { v / 255.0f, v / 255.0f, v / 255.0f };
      gfloat b[3] = { (v + 1) / 255.0f, (v + 1) / 255.0f, (v + 1) / 255.0f };
      gfloat ta[3], tb[3];
      gdouble in[6], out[6], din = 0.0, dout = 0.0;

      sobolev_lut_eval (lut, a, ta);
      sobolev_lut_eval (lut, b, tb);
      for (int c = 0; c < 3; c++)
        {
          in[c] = a[c], in[3 + c] = b[c];
          out[c] = ta[c], out[3 + c] = tb[c];
        }
      sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, in, in, 2);
      sobolev_colorspace_from_srgb (SOBOLEV_SPACE_CIELAB, out, out, 2);
      for (int c = 0; c < 3; c++)
        {
          din += (in[c] - in[3 + c]) * (in[c] - in[3 + c]);
          dout += (out[c] - out[3 + c]) * (out[c] - out[3 + c]);
        }
      worst = MAX (worst, sqrt (dout / din));
    }
  return worst;
}

static void
test_identity_untouched (void)
{
  g_autoptr (SobolevCloud) src = gray_cloud ();
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (65, NULL);
  g_autoptr (SobolevLut) lut = sobolev_lut_copy (id);

  sobolev_map_bound_gain (lut, src, 3.0);
  g_assert_cmpmem (id->data, 65 * 65 * 65 * 3 * 4, lut->data,
                   65 * 65 * 65 * 3 * 4);
}

/* Grays sent to a rainbow: hue turning fast with lightness.  */
static SobolevLut *
rainbow_lut (void)
{
  SobolevLut *lut = sobolev_lut_new_identity (65, NULL);
  gsize n = 65 * 65 * 65;

  for (gsize k = 0; k < n; k++)
    {
      gfloat *p = lut->data + 3 * k;
      gdouble phase = (p[0] + p[1] + p[2]) / 3.0 * 12.0 * G_PI;

      for (int c = 0; c < 3; c++)
        p[c] = (gfloat) (0.5 + 0.35 * sin (phase + c * 2.0944));
    }
  return lut;
}

static void
test_rainbow_bounded (void)
{
  g_autoptr (SobolevCloud) src = gray_cloud ();
  g_autoptr (SobolevLut) lut = rainbow_lut ();
  g_autoptr (SobolevLut) off = rainbow_lut ();
  gdouble before = gray_gain (lut), after;

  sobolev_map_bound_gain (lut, src, 3.0);
  after = gray_gain (lut);
  g_test_message ("gain along the grays: %.1f before, %.2f after", before,
                  after);
  g_assert_cmpfloat (before, >, 10.0);
  /* The bound, its 2 % tolerance, and the interpolation of the coarse
     grid between grays 1/255 apart.  */
  g_assert_cmpfloat (after, <=, 3.0 * 1.1);
  /* Fidelity 1 (no bound) leaves the map as it is.  */
  sobolev_map_bound_gain (off, src, sobolev_fidelity_gain (1.0));
  g_assert_cmpfloat (gray_gain (off), ==, before);
}

static void
test_fidelity_gain (void)
{
  g_assert_cmpfloat (sobolev_fidelity_gain (0.0), ==, 1.0);
  g_assert_cmpfloat (fabs (sobolev_fidelity_gain (2.0 / 3.0) - 3.0), <, 1e-9);
  g_assert_cmpfloat (sobolev_fidelity_gain (1.0), ==, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/map-gain/identity-untouched", test_identity_untouched);
  g_test_add_func ("/map-gain/rainbow-bounded", test_rainbow_bounded);
  g_test_add_func ("/map-gain/fidelity-gain", test_fidelity_gain);
  return g_test_run ();
}
