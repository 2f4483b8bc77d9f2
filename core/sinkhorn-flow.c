/* sobolev-transfer — the Sinkhorn-divergence flow (Feydy et al., AISTATS
   2019, "Interpolating between optimal transport and MMD using Sinkhorn
   divergences") and the Neural Sinkhorn Gradient Flow (Zhu et al.,
   2023).

   The current cloud α flows down the debiased divergence S_ε(α, β) to
   the target β: each particle moves by h v(x), v = −∇(f_ab − f_aa)(x),
   the first variation's gradient.  With the cost ½ ‖x − y‖² it is the
   difference of two entropic barycentric maps, T_β(x) − T_α(x): the pull
   toward the target minus the pull toward the cloud itself, which is
   what keeps the flow from collapsing the cloud onto the target's
   modes.  The potentials are solved in the log domain (stable at small
   ε) with ε-scaling, from scratch at every step, between the two clouds
   summarized at the blur's scale; β's own potential, which the
   velocity does not involve, is not solved for.

   "nsgf" fits a small MLP potential φ by regression of ∇φ on those
   velocities at the current particles, warm-started from the previous
   step's network (so it remembers the path so far), and moves the
   particles and passengers with h ∇φ: the path is the learned field's,
   which is defined, smooth, anywhere.  */
#include "sinkhorn-flow.h"

#include <math.h>
#include <string.h>

#include "mlp.h"
#include "parallel.h"
#include "simd-exp.h"
#include "sobolev-error.h"

/* ε-scaling's ratio of successive blurs, as GeomLoss's default.  */
#define SINKHORN_SCALING 0.5

/* NSGF's network and its training.  */
#define NSGF_WIDTH 32
#define NSGF_DEPTH 2
#define NSGF_INPUT_SCALE 4.0
#define NSGF_BATCH 256
#define NSGF_FIRST_STEPS 400
#define NSGF_STEPS 200
#define NSGF_LEARNING_RATE 3e-3
/* Half-width of the central difference that turns u·∇φ into values of
   φ, in the network's input units (error O(width²)).  */
#define NSGF_DIFFERENCE 1e-3

/* The points y_j of a softmin, laid out for the vector loops: each
   coordinate in its own array, padded to whole vectors (padding weighs
   exp (−∞) = 0), with h_j = log w_j + g_j / ε.  */
typedef struct
{
  gsize m, padded;
  guint dim;
  gdouble *coords; /* dim × padded */
  gdouble *h;      /* padded */
} SoftPoints;

static void
soft_points_init (SoftPoints *sp, const SobolevCloud *y, const gdouble *log_w,
                  const gdouble *potential, gdouble epsilon)
{
  sp->m = y->n;
  sp->dim = y->dim;
  sp->padded = (y->n + SIMD_WIDTH - 1) / SIMD_WIDTH * SIMD_WIDTH;
  sp->coords = g_aligned_alloc0 (sp->padded * sp->dim, sizeof (gdouble),
                                 sizeof (SimdDouble));
  sp->h = g_aligned_alloc (sp->padded, sizeof (gdouble), sizeof (SimdDouble));
  for (gsize j = 0; j < sp->padded; j++)
    {
      sp->h[j] = -INFINITY;
      if (j < y->n)
        {
          sp->h[j] = log_w[j] + (potential ? potential[j] / epsilon : 0.0);
          for (guint a = 0; a < sp->dim; a++)
            sp->coords[a * sp->padded + j] = y->points[j * sp->dim + a];
        }
    }
}

static void
soft_points_clear (SoftPoints *sp)
{
  g_aligned_free (sp->coords);
  g_aligned_free (sp->h);
}

/* z_j = h_j − ½ ‖x − y_j‖² / ε for every point of sp, into z (aligned,
   sp->padded long); returns the largest.  */
static inline gdouble
soft_exponents (const SoftPoints *sp, const gdouble *x, gdouble epsilon,
                gdouble *z)
{
  const gdouble half_inverse = 0.5 / epsilon;
  SimdDouble top = { -INFINITY, -INFINITY, -INFINITY, -INFINITY };

  for (gsize j = 0; j < sp->padded; j += SIMD_WIDTH)
    {
      SimdDouble d2 = { 0.0, 0.0, 0.0, 0.0 }, zj;

      for (guint a = 0; a < sp->dim; a++)
        {
          SimdDouble d
              = x[a] - *(const SimdDouble *) (sp->coords + a * sp->padded + j);

          d2 += d * d;
        }
      zj = *(const SimdDouble *) (sp->h + j) - d2 * half_inverse;
      *(SimdDouble *) (z + j) = zj;
      top = simd_max (top, zj);
    }
  return simd_max_lane (top);
}

/* −ε log Σ_j exp(h_j − ½ ‖x_i − y_j‖² / ε) for each x_i.  */
typedef struct
{
  const gdouble *x;
  const SoftPoints *y;
  gdouble epsilon;
  gdouble *out;
} Softmin;

SOBOLEV_HOT_LOOP static void
softmin_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const Softmin *s = data;
  const SoftPoints *y = s->y;
  gdouble *z
      = g_aligned_alloc (y->padded, sizeof (gdouble), sizeof (SimdDouble));

  (void) chunk;
  for (gsize i = start; i < end; i++)
    {
      gdouble top = soft_exponents (y, s->x + i * y->dim, s->epsilon, z);
      SimdDouble sum = { 0.0, 0.0, 0.0, 0.0 };

      for (gsize j = 0; j < y->padded; j += SIMD_WIDTH)
        sum += simd_exp (*(const SimdDouble *) (z + j) - top);
      s->out[i] = -s->epsilon * (top + log (simd_sum (sum)));
    }
  g_aligned_free (z);
}

static void
softmin (gdouble epsilon, const SobolevCloud *x, const SobolevCloud *y,
         const gdouble *log_w, const gdouble *potential, gdouble *out)
{
  SoftPoints sp;
  Softmin s = { x->points, &sp, epsilon, out };

  soft_points_init (&sp, y, log_w, potential, epsilon);
  sobolev_parallel_for (x->n, MAX (1, 20000 / MAX (y->n, 1)), 0, softmin_range,
                        &s);
  soft_points_clear (&sp);
}

/* log of the normalized weights (−∞ for zero weights, which the
   softmin's exp turns into nothing).  */
static gdouble *
log_weights (const SobolevCloud *c)
{
  gdouble total = sobolev_cloud_total_weight (c);
  gdouble *l = g_new (gdouble, c->n);

  for (gsize i = 0; i < c->n; i++)
    l[i] = c->weights[i] > 0.0 ? log (c->weights[i] / total) : -INFINITY;
  return l;
}

/* The largest distance between points of a and b: the bounding box's
   diagonal.  */
static gdouble
diameter (const SobolevCloud *a, const SobolevCloud *b)
{
  gdouble d2 = 0.0;

  for (guint k = 0; k < a->dim; k++)
    {
      gdouble lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

      for (gsize i = 0; i < a->n; i++)
        {
          lo = MIN (lo, a->points[i * a->dim + k]);
          hi = MAX (hi, a->points[i * a->dim + k]);
        }
      for (gsize j = 0; j < b->n; j++)
        {
          lo = MIN (lo, b->points[j * b->dim + k]);
          hi = MAX (hi, b->points[j * b->dim + k]);
        }
      d2 += (hi - lo) * (hi - lo);
    }
  return sqrt (d2);
}

static void
average_into (gdouble *dst, const gdouble *src, gsize n)
{
  for (gsize i = 0; i < n; i++)
    dst[i] = 0.5 * (dst[i] + src[i]);
}

/* One symmetric update at ε of the four potentials, averaged with the
   old values, or replacing them when extrapolate.  */
static void
sinkhorn_update (SobolevSinkhornPotentials *pot, const SobolevCloud *a,
                 const SobolevCloud *b, const gdouble *log_a,
                 const gdouble *log_b, gdouble epsilon, gboolean extrapolate)
{
  gdouble *ft_ab = g_new (gdouble, a->n), *gt_ab = g_new (gdouble, b->n);
  gdouble *ft_aa = g_new (gdouble, a->n);
  gdouble *gt_bb = g_new (gdouble, b->n);

  /* All four from the old values: the update is symmetric in α, β.  */
  softmin (epsilon, a, b, log_b, pot->g_ab, ft_ab);
  softmin (epsilon, b, a, log_a, pot->f_ab, gt_ab);
  softmin (epsilon, a, a, log_a, pot->f_aa, ft_aa);
  if (pot->g_bb)
    softmin (epsilon, b, b, log_b, pot->g_bb, gt_bb);
  if (extrapolate)
    {
      memcpy (pot->f_ab, ft_ab, a->n * sizeof (gdouble));
      memcpy (pot->g_ab, gt_ab, b->n * sizeof (gdouble));
      memcpy (pot->f_aa, ft_aa, a->n * sizeof (gdouble));
      if (pot->g_bb)
        memcpy (pot->g_bb, gt_bb, b->n * sizeof (gdouble));
    }
  else
    {
      average_into (pot->f_ab, ft_ab, a->n);
      average_into (pot->g_ab, gt_ab, b->n);
      average_into (pot->f_aa, ft_aa, a->n);
      if (pot->g_bb)
        average_into (pot->g_bb, gt_bb, b->n);
    }
  g_free (ft_ab);
  g_free (gt_ab);
  g_free (ft_aa);
  g_free (gt_bb);
}

/* The potentials; without with_bb, g_bb stays NULL: the flow's velocity
   does not involve β's own potential, and with a photo's reference of
   thousands of colors against a few hundred particles, solving for it
   was most of each step.  */
static SobolevSinkhornPotentials *
sinkhorn_solve (const SobolevCloud *a, const SobolevCloud *b, gdouble blur,
                gboolean with_bb)
{
  SobolevSinkhornPotentials *pot = g_new0 (SobolevSinkhornPotentials, 1);
  g_autofree gdouble *log_a = log_weights (a);
  g_autofree gdouble *log_b = log_weights (b);
  gdouble d = MAX (diameter (a, b), blur);
  gdouble eps = d * d, target = blur * blur;

  pot->epsilon = target;
  pot->n = a->n;
  pot->m = b->n;
  pot->f_ab = g_new (gdouble, a->n);
  pot->g_ab = g_new (gdouble, b->n);
  pot->f_aa = g_new (gdouble, a->n);
  /* At ε = diameter² every potential is nearly its c-transform of zero.  */
  softmin (eps, a, b, log_b, NULL, pot->f_ab);
  softmin (eps, b, a, log_a, NULL, pot->g_ab);
  softmin (eps, a, a, log_a, NULL, pot->f_aa);
  if (with_bb)
    {
      pot->g_bb = g_new (gdouble, b->n);
      softmin (eps, b, b, log_b, NULL, pot->g_bb);
    }
  for (;;)
    {
      sinkhorn_update (pot, a, b, log_a, log_b, eps, FALSE);
      if (eps <= target)
        break;
      eps = MAX (eps * SINKHORN_SCALING * SINKHORN_SCALING, target);
    }
  sinkhorn_update (pot, a, b, log_a, log_b, target, TRUE);
  return pot;
}

SobolevSinkhornPotentials *
sobolev_sinkhorn_solve (const SobolevCloud *a, const SobolevCloud *b,
                        gdouble blur)
{
  return sinkhorn_solve (a, b, blur, TRUE);
}

void
sobolev_sinkhorn_potentials_free (SobolevSinkhornPotentials *pot)
{
  if (pot == NULL)
    return;
  g_free (pot->f_ab);
  g_free (pot->g_ab);
  g_free (pot->f_aa);
  g_free (pot->g_bb);
  g_free (pot);
}

gdouble
sobolev_sinkhorn_value (const SobolevSinkhornPotentials *pot,
                        const SobolevCloud *a, const SobolevCloud *b)
{
  gdouble ta = sobolev_cloud_total_weight (a);
  gdouble tb = sobolev_cloud_total_weight (b);
  gdouble s = 0.0;

  g_return_val_if_fail (pot->g_bb != NULL, NAN);
  for (gsize i = 0; i < a->n; i++)
    s += a->weights[i] / ta * (pot->f_ab[i] - pot->f_aa[i]);
  for (gsize j = 0; j < b->n; j++)
    s += b->weights[j] / tb * (pot->g_ab[j] - pot->g_bb[j]);
  return s;
}

gdouble
sobolev_sinkhorn_divergence (const SobolevCloud *a, const SobolevCloud *b,
                             gdouble blur)
{
  g_autoptr (SobolevSinkhornPotentials) pot
      = sobolev_sinkhorn_solve (a, b, blur);

  return sobolev_sinkhorn_value (pot, a, b);
}

/* Adds sign × T(x) to out for each point: T the entropic barycentric map
   Σ_j π_j(x) y_j, π_j ∝ w_j exp((g_j − ½ ‖x − y_j‖²) / ε), the gradient
   of the soft c-transform of g being x − T(x).  */
typedef struct
{
  const gdouble *points;
  const SoftPoints *y;
  gdouble epsilon, sign;
  gdouble *out;
} Barycentric;

SOBOLEV_HOT_LOOP static void
barycentric_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const Barycentric *b = data;
  const SoftPoints *y = b->y;
  const guint dim = y->dim;
  gdouble *z
      = g_aligned_alloc (y->padded, sizeof (gdouble), sizeof (SimdDouble));

  (void) chunk;
  for (gsize i = start; i < end; i++)
    {
      gdouble top = soft_exponents (y, b->points + i * dim, b->epsilon, z);
      SimdDouble sum = { 0.0, 0.0, 0.0, 0.0 }, acc[16];
      gdouble total;

      memset (acc, 0, sizeof acc);
      for (gsize j = 0; j < y->padded; j += SIMD_WIDTH)
        {
          SimdDouble e = simd_exp (*(const SimdDouble *) (z + j) - top);

          sum += e;
          for (guint a = 0; a < dim; a++)
            acc[a] += e * *(const SimdDouble *) (y->coords + a * y->padded + j);
        }
      total = simd_sum (sum);
      for (guint a = 0; a < dim; a++)
        b->out[i * dim + a] += b->sign * simd_sum (acc[a]) / total;
    }
  g_aligned_free (z);
}

static void
add_barycentric (const gdouble *points, gsize n, const SobolevCloud *y,
                 const gdouble *potential, gdouble epsilon, gdouble sign,
                 gdouble *out)
{
  g_autofree gdouble *log_w = log_weights (y);
  SoftPoints sp;
  Barycentric b = { points, &sp, epsilon, sign, out };

  soft_points_init (&sp, y, log_w, potential, epsilon);
  sobolev_parallel_for (n, MAX (1, 20000 / MAX (y->n, 1)), 0, barycentric_range,
                        &b);
  soft_points_clear (&sp);
}

void
sobolev_sinkhorn_velocity (const SobolevSinkhornPotentials *pot,
                           const SobolevCloud *a, const SobolevCloud *b,
                           const gdouble *points, gsize n, gdouble *out)
{
  g_return_if_fail (a->dim <= 16);
  memset (out, 0, n * a->dim * sizeof (gdouble));
  /* f_ab(x) is the soft c-transform of g_ab over β, f_aa(x) that of
     f_aa over α.  */
  add_barycentric (points, n, b, pot->g_ab, pot->epsilon, 1.0, out);
  add_barycentric (points, n, a, pot->f_aa, pot->epsilon, -1.0, out);
}

/* The method.  */

/* The solve sees both clouds summarized on a grid whose cells are this
   fraction of the blur wide: colors closer than the blur are matched
   softly anyway.  The solve costs the product of the clouds' sizes at
   every ε, and a photo's thousands of particles and reference colors
   made one step take a second.  */
#define SINKHORN_SUMMARY_CELL 1.0

typedef struct
{
  const gint32 *cells;
  guint dim;
} CellOrder;

static gint
cell_compare (gconstpointer a, gconstpointer b, gpointer data)
{
  const CellOrder *o = data;
  const gint32 *ca = o->cells + *(const gsize *) a * o->dim;
  const gint32 *cb = o->cells + *(const gsize *) b * o->dim;

  for (guint k = 0; k < o->dim; k++)
    if (ca[k] != cb[k])
      return ca[k] < cb[k] ? -1 : 1;
  return 0;
}

/* c summarized on a grid of cells of side `cell`: per occupied cell,
   its points' weighted mean weighing their sum (points of no weight are
   left out).  Not sobolev_cloud_rebin: that bins 3-D colors in [0, 1]
   by powers of two, and the method takes clouds of any dimension and
   cells as wide as the blur.  */
static SobolevCloud *
sinkhorn_summary (const SobolevCloud *c, gdouble cell)
{
  const guint dim = c->dim;
  g_autofree gint32 *cells = NULL;
  g_autofree gsize *order = NULL;
  SobolevCloud *out;
  gsize n = 0, n_cells = 0;
  CellOrder o;

  cells = g_new (gint32, c->n * dim);
  order = g_new (gsize, c->n);
  for (gsize i = 0; i < c->n; i++)
    {
      if (!(c->weights[i] > 0.0))
        continue;
      order[n++] = i;
      for (guint k = 0; k < dim; k++)
        cells[i * dim + k]
            = (gint32) floor (CLAMP (c->points[i * dim + k] / cell, -1e9, 1e9));
    }
  o = (CellOrder){ cells, dim };
  g_qsort_with_data (order, (gint) n, sizeof (gsize), cell_compare, &o);
  for (gsize i = 0; i < n; i++)
    if (i == 0 || cell_compare (&order[i - 1], &order[i], &o) != 0)
      n_cells++;
  out = sobolev_cloud_new (dim, n_cells);
  for (gsize i = 0, j = 0; i < n; i++)
    {
      gsize p = order[i];

      if (i > 0 && cell_compare (&order[i - 1], &order[i], &o) != 0)
        j++;
      out->weights[j] += c->weights[p];
      for (guint k = 0; k < dim; k++)
        out->points[j * dim + k] += c->weights[p] * c->points[p * dim + k];
    }
  for (gsize j = 0; j < n_cells; j++)
    for (guint k = 0; k < dim; k++)
      out->points[j * dim + k] /= out->weights[j];
  return out;
}

typedef struct
{
  gboolean learned;
  gdouble blur, step;
  guint32 seed;
  /* The target and the particles as the solve sees them: their
     summaries.  */
  SobolevCloud *target;
  guint dim;
  SobolevCloud *current;
  SobolevSinkhornPotentials *pot;
  /* NSGF.  */
  SobolevMlp *mlp;
  SobolevMlpWork *work;
  gdouble *adam_m, *adam_v, *grad;
  guint64 adam_t;
  gdouble *center;
  GRand *rand;
  gdouble *velocity; /* at the current particles */
} SinkhornFlow;

static gpointer
sinkhorn_flow_new (const SobolevParams *params, const SobolevCloud *target,
                   gboolean learned, GError **error)
{
  SinkhornFlow *sf;

  if (!sobolev_cloud_check (target, "the reference", error))
    return NULL;
  if (target->dim > 16)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "the Sinkhorn flow works in at most 16 dimensions (got %u)",
                   target->dim);
      return NULL;
    }
  sf = g_new0 (SinkhornFlow, 1);
  sf->learned = learned;
  sf->blur = params->sinkhorn_blur;
  sf->step = params->sinkhorn_step;
  sf->seed = (guint32) params->seed;
  sf->target = sinkhorn_summary (target, SINKHORN_SUMMARY_CELL * sf->blur);
  sf->dim = target->dim;
  if (learned)
    {
      sf->mlp = sobolev_mlp_new (sf->dim, NSGF_WIDTH, NSGF_DEPTH,
                                 SOBOLEV_ACTIVATION_TANH, sf->seed, error);
      if (sf->mlp == NULL)
        {
          sobolev_cloud_free (sf->target);
          g_free (sf);
          return NULL;
        }
      sf->work = sobolev_mlp_work_new ();
      sf->adam_m = g_new0 (gdouble, sf->mlp->n_params);
      sf->adam_v = g_new0 (gdouble, sf->mlp->n_params);
      sf->grad = g_new0 (gdouble, sf->mlp->n_params);
      sf->center = g_new0 (gdouble, sf->dim);
      sf->rand = g_rand_new_with_seed (sf->seed ^ 0x5eed5eedu);
      /* The network sees NSGF_INPUT_SCALE (x − target's mean).  */
      for (gsize j = 0; j < target->n; j++)
        for (guint a = 0; a < sf->dim; a++)
          sf->center[a] += target->weights[j] * target->points[j * sf->dim + a];
      for (guint a = 0; a < sf->dim; a++)
        sf->center[a] /= sobolev_cloud_total_weight (target);
    }
  return sf;
}

static gpointer
sinkhorn_flow_create (const SobolevParams *params, const SobolevCloud *target,
                      GError **error)
{
  return sinkhorn_flow_new (params, target, FALSE, error);
}

static gpointer
nsgf_create (const SobolevParams *params, const SobolevCloud *target,
             GError **error)
{
  return sinkhorn_flow_new (params, target, TRUE, error);
}

/* Potentials for the current particles, solved from scratch at every
   step: warm starts at the target ε (three symmetric updates from the
   previous step's potentials) overshot and made the divergence rise.  */
static void
sinkhorn_flow_solve (SinkhornFlow *sf, const SobolevCloud *current)
{
  sobolev_sinkhorn_potentials_free (sf->pot);
  sobolev_cloud_free (sf->current);
  sf->current = sinkhorn_summary (current, SINKHORN_SUMMARY_CELL * sf->blur);
  sf->pot = sinkhorn_solve (sf->current, sf->target, sf->blur, FALSE);
}

/* One Adam step (descent) on the network's parameters.  */
static void
nsgf_adam (SinkhornFlow *sf)
{
  const gdouble b1 = 0.9, b2 = 0.999;
  gdouble c1, c2;

  sf->adam_t++;
  c1 = 1.0 - pow (b1, sf->adam_t);
  c2 = 1.0 - pow (b2, sf->adam_t);
  for (gsize k = 0; k < sf->mlp->n_params; k++)
    {
      gdouble g = sf->grad[k];

      sf->adam_m[k] = b1 * sf->adam_m[k] + (1.0 - b1) * g;
      sf->adam_v[k] = b2 * sf->adam_v[k] + (1.0 - b2) * g * g;
      sf->mlp->params[k] -= NSGF_LEARNING_RATE * (sf->adam_m[k] / c1)
                            / (sqrt (sf->adam_v[k] / c2) + 1e-8);
    }
}

/* Fits ∇φ to the velocities at the current particles: minimizes
   Σ w_i ‖∇φ(z_i) − u_i‖² (z the network's input, u the velocity in its
   units) on minibatches drawn by weight.  The cross term u·∇φ(z) is
   the central difference of φ along u, so the whole loss is a sum of
   values and squared gradients of φ, which mlp.h differentiates.  */
static void
nsgf_train (SinkhornFlow *sf, guint n_steps)
{
  const SobolevCloud *q = sf->current;
  const guint dim = sf->dim;
  const gsize rows = 3 * NSGF_BATCH;
  g_autofree gdouble *points = g_new (gdouble, rows * dim);
  g_autofree gdouble *a = g_new0 (gdouble, rows);
  g_autofree gdouble *c = g_new0 (gdouble, rows);
  g_autofree gdouble *cum = g_new (gdouble, q->n);
  gdouble total = sobolev_cloud_cumulate (q, cum);

  for (guint step = 0; step < n_steps; step++)
    {
      for (gsize r = 0; r < NSGF_BATCH; r++)
        {
          gdouble u = g_rand_double (sf->rand) * total, norm = 0.0;
          gsize drawn = sobolev_cloud_draw (cum, q->n, u);
          gdouble target[16];

          for (guint k = 0; k < dim; k++)
            {
              gdouble z = NSGF_INPUT_SCALE
                          * (q->points[drawn * dim + k] - sf->center[k]);

              target[k] = sf->velocity[drawn * dim + k] / NSGF_INPUT_SCALE;
              norm += target[k] * target[k];
              points[r * dim + k] = z;
              points[(NSGF_BATCH + r) * dim + k] = z;
              points[(2 * NSGF_BATCH + r) * dim + k] = z;
            }
          norm = sqrt (norm);
          c[r] = 1.0 / NSGF_BATCH;
          if (norm > 0.0)
            for (guint k = 0; k < dim; k++)
              {
                gdouble e = NSGF_DIFFERENCE * target[k] / norm;

                points[(NSGF_BATCH + r) * dim + k] += e;
                points[(2 * NSGF_BATCH + r) * dim + k] -= e;
              }
          /* −2 u·∇φ ≈ −2 ‖u‖ (φ(z + δe) − φ(z − δe)) / (2δ).  */
          a[NSGF_BATCH + r] = -norm / NSGF_DIFFERENCE / NSGF_BATCH;
          a[2 * NSGF_BATCH + r] = norm / NSGF_DIFFERENCE / NSGF_BATCH;
        }
      sobolev_mlp_objective_gradient (sf->mlp, points, rows, a, c, sf->grad,
                                      sf->work);
      nsgf_adam (sf);
    }
}

static gboolean
sinkhorn_flow_fit (gpointer state, const SobolevCloud *current, guint step,
                   guint n_steps, GError **error)
{
  SinkhornFlow *sf = state;
  gboolean first = step == 0;

  (void) n_steps;
  if (!sobolev_cloud_check (current, "the source", error))
    return FALSE;
  sinkhorn_flow_solve (sf, current);
  for (gsize i = 0; i < sf->current->n; i++)
    if (!isfinite (sf->pot->f_ab[i]) || !isfinite (sf->pot->f_aa[i]))
      {
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                     "the Sinkhorn potentials are not finite at step %u: "
                     "increase the blur",
                     step + 1);
        return FALSE;
      }
  if (sf->learned)
    {
      sf->velocity = g_renew (gdouble, sf->velocity, sf->current->n * sf->dim);
      sobolev_sinkhorn_velocity (sf->pot, sf->current, sf->target,
                                 sf->current->points, sf->current->n,
                                 sf->velocity);
      nsgf_train (sf, first ? NSGF_FIRST_STEPS : NSGF_STEPS);
    }
  return TRUE;
}

static void
sinkhorn_flow_displacement (gpointer state, const gdouble *points, gsize n,
                            gdouble *out)
{
  SinkhornFlow *sf = state;
  const guint dim = sf->dim;

  if (!sf->learned)
    sobolev_sinkhorn_velocity (sf->pot, sf->current, sf->target, points, n,
                               out);
  else
    {
      gdouble *z = g_new (gdouble, n * dim);

      for (gsize i = 0; i < n; i++)
        for (guint k = 0; k < dim; k++)
          z[i * dim + k]
              = NSGF_INPUT_SCALE * (points[i * dim + k] - sf->center[k]);
      sobolev_mlp_input_gradient (sf->mlp, z, n, NULL, out, sf->work);
      /* ∇_x φ = s ∇_z φ, and φ was fitted to u = v / s.  */
      for (gsize i = 0; i < n * dim; i++)
        out[i] *= NSGF_INPUT_SCALE;
      g_free (z);
    }
  for (gsize i = 0; i < n * dim; i++)
    out[i] *= sf->step;
}

static void
sinkhorn_flow_destroy (gpointer state)
{
  SinkhornFlow *sf = state;

  sobolev_sinkhorn_potentials_free (sf->pot);
  sobolev_cloud_free (sf->current);
  sobolev_cloud_free (sf->target);
  if (sf->learned)
    {
      sobolev_mlp_free (sf->mlp);
      sobolev_mlp_work_free (sf->work);
      g_free (sf->adam_m);
      g_free (sf->adam_v);
      g_free (sf->grad);
      g_free (sf->center);
      g_rand_free (sf->rand);
      g_free (sf->velocity);
    }
  g_free (sf);
}

static const gchar *const sinkhorn_flow_params[]
    = { "sinkhorn-blur", "sinkhorn-step-size", NULL };

const SobolevMethodClass sobolev_sinkhorn_flow_class = {
  .id = SOBOLEV_METHOD_SINKHORN,
  .nick = "sinkhorn",
  .own_params = sinkhorn_flow_params,
  .create = sinkhorn_flow_create,
  .fit = sinkhorn_flow_fit,
  .displacement = sinkhorn_flow_displacement,
  .destroy = sinkhorn_flow_destroy,
};

const SobolevMethodClass sobolev_nsgf_class = {
  .id = SOBOLEV_METHOD_NSGF,
  .nick = "nsgf",
  .own_params = sinkhorn_flow_params,
  .create = nsgf_create,
  .fit = sinkhorn_flow_fit,
  .displacement = sinkhorn_flow_displacement,
  .destroy = sinkhorn_flow_destroy,
};
