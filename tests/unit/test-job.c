/* A whole job through sobolev_transfer_run: progress over all passes,
   cancel together with progress, strength across passes.  */
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/job/progress-over-passes", test_progress_over_passes);
  g_test_add_func ("/job/cancel-with-progress", test_cancel_with_progress);
  g_test_add_func ("/job/strength-across-passes", test_strength_across_passes);
  return g_test_run ();
}
