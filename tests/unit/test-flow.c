/* The flow engine: passengers, snapshots, path length, cancel, progress. */
#include <math.h>
#include <string.h>

#include "test-util.h"

static void
base_params (SobolevParams *p)
{
  sobolev_params_init (p);
  p->steps = 40;
  p->snapshots = 8;
  p->features = 64;
}

/* Passengers at the particles' own start ride exactly as they do.  */
static void
test_passengers_reproduce (void)
{
  g_autoptr (SobolevCloud) q
      = test_normal_cloud (3, 500, 0.3, 0.1, 0.5, 1.5, 1);
  g_autoptr (SobolevCloud) p
      = test_normal_cloud (3, 600, 0.6, 0.1, 0.5, 1.5, 2);
  SobolevParams params;
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPath) path = NULL;
  gdouble worst = 0.0, moved = 0.0;

  base_params (&params);
  path = sobolev_flow_run (&sobolev_kernel_descent_class, &params, q, p,
                           q->points, q->n, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < path->n_snapshots; k++)
    for (gsize i = 0; i < q->n * 3; i++)
      worst
          = MAX (worst, fabs (path->particles[k][i] - path->passengers[k][i]));
  for (gsize i = 0; i < q->n * 3; i++)
    moved = MAX (
        moved, fabs (path->particles[path->n_snapshots - 1][i] - q->points[i]));
  g_assert_cmpfloat (moved, >, 0.05);
  g_assert_cmpfloat (worst, <, 1e-10);
}

/* Passengers do not change the particles' motion.  */
static void
test_passengers_weightless (void)
{
  g_autoptr (SobolevCloud) q
      = test_normal_cloud (2, 300, 0.3, 0.1, 0.5, 1.5, 3);
  g_autoptr (SobolevCloud) p
      = test_normal_cloud (2, 300, 0.7, 0.1, 0.5, 1.5, 4);
  g_autoptr (SobolevCloud) extra
      = test_normal_cloud (2, 1000, 0.5, 0.4, 0.5, 1.5, 5);
  SobolevParams params;
  g_autoptr (SobolevPath) with = NULL;
  g_autoptr (SobolevPath) without = NULL;

  base_params (&params);
  with = sobolev_flow_run (&sobolev_kernel_descent_class, &params, q, p,
                           extra->points, extra->n, NULL, NULL, NULL, NULL);
  without = sobolev_flow_run (&sobolev_kernel_descent_class, &params, q, p,
                              NULL, 0, NULL, NULL, NULL, NULL);
  g_assert_nonnull (with);
  g_assert_nonnull (without);
  g_assert_cmpmem (with->particles[with->n_snapshots - 1], q->n * 2 * 8,
                   without->particles[without->n_snapshots - 1], q->n * 2 * 8);
}

static void
test_snapshots (void)
{
  const guint cases[][2]
      = { { 17, 100 }, { 5, 3 }, { 2, 1 }, { 65, 64 }, { 9, 1000 } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      guint n_snap = cases[c][0], steps = cases[c][1];
      guint kept = MIN (n_snap - 1, steps) + 1, prev = 0;

      g_assert_cmpuint (sobolev_flow_snapshot_step (0, kept, steps), ==, 0);
      for (guint k = 1; k < kept; k++)
        {
          guint s = sobolev_flow_snapshot_step (k, kept, steps);

          g_assert_cmpuint (s, >, prev);
          prev = s;
        }
      g_assert_cmpuint (prev, ==, steps);
    }
  /* Denser at the start: the first quarter of the snapshots covers less
     than a quarter of the steps.  */
  g_assert_cmpuint (sobolev_flow_snapshot_step (4, 17, 100), <, 25);
}

static void
test_progress_and_length (void)
{
  g_autoptr (SobolevCloud) q
      = test_normal_cloud (3, 400, 0.3, 0.05, 0.5, 1.5, 6);
  g_autoptr (SobolevCloud) p
      = test_normal_cloud (3, 400, 0.7, 0.05, 0.5, 1.5, 7);
  SobolevParams params;
  TestWatch w = TEST_WATCH_INIT (0);
  g_autoptr (SobolevPath) path = NULL;
  g_autoptr (SobolevCloud) end = sobolev_cloud_copy (q);
  gdouble start = sobolev_mmd (q, p);

  base_params (&params);
  path = sobolev_flow_run (&sobolev_kernel_descent_class, &params, q, p, NULL,
                           0, test_watch_progress, test_watch_cancel, &w, NULL);
  g_assert_nonnull (path);
  g_assert_cmpuint (w.calls, ==, params.steps);
  g_assert_false (w.backwards);
  g_assert_cmpfloat (w.last_fraction, ==, 1.0);
  memcpy (end->points, path->particles[path->n_snapshots - 1],
          q->n * q->dim * sizeof (gdouble));
  g_assert_cmpfloat (sobolev_mmd (end, p), <, start / 2);
  g_assert_cmpfloat (path->length[0], ==, 0.0);
  g_assert_cmpfloat (path->length[path->n_snapshots - 1], ==, 1.0);
  for (guint k = 1; k < path->n_snapshots; k++)
    g_assert_cmpfloat (path->length[k], >, path->length[k - 1]);
  g_assert_cmpfloat (path->total_length, >, 0.1);
}

static void
test_cancel (void)
{
  g_autoptr (SobolevCloud) q
      = test_normal_cloud (3, 400, 0.3, 0.05, 0.5, 1.5, 8);
  g_autoptr (SobolevCloud) p
      = test_normal_cloud (3, 400, 0.7, 0.05, 0.5, 1.5, 9);
  SobolevParams params;
  TestWatch w = TEST_WATCH_INIT (5);
  g_autoptr (GError) error = NULL;
  SobolevPath *path;

  base_params (&params);
  path = sobolev_flow_run (&sobolev_kernel_descent_class, &params, q, p,
                           q->points, q->n, test_watch_progress,
                           test_watch_cancel, &w, &error);
  g_assert_null (path);
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED);
  /* Stopped within one step of being asked.  */
  g_assert_cmpuint (w.calls, ==, 5);
}

/* max-displacement caps every point's move in every step; 0 turns the
   cap off.  */
static void
test_step_cap (void)
{
  g_autoptr (SobolevCloud) q
      = test_normal_cloud (3, 300, 0.2, 0.05, 0.5, 1.5, 10);
  g_autoptr (SobolevCloud) p
      = test_normal_cloud (3, 300, 0.8, 0.05, 0.5, 1.5, 11);
  const gdouble caps[] = { 0.01, 0.0 };

  for (guint c = 0; c < G_N_ELEMENTS (caps); c++)
    {
      SobolevParams params;
      g_autoptr (SobolevPath) path = NULL;
      gdouble longest = 0.0;

      base_params (&params);
      params.step_size = 5.0; /* large enough to need the cap */
      params.steps = 4;
      params.snapshots = 4;
      params.max_displacement = caps[c];
      path = sobolev_flow_run (&sobolev_kernel_descent_class, &params, q, p,
                               q->points, q->n, NULL, NULL, NULL, NULL);
      g_assert_nonnull (path);
      for (guint k = 1; k < path->n_snapshots; k++)
        for (gsize i = 0; i < q->n; i++)
          {
            gdouble d2 = 0.0, dp2 = 0.0;

            for (int a = 0; a < 3; a++)
              {
                gdouble d = path->particles[k][i * 3 + a]
                            - path->particles[k - 1][i * 3 + a];
                gdouble dp = path->passengers[k][i * 3 + a]
                             - path->passengers[k - 1][i * 3 + a];
                d2 += d * d;
                dp2 += dp * dp;
              }
            longest = MAX (longest, MAX (sqrt (d2), sqrt (dp2)));
          }
      g_test_message ("cap %g: longest move in a step %.4g", caps[c], longest);
      if (caps[c] > 0.0)
        g_assert_cmpfloat (longest, <=, caps[c] * (1 + 1e-12));
      else
        g_assert_cmpfloat (longest, >, 0.05);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/flow/passengers-reproduce", test_passengers_reproduce);
  g_test_add_func ("/flow/passengers-weightless", test_passengers_weightless);
  g_test_add_func ("/flow/snapshots", test_snapshots);
  g_test_add_func ("/flow/progress-and-length", test_progress_and_length);
  g_test_add_func ("/flow/cancel", test_cancel);
  g_test_add_func ("/flow/step-cap", test_step_cap);
  return g_test_run ();
}
