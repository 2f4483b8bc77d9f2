/* sobolev-transfer — random Fourier features of the Gaussian kernel.  */
#include "rff.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "sobolev-error.h"

/* Rows per block when streaming over points: keeps a block of phases in
   cache instead of an n × m matrix in memory.  */
#define RFF_BLOCK 256

static gdouble
rff_normal (GRand *rand)
{
  /* Box–Muller; 1 − u keeps the logarithm finite.  */
  gdouble u = 1.0 - g_rand_double (rand);
  gdouble v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

SobolevRff *
sobolev_rff_new (guint dim, guint m, gdouble sigma, guint32 seed,
                 GError **error)
{
  SobolevRff *rff;
  GRand *rand;

  if (dim == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "random features need a dimension of at least 1");
      return NULL;
    }
  if (m == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "the number of random features m must be at least 1");
      return NULL;
    }
  if (!(sigma > 0.0) || !isfinite (sigma))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "the kernel bandwidth σ must be positive (got %g)", sigma);
      return NULL;
    }
  rff = g_new0 (SobolevRff, 1);
  rff->dim = dim;
  rff->m = m;
  rff->sigma = sigma;
  rff->w = g_new (gdouble, (gsize) m * dim);
  rff->b = g_new (gdouble, m);
  rand = g_rand_new_with_seed (seed);
  for (gsize i = 0; i < (gsize) m * dim; i++)
    rff->w[i] = rff_normal (rand) / sigma;
  for (guint j = 0; j < m; j++)
    rff->b[j] = 2.0 * G_PI * g_rand_double (rand);
  g_rand_free (rand);
  return rff;
}

void
sobolev_rff_free (SobolevRff *rff)
{
  if (rff == NULL)
    return;
  g_free (rff->w);
  g_free (rff->b);
  g_free (rff);
}

void
sobolev_rff_set_sigma (SobolevRff *rff, gdouble sigma)
{
  gdouble scale = rff->sigma / sigma;

  for (gsize i = 0; i < (gsize) rff->m * rff->dim; i++)
    rff->w[i] *= scale;
  rff->sigma = sigma;
}

void
sobolev_rff_phases (const SobolevRff *rff, const gdouble *points, gsize n,
                    gdouble *phases)
{
  const guint d = rff->dim, m = rff->m;

  for (gsize i = 0; i < n; i++)
    {
      const gdouble *x = points + i * d;
      gdouble *p = phases + i * m;

      for (guint j = 0; j < m; j++)
        {
          const gdouble *w = rff->w + (gsize) j * d;
          gdouble s = rff->b[j];

          for (guint a = 0; a < d; a++)
            s += w[a] * x[a];
          p[j] = s;
        }
    }
}

void
sobolev_rff_mean_embedding (const SobolevRff *rff, const SobolevCloud *cloud,
                            gdouble *mu)
{
  const guint m = rff->m;
  gdouble *phases = g_new (gdouble, (gsize) RFF_BLOCK * m);
  gdouble total = sobolev_cloud_total_weight (cloud);
  gdouble scale = sqrt (2.0 / m) / total;

  memset (mu, 0, m * sizeof (gdouble));
  for (gsize start = 0; start < cloud->n; start += RFF_BLOCK)
    {
      gsize rows = MIN (RFF_BLOCK, cloud->n - start);

      sobolev_rff_phases (rff, cloud->points + start * rff->dim, rows,
                          phases);
      for (gsize i = 0; i < rows; i++)
        {
          gdouble w = cloud->weights[start + i];
          const gdouble *p = phases + i * m;

          for (guint j = 0; j < m; j++)
            mu[j] += w * cos (p[j]);
        }
    }
  for (guint j = 0; j < m; j++)
    mu[j] *= scale;
  g_free (phases);
}

void
sobolev_rff_gramian (const SobolevRff *rff, const SobolevCloud *cloud,
                     gdouble *gramian, gdouble *sines)
{
  const guint m = rff->m, d = rff->dim;
  gdouble *block = g_new (gdouble, (gsize) RFF_BLOCK * m);
  gdouble total = sobolev_cloud_total_weight (cloud);
  gboolean first = TRUE;

  memset (gramian, 0, (gsize) m * m * sizeof (gdouble));
  for (gsize start = 0; start < cloud->n; start += RFF_BLOCK)
    {
      gsize rows = MIN (RFF_BLOCK, cloud->n - start);

      sobolev_rff_phases (rff, cloud->points + start * d, rows, block);
      for (gsize i = 0; i < rows; i++)
        {
          gdouble *p = block + i * m;
          gdouble sw = sqrt (cloud->weights[start + i] / total);

          for (guint j = 0; j < m; j++)
            {
              gdouble s = sin (p[j]);

              if (sines)
                sines[(start + i) * m + j] = s;
              p[j] = sw * s;
            }
        }
      /* G += Bᵀ B, B = diag(√w) S on this block: the weighted SYRK.  */
      cblas_dsyrk (CblasRowMajor, CblasUpper, CblasTrans, m, rows, 1.0,
                   block, m, first ? 0.0 : 1.0, gramian, m);
      first = FALSE;
    }
  g_free (block);

  /* Hadamard product with (2/m) W Wᵀ, and mirror the upper triangle.  */
  for (guint j = 0; j < m; j++)
    for (guint k = j; k < m; k++)
      {
        gdouble ww = 0.0;

        for (guint a = 0; a < d; a++)
          ww += rff->w[(gsize) j * d + a] * rff->w[(gsize) k * d + a];
        gramian[(gsize) j * m + k] *= 2.0 / m * ww;
        gramian[(gsize) k * m + j] = gramian[(gsize) j * m + k];
      }
}

void
sobolev_rff_gramian_direct (const SobolevRff *rff, const SobolevCloud *cloud,
                            gdouble *gramian)
{
  const guint m = rff->m, d = rff->dim;
  gdouble *jac = g_new (gdouble, (gsize) d * m);
  gdouble *phases = g_new (gdouble, m);
  gdouble total = sobolev_cloud_total_weight (cloud);
  gdouble c = sqrt (2.0 / m);

  memset (gramian, 0, (gsize) m * m * sizeof (gdouble));
  for (gsize i = 0; i < cloud->n; i++)
    {
      gdouble w = cloud->weights[i] / total;

      sobolev_rff_phases (rff, cloud->points + i * d, 1, phases);
      /* J_φ(x)_{a,j} = −√(2/m) sin(w_j·x + b_j) W_{j,a}.  */
      for (guint a = 0; a < d; a++)
        for (guint j = 0; j < m; j++)
          jac[(gsize) a * m + j] = -c * sin (phases[j]) * rff->w[j * d + a];
      for (guint j = 0; j < m; j++)
        for (guint k = 0; k < m; k++)
          {
            gdouble s = 0.0;

            for (guint a = 0; a < d; a++)
              s += jac[(gsize) a * m + j] * jac[(gsize) a * m + k];
            gramian[(gsize) j * m + k] += w * s;
          }
    }
  g_free (jac);
  g_free (phases);
}

void
sobolev_rff_gradient (const SobolevRff *rff, const gdouble *coef,
                      const gdouble *points, gsize n, const gdouble *sines,
                      gdouble *out)
{
  const guint m = rff->m, d = rff->dim;
  gdouble c = -sqrt (2.0 / m);
  gdouble *phases = sines ? NULL : g_new (gdouble, m);
  gdouble *t = g_new (gdouble, m);

  for (gsize i = 0; i < n; i++)
    {
      const gdouble *s;
      gdouble *o = out + i * d;

      if (sines)
        s = sines + i * m;
      else
        {
          sobolev_rff_phases (rff, points + i * d, 1, phases);
          for (guint j = 0; j < m; j++)
            phases[j] = sin (phases[j]);
          s = phases;
        }
      for (guint j = 0; j < m; j++)
        t[j] = coef[j] * s[j];
      for (guint a = 0; a < d; a++)
        o[a] = 0.0;
      for (guint j = 0; j < m; j++)
        for (guint a = 0; a < d; a++)
          o[a] += t[j] * rff->w[(gsize) j * d + a];
      for (guint a = 0; a < d; a++)
        o[a] *= c;
    }
  g_free (phases);
  g_free (t);
}
