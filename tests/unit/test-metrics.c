/* Metrics: MMD (features and exact), sliced W2, SSIM, false edges, and
   agreement with the reference scorer on the dev pairs.  */
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

/* A smooth gradient, left to right, slightly tinted.  */
static gfloat *
test_gradient (guint w, guint h)
{
  gfloat *img = g_new (gfloat, w * h * 4);

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        gfloat *p = img + ((gsize) y * w + x) * 4;
        gfloat v = 0.3f + 0.3f * x / (w - 1);

        p[0] = v;
        p[1] = v + 0.02f * y / (h - 1);
        p[2] = 0.9f * v;
        p[3] = 1.0f;
      }
  return img;
}

static void
test_false_edges (void)
{
  const guint w = 64, h = 48;
  gfloat *src = test_gradient (w, h), *out = g_new (gfloat, w * h * 4);

  g_assert_cmpfloat (sobolev_false_edges (src, src, 4, w, h), ==, 0.0);
  /* Twice the contrast: every difference doubles, under 3× + 2.  */
  for (gsize i = 0; i < (gsize) w * h * 4; i++)
    out[i] = i % 4 == 3 ? 1.0f : 0.45f + 2.0f * (src[i] - 0.45f);
  g_assert_cmpfloat (sobolev_false_edges (src, out, 4, w, h), ==, 0.0);
  /* Neighboring grays sent to distant hues: a rainbow of fringes.  */
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      gdouble phase = src[4 * i] * 40.0 * G_PI;

      for (int c = 0; c < 3; c++)
        out[4 * i + c] = 0.5f + 0.4f * (gfloat) sin (phase + c * 2.0944);
    }
  g_assert_cmpfloat (sobolev_false_edges (src, out, 4, w, h), >, 0.9);
  g_free (src);
  g_free (out);
}

static void
test_false_edges_coarse (void)
{
  const guint w = 64, h = 48;
  gfloat *src = test_gradient (w, h), *out = g_new (gfloat, w * h * 4);

  g_assert_cmpfloat (sobolev_false_edges_coarse (src, src, 4, w, h, 8), ==,
                     0.0);
  /* Twice the contrast is as clean over blocks as over pixels.  */
  for (gsize i = 0; i < (gsize) w * h * 4; i++)
    out[i] = i % 4 == 3 ? 1.0f : 0.45f + 2.0f * (src[i] - 0.45f);
  g_assert_cmpfloat (sobolev_false_edges_coarse (src, out, 4, w, h, 8), ==,
                     0.0);
  /* A flat gray turned into a slow red-to-green sweep: under 2 ΔE from
     one pixel to the next, so no false edge there, but a new color
     across the image, which every block boundary shows.  */
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        gfloat *p = out + ((gsize) y * w + x) * 4;
        gfloat *q = src + ((gsize) y * w + x) * 4;
        gfloat ramp = 0.003f * ((gfloat) x - w / 2.0f);

        q[0] = q[1] = q[2] = 0.5f;
        p[0] = 0.5f + ramp;
        p[1] = 0.5f - ramp;
        p[2] = 0.5f;
        p[3] = q[3] = 1.0f;
      }
  g_assert_cmpfloat (sobolev_false_edges (src, out, 4, w, h), ==, 0.0);
  g_assert_cmpfloat (sobolev_false_edges_coarse (src, out, 4, w, h, 8), >, 0.9);
  /* Smaller than one block: nothing to compare.  */
  g_assert_cmpfloat (sobolev_false_edges_coarse (src, out, 4, 7, 7, 8), ==,
                     0.0);
  g_free (src);
  g_free (out);
}

static void
test_ssim_luma (void)
{
  const guint w = 64, h = 48;
  gfloat *a = test_gradient (w, h), *b = g_new (gfloat, w * h * 4);

  for (gsize i = 0; i < (gsize) w * h * 4; i++)
    a[i] = i % 4 == 3 ? 1.0f : a[i] + 0.1f * (gfloat) sin (i * 0.37);
  for (gsize i = 0; i < (gsize) w * h * 4; i++)
    b[i] = i % 4 == 3 ? 1.0f : 1.0f - a[i];
  g_assert_cmpfloat (fabs (sobolev_ssim_luma (a, a, 4, w, h) - 1.0), <, 1e-9);
  g_assert_cmpfloat (sobolev_ssim_luma (a, b, 4, w, h), <, 0.0);
  g_free (a);
  g_free (b);
}

/* The reference scorer's figures (tools/score.py's definitions: MMD on
   every pixel, false edges, SSIM-Y) for two peers' results on each dev
   pair; the project's own metrics must give the same numbers.  */
static const struct
{
  const gchar *pair, *peer;
  gdouble mmd, fe, ssim;
} scored[] = {
  { "d01_meadow2flower", "pot_emd", 0.021875, 0.040897, 0.659265 },
  { "d01_meadow2flower", "idt_regrain", 0.147749, 0.000000, 0.736550 },
  { "d02_grey2glow", "pot_emd", 0.049350, 0.425153, 0.740344 },
  { "d02_grey2glow", "idt_regrain", 0.210563, 0.000128, 0.882416 },
  { "d03_bridge2garden", "pot_emd", 0.013759, 0.279480, 0.719039 },
  { "d03_bridge2garden", "idt_regrain", 0.118831, 0.007026, 0.866172 },
  { "d04_aqua2fig", "pot_emd", 0.012730, 0.198297, 0.727507 },
  { "d04_aqua2fig", "idt_regrain", 0.183801, 0.021423, 0.826273 },
  { "d05_lamps2cups", "pot_emd", 0.133153, 0.273397, 0.690979 },
  { "d05_lamps2cups", "idt_regrain", 0.181000, 0.000315, 0.780949 },
  { "d06_stream2seeding", "pot_emd", 0.026874, 0.000063, 0.819110 },
  { "d06_stream2seeding", "idt_regrain", 0.156596, 0.000000, 0.948989 },
  { "d07_dune2dusk", "pot_emd", 0.020811, 0.006635, 0.880517 },
  { "d07_dune2dusk", "idt_regrain", 0.112010, 0.000000, 0.975425 },
  { "d08_teddies2drops", "pot_emd", 0.016702, 0.046550, 0.760342 },
  { "d08_teddies2drops", "idt_regrain", 0.126487, 0.000000, 0.859135 },
  { "d09_wood2sea", "pot_emd", 0.021458, 0.651784, 0.399719 },
  { "d09_wood2sea", "idt_regrain", 0.191651, 0.000015, 0.554107 },
  { "d10_dragonfly2moss", "pot_emd", 0.015579, 0.036982, 0.696468 },
  { "d10_dragonfly2moss", "idt_regrain", 0.146391, 0.000000, 0.687437 },
};

static CliImage *
test_load_dev (const gchar *pair, const gchar *file)
{
  g_autofree gchar *rel = g_build_filename ("devpairs", pair, file, NULL);
  g_autofree gchar *path = test_data_path (rel);
  g_autoptr (GError) error = NULL;
  CliImage *image = cli_image_load (path, &error);

  g_assert_no_error (error);
  return image;
}

static void
test_scorer_agreement (void)
{
  cli_image_io_init ();
  for (guint i = 0; i < G_N_ELEMENTS (scored); i++)
    {
      g_autofree gchar *peer = g_strdup_printf ("peers/%s.png", scored[i].peer);
      g_autoptr (CliImage) src = test_load_dev (scored[i].pair, "source.png");
      g_autoptr (CliImage) ref
          = test_load_dev (scored[i].pair, "reference.png");
      g_autoptr (CliImage) res = test_load_dev (scored[i].pair, peer);
      gsize n = (gsize) res->width * res->height;
      gdouble mmd = sobolev_mmd_images (res->pixels, n, ref->pixels,
                                        (gsize) ref->width * ref->height, 4);
      gdouble fe = sobolev_false_edges (src->pixels, res->pixels, 4, src->width,
                                        src->height);
      gdouble ssim = sobolev_ssim_luma (res->pixels, src->pixels, 4, src->width,
                                        src->height);

      g_test_message ("%s %s: MMD %.6f (%.6f), FE %.6f (%.6f), SSIM-Y %.6f "
                      "(%.6f)",
                      scored[i].pair, scored[i].peer, mmd, scored[i].mmd, fe,
                      scored[i].fe, ssim, scored[i].ssim);
      g_assert_cmpfloat (fabs (mmd - scored[i].mmd), <, 1e-3);
      g_assert_cmpfloat (fabs (fe - scored[i].fe), <, 1e-3);
      g_assert_cmpfloat (fabs (ssim - scored[i].ssim), <, 1e-3);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/metrics/mmd", test_mmd);
  g_test_add_func ("/metrics/sliced-w2", test_sliced_w2);
  g_test_add_func ("/metrics/ssim", test_ssim);
  g_test_add_func ("/metrics/false-edges", test_false_edges);
  g_test_add_func ("/metrics/false-edges-coarse", test_false_edges_coarse);
  g_test_add_func ("/metrics/ssim-luma", test_ssim_luma);
  g_test_add_func ("/metrics/scorer-agreement", test_scorer_agreement);
  return g_test_run ();
}
