/* Metrics: MMD (features and exact), sliced W2, SSIM.  */
#include <math.h>

#include "test-util.h"

static void
test_mmd (void)
{
  g_autoptr (SobolevCloud) a
      = test_uniform_cloud (3, 800, 0.0, 0.6, 1.0, 1.0, 1);
  g_autoptr (SobolevCloud) b
      = test_uniform_cloud (3, 800, 0.3, 0.9, 1.0, 1.0, 2);
  gdouble rff = sobolev_mmd (a, b);
  gdouble exact = sobolev_mmd_exact (a, b, SOBOLEV_METRIC_SIGMA, 800, 3);

  g_assert_cmpfloat (sobolev_mmd (a, a), ==, 0.0);
  g_assert_cmpfloat (sobolev_mmd_exact (a, a, 0.1, 800, 3), <, 1e-6);
  g_assert_cmpfloat (exact, >, 0.05);
  /* 300 features approximate the exact value to about 1/√300.  */
  g_assert_cmpfloat (fabs (rff - exact) / exact, <, 0.25);
}

/* In 1-D, W2 between a distribution and its translate is the shift.  */
static void
test_sliced_w2 (void)
{
  g_autoptr (SobolevCloud) a
      = test_uniform_cloud (1, 500, 0.0, 1.0, 1.0, 1.0, 4);
  g_autoptr (SobolevCloud) b = sobolev_cloud_copy (a);
  g_autoptr (SobolevCloud) c3
      = test_uniform_cloud (3, 500, 0.0, 1.0, 1.0, 1.0, 5);
  g_autoptr (SobolevCloud) d3 = sobolev_cloud_copy (c3);

  for (gsize i = 0; i < b->n; i++)
    b->points[i] += 0.3;
  g_assert_cmpfloat (fabs (sobolev_sliced_w2 (a, b, 8, 1) - 0.3), <, 1e-9);
  /* In 3-D a translation by t gives √(mean (t·θ)²) = |t|/√3.  */
  for (gsize i = 0; i < d3->n * 3; i++)
    d3->points[i] += (i % 3 == 0) ? 0.3 : 0.0;
  g_assert_cmpfloat (
      fabs (sobolev_sliced_w2 (c3, d3, 2000, 1) - 0.3 / sqrt (3.0)), <, 0.01);
  g_assert_cmpfloat (sobolev_sliced_w2 (c3, c3, 16, 1), ==, 0.0);
}

static void
test_ssim (void)
{
  const guint w = 64, h = 48;
  gfloat *a = g_new (gfloat, w * h * 4), *b = g_new (gfloat, w * h * 4);

  for (guint i = 0; i < w * h; i++)
    {
      gfloat v = (gfloat) (0.5 + 0.4 * sin (i * 0.37) * cos (i / w * 0.5));

      for (int c = 0; c < 3; c++)
        {
          a[i * 4 + c] = v;
          b[i * 4 + c] = 1.0f - v;
        }
      a[i * 4 + 3] = b[i * 4 + 3] = 1.0f;
    }
  g_assert_cmpfloat (fabs (sobolev_ssim_lightness (a, a, 4, w, h) - 1.0), <,
                     1e-6);
  g_assert_cmpfloat (sobolev_ssim_lightness (a, b, 4, w, h), <, 0.0);
  g_free (a);
  g_free (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/mmd", test_mmd);
  g_test_add_func ("/metrics/sliced-w2", test_sliced_w2);
  g_test_add_func ("/metrics/ssim", test_ssim);
  return g_test_run ();
}
