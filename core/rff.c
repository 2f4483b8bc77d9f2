/* sobolev-transfer — random Fourier features of the Gaussian kernel.

   The work of a descent step is here: phases, sines and cosines for every
   particle and feature, the mean embedding, the Gramian and the gradient.
   Points are cut in fixed blocks whose partial sums are added in block
   order, so results do not depend on how many threads ran them.  */
#include "rff.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "parallel.h"
#include "sobolev-error.h"

/* Points per block: a block's phases stay in cache.  */
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
  rff->wt = g_new (gdouble, (gsize) m * dim);
  rff->b = g_new (gdouble, m);
  rand = g_rand_new_with_seed (seed);
  for (gsize i = 0; i < (gsize) m * dim; i++)
    rff->w[i] = rff_normal (rand) / sigma;
  for (guint j = 0; j < m; j++)
    rff->b[j] = 2.0 * G_PI * g_rand_double (rand);
  g_rand_free (rand);
  for (guint j = 0; j < m; j++)
    for (guint a = 0; a < dim; a++)
      rff->wt[(gsize) a * m + j] = rff->w[(gsize) j * dim + a];
  return rff;
}

void
sobolev_rff_free (SobolevRff *rff)
{
  if (rff == NULL)
    return;
  g_free (rff->w);
  g_free (rff->wt);
  g_free (rff->b);
  g_free (rff);
}

void
sobolev_rff_set_sigma (SobolevRff *rff, gdouble sigma)
{
  gdouble scale = rff->sigma / sigma;

  for (gsize i = 0; i < (gsize) rff->m * rff->dim; i++)
    {
      rff->w[i] *= scale;
      rff->wt[i] *= scale;
    }
  rff->sigma = sigma;
}

/* The phases W x + b of one point.  */
static inline void
rff_phases_row (const SobolevRff *rff, const gdouble *x, gdouble *p)
{
  const guint m = rff->m;

  memcpy (p, rff->b, m * sizeof (gdouble));
  for (guint a = 0; a < rff->dim; a++)
    {
      const gdouble xa = x[a];
      const gdouble *wt = rff->wt + (gsize) a * m;

      for (guint j = 0; j < m; j++)
        p[j] += xa * wt[j];
    }
}

/* A small non-negative integer as a double, through the same 1.5 × 2⁵²
   trick: only integer and/or and a subtraction, so it vectorizes.  */
static inline gdouble
rff_small_int (gint64 v)
{
  const gint64 magic_bits = G_GINT64_CONSTANT (0x4338000000000000);
  gint64 bits = magic_bits | v;
  gdouble d;

  memcpy (&d, &bits, sizeof d);
  return d - 6755399441055744.0;
}

/* sin and cos of n phases, to about 1 ulp for |x| < 1e5 (phases here are
   a few hundred radians at most): Cody–Waite reduction by π/2, Taylor
   polynomials on [−π/4, π/4], and a branch-free choice of quadrant, so
   the loop vectorizes.  libm's sin and cos would dominate a step.  */
static inline void
rff_sincos_row (const gdouble *x, gsize n, gdouble *s, gdouble *c)
{
  const gdouble two_over_pi = 0.63661977236758134308;
  const gdouble pio2_hi = 1.57079632673412561417e+00;
  const gdouble pio2_lo = 6.07710050650619224932e-11;

  /* Adding 1.5 × 2⁵² rounds to an integer held in the low mantissa
     bits: a rounding and a conversion that vectorize with plain SSE2.  */
  const gdouble magic = 6755399441055744.0;

  for (gsize i = 0; i < n; i++)
    {
      gdouble t = x[i] * two_over_pi + magic;
      gdouble k = t - magic;
      gdouble r = (x[i] - k * pio2_hi) - k * pio2_lo;
      gdouble r2 = r * r;
      gint64 q;
      gdouble sr, cr, swap, sign_s, sign_c;

      /* Taylor coefficients: the remainder on [−π/4, π/4] is < 1e-16.  */
      sr = -1.0 / 1307674368000.0;
      sr = sr * r2 + 1.0 / 6227020800.0;
      sr = sr * r2 - 1.0 / 39916800.0;
      sr = sr * r2 + 1.0 / 362880.0;
      sr = sr * r2 - 1.0 / 5040.0;
      sr = sr * r2 + 1.0 / 120.0;
      sr = sr * r2 - 1.0 / 6.0;
      sr = r + r * r2 * sr;
      cr = -1.0 / 87178291200.0;
      cr = cr * r2 + 1.0 / 479001600.0;
      cr = cr * r2 - 1.0 / 3628800.0;
      cr = cr * r2 + 1.0 / 40320.0;
      cr = cr * r2 - 1.0 / 720.0;
      cr = cr * r2 + 1.0 / 24.0;
      cr = cr * r2 - 0.5;
      cr = 1.0 + r2 * cr;
      /* Quadrant q: (sin, cos) = (sr, cr), (cr, −sr), (−sr, −cr),
         (−cr, sr).  */
      memcpy (&q, &t, sizeof q);
      swap = rff_small_int (q & 1);
      sign_s = 1.0 - rff_small_int (q & 2);
      sign_c = 1.0 - rff_small_int ((q + 1) & 2);
      s[i] = sign_s * (sr + swap * (cr - sr));
      c[i] = sign_c * (cr + swap * (sr - cr));
    }
}

void
sobolev_rff_sincos (const gdouble *phases, gsize n, gdouble *sines,
                    gdouble *cosines)
{
  rff_sincos_row (phases, n, sines, cosines);
}

void
sobolev_rff_phases (const SobolevRff *rff, const gdouble *points, gsize n,
                    gdouble *phases)
{
  for (gsize i = 0; i < n; i++)
    rff_phases_row (rff, points + i * rff->dim, phases + i * rff->m);
}

/* The work of sobolev_rff_moments, by blocks of points.  */
typedef struct
{
  const SobolevRff *rff;
  const SobolevCloud *cloud;
  gdouble total;
  const gdouble *gw; /* Gramian weights, or NULL for no Gramian */
  gdouble *mu_parts; /* n_blocks × m, or NULL */
  gdouble **packed;  /* per block: rows √gw_i s_i with gw_i > 0 */
  gsize *n_packed;
  gdouble *sines; /* n × m, or NULL */
} MomentsJob;

SOBOLEV_HOT_LOOP static void
rff_moments_blocks (gsize first, gsize last, guint chunk, gpointer data)
{
  MomentsJob *job = data;
  const SobolevRff *rff = job->rff;
  const guint m = rff->m;
  gdouble *p = g_new (gdouble, m), *s = g_new (gdouble, m);
  gdouble *c = g_new (gdouble, m);

  for (gsize blk = first; blk < last; blk++)
    {
      gsize start = blk * RFF_BLOCK;
      gsize end = MIN (start + RFF_BLOCK, job->cloud->n);
      gdouble *mu = job->mu_parts ? job->mu_parts + blk * m : NULL;
      gdouble *rows = NULL;
      gsize packed = 0;

      if (job->gw)
        {
          gsize want = 0;

          for (gsize i = start; i < end; i++)
            want += job->gw[i] > 0.0;
          rows = want ? g_new (gdouble, want * m) : NULL;
        }
      if (mu)
        memset (mu, 0, m * sizeof (gdouble));
      for (gsize i = start; i < end; i++)
        {
          gdouble w = job->cloud->weights[i] / job->total;

          rff_phases_row (rff, job->cloud->points + i * rff->dim, p);
          rff_sincos_row (p, m, s, c);
          if (job->sines)
            memcpy (job->sines + i * m, s, m * sizeof (gdouble));
          if (mu)
            for (guint j = 0; j < m; j++)
              mu[j] += w * c[j];
          if (rows && job->gw[i] > 0.0)
            {
              gdouble sw = sqrt (job->gw[i]);
              gdouble *row = rows + packed * m;

              for (guint j = 0; j < m; j++)
                row[j] = sw * s[j];
              packed++;
            }
        }
      if (job->packed)
        {
          job->packed[blk] = rows;
          job->n_packed[blk] = packed;
        }
    }
  g_free (p);
  g_free (s);
  g_free (c);
}

/* The weights each point has in the Gramian: its own, or with max_rows
   > 0 and more points than that, the multiplicity of a systematic
   resample of max_rows points by weight over max_rows (an unbiased
   estimate of the same expectation at a fraction of the SYRK's cost).  */
static gdouble *
rff_gramian_weights (const SobolevCloud *cloud, gdouble total, gsize max_rows)
{
  gdouble *gw = g_new0 (gdouble, cloud->n);
  gdouble step, u, acc = 0.0;

  if (max_rows == 0 || cloud->n <= max_rows)
    {
      for (gsize i = 0; i < cloud->n; i++)
        gw[i] = cloud->weights[i] / total;
      return gw;
    }
  step = total / max_rows;
  u = 0.5 * step;
  for (gsize i = 0; i < cloud->n; i++)
    {
      acc += cloud->weights[i];
      while (u < acc)
        {
          gw[i] += 1.0 / max_rows;
          u += step;
        }
    }
  return gw;
}

static void
rff_moments_run (const SobolevRff *rff, const SobolevCloud *cloud, gdouble *mu,
                 gdouble *gramian, gdouble *sines, gsize max_rows)
{
  const guint m = rff->m, d = rff->dim;
  gsize n_blocks = (cloud->n + RFF_BLOCK - 1) / RFF_BLOCK;
  MomentsJob job = { 0 };
  gboolean first = TRUE;

  job.rff = rff;
  job.cloud = cloud;
  job.total = sobolev_cloud_total_weight (cloud);
  job.sines = sines;
  if (mu)
    job.mu_parts = g_new (gdouble, n_blocks * m);
  if (gramian)
    {
      job.gw = rff_gramian_weights (cloud, job.total, max_rows);
      job.packed = g_new0 (gdouble *, n_blocks);
      job.n_packed = g_new0 (gsize, n_blocks);
    }
  /* Threads pay off from a few blocks of work on.  */
  sobolev_parallel_for (n_blocks, MAX (1, 65536 / (RFF_BLOCK * m)), 0,
                        rff_moments_blocks, &job);

  if (mu)
    {
      memset (mu, 0, m * sizeof (gdouble));
      for (gsize blk = 0; blk < n_blocks; blk++)
        for (guint j = 0; j < m; j++)
          mu[j] += job.mu_parts[blk * m + j];
      for (guint j = 0; j < m; j++)
        mu[j] *= sqrt (2.0 / m);
      g_free (job.mu_parts);
    }
  if (gramian == NULL)
    return;

  memset (gramian, 0, (gsize) m * m * sizeof (gdouble));
  for (gsize blk = 0; blk < n_blocks; blk++)
    {
      if (job.n_packed[blk] == 0)
        continue;
      /* G += Bᵀ B, B = diag(√w) S on this block: the weighted SYRK.  */
      cblas_dsyrk (CblasRowMajor, CblasUpper, CblasTrans, m, job.n_packed[blk],
                   1.0, job.packed[blk], m, first ? 0.0 : 1.0, gramian, m);
      first = FALSE;
      g_free (job.packed[blk]);
    }
  g_free (job.packed);
  g_free (job.n_packed);
  g_free ((gpointer) job.gw);

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
sobolev_rff_mean_embedding (const SobolevRff *rff, const SobolevCloud *cloud,
                            gdouble *mu)
{
  rff_moments_run (rff, cloud, mu, NULL, NULL, 0);
}

void
sobolev_rff_gramian (const SobolevRff *rff, const SobolevCloud *cloud,
                     gdouble *gramian, gdouble *sines)
{
  rff_moments_run (rff, cloud, NULL, gramian, sines, 0);
}

void
sobolev_rff_moments (const SobolevRff *rff, const SobolevCloud *cloud,
                     gdouble *mu, gdouble *gramian, gdouble *sines,
                     gsize max_rows)
{
  rff_moments_run (rff, cloud, mu, gramian, sines, max_rows);
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
      /* J_φ(x)_{a,j} = −√(2/m) sin(w_j·x + b_j) W_{j,a}, with libm's sin:
         an independent check of the fast path.  */
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

typedef struct
{
  const SobolevRff *rff;
  const gdouble *coef;
  const gdouble *points;
  const gdouble *sines;
  gdouble *out;
} GradientJob;

SOBOLEV_HOT_LOOP static void
rff_gradient_range (gsize start, gsize end, guint chunk, gpointer data)
{
  GradientJob *job = data;
  const SobolevRff *rff = job->rff;
  const guint m = rff->m, d = rff->dim;
  const gdouble scale = -sqrt (2.0 / m);
  gdouble *p = g_new (gdouble, m), *s = g_new (gdouble, m);
  gdouble *c = g_new (gdouble, m);

  for (gsize i = start; i < end; i++)
    {
      const gdouble *si;

      if (job->sines)
        si = job->sines + i * m;
      else
        {
          rff_phases_row (rff, job->points + i * d, p);
          rff_sincos_row (p, m, s, c);
          si = s;
        }
      /* t = coef ⊙ sin, then ∇u = −√(2/m) Wᵀ t.  */
      for (guint j = 0; j < m; j++)
        p[j] = job->coef[j] * si[j];
      for (guint a = 0; a < d; a++)
        {
          const gdouble *wt = rff->wt + (gsize) a * m;
          gdouble acc = 0.0;

          for (guint j = 0; j < m; j++)
            acc += p[j] * wt[j];
          job->out[i * d + a] = scale * acc;
        }
    }
  g_free (p);
  g_free (s);
  g_free (c);
}

void
sobolev_rff_gradient (const SobolevRff *rff, const gdouble *coef,
                      const gdouble *points, gsize n, const gdouble *sines,
                      gdouble *out)
{
  GradientJob job = { rff, coef, points, sines, out };

  sobolev_parallel_for (n, MAX (64, 65536 / rff->m), 0, rff_gradient_range,
                        &job);
}
