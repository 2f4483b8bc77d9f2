/* sobolev-transfer — a small MLP critic with exact first- and second-order
   gradients.

   Notation (per sample; rows of matrices are samples):
     z_l = W_l h_{l−1} + b_l,  h_l = σ(z_l),  f = ⟨v, h_D⟩;
     δ_D = v ⊙ σ'(z_D),  a_{l−1} = W_lᵀ δ_l,  δ_{l−1} = a_{l−1} ⊙ σ'(z_{l−1}),
     g = ∇_x f = W_1ᵀ δ_1.
   The gradient of Σ a_i f_i + Σ c_i ‖g_i‖² with respect to θ is reverse
   mode through both chains: first back through the δ recursion (seeded by
   ḡ = 2 c g), which yields contributions to W̄_l, v̄ and to the adjoints of
   the pre-activations z̄_l (through σ''), then back through the forward
   pass as usual.  */
#include "mlp.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "sobolev-error.h"

/* Points per block: bounds the workspace whatever n is.  */
#define MLP_CHUNK 2048

static inline gsize
layer_in (const SobolevMlp *mlp, guint l)
{
  return l == 1 ? mlp->dim : mlp->width;
}

static inline gsize
offset_w (const SobolevMlp *mlp, guint l)
{
  gsize w = mlp->width;
  /* layer 1: w × dim + w; layers 2…: w × w + w.  */
  return l == 1 ? 0 : (w * mlp->dim + w) + (gsize) (l - 2) * (w * w + w);
}

static inline gsize
offset_b (const SobolevMlp *mlp, guint l)
{
  return offset_w (mlp, l) + mlp->width * layer_in (mlp, l);
}

static inline gsize
offset_v (const SobolevMlp *mlp)
{
  return offset_w (mlp, mlp->depth + 1);
}

SobolevMlp *
sobolev_mlp_new (guint dim, guint width, guint depth,
                 SobolevActivation activation, guint32 seed, GError **error)
{
  if (dim == 0 || width == 0 || depth == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "MLP dimension, width and depth must be positive "
                   "(got %u, %u, %u)",
                   dim, width, depth);
      return NULL;
    }
  if (activation != SOBOLEV_ACTIVATION_TANH
      && activation != SOBOLEV_ACTIVATION_SOFTPLUS)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "Unknown MLP activation %d", (gint) activation);
      return NULL;
    }

  SobolevMlp *mlp = g_new0 (SobolevMlp, 1);
  mlp->dim = dim;
  mlp->width = width;
  mlp->depth = depth;
  mlp->activation = activation;
  mlp->n_params = offset_v (mlp) + width;
  mlp->params = g_new0 (gdouble, mlp->n_params);

  GRand *rand = g_rand_new_with_seed (seed);
  for (guint l = 1; l <= depth + 1; l++)
    {
      gsize fan_in = l <= depth ? layer_in (mlp, l) : width;
      gsize count = l <= depth ? width * fan_in : width;
      gdouble *w
          = mlp->params + (l <= depth ? offset_w (mlp, l) : offset_v (mlp));
      gdouble sd = 1.0 / sqrt ((gdouble) fan_in);
      for (gsize k = 0; k < count; k++)
        {
          /* Box–Muller, one normal per pair of uniforms: simple and
             reproducible.  */
          gdouble u1 = 1.0 - g_rand_double (rand);
          gdouble u2 = g_rand_double (rand);
          w[k] = sd * sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
        }
    }
  g_rand_free (rand);
  return mlp;
}

SobolevMlp *
sobolev_mlp_copy (const SobolevMlp *mlp)
{
  SobolevMlp *copy = g_memdup2 (mlp, sizeof *mlp);
  copy->params = g_memdup2 (mlp->params, mlp->n_params * sizeof (gdouble));
  return copy;
}

void
sobolev_mlp_free (SobolevMlp *mlp)
{
  if (mlp == NULL)
    return;
  g_free (mlp->params);
  g_free (mlp);
}

/* The buffers of one block of samples.  Index l = 1 … depth.  */
typedef struct
{
  gsize n;
  gboolean second;
  const gdouble *x; /* n × dim, not owned */
  gdouble **h;      /* σ(z_l) */
  gdouble **s1;     /* σ'(z_l) */
  gdouble **s2;     /* σ''(z_l), second order only */
  gdouble **delta;  /* δ_l = ∂f/∂z_l */
  gdouble **a;      /* a_l = ∂f/∂h_l, l < depth */
  gdouble *f;       /* n */
  gdouble *g;       /* n × dim */
  /* reverse-mode buffers, second order only */
  gdouble **zbar; /* adjoint of z_l */
  gdouble *dbar;  /* adjoint of δ (current layer) */
  gdouble *dbar2; /* adjoint of δ (next layer) */
  gdouble *abar;  /* temporary n × width */
  gdouble *gbar;  /* n × dim */
} MlpWork;

static MlpWork *
mlp_work_new (const SobolevMlp *mlp, gsize n, gboolean second)
{
  MlpWork *ws = g_new0 (MlpWork, 1);
  guint D = mlp->depth;
  gsize nw = n * mlp->width;
  ws->n = n;
  ws->second = second;
  ws->h = g_new0 (gdouble *, D + 1);
  ws->s1 = g_new0 (gdouble *, D + 1);
  ws->s2 = g_new0 (gdouble *, D + 1);
  ws->delta = g_new0 (gdouble *, D + 1);
  ws->a = g_new0 (gdouble *, D + 1);
  ws->zbar = g_new0 (gdouble *, D + 1);
  for (guint l = 1; l <= D; l++)
    {
      ws->h[l] = g_new (gdouble, nw);
      ws->s1[l] = g_new (gdouble, nw);
      ws->delta[l] = g_new (gdouble, nw);
      if (l < D)
        ws->a[l] = g_new (gdouble, nw);
      if (second)
        {
          ws->s2[l] = g_new (gdouble, nw);
          ws->zbar[l] = g_new (gdouble, nw);
        }
    }
  ws->f = g_new (gdouble, n);
  ws->g = g_new (gdouble, n * mlp->dim);
  if (second)
    {
      ws->dbar = g_new (gdouble, nw);
      ws->dbar2 = g_new (gdouble, nw);
      ws->abar = g_new (gdouble, nw);
      ws->gbar = g_new (gdouble, n * mlp->dim);
    }
  return ws;
}

static void
mlp_work_free (MlpWork *ws, guint depth)
{
  for (guint l = 1; l <= depth; l++)
    {
      g_free (ws->h[l]);
      g_free (ws->s1[l]);
      g_free (ws->s2[l]);
      g_free (ws->delta[l]);
      g_free (ws->a[l]);
      g_free (ws->zbar[l]);
    }
  g_free (ws->h);
  g_free (ws->s1);
  g_free (ws->s2);
  g_free (ws->delta);
  g_free (ws->a);
  g_free (ws->zbar);
  g_free (ws->f);
  g_free (ws->g);
  g_free (ws->dbar);
  g_free (ws->dbar2);
  g_free (ws->abar);
  g_free (ws->gbar);
  g_free (ws);
}

struct _SobolevMlpWork
{
  MlpWork *ws;
  guint dim, width, depth;
};

SobolevMlpWork *
sobolev_mlp_work_new (void)
{
  return g_new0 (SobolevMlpWork, 1);
}

void
sobolev_mlp_work_free (SobolevMlpWork *work)
{
  if (work == NULL)
    return;
  if (work->ws)
    mlp_work_free (work->ws, work->depth);
  g_free (work);
}

/* Buffers for n samples: the cached ones when they fit, else new ones
   (kept in work when given).  */
static MlpWork *
mlp_work_get (SobolevMlpWork *work, const SobolevMlp *mlp, gsize n,
              gboolean second)
{
  if (work == NULL)
    return mlp_work_new (mlp, n, second);
  if (work->ws
      && (work->ws->n < n || (second && !work->ws->second)
          || work->dim != mlp->dim || work->width != mlp->width
          || work->depth != mlp->depth))
    {
      mlp_work_free (work->ws, work->depth);
      work->ws = NULL;
    }
  if (work->ws == NULL)
    {
      work->ws = mlp_work_new (mlp, n, second);
      work->dim = mlp->dim;
      work->width = mlp->width;
      work->depth = mlp->depth;
    }
  return work->ws;
}

static void
mlp_work_put (SobolevMlpWork *work, MlpWork *ws, guint depth)
{
  if (work == NULL)
    mlp_work_free (ws, depth);
}

/* σ, σ', σ'' of z in place: h ← σ(z), s1 ← σ'(z), s2 ← σ''(z) (s2 may be
   NULL).  */
static void
activate (SobolevActivation act, gdouble *h, gdouble *s1, gdouble *s2,
          gsize count)
{
  if (act == SOBOLEV_ACTIVATION_TANH)
    {
      for (gsize k = 0; k < count; k++)
        {
          /* tanh through one exp: about twice as fast as libm's tanh,
             within 1e-16 of it.  */
          gdouble e = exp (-2.0 * fabs (h[k]));
          gdouble t = copysign ((1.0 - e) / (1.0 + e), h[k]);
          gdouble d = 1.0 - t * t;
          h[k] = t;
          s1[k] = d;
          if (s2)
            s2[k] = -2.0 * t * d;
        }
    }
  else
    {
      for (gsize k = 0; k < count; k++)
        {
          gdouble z = h[k];
          gdouble e = exp (-fabs (z));
          /* log(1 + e^z) without overflow.  */
          gdouble sp = (z > 0.0 ? z : 0.0) + log1p (e);
          gdouble sig = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
          h[k] = sp;
          s1[k] = sig;
          if (s2)
            s2[k] = sig * (1.0 - sig);
        }
    }
}

/* Forward pass, f, and the input gradient's backward pass.  */
static void
mlp_work_pass (const SobolevMlp *mlp, MlpWork *ws, const gdouble *x, gsize n)
{
  const gsize W = mlp->width;
  const guint D = mlp->depth;
  const gdouble *theta = mlp->params;
  const gdouble *v = theta + offset_v (mlp);

  g_assert (n <= ws->n);
  ws->x = x;
  for (guint l = 1; l <= D; l++)
    {
      const gdouble *in = l == 1 ? x : ws->h[l - 1];
      gsize k = layer_in (mlp, l);
      const gdouble *b = theta + offset_b (mlp, l);
      gdouble *z = ws->h[l];
      for (gsize i = 0; i < n; i++)
        memcpy (z + i * W, b, W * sizeof (gdouble));
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, (int) W,
                   (int) k, 1.0, in, (int) k, theta + offset_w (mlp, l),
                   (int) k, 1.0, z, (int) W);
      activate (mlp->activation, z, ws->s1[l], ws->second ? ws->s2[l] : NULL,
                n * W);
    }

  cblas_dgemv (CblasRowMajor, CblasNoTrans, (int) n, (int) W, 1.0, ws->h[D],
               (int) W, v, 1, 0.0, ws->f, 1);

  /* δ_D = v ⊙ σ'(z_D).  */
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < W; j++)
      ws->delta[D][i * W + j] = v[j] * ws->s1[D][i * W + j];
  for (guint l = D; l >= 2; l--)
    {
      /* a_{l−1} = δ_l W_l (rows), δ_{l−1} = a_{l−1} ⊙ σ'(z_{l−1}).  */
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n, (int) W,
                   (int) W, 1.0, ws->delta[l], (int) W,
                   theta + offset_w (mlp, l), (int) W, 0.0, ws->a[l - 1],
                   (int) W);
      for (gsize k = 0; k < n * W; k++)
        ws->delta[l - 1][k] = ws->a[l - 1][k] * ws->s1[l - 1][k];
    }
  cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n,
               (int) mlp->dim, (int) W, 1.0, ws->delta[1], (int) W,
               theta + offset_w (mlp, 1), (int) mlp->dim, 0.0, ws->g,
               (int) mlp->dim);
}

/* Adds to grad the gradient of Σ a_i f_i + Σ c_i ‖g_i‖² over the block
   last passed (second order).  Returns the block's part of that sum.  */
static gdouble
mlp_work_backprop (const SobolevMlp *mlp, MlpWork *ws, gsize n,
                   const gdouble *a, const gdouble *c, gdouble *grad)
{
  const gsize W = mlp->width;
  const gsize d = mlp->dim;
  const guint D = mlp->depth;
  const gdouble *theta = mlp->params;
  const gdouble *v = theta + offset_v (mlp);
  gdouble *vbar = grad + offset_v (mlp);
  gdouble value = 0.0;

  g_assert (ws->second);
  for (guint l = 1; l <= D; l++)
    memset (ws->zbar[l], 0, n * W * sizeof (gdouble));

  if (a != NULL)
    {
      for (gsize i = 0; i < n; i++)
        value += a[i] * ws->f[i];
      /* f = ⟨v, h_D⟩: v̄ += H_Dᵀ a, z̄_D += a vᵀ ⊙ σ'(z_D).  */
      cblas_dgemv (CblasRowMajor, CblasTrans, (int) n, (int) W, 1.0, ws->h[D],
                   (int) W, a, 1, 1.0, vbar, 1);
      for (gsize i = 0; i < n; i++)
        for (gsize j = 0; j < W; j++)
          ws->zbar[D][i * W + j] += a[i] * v[j] * ws->s1[D][i * W + j];
    }

  if (c != NULL)
    {
      /* ḡ = 2 c g.  */
      for (gsize i = 0; i < n; i++)
        {
          gdouble sq = 0.0;
          for (gsize k = 0; k < d; k++)
            {
              gdouble gk = ws->g[i * d + k];
              sq += gk * gk;
              ws->gbar[i * d + k] = 2.0 * c[i] * gk;
            }
          value += c[i] * sq;
        }
      /* g = δ_1 W_1: δ̄_1 = ḡ W_1ᵀ, W̄_1 += δ_1ᵀ ḡ.  */
      cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n, (int) W,
                   (int) d, 1.0, ws->gbar, (int) d, theta + offset_w (mlp, 1),
                   (int) d, 0.0, ws->dbar, (int) W);
      cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) W, (int) d,
                   (int) n, 1.0, ws->delta[1], (int) W, ws->gbar, (int) d, 1.0,
                   grad + offset_w (mlp, 1), (int) d);
      for (guint l = 2; l <= D; l++)
        {
          /* δ_{l−1} = a_{l−1} ⊙ σ'(z_{l−1}), a_{l−1} = δ_l W_l.  */
          gdouble *s1 = ws->s1[l - 1], *s2 = ws->s2[l - 1];
          gdouble *al = ws->a[l - 1], *zb = ws->zbar[l - 1];
          for (gsize k = 0; k < n * W; k++)
            {
              ws->abar[k] = ws->dbar[k] * s1[k];
              zb[k] += ws->dbar[k] * al[k] * s2[k];
            }
          cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) n,
                       (int) W, (int) W, 1.0, ws->abar, (int) W,
                       theta + offset_w (mlp, l), (int) W, 0.0, ws->dbar2,
                       (int) W);
          cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) W,
                       (int) W, (int) n, 1.0, ws->delta[l], (int) W, ws->abar,
                       (int) W, 1.0, grad + offset_w (mlp, l), (int) W);
          gdouble *t = ws->dbar;
          ws->dbar = ws->dbar2;
          ws->dbar2 = t;
        }
      /* δ_D = v ⊙ σ'(z_D): v̄ += Σ_i δ̄_D ⊙ σ'(z_D), z̄_D += δ̄_D ⊙ v ⊙ σ''.  */
      for (gsize i = 0; i < n; i++)
        for (gsize j = 0; j < W; j++)
          {
            gsize k = i * W + j;
            vbar[j] += ws->dbar[k] * ws->s1[D][k];
            ws->zbar[D][k] += ws->dbar[k] * v[j] * ws->s2[D][k];
          }
    }

  /* Back through the forward pass.  */
  for (guint l = D; l >= 1; l--)
    {
      gsize k = layer_in (mlp, l);
      const gdouble *in = l == 1 ? ws->x : ws->h[l - 1];
      gdouble *bbar = grad + offset_b (mlp, l);
      const gdouble *zb = ws->zbar[l];
      for (gsize i = 0; i < n; i++)
        for (gsize j = 0; j < W; j++)
          bbar[j] += zb[i * W + j];
      cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, (int) W, (int) k,
                   (int) n, 1.0, zb, (int) W, in, (int) k, 1.0,
                   grad + offset_w (mlp, l), (int) k);
      if (l > 1)
        {
          /* h̄_{l−1} = z̄_l W_l, z̄_{l−1} += h̄_{l−1} ⊙ σ'(z_{l−1}).  */
          cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) n,
                       (int) W, (int) W, 1.0, zb, (int) W,
                       theta + offset_w (mlp, l), (int) W, 0.0, ws->abar,
                       (int) W);
          gdouble *zb1 = ws->zbar[l - 1], *s1 = ws->s1[l - 1];
          for (gsize q = 0; q < n * W; q++)
            zb1[q] += ws->abar[q] * s1[q];
        }
    }
  return value;
}

void
sobolev_mlp_input_gradient (const SobolevMlp *mlp, const gdouble *points,
                            gsize n, gdouble *values, gdouble *grad,
                            SobolevMlpWork *work)
{
  if (n == 0)
    return;
  gsize block = MIN (n, MLP_CHUNK);
  MlpWork *ws = mlp_work_get (work, mlp, block, FALSE);
  for (gsize start = 0; start < n; start += block)
    {
      gsize m = MIN (block, n - start);
      mlp_work_pass (mlp, ws, points + start * mlp->dim, m);
      if (grad)
        memcpy (grad + start * mlp->dim, ws->g,
                m * mlp->dim * sizeof (gdouble));
      if (values)
        memcpy (values + start, ws->f, m * sizeof (gdouble));
    }
  mlp_work_put (work, ws, mlp->depth);
}

void
sobolev_mlp_forward (const SobolevMlp *mlp, const gdouble *points, gsize n,
                     gdouble *values)
{
  sobolev_mlp_input_gradient (mlp, points, n, values, NULL, NULL);
}

gdouble
sobolev_mlp_objective_gradient (const SobolevMlp *mlp, const gdouble *points,
                                gsize n, const gdouble *a, const gdouble *c,
                                gdouble *grad, SobolevMlpWork *work)
{
  memset (grad, 0, mlp->n_params * sizeof (gdouble));
  if (n == 0)
    return 0.0;
  gsize block = MIN (n, MLP_CHUNK);
  gdouble value = 0.0;
  MlpWork *ws = mlp_work_get (work, mlp, block, TRUE);
  for (gsize start = 0; start < n; start += block)
    {
      gsize m = MIN (block, n - start);
      mlp_work_pass (mlp, ws, points + start * mlp->dim, m);
      value += mlp_work_backprop (mlp, ws, m, a ? a + start : NULL,
                                  c ? c + start : NULL, grad);
    }
  mlp_work_put (work, ws, mlp->depth);
  return value;
}

gdouble
sobolev_mlp_lagrangian (const SobolevMlp *mlp, const gdouble *points, gsize n,
                        const gdouble *a, const gdouble *pi, gdouble alpha,
                        gdouble rho, gdouble *omega, gdouble *grad,
                        SobolevMlpWork *work)
{
  const gsize d = mlp->dim;
  gdouble om = 0.0, value;

  memset (grad, 0, mlp->n_params * sizeof (gdouble));
  if (n <= MLP_CHUNK && n > 0)
    {
      /* One pass: Ω from the pass, then the back-propagation with the
         penalty's seed dL/dΩ.  */
      MlpWork *ws = mlp_work_get (work, mlp, n, TRUE);
      mlp_work_pass (mlp, ws, points, n);
      gdouble *c = NULL;
      if (pi != NULL)
        {
          for (gsize i = 0; i < n; i++)
            {
              gdouble sq = 0.0;
              for (gsize k = 0; k < d; k++)
                sq += ws->g[i * d + k] * ws->g[i * d + k];
              om += pi[i] * sq;
            }
          gdouble dl = -alpha + rho * (1.0 - om);
          c = g_new (gdouble, n);
          for (gsize i = 0; i < n; i++)
            c[i] = dl * pi[i];
        }
      value = mlp_work_backprop (mlp, ws, n, a, c, grad);
      g_free (c);
      mlp_work_put (work, ws, mlp->depth);
    }
  else
    {
      gdouble *c = NULL;
      if (pi != NULL && n > 0)
        {
          gdouble *g = g_new (gdouble, n * d);
          sobolev_mlp_input_gradient (mlp, points, n, NULL, g, work);
          for (gsize i = 0; i < n; i++)
            {
              gdouble sq = 0.0;
              for (gsize k = 0; k < d; k++)
                sq += g[i * d + k] * g[i * d + k];
              om += pi[i] * sq;
            }
          g_free (g);
          gdouble dl = -alpha + rho * (1.0 - om);
          c = g_new (gdouble, n);
          for (gsize i = 0; i < n; i++)
            c[i] = dl * pi[i];
        }
      value = sobolev_mlp_objective_gradient (mlp, points, n, a, c, grad, work);
      g_free (c);
    }
  /* value holds Σ a f + dL/dΩ · Ω; rebuild L itself.  */
  gdouble fa = value;
  if (pi != NULL)
    fa -= (-alpha + rho * (1.0 - om)) * om;
  if (omega)
    *omega = om;
  return fa + alpha * (1.0 - om) - 0.5 * rho * (1.0 - om) * (1.0 - om);
}
