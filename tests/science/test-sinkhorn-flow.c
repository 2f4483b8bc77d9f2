/* The Sinkhorn-divergence flow and NSGF (sinkhorn-flow.c).

   The debiased divergence of a cloud to itself is zero (|S_ε(q, q)| <
   1e-10); along the flow S_ε(q, p) falls at every step; the flow's
   summarized clouds give the exact solve's velocity; the learned
   field (NSGF) matches the Sinkhorn velocities at points it was not
   fitted on, within the relative errors measured below.  */
#include <math.h>
#include <string.h>

#include "test-util.h"

#define BLUR 0.05

static SobolevParams
sinkhorn_params (SobolevMethodId method, gdouble h)
{
  SobolevParams params;

  sobolev_params_init (&params);
  params.method = method;
  params.sinkhorn_blur = BLUR;
  params.sinkhorn_step = h;
  return params;
}

static gpointer
method_new (const SobolevMethodClass *klass, const SobolevCloud *target,
            gdouble h)
{
  SobolevParams params = sinkhorn_params (klass->id, h);
  g_autoptr (GError) error = NULL;
  gpointer state = klass->create (&params, target, &error);

  g_assert_no_error (error);
  return state;
}

/* Debiasing: every term of S_ε(q, q) cancels.  */
static void
test_self_divergence_zero (void)
{
  g_autoptr (SobolevCloud) q = test_normal_cloud (3, 400, 0.5, 0.15, 0.2, 3, 1);
  gdouble blurs[] = { 0.01, 0.05, 0.3 };

  for (guint k = 0; k < G_N_ELEMENTS (blurs); k++)
    {
      gdouble s = sobolev_sinkhorn_divergence (q, q, blurs[k]);

      g_test_message ("S(q, q) at blur %g: %.3g", blurs[k], s);
      g_assert_cmpfloat (fabs (s), <, 1e-10);
    }
  /* And it is not zero for no reason.  */
  {
    g_autoptr (SobolevCloud) p = test_normal_cloud (3, 300, 0.6, 0.1, 1, 1, 2);

    g_assert_cmpfloat (sobolev_sinkhorn_divergence (q, p, BLUR), >, 1e-3);
  }
}

/* The flow descends the divergence: 12 steps of h = 0.5.  */
static void
test_divergence_decreases (void)
{
  const guint n_steps = 12;
  g_autoptr (SobolevCloud) q = test_normal_cloud (3, 500, 0.3, 0.08, 1, 1, 11);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 400, 0.45, 0.95, 0.5, 2.0, 12);
  g_autofree gdouble *move = g_new (gdouble, q->n * 3);
  gdouble before = sobolev_sinkhorn_divergence (q, p, BLUR), last = before;
  gpointer state = method_new (&sobolev_sinkhorn_flow_class, p, 0.5);

  for (guint step = 0; step < n_steps; step++)
    {
      gdouble now;

      g_assert_true (
          sobolev_sinkhorn_flow_class.fit (state, q, step, n_steps, NULL));
      sobolev_sinkhorn_flow_class.displacement (state, q->points, q->n, move);
      for (gsize i = 0; i < q->n * 3; i++)
        q->points[i] += move[i];
      now = sobolev_sinkhorn_divergence (q, p, BLUR);
      if (g_test_verbose ())
        g_printerr ("step %2u: S %.6f\n", step + 1, now);
      g_assert_cmpfloat (now, <, last);
      last = now;
    }
  g_test_message ("S_eps %.5f -> %.6f in %u steps", before, last, n_steps);
  g_assert_cmpfloat (last, <, 0.01 * before);
  sobolev_sinkhorn_flow_class.destroy (state);
}

/* Relative L2 error of a against b (n × 3).  */
static gdouble
relative_error (const gdouble *a, const gdouble *b, gsize n)
{
  gdouble num = 0.0, den = 0.0;

  for (gsize i = 0; i < n * 3; i++)
    {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += b[i] * b[i];
    }
  return sqrt (num / den);
}

/* The flow solves between the two clouds summarized at the blur's
   scale.  On 4000 particles packed within a few blurs (so that most
   cells hold several) against 2000 reference colors, its velocity at the
   particles is the exact solve's within a relative L2 error of 0.020
   (asserted below 0.04).  */
static void
test_summary_faithful (void)
{
  g_autoptr (SobolevCloud) q
      = test_normal_cloud (3, 4000, 0.4, 0.05, 0.2, 3, 31);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 2000, 0.2, 0.9, 0.5, 2.0, 32);
  g_autofree gdouble *flow = g_new (gdouble, q->n * 3);
  g_autofree gdouble *exact = g_new (gdouble, q->n * 3);
  gpointer state = method_new (&sobolev_sinkhorn_flow_class, p, 1.0);
  g_autoptr (SobolevSinkhornPotentials) pot
      = sobolev_sinkhorn_solve (q, p, BLUR);
  gdouble err;

  g_assert_true (sobolev_sinkhorn_flow_class.fit (state, q, 0, 1, NULL));
  sobolev_sinkhorn_flow_class.displacement (state, q->points, q->n, flow);
  sobolev_sinkhorn_velocity (pot, q, p, q->points, q->n, exact);
  err = relative_error (flow, exact, q->n);
  g_test_message ("summarized against exact velocity: relative error %.4f",
                  err);
  g_assert_cmpfloat (err, <, 0.04);
  sobolev_sinkhorn_flow_class.destroy (state);
}

/* NSGF along its own path (6 steps of h = 0.5): at every step the
   learned field is compared with the Sinkhorn velocity (solved from
   scratch on the same particles) at 500 points it never saw: fresh draws
   from the source's distribution at the first step, the particles
   jittered by N(0, 0.02²) later.  Measured relative L2 errors: 0.069,
   0.121, 0.211 at steps 1–3 (asserted below 0.10, 0.17, 0.30), then
   0.40, 0.69, 0.93 at steps 4–6, where S_ε has fallen below 2 % of its
   start and the velocity is a small residual at the particles' scale
   that the smooth 32 × 32 network does not resolve (not asserted).  */
static void
test_nsgf_matches (void)
{
  const guint n_steps = 6;
  const gdouble bound[] = { 0.10, 0.17, 0.30 };
  g_autoptr (SobolevCloud) q = test_normal_cloud (3, 500, 0.3, 0.08, 1, 1, 11);
  g_autoptr (SobolevCloud) p
      = test_uniform_cloud (3, 400, 0.45, 0.95, 0.5, 2.0, 12);
  g_autoptr (SobolevCloud) fresh
      = test_normal_cloud (3, 500, 0.3, 0.08, 1, 1, 99);
  g_autoptr (SobolevCloud) jitter
      = test_normal_cloud (3, 500, 0.0, 0.02, 1, 1, 98);
  g_autofree gdouble *at = g_new (gdouble, 500 * 3);
  g_autofree gdouble *move = g_new (gdouble, q->n * 3);
  g_autofree gdouble *learned = g_new (gdouble, 500 * 3);
  g_autofree gdouble *exact = g_new (gdouble, 500 * 3);
  gdouble before = sobolev_sinkhorn_divergence (q, p, BLUR);
  gpointer state = method_new (&sobolev_nsgf_class, p, 0.5);

  for (guint step = 0; step < n_steps; step++)
    {
      gpointer reference = method_new (&sobolev_sinkhorn_flow_class, p, 0.5);
      gdouble err;

      g_assert_true (sobolev_nsgf_class.fit (state, q, step, n_steps, NULL));
      for (gsize i = 0; i < 500 * 3; i++)
        at[i] = step == 0 ? fresh->points[i] : q->points[i] + jitter->points[i];
      g_assert_true (
          sobolev_sinkhorn_flow_class.fit (reference, q, 0, 1, NULL));
      sobolev_sinkhorn_flow_class.displacement (reference, at, 500, exact);
      sobolev_nsgf_class.displacement (state, at, 500, learned);
      err = relative_error (learned, exact, 500);
      g_test_message ("NSGF step %u: relative error %.4f on unseen points "
                      "(S_eps %.3g)",
                      step + 1, err, sobolev_sinkhorn_divergence (q, p, BLUR));
      if (step < G_N_ELEMENTS (bound))
        g_assert_cmpfloat (err, <, bound[step]);
      sobolev_sinkhorn_flow_class.destroy (reference);

      sobolev_nsgf_class.displacement (state, q->points, q->n, move);
      for (gsize i = 0; i < q->n * 3; i++)
        q->points[i] += move[i];
    }
  /* The learned path goes where the divergence is much lower.  */
  g_assert_cmpfloat (sobolev_sinkhorn_divergence (q, p, BLUR), <,
                     0.01 * before);
  sobolev_nsgf_class.destroy (state);
}

/* Through the engine with passengers: same seed, same bytes.  */
static void
test_deterministic (void)
{
  g_autoptr (SobolevCloud) q = test_normal_cloud (3, 200, 0.3, 0.1, 1, 2, 21);
  g_autoptr (SobolevCloud) p = test_uniform_cloud (3, 150, 0.4, 0.9, 1, 1, 22);
  g_autoptr (SobolevCloud) riders = test_uniform_cloud (3, 30, 0, 1, 1, 1, 23);
  const SobolevMethodClass *classes[]
      = { &sobolev_sinkhorn_flow_class, &sobolev_nsgf_class };

  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    {
      SobolevParams params = sinkhorn_params (classes[c]->id, 0.5);
      SobolevPath *paths[2];
      gsize bytes = riders->n * 3 * sizeof (gdouble);

      params.steps = 4;
      for (guint r = 0; r < 2; r++)
        {
          g_autoptr (GError) error = NULL;

          paths[r]
              = sobolev_flow_run (classes[c], &params, q, p, riders->points,
                                  riders->n, NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
      g_assert_cmpmem (paths[0]->passengers[paths[0]->n_snapshots - 1], bytes,
                       paths[1]->passengers[paths[1]->n_snapshots - 1], bytes);
      sobolev_path_free (paths[0]);
      sobolev_path_free (paths[1]);
    }
}

static void
test_bad_parameters (void)
{
  static const gchar *const bad[] = {
    "sinkhorn-blur",
    "0",
    "sinkhorn-blur",
    "3",
    "sinkhorn-step-size",
    "0",
    "sinkhorn-step-size",
    "1.5",
    NULL,
  };

  test_assert_params_refused (bad);
}

static void
test_registered (void)
{
  test_assert_method_registered ("sinkhorn", &sobolev_sinkhorn_flow_class);
  test_assert_method_registered ("nsgf", &sobolev_nsgf_class);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sinkhorn/self-divergence-zero", test_self_divergence_zero);
  g_test_add_func ("/sinkhorn/divergence-decreases", test_divergence_decreases);
  g_test_add_func ("/sinkhorn/summary-faithful", test_summary_faithful);
  g_test_add_func ("/sinkhorn/nsgf-matches", test_nsgf_matches);
  g_test_add_func ("/sinkhorn/deterministic", test_deterministic);
  g_test_add_func ("/sinkhorn/bad-parameters", test_bad_parameters);
  g_test_add_func ("/sinkhorn/registered", test_registered);
  return g_test_run ();
}
