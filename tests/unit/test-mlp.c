/* The MLP critic's gradients against central finite differences.  */
#include <math.h>
#include <string.h>

#include "mlp.h"
#include "sobolev-error.h"

/* Central differences with this step make a truncation error of about
   h² ≈ 1e-10 relative and a rounding error of about 1e-16 / h ≈ 1e-11,
   well below the 1e-5 bar the test holds the gradients to.  */
#define FD_STEP 1e-5
#define FD_TOLERANCE 1e-5

typedef struct
{
  guint dim, width, depth;
  SobolevActivation act;
} Shape;

static const Shape shapes[] = {
  { 1, 8, 1, SOBOLEV_ACTIVATION_SOFTPLUS },
  { 3, 7, 2, SOBOLEV_ACTIVATION_TANH },
  { 3, 6, 3, SOBOLEV_ACTIVATION_SOFTPLUS },
  { 2, 5, 3, SOBOLEV_ACTIVATION_TANH },
};

static gdouble *
random_points (GRand *rand, gsize n, guint dim, gdouble spread)
{
  gdouble *x = g_new (gdouble, n * dim);
  for (gsize k = 0; k < n * dim; k++)
    x[k] = g_rand_double_range (rand, -spread, spread);
  return x;
}

/* Makes biases non-zero so every term of the gradient is exercised.  */
static SobolevMlp *
test_mlp (const Shape *s, guint32 seed)
{
  g_autoptr (GError) error = NULL;
  SobolevMlp *mlp
      = sobolev_mlp_new (s->dim, s->width, s->depth, s->act, seed, &error);
  g_assert_no_error (error);
  GRand *rand = g_rand_new_with_seed (seed + 1000);
  for (gsize k = 0; k < mlp->n_params; k++)
    mlp->params[k] += g_rand_double_range (rand, -0.3, 0.3);
  g_rand_free (rand);
  return mlp;
}

static gdouble
rel_error (const gdouble *a, const gdouble *b, gsize n)
{
  gdouble num = 0.0, den = 0.0;
  for (gsize k = 0; k < n; k++)
    {
      num += (a[k] - b[k]) * (a[k] - b[k]);
      den += b[k] * b[k];
    }
  return sqrt (num) / MAX (sqrt (den), 1e-300);
}

static void
test_input_gradient (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr (SobolevMlp) mlp = test_mlp (&shapes[s], 11 + s);
      GRand *rand = g_rand_new_with_seed (5 + s);
      const gsize n = 9;
      guint d = mlp->dim;
      gdouble *x = random_points (rand, n, d, 1.5);
      gdouble *g = g_new (gdouble, n * d), *fd = g_new (gdouble, n * d);
      gdouble *f = g_new (gdouble, n), *f2 = g_new (gdouble, n);
      gdouble fp, fm;

      sobolev_mlp_input_gradient (mlp, x, n, f, g, NULL);
      sobolev_mlp_forward (mlp, x, n, f2);
      for (gsize i = 0; i < n; i++)
        g_assert_cmpfloat (f[i], ==, f2[i]);
      for (gsize i = 0; i < n; i++)
        for (guint k = 0; k < d; k++)
          {
            gdouble keep = x[i * d + k];
            x[i * d + k] = keep + FD_STEP;
            sobolev_mlp_forward (mlp, x + i * d, 1, &fp);
            x[i * d + k] = keep - FD_STEP;
            sobolev_mlp_forward (mlp, x + i * d, 1, &fm);
            x[i * d + k] = keep;
            fd[i * d + k] = (fp - fm) / (2.0 * FD_STEP);
          }
      gdouble err = rel_error (g, fd, n * d);
      g_test_message ("shape %u: grad_x f rel. error %.2e", s, err);
      g_assert_cmpfloat (err, <=, FD_TOLERANCE);
      g_free (x);
      g_free (g);
      g_free (fd);
      g_free (f);
      g_free (f2);
      g_rand_free (rand);
    }
}

/* Ω = Σ pi_i ‖∇f(x_i)‖² evaluated directly.  */
static gdouble
omega_direct (const SobolevMlp *mlp, const gdouble *x, gsize n,
              const gdouble *pi)
{
  gdouble *g = g_new (gdouble, n * mlp->dim);
  gdouble om = 0.0;
  sobolev_mlp_input_gradient (mlp, x, n, NULL, g, NULL);
  for (gsize i = 0; i < n; i++)
    for (guint k = 0; k < mlp->dim; k++)
      om += pi[i] * g[i * mlp->dim + k] * g[i * mlp->dim + k];
  g_free (g);
  return om;
}

/* The full objective evaluated directly from f and ∇f.  */
static gdouble
lagrangian_direct (const SobolevMlp *mlp, const gdouble *x, gsize n,
                   const gdouble *a, const gdouble *pi, gdouble alpha,
                   gdouble rho)
{
  gdouble *f = g_new (gdouble, n);
  gdouble sum = 0.0;
  sobolev_mlp_forward (mlp, x, n, f);
  for (gsize i = 0; i < n; i++)
    sum += a[i] * f[i];
  g_free (f);
  gdouble om = omega_direct (mlp, x, n, pi);
  return sum + alpha * (1.0 - om) - 0.5 * rho * (1.0 - om) * (1.0 - om);
}

/* Finite differences of Ω over every parameter (or every stride-th).  */
static void
check_omega_gradient (SobolevMlp *mlp, const gdouble *x, gsize n,
                      const gdouble *pi, gsize stride, const gchar *what)
{
  gsize np = mlp->n_params;
  gdouble *grad = g_new (gdouble, np);
  gdouble *fd = g_new0 (gdouble, np), *an = g_new0 (gdouble, np);
  gdouble value
      = sobolev_mlp_objective_gradient (mlp, x, n, NULL, pi, grad, NULL);
  g_assert_cmpfloat (fabs (value - omega_direct (mlp, x, n, pi)), <=,
                     1e-12 * fabs (value));
  gsize m = 0;
  for (gsize k = 0; k < np; k += stride, m++)
    {
      gdouble keep = mlp->params[k];
      mlp->params[k] = keep + FD_STEP;
      gdouble op = omega_direct (mlp, x, n, pi);
      mlp->params[k] = keep - FD_STEP;
      gdouble om = omega_direct (mlp, x, n, pi);
      mlp->params[k] = keep;
      fd[m] = (op - om) / (2.0 * FD_STEP);
      an[m] = grad[k];
    }
  gdouble err = rel_error (an, fd, m);
  g_test_message ("%s: dOmega/dtheta rel. error %.2e over %zu parameters", what,
                  err, m);
  g_assert_cmpfloat (err, <=, FD_TOLERANCE);
  g_free (grad);
  g_free (fd);
  g_free (an);
}

static void
test_omega_gradient (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr (SobolevMlp) mlp = test_mlp (&shapes[s], 21 + s);
      GRand *rand = g_rand_new_with_seed (7 + s);
      const gsize n = 12;
      gdouble *x = random_points (rand, n, mlp->dim, 1.5);
      gdouble pi[12];
      for (gsize i = 0; i < n; i++)
        pi[i] = g_rand_double_range (rand, 0.01, 1.0) / n;
      gchar *what = g_strdup_printf ("shape %u", s);
      check_omega_gradient (mlp, x, n, pi, 1, what);
      g_free (what);
      g_free (x);
      g_rand_free (rand);
    }
}

static void
check_lagrangian (SobolevMlp *mlp, const gdouble *x, gsize n, const gdouble *a,
                  const gdouble *pi, gdouble alpha, gdouble rho, gsize stride,
                  const gchar *what)
{
  gsize np = mlp->n_params;
  gdouble *grad = g_new (gdouble, np);
  gdouble *fd = g_new0 (gdouble, np), *an = g_new0 (gdouble, np);
  gdouble omega;
  gdouble value = sobolev_mlp_lagrangian (mlp, x, n, a, pi, alpha, rho, &omega,
                                          grad, NULL);
  gdouble direct = lagrangian_direct (mlp, x, n, a, pi, alpha, rho);
  g_assert_cmpfloat (fabs (value - direct), <=, 1e-10 * (1.0 + fabs (direct)));
  g_assert_cmpfloat (fabs (omega - omega_direct (mlp, x, n, pi)), <=,
                     1e-10 * omega);
  gsize m = 0;
  for (gsize k = 0; k < np; k += stride, m++)
    {
      gdouble keep = mlp->params[k];
      mlp->params[k] = keep + FD_STEP;
      gdouble lp = lagrangian_direct (mlp, x, n, a, pi, alpha, rho);
      mlp->params[k] = keep - FD_STEP;
      gdouble lm = lagrangian_direct (mlp, x, n, a, pi, alpha, rho);
      mlp->params[k] = keep;
      fd[m] = (lp - lm) / (2.0 * FD_STEP);
      an[m] = grad[k];
    }
  gdouble err = rel_error (an, fd, m);
  g_test_message (
      "%s: dL/dtheta rel. error %.2e over %zu parameters (Omega %.3f)", what,
      err, m, omega);
  g_assert_cmpfloat (err, <=, FD_TOLERANCE);
  g_free (grad);
  g_free (fd);
  g_free (an);
}

/* Samples of p (a = +w) and of q (a = −w), penalty under their mixture.  */
static void
make_objective (GRand *rand, gsize n, gdouble *a, gdouble *pi)
{
  for (gsize i = 0; i < n; i++)
    {
      gdouble w = g_rand_double_range (rand, 0.2, 1.0) / (n / 2);
      a[i] = i < n / 2 ? w : -w;
      pi[i] = 0.5 * w;
    }
}

static void
test_lagrangian_gradient (void)
{
  /* α and ρ with both signs of dL/dΩ.  */
  static const gdouble alphas[] = { 0.0, 0.7, -0.4 };
  static const gdouble rhos[] = { 0.0, 3.0, 10.0 };
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (guint j = 0; j < G_N_ELEMENTS (alphas); j++)
      {
        g_autoptr (SobolevMlp) mlp = test_mlp (&shapes[s], 31 + s);
        GRand *rand = g_rand_new_with_seed (9 + s + 100 * j);
        const gsize n = 14;
        gdouble *x = random_points (rand, n, mlp->dim, 1.5);
        gdouble a[14], pi[14];
        make_objective (rand, n, a, pi);
        gchar *what = g_strdup_printf ("shape %u, alpha %.1f, rho %.1f", s,
                                       alphas[j], rhos[j]);
        check_lagrangian (mlp, x, n, a, pi, alphas[j], rhos[j], 1, what);
        g_free (what);
        g_free (x);
        g_rand_free (rand);
      }
}

/* More points than one block (2048) exercise the two-pass path.  */
static void
test_lagrangian_blocks (void)
{
  Shape shape = { 3, 6, 2, SOBOLEV_ACTIVATION_TANH };
  g_autoptr (SobolevMlp) mlp = test_mlp (&shape, 77);
  GRand *rand = g_rand_new_with_seed (78);
  const gsize n = 4100;
  gdouble *x = random_points (rand, n, 3, 1.0);
  gdouble *a = g_new (gdouble, n), *pi = g_new (gdouble, n);
  make_objective (rand, n, a, pi);
  check_lagrangian (mlp, x, n, a, pi, 0.3, 5.0, 7, "4100 points");
  check_omega_gradient (mlp, x, n, pi, 7, "4100 points");

  /* The blocked result equals the sum of the halves' results.  */
  gsize np = mlp->n_params, h = n / 2;
  gdouble *g_all = g_new (gdouble, np), *g1 = g_new (gdouble, np),
          *g2 = g_new (gdouble, np);
  /* One workspace reused across sizes gives the same results.  */
  g_autoptr (SobolevMlpWork) work = sobolev_mlp_work_new ();
  gdouble v1 = sobolev_mlp_objective_gradient (mlp, x, h, a, pi, g1, work);
  gdouble v = sobolev_mlp_objective_gradient (mlp, x, n, a, pi, g_all, work);
  gdouble v2 = sobolev_mlp_objective_gradient (mlp, x + h * 3, n - h, a + h,
                                               pi + h, g2, work);
  g_assert_cmpfloat (fabs (v - v1 - v2), <=, 1e-12 * (fabs (v) + 1.0));
  for (gsize k = 0; k < np; k++)
    g_assert_cmpfloat (fabs (g_all[k] - g1[k] - g2[k]), <=,
                       1e-10 * (fabs (g_all[k]) + 1e-3));
  g_free (g_all);
  g_free (g1);
  g_free (g2);
  g_free (x);
  g_free (a);
  g_free (pi);
  g_rand_free (rand);
}

static void
test_determinism (void)
{
  g_autoptr (SobolevMlp) m1
      = sobolev_mlp_new (3, 16, 2, SOBOLEV_ACTIVATION_TANH, 42, NULL);
  g_autoptr (SobolevMlp) m2
      = sobolev_mlp_new (3, 16, 2, SOBOLEV_ACTIVATION_TANH, 42, NULL);
  g_autoptr (SobolevMlp) m3
      = sobolev_mlp_new (3, 16, 2, SOBOLEV_ACTIVATION_TANH, 43, NULL);
  g_autoptr (SobolevMlp) c = sobolev_mlp_copy (m1);
  g_assert_cmpuint (m1->n_params, ==, 16 * 3 + 16 + 16 * 16 + 16 + 16);
  g_assert_cmpmem (m1->params, m1->n_params * sizeof (gdouble), m2->params,
                   m2->n_params * sizeof (gdouble));
  g_assert_cmpmem (m1->params, m1->n_params * sizeof (gdouble), c->params,
                   c->n_params * sizeof (gdouble));
  g_assert_true (
      memcmp (m1->params, m3->params, m1->n_params * sizeof (gdouble)) != 0);
  /* Weights have the N(0, 1/fan-in) scale.  */
  gdouble sq = 0.0;
  for (gsize k = 0; k < 16 * 16; k++)
    sq += m1->params[64 + k] * m1->params[64 + k];
  g_assert_cmpfloat (sq / 256.0, >, 0.5 / 16);
  g_assert_cmpfloat (sq / 256.0, <, 2.0 / 16);
}

static void
test_bad_arguments (void)
{
  static const guint bad[][3] = { { 0, 4, 1 }, { 3, 0, 1 }, { 3, 4, 0 } };
  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_autoptr (GError) error = NULL;
      SobolevMlp *mlp = sobolev_mlp_new (bad[k][0], bad[k][1], bad[k][2],
                                         SOBOLEV_ACTIVATION_TANH, 1, &error);
      g_assert_null (mlp);
      g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "positive"));
    }
  g_autoptr (GError) error = NULL;
  g_assert_null (sobolev_mlp_new (3, 4, 1, (SobolevActivation) 9, 1, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mlp/input-gradient", test_input_gradient);
  g_test_add_func ("/mlp/omega-gradient", test_omega_gradient);
  g_test_add_func ("/mlp/lagrangian-gradient", test_lagrangian_gradient);
  g_test_add_func ("/mlp/lagrangian-blocks", test_lagrangian_blocks);
  g_test_add_func ("/mlp/determinism", test_determinism);
  g_test_add_func ("/mlp/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
