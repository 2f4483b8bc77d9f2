/* Random Fourier features: the Hadamard identity, the kernel they
   approximate, the fast sincos and the gradient.  */
#include <math.h>

#include "test-util.h"

static void
test_hadamard_identity (void)
{
  const guint dims[] = { 1, 2, 3 };

  for (guint k = 0; k < G_N_ELEMENTS (dims); k++)
    {
      g_autoptr (SobolevCloud) q
          = test_uniform_cloud (dims[k], 700, 0.0, 1.0, 0.0, 2.0, 10 + k);
      SobolevRff *rff = sobolev_rff_new (dims[k], 48, 0.3, 3, NULL);
      gdouble *fast = g_new (gdouble, 48 * 48);
      gdouble *direct = g_new (gdouble, 48 * 48);
      gdouble diff = 0.0, norm = 0.0;

      sobolev_rff_gramian (rff, q, fast, NULL);
      sobolev_rff_gramian_direct (rff, q, direct);
      for (guint i = 0; i < 48 * 48; i++)
        {
          diff += (fast[i] - direct[i]) * (fast[i] - direct[i]);
          norm += direct[i] * direct[i];
        }
      g_test_message ("d=%u relative error %.3g", dims[k], sqrt (diff / norm));
      g_assert_cmpfloat (norm, >, 0.0);
      g_assert_cmpfloat (sqrt (diff / norm), <, 1e-10);
      g_free (fast);
      g_free (direct);
      sobolev_rff_free (rff);
    }
}

/* The resampled Gramian estimates the same matrix.  */
static void
test_gramian_resample (void)
{
  g_autoptr (SobolevCloud) q
      = test_uniform_cloud (3, 5000, 0.0, 1.0, 0.0, 2.0, 4);
  SobolevRff *rff = sobolev_rff_new (3, 32, 0.3, 5, NULL);
  gdouble *full = g_new (gdouble, 32 * 32), *est = g_new (gdouble, 32 * 32);
  gdouble *mu_a = g_new (gdouble, 32), *mu_b = g_new (gdouble, 32);
  gdouble diff = 0.0, norm = 0.0;

  sobolev_rff_moments (rff, q, mu_a, full, NULL, 0);
  sobolev_rff_moments (rff, q, mu_b, est, NULL, 1000);
  for (guint i = 0; i < 32 * 32; i++)
    {
      diff += (full[i] - est[i]) * (full[i] - est[i]);
      norm += full[i] * full[i];
    }
  /* A Monte Carlo estimate from 1000 draws: a few percent off.  */
  g_assert_cmpfloat (sqrt (diff / norm), <, 0.1);
  g_assert_cmpfloat (sqrt (diff / norm), >, 0.0);
  for (guint j = 0; j < 32; j++)
    g_assert_cmpfloat (mu_a[j], ==, mu_b[j]);
  g_free (full), g_free (est), g_free (mu_a), g_free (mu_b);
  sobolev_rff_free (rff);
}

/* φ(x)·φ(y) approaches exp(−‖x − y‖²/(2σ²)) as m grows: the σ
   convention of rff.h.  */
static void
test_kernel_convention (void)
{
  const gdouble sigma = 0.2;
  SobolevRff *rff = sobolev_rff_new (3, 20000, sigma, 9, NULL);
  gdouble x[3] = { 0.1, 0.5, 0.3 }, y[3] = { 0.25, 0.4, 0.2 };
  gdouble *px = g_new (gdouble, 20000), *py = g_new (gdouble, 20000);
  gdouble dot = 0.0, d2 = 0.0;

  sobolev_rff_phases (rff, x, 1, px);
  sobolev_rff_phases (rff, y, 1, py);
  for (guint j = 0; j < 20000; j++)
    dot += 2.0 / 20000 * cos (px[j]) * cos (py[j]);
  for (int a = 0; a < 3; a++)
    d2 += (x[a] - y[a]) * (x[a] - y[a]);
  g_assert_cmpfloat (fabs (dot - exp (-d2 / (2 * sigma * sigma))), <, 0.02);
  g_free (px), g_free (py);
  sobolev_rff_free (rff);
}

static void
test_fast_sincos (void)
{
  const gsize n = 200001;
  gdouble *x = g_new (gdouble, n), *s = g_new (gdouble, n);
  gdouble *c = g_new (gdouble, n);
  gdouble worst = 0.0;

  for (gsize i = 0; i < n; i++)
    x[i] = -500.0 + 1000.0 * i / (n - 1);
  sobolev_rff_sincos (x, n, s, c);
  for (gsize i = 0; i < n; i++)
    worst
        = MAX (worst, MAX (fabs (s[i] - sin (x[i])), fabs (c[i] - cos (x[i]))));
  g_test_message ("worst error %.3g", worst);
  g_assert_cmpfloat (worst, <, 1e-13);
  g_free (x), g_free (s), g_free (c);
}

/* ∇⟨c, φ(x)⟩ against central differences, with and without the sines
   given.  */
static void
test_gradient (void)
{
  const guint m = 64;
  SobolevRff *rff = sobolev_rff_new (3, m, 0.25, 11, NULL);
  GRand *rand = g_rand_new_with_seed (5);
  gdouble coef[64], x[3] = { 0.3, 0.6, 0.2 }, grad[3], grad2[3];
  gdouble phases[64], sines[64], cosines[64];
  const gdouble h = 1e-6;

  for (guint j = 0; j < m; j++)
    coef[j] = g_rand_double_range (rand, -1, 1);
  sobolev_rff_gradient (rff, coef, x, 1, NULL, grad);
  sobolev_rff_phases (rff, x, 1, phases);
  sobolev_rff_sincos (phases, m, sines, cosines);
  sobolev_rff_gradient (rff, coef, x, 1, sines, grad2);
  for (int a = 0; a < 3; a++)
    {
      gdouble xp[3] = { x[0], x[1], x[2] }, xm[3] = { x[0], x[1], x[2] };
      gdouble up = 0, um = 0;

      xp[a] += h;
      xm[a] -= h;
      sobolev_rff_phases (rff, xp, 1, phases);
      for (guint j = 0; j < m; j++)
        up += coef[j] * sqrt (2.0 / m) * cos (phases[j]);
      sobolev_rff_phases (rff, xm, 1, phases);
      for (guint j = 0; j < m; j++)
        um += coef[j] * sqrt (2.0 / m) * cos (phases[j]);
      g_assert_cmpfloat (fabs ((up - um) / (2 * h) - grad[a]), <, 1e-6);
      g_assert_cmpfloat (grad[a], ==, grad2[a]);
    }
  g_rand_free (rand);
  sobolev_rff_free (rff);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rff/hadamard-identity", test_hadamard_identity);
  g_test_add_func ("/rff/gramian-resample", test_gramian_resample);
  g_test_add_func ("/rff/kernel-convention", test_kernel_convention);
  g_test_add_func ("/rff/fast-sincos", test_fast_sincos);
  g_test_add_func ("/rff/gradient", test_gradient);
  return g_test_run ();
}
