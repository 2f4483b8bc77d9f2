/* sobolev-transfer — regularized kernel Sobolev descent (Algorithm 1).

   Each step fits the critic u = ⟨û, φ⟩ whose gradient is the velocity of
   least regularized kinetic energy toward the target, then the engine
   moves every point by ε ∇u(x).  With anneal < 1, σ and λ shrink
   geometrically along the path (coarse to fine): the early steps move
   whole color masses smoothly, the late ones match detail.  */
#include "kernel-descent.h"

#include <lapacke.h>
#include <math.h>
#include <string.h>

#include "sobolev-error.h"

typedef struct
{
  SobolevParams params;
  const SobolevCloud *target;
  SobolevRff *rff;
  gdouble *mu_p;
  gdouble *coef;
  /* Cache of sin(W x + b) at the particles last fitted, so the
     displacement at those same points costs no second pass of sines.  */
  gdouble *sines;
  const gdouble *sines_points;
  gsize sines_n;
} KernelDescent;

gboolean
sobolev_kernel_critic (const SobolevRff *rff, const gdouble *mu_p,
                       const SobolevCloud *q, gdouble lambda,
                       gsize gramian_rows, gdouble *coef, gdouble *sines,
                       gdouble *mmd2, gdouble *sobolev2, GError **error)
{
  const guint m = rff->m;
  gdouble *gramian = g_new (gdouble, (gsize) m * m);
  gdouble *mu_q = g_new (gdouble, m);
  gdouble *rhs_copy = NULL;
  lapack_int info;

  sobolev_rff_moments (rff, q, mu_q, gramian, sines, gramian_rows);
  for (guint j = 0; j < m; j++)
    coef[j] = mu_p[j] - mu_q[j];
  if (mmd2)
    {
      gdouble s = 0.0;

      for (guint j = 0; j < m; j++)
        s += coef[j] * coef[j];
      *mmd2 = s;
    }
  if (sobolev2)
    rhs_copy = g_memdup2 (coef, m * sizeof (gdouble));
  for (guint j = 0; j < m; j++)
    gramian[(gsize) j * m + j] += lambda;
  info = LAPACKE_dposv (LAPACK_ROW_MAJOR, 'U', m, 1, gramian, m, coef, 1);
  if (info == 0 && sobolev2)
    {
      gdouble s = 0.0;

      /* ⟨μp − μq, û⟩ = ûᵀ (D̂ + λI) û.  */
      for (guint j = 0; j < m; j++)
        s += rhs_copy[j] * coef[j];
      *sobolev2 = s;
    }
  g_free (rhs_copy);
  g_free (gramian);
  g_free (mu_q);
  if (info != 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                   "the critic's system is singular (Cholesky failed at "
                   "column %d): increase the smoothness λ",
                   (int) info);
      return FALSE;
    }
  for (guint j = 0; j < m; j++)
    if (!isfinite (coef[j]))
      {
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                     "the critic is not finite: increase the smoothness λ");
        return FALSE;
      }
  return TRUE;
}

static gpointer
kernel_descent_create (const SobolevParams *params, const SobolevCloud *target,
                       GError **error)
{
  KernelDescent *kd;
  SobolevRff *rff;

  rff = sobolev_rff_new (target->dim, params->features, params->bandwidth,
                         (guint32) params->seed, error);
  if (rff == NULL)
    return NULL;
  kd = g_new0 (KernelDescent, 1);
  kd->params = *params;
  kd->target = target;
  kd->rff = rff;
  kd->mu_p = g_new (gdouble, rff->m);
  kd->coef = g_new0 (gdouble, rff->m);
  sobolev_rff_mean_embedding (rff, target, kd->mu_p);
  return kd;
}

/* The fraction of the coarse-to-fine schedule at step `step`.  */
static gdouble
kernel_descent_anneal (const SobolevParams *params, guint step, guint n_steps)
{
  if (params->anneal >= 1.0 || n_steps < 2)
    return 1.0;
  return pow (params->anneal, (gdouble) step / (n_steps - 1));
}

static gboolean
kernel_descent_fit (gpointer state, const SobolevCloud *current, guint step,
                    guint n_steps, GError **error)
{
  KernelDescent *kd = state;
  gdouble factor = kernel_descent_anneal (&kd->params, step, n_steps);
  gdouble sigma = kd->params.bandwidth * factor;

  if (sigma != kd->rff->sigma)
    {
      sobolev_rff_set_sigma (kd->rff, sigma);
      sobolev_rff_mean_embedding (kd->rff, kd->target, kd->mu_p);
    }
  if (kd->sines_n != current->n)
    {
      g_free (kd->sines);
      kd->sines = g_new (gdouble, current->n * kd->rff->m);
      kd->sines_n = current->n;
    }
  kd->sines_points = current->points;
  if (!sobolev_kernel_critic (
          kd->rff, kd->mu_p, current, kd->params.smoothness * factor,
          kd->params.gramian_samples, kd->coef, kd->sines, NULL, NULL, error))
    {
      kd->sines_points = NULL;
      return FALSE;
    }
  return TRUE;
}

static void
kernel_descent_displacement (gpointer state, const gdouble *points, gsize n,
                             gdouble *out)
{
  KernelDescent *kd = state;
  const gdouble *sines
      = (points == kd->sines_points && n == kd->sines_n) ? kd->sines : NULL;

  sobolev_rff_gradient (kd->rff, kd->coef, points, n, sines, out);
  for (gsize i = 0; i < n * kd->rff->dim; i++)
    out[i] *= kd->params.step_size;
  /* The particles move after this; the cache describes where they were.  */
  if (sines)
    kd->sines_points = NULL;
}

static void
kernel_descent_destroy (gpointer state)
{
  KernelDescent *kd = state;

  sobolev_rff_free (kd->rff);
  g_free (kd->mu_p);
  g_free (kd->coef);
  g_free (kd->sines);
  g_free (kd);
}

static const gchar *const kernel_descent_params[]
    = { "smoothness", "bandwidth",       "features", "step-size",
        "anneal",     "gramian-samples", NULL };

const SobolevMethodClass sobolev_kernel_descent_class = {
  .id = SOBOLEV_METHOD_KERNEL,
  .nick = "kernel",
  .own_params = kernel_descent_params,
  .create = kernel_descent_create,
  .fit = kernel_descent_fit,
  .displacement = kernel_descent_displacement,
  .destroy = kernel_descent_destroy,
};
