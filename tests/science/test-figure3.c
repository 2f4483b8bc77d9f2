/* Figure 3 of Sobolev Descent, in 1-D: 1000 samples of N(0.2, sd 0.005)
   moved to N(1.6, sd 0.1).  A regularized, low-capacity critic (σ = 1,
   m = 16, λ = 1) moves the mass as one bump; an unregularized,
   high-capacity one (σ = 0.1, m = 256, λ = 1e-4) "teleports": at
   mid-path the mass is a mixture of the two ends with little between.  */
#include <math.h>
#include <stdlib.h>

#include "test-util.h"

#ifndef TELEPORT_STEP
#define TELEPORT_STEP 0.02
#endif
#define FIG3_STEPS 200

typedef struct
{
  gdouble between; /* fraction of the mass in [0.3, 1.3] */
  gdouble sd;      /* standard deviation of the particles */
  gdouble final_mean;
  guint step; /* the mid-path step */
} MidPath;

/* Runs the descent keeping every step, and looks at the step where the
   particles' mean is closest to half way (0.9).  */
static MidPath
run (gdouble sigma, guint m, gdouble lambda, gdouble step)
{
  g_autoptr (SobolevCloud) q
      = test_normal_cloud (1, 1000, 0.2, 0.005, 1.0, 1.0, 1);
  g_autoptr (SobolevCloud) p
      = test_normal_cloud (1, 1000, 1.6, 0.1, 1.0, 1.0, 2);
  SobolevParams params;
  g_autoptr (SobolevPath) path = NULL;
  g_autoptr (GError) error = NULL;
  MidPath mid = { 0 };
  gdouble best = G_MAXDOUBLE;

  sobolev_params_init (&params);
  params.bandwidth = sigma;
  params.features = m;
  params.smoothness = lambda;
  params.step_size = step;
  params.steps = FIG3_STEPS;
  params.snapshots = FIG3_STEPS;
  params.max_displacement = 0.0; /* the paper's plain update */
  params.anneal = 1.0;
  params.gramian_samples = 0;
  path = sobolev_flow_run (&sobolev_kernel_descent_class, &params, q, p, NULL,
                           0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < path->n_snapshots; k++)
    {
      const gdouble *x = path->particles[k];
      gdouble mean = 0, var = 0, between = 0;

      for (gsize i = 0; i < q->n; i++)
        mean += x[i] / q->n;
      for (gsize i = 0; i < q->n; i++)
        {
          var += (x[i] - mean) * (x[i] - mean) / q->n;
          between += (x[i] >= 0.3 && x[i] <= 1.3) / (gdouble) q->n;
        }
      if (k == path->n_snapshots - 1)
        mid.final_mean = mean;
      if (fabs (mean - 0.9) < best)
        {
          best = fabs (mean - 0.9);
          mid.between = between;
          mid.sd = sqrt (var);
          mid.step = path->steps[k];
        }
    }
  g_assert_cmpfloat (best, <, 0.05);
  return mid;
}

static void
test_smooth_bump (void)
{
  MidPath mid = run (1.0, 16, 1.0, 0.1);

  g_test_message ("σ 1, m 16, λ 1: mid-path at step %u, %.1f %% of the mass "
                  "in [0.3, 1.3], sd %.3f; final mean %.3f",
                  mid.step, 100 * mid.between, mid.sd, mid.final_mean);
  /* One bump: (nearly) all mass between the modes, still narrow.  */
  g_assert_cmpfloat (mid.between, >=, 0.99);
  g_assert_cmpfloat (mid.sd, <, 0.15);
  g_assert_cmpfloat (fabs (mid.final_mean - 1.6), <, 0.1);
}

static void
test_teleporting (void)
{
  MidPath mid = run (0.1, 256, 1e-4, TELEPORT_STEP);

  g_test_message ("σ 0.1, m 256, λ 1e-4: mid-path at step %u, %.1f %% of "
                  "the mass in [0.3, 1.3], sd %.3f; final mean %.3f",
                  mid.step, 100 * mid.between, mid.sd, mid.final_mean);
  /* A mixture of the two ends: little mass between, a wide spread.  */
  g_assert_cmpfloat (mid.between, <=, 0.2);
  g_assert_cmpfloat (mid.sd, >, 0.5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/figure3/smooth-bump", test_smooth_bump);
  g_test_add_func ("/figure3/teleporting", test_teleporting);
  return g_test_run ();
}
