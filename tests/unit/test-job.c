/* A whole job through sobolev_transfer_run: progress over all passes,
   cancel together with progress, strength across passes, the path's
   colors.  */
#include <math.h>

#include "test-util.h"

static void
test_progress_over_passes (void)
{
  g_autoptr (SobolevCloud) q
      = test_uniform_cloud (3, 3000, 0.1, 0.5, 0.5, 1.5, 1);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 3000, 0.4, 0.9, 0.5, 1.5, 2);
  SobolevParams params;
  TestWatch w = TEST_WATCH_INIT (0);
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevTransfer) t = NULL;

  sobolev_params_init (&params);
  params.steps = 30;
  params.refine = 2;
  t = sobolev_transfer_run (q, p, &params, test_watch_progress,
                            test_watch_cancel, &w, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sobolev_transfer_n_passes (t), ==, 3);
  /* 30 steps, then two passes of 10.  */
  g_assert_cmpuint (w.calls, ==, 50);
  g_assert_false (w.backwards);
  g_assert_cmpfloat (fabs (w.last_fraction - 1.0), <, 1e-12);
}

/* Cancel is honoured with progress given too, in any pass.  */
static void
test_cancel_with_progress (void)
{
  g_autoptr (SobolevCloud) q
      = test_uniform_cloud (3, 2000, 0.1, 0.5, 0.5, 1.5, 3);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 2000, 0.4, 0.9, 0.5, 1.5, 4);
  const guint stops[] = { 1, 25, 45 };

  for (guint s = 0; s < G_N_ELEMENTS (stops); s++)
    {
      SobolevParams params;
      TestWatch w = TEST_WATCH_INIT (stops[s]);
      g_autoptr (GError) error = NULL;
      SobolevTransfer *t;

      sobolev_params_init (&params);
      params.steps = 30;
      params.refine = 2;
      t = sobolev_transfer_run (q, p, &params, test_watch_progress,
                                test_watch_cancel, &w, &error);
      g_assert_null (t);
      g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED);
      g_assert_cmpuint (w.calls, ==, stops[s]);
    }
}

/* Strength 0 is the identity and the LUT changes continuously through
   the passes' boundaries.  */
static void
test_strength_across_passes (void)
{
  g_autoptr (SobolevCloud) q
      = test_uniform_cloud (3, 3000, 0.1, 0.5, 0.5, 1.5, 5);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 3000, 0.4, 0.9, 0.5, 1.5, 6);
  SobolevParams params;
  g_autoptr (SobolevTransfer) t = NULL;
  g_autoptr (SobolevLut) id = NULL;
  g_autoptr (SobolevLut) zero = NULL;
  gdouble worst_jump = 0.0, prev_change = 0.0;
  const guint n_t = 64;

  sobolev_params_init (&params);
  params.steps = 30;
  params.lut_size = 17;
  t = sobolev_transfer_run (q, p, &params, NULL, NULL, NULL, NULL);
  g_assert_nonnull (t);
  id = sobolev_lut_new_identity (17, NULL);
  zero = sobolev_transfer_lut_at (t, 0.0, 0.0);
  g_assert_cmpmem (id->data, 17 * 17 * 17 * 3 * 4, zero->data,
                   17 * 17 * 17 * 3 * 4);
  for (guint k = 1; k <= n_t; k++)
    {
      g_autoptr (SobolevLut) a
          = sobolev_transfer_lut_at (t, (k - 1.0) / n_t, 0.0);
      g_autoptr (SobolevLut) b
          = sobolev_transfer_lut_at (t, (gdouble) k / n_t, 0.0);
      gdouble jump = 0.0, change = 0.0;

      for (gsize i = 0; i < 17 * 17 * 17 * 3; i++)
        {
          jump = MAX (jump, fabs (a->data[i] - b->data[i]));
          change += fabs (b->data[i] - id->data[i]);
        }
      worst_jump = MAX (worst_jump, jump);
      prev_change = change;
    }
  g_test_message ("largest node move between strengths 1/%u apart: %.4f", n_t,
                  worst_jump);
  g_assert_cmpfloat (prev_change, >, 0.0);
  g_assert_cmpfloat (worst_jump, <, 0.1);
}

/* The path's own colors: the source at strength 0, nearer the reference
   as the strength grows, and at strength 1 nearer than the map's image of
   the source, which smooths them.  */
static void
test_path_colors (void)
{
  g_autoptr (SobolevCloud) q
      = test_uniform_cloud (3, 3000, 0.1, 0.9, 0.5, 1.5, 7);
  g_autoptr (SobolevCloud) p
      = test_normal_cloud (3, 3000, 0.5, 0.02, 0.5, 1.5, 8);
  SobolevParams params;
  g_autoptr (SobolevTransfer) t = NULL;
  g_autoptr (SobolevCloud) start = NULL;
  g_autoptr (SobolevCloud) source = NULL;
  g_autoptr (SobolevCloud) half = NULL;
  g_autoptr (SobolevCloud) end = NULL;
  g_autoptr (SobolevCloud) image = NULL;
  gdouble half_mmd, path_mmd, image_mmd;

  /* Two tight clusters, which a smooth map blurs.  */
  for (gsize i = 0; i < p->n; i++)
    for (guint d = 0; d < 3; d++)
      p->points[i * 3 + d] += i % 2 ? 0.3 : -0.3;
  sobolev_params_init (&params);
  params.steps = 30;
  params.refine = 2;
  t = sobolev_transfer_run (q, p, &params, NULL, NULL, NULL, NULL);
  g_assert_nonnull (t);
  start = sobolev_transfer_path_colors (t, 0.0);
  source = sobolev_transfer_particles_at (t, 0.0);
  g_assert_cmpuint (start->n, ==, source->n);
  for (gsize i = 0; i < start->n * 3; i++)
    g_assert_cmpfloat (fabs (start->points[i] - source->points[i]), <, 1e-6);
  half = sobolev_transfer_path_colors (t, 0.5);
  end = sobolev_transfer_path_colors (t, 1.0);
  image = sobolev_transfer_particles_at (t, 1.0);
  half_mmd = sobolev_mmd (half, p);
  path_mmd = sobolev_mmd (end, p);
  image_mmd = sobolev_mmd (image, p);
  g_test_message ("MMD to the reference: source %.4f, path at 0.5 %.4f, "
                  "path at 1 %.4f, map's image at 1 %.4f",
                  sobolev_mmd (q, p), half_mmd, path_mmd, image_mmd);
  g_assert_cmpfloat (half_mmd, <, sobolev_mmd (q, p));
  g_assert_cmpfloat (path_mmd, <, half_mmd);
  g_assert_cmpfloat (path_mmd, <, 0.5 * image_mmd);
}

/* The refinement passes correct with the sliced flow whatever the first
   pass's method: a kernel descent whose steps barely move the colors
   ends where it started without them, near the reference with them.  */
static void
test_corrections_are_sliced (void)
{
  g_autoptr (SobolevCloud) q
      = test_uniform_cloud (3, 3000, 0.1, 0.5, 0.5, 1.5, 9);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 3000, 0.4, 0.9, 0.5, 1.5, 10);
  const gdouble source_mmd = sobolev_mmd (q, p);
  gdouble end_mmd[2];

  for (guint refine = 0; refine < 2; refine++)
    {
      SobolevParams params;
      g_autoptr (SobolevTransfer) t = NULL;
      g_autoptr (SobolevCloud) end = NULL;

      sobolev_params_init (&params);
      params.method = SOBOLEV_METHOD_KERNEL;
      params.step_size = 1e-6;
      params.steps = 30;
      params.refine = 2 * refine;
      t = sobolev_transfer_run (q, p, &params, NULL, NULL, NULL, NULL);
      g_assert_nonnull (t);
      end = sobolev_transfer_path_colors (t, 1.0);
      end_mmd[refine] = sobolev_mmd (end, p);
    }
  g_test_message ("MMD to the reference: source %.4f, end without "
                  "corrections %.4f, with %.4f",
                  source_mmd, end_mmd[0], end_mmd[1]);
  g_assert_cmpfloat (end_mmd[0], >, 0.9 * source_mmd);
  g_assert_cmpfloat (end_mmd[1], <, 0.2 * source_mmd);
}

/* The corrections of a method other than the sliced flow take the
   table's settings for the sliced flow: the sliced flow's own
   parameters change nothing in a kernel descent's result.  */
static void
test_corrections_ignore_sliced_settings (void)
{
  g_autoptr (SobolevCloud) q
      = test_uniform_cloud (3, 2000, 0.1, 0.5, 0.5, 1.5, 11);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 2000, 0.4, 0.9, 0.5, 1.5, 12);
  SobolevLut *lut[2];

  for (guint k = 0; k < 2; k++)
    {
      SobolevParams params;
      g_autoptr (SobolevTransfer) t = NULL;

      sobolev_params_init (&params);
      params.method = SOBOLEV_METHOD_KERNEL;
      params.steps = 12;
      params.lut_size = 9;
      if (k == 1)
        {
          params.sliced_directions = 3;
          params.sliced_step = 0.9;
          params.sliced_noise = 0.05;
        }
      t = sobolev_transfer_run (q, p, &params, NULL, NULL, NULL, NULL);
      g_assert_nonnull (t);
      g_assert_cmpuint (sobolev_transfer_n_passes (t), ==, 3);
      lut[k] = sobolev_transfer_lut_at (t, 1.0, 0.0);
    }
  g_assert_cmpmem (lut[0]->data, 9 * 9 * 9 * 3 * sizeof (gfloat), lut[1]->data,
                   9 * 9 * 9 * 3 * sizeof (gfloat));
  sobolev_lut_free (lut[0]);
  sobolev_lut_free (lut[1]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/job/progress-over-passes", test_progress_over_passes);
  g_test_add_func ("/job/cancel-with-progress", test_cancel_with_progress);
  g_test_add_func ("/job/strength-across-passes", test_strength_across_passes);
  g_test_add_func ("/job/path-colors", test_path_colors);
  g_test_add_func ("/job/corrections-are-sliced", test_corrections_are_sliced);
  g_test_add_func ("/job/corrections-ignore-sliced-settings",
                   test_corrections_ignore_sliced_settings);
  return g_test_run ();
}
