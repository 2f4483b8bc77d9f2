/* Theorem 1 of Sobolev Descent: moving the particles along the critic's
   gradient changes MMD² (in the same feature space) at the rate
   d/dε MMD² = −2 (MMD² − λ S²), S² = ⟨μp − μq, û⟩; so at small ε the MMD
   never increases.  */
#include <math.h>
#include <string.h>

#include "test-util.h"
#include "kernel-descent.h"

/* ‖μp − μq‖² in the features.  */
/* Uniform in a box, weights in [0.5, 1.5), normalized.  */
static SobolevCloud *
box_cloud (gsize n, gdouble lo, gdouble hi, guint32 seed)
{
  SobolevCloud *c = test_uniform_cloud (3, n, lo, hi, 0.5, 1.5, seed);

  sobolev_cloud_normalize (c);
  return c;
}

static gdouble
feature_mmd2 (const SobolevRff *rff, const gdouble *mu_p, const SobolevCloud *q)
{
  gdouble *mu_q = g_new (gdouble, rff->m), s = 0.0;

  sobolev_rff_mean_embedding (rff, q, mu_q);
  for (guint j = 0; j < rff->m; j++)
    s += (mu_p[j] - mu_q[j]) * (mu_p[j] - mu_q[j]);
  g_free (mu_q);
  return s;
}

static SobolevCloud *
moved (const SobolevCloud *q, const gdouble *grad, gdouble eps)
{
  SobolevCloud *c = sobolev_cloud_copy (q);

  for (gsize i = 0; i < q->n * 3; i++)
    c->points[i] += eps * grad[i];
  return c;
}

static void
test_derivative (void)
{
  const gdouble lambdas[] = { 1e-3, 1e-1, 1.0 };
  g_autoptr (SobolevCloud) q = box_cloud (400, 0.1, 0.5, 1);
  g_autoptr (SobolevCloud) p = box_cloud (500, 0.4, 0.9, 2);
  SobolevRff *rff = sobolev_rff_new (3, 64, 0.2, 7, NULL);
  gdouble mu_p[64], coef[64];
  gdouble *grad = g_new (gdouble, q->n * 3);

  sobolev_rff_mean_embedding (rff, p, mu_p);
  for (guint k = 0; k < G_N_ELEMENTS (lambdas); k++)
    {
      gdouble lambda = lambdas[k], mmd2, s2, predicted, fd;
      const gdouble h = 1e-6;
      g_autoptr (SobolevCloud) plus = NULL;
      g_autoptr (SobolevCloud) minus = NULL;

      g_assert_true (sobolev_kernel_critic (rff, mu_p, q, lambda, 0, coef, NULL,
                                            &mmd2, &s2, NULL));
      sobolev_rff_gradient (rff, coef, q->points, q->n, NULL, grad);
      plus = moved (q, grad, h);
      minus = moved (q, grad, -h);
      fd = (feature_mmd2 (rff, mu_p, plus) - feature_mmd2 (rff, mu_p, minus))
           / (2 * h);
      predicted = -2.0 * (mmd2 - lambda * s2);
      g_test_message ("λ = %g: finite difference %.6g, theorem %.6g "
                      "(relative gap %.2g)",
                      lambda, fd, predicted,
                      fabs (fd - predicted) / fabs (predicted));
      g_assert_cmpfloat (predicted, <, 0.0);
      g_assert_cmpfloat (fabs (fd - predicted), <=, 0.01 * fabs (predicted));
      /* λ S² ≤ MMD²: the rate is never positive.  */
      g_assert_cmpfloat (lambda * s2, <=, mmd2);
    }
  g_free (grad);
  sobolev_rff_free (rff);
}

/* Counts the steps on which MMD² (features) rose in a whole descent.  */
static guint
count_increases (gdouble eps, gdouble lambda, guint steps, gdouble *first,
                 gdouble *last)
{
  g_autoptr (SobolevCloud) q = box_cloud (300, 0.1, 0.4, 3);
  g_autoptr (SobolevCloud) p = box_cloud (300, 0.5, 0.9, 4);
  SobolevRff *rff = sobolev_rff_new (3, 64, 0.2, 8, NULL);
  gdouble mu_p[64], coef[64], mmd2, prev = G_MAXDOUBLE;
  gdouble *grad = g_new (gdouble, q->n * 3);
  guint increases = 0;

  sobolev_rff_mean_embedding (rff, p, mu_p);
  for (guint step = 0; step <= steps; step++)
    {
      g_assert_true (sobolev_kernel_critic (rff, mu_p, q, lambda, 0, coef, NULL,
                                            &mmd2, NULL, NULL));
      if (step == 0)
        *first = mmd2;
      if (mmd2 > prev)
        increases++;
      prev = mmd2;
      sobolev_rff_gradient (rff, coef, q->points, q->n, NULL, grad);
      for (gsize i = 0; i < q->n * 3; i++)
        q->points[i] += eps * grad[i];
    }
  *last = mmd2;
  g_free (grad);
  sobolev_rff_free (rff);
  return increases;
}

#ifndef LARGE_STEP
#define LARGE_STEP 0.2
#endif

static void
test_monotone (void)
{
  gdouble first, last;
  guint up = count_increases (0.02, 1e-3, 300, &first, &last);

  g_test_message ("ε = 0.02, λ = 1e-3: MMD² %.4g → %.4g, %u increases", first,
                  last, up);
  g_assert_cmpuint (up, ==, 0);
  g_assert_cmpfloat (last, <, first / 10);

  /* The theorem is about small steps: a large one overshoots, and the
     count above can tell.  */
  up = count_increases (LARGE_STEP, 1e-3, 300, &first, &last);
  g_test_message ("ε = %g: %u increases", LARGE_STEP, up);
  g_assert_cmpuint (up, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/theorem1/derivative", test_derivative);
  g_test_add_func ("/theorem1/monotone", test_monotone);
  return g_test_run ();
}
