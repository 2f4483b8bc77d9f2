/* sobolev-transfer — a small MLP critic with exact first- and second-order
   gradients, for neural Sobolev descent.  */
#ifndef SOBOLEV_MLP_H
#define SOBOLEV_MLP_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SOBOLEV_ACTIVATION_TANH,
  SOBOLEV_ACTIVATION_SOFTPLUS
} SobolevActivation;

/* f(x) = ⟨v, h_D⟩ with h_0 = x, h_l = σ(W_l h_{l−1} + b_l), l = 1 … D,
   every hidden layer of the same width, no output bias (the critic is
   defined up to a constant).  The parameters θ are one flat vector: for
   l = 1 … D, W_l (width × n_{l−1}, row-major) then b_l (width); then v
   (width).  Gradients are written out with BLAS products, no autodiff.  */
typedef struct
{
  guint dim;
  guint width;
  guint depth;
  SobolevActivation activation;
  gsize n_params;
  gdouble *params;
} SobolevMlp;

/* Scratch buffers that calls can reuse (they grow as needed), so that
   repeated calls do not allocate.  Every work argument may be NULL.  A
   workspace must not be shared between threads.  */
typedef struct _SobolevMlpWork SobolevMlpWork;
SobolevMlpWork *sobolev_mlp_work_new (void);
void sobolev_mlp_work_free (SobolevMlpWork *work);

/* A network with weights drawn from N(0, 1/fan-in) (v too) and zero
   biases, from a Mersenne Twister seeded with seed.  dim, width and
   depth must be positive.  */
SobolevMlp *sobolev_mlp_new (guint dim, guint width, guint depth,
                             SobolevActivation activation, guint32 seed,
                             GError **error);
SobolevMlp *sobolev_mlp_copy (const SobolevMlp *mlp);
void sobolev_mlp_free (SobolevMlp *mlp);

/* f at n points (n × dim, row-major) into values (n).  */
void sobolev_mlp_forward (const SobolevMlp *mlp, const gdouble *points, gsize n,
                          gdouble *values);

/* ∇_x f at n points into grad (n × dim); values (n) receives f when not
   NULL.  */
void sobolev_mlp_input_gradient (const SobolevMlp *mlp, const gdouble *points,
                                 gsize n, gdouble *values, gdouble *grad,
                                 SobolevMlpWork *work);

/* J = Σ_i a_i f(x_i) + Σ_i c_i ‖∇_x f(x_i)‖² and its gradient ∂J/∂θ
   (n_params) into grad.  a or c may be NULL (zero).  The second sum needs
   the mixed derivatives ∂²f/∂x∂θ, back-propagated through the input
   gradient's own backward pass.  Returns J.  */
gdouble sobolev_mlp_objective_gradient (const SobolevMlp *mlp,
                                        const gdouble *points, gsize n,
                                        const gdouble *a, const gdouble *c,
                                        gdouble *grad, SobolevMlpWork *work);

/* The augmented Lagrangian of Sobolev GAN on weighted samples:
   L = Σ_i a_i f(x_i) + α (1 − Ω) − (ρ/2) (1 − Ω)²,
   Ω = Σ_i pi_i ‖∇_x f(x_i)‖²
   (a_i = w_i on samples of p and −w_i on samples of q gives
   E_p f − E_q f).  Writes ∂L/∂θ into grad and Ω into omega (if not NULL);
   returns L.  pi may be NULL (Ω = 0).  */
gdouble sobolev_mlp_lagrangian (const SobolevMlp *mlp, const gdouble *points,
                                gsize n, const gdouble *a, const gdouble *pi,
                                gdouble alpha, gdouble rho, gdouble *omega,
                                gdouble *grad, SobolevMlpWork *work);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevMlp, sobolev_mlp_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevMlpWork, sobolev_mlp_work_free)

G_END_DECLS

#endif
