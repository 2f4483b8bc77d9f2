/* sobolev-transfer — random Fourier features of the Gaussian kernel.  */
#ifndef SOBOLEV_RFF_H
#define SOBOLEV_RFF_H

#include <glib.h>
#include "cloud.h"

G_BEGIN_DECLS

/* Features for the kernel k(x, y) = exp(−‖x − y‖² / (2σ²)): the rows of
   W (m × dim) are drawn from N(0, σ⁻² I), b from U[0, 2π), and
   φ(x) = √(2/m) cos(W x + b), so that E φ(x)·φ(y) = k(x, y).  σ is the
   standard deviation of the kernel's Gaussian, in the units of x.  */
typedef struct
{
  guint dim;
  guint m;
  gdouble sigma;
  gdouble *w;  /* m × dim, row-major */
  gdouble *wt; /* dim × m: the transpose, for loops that vectorize */
  gdouble *b;  /* m */
} SobolevRff;

/* Draws the features from a Mersenne Twister seeded with seed.  */
SobolevRff *sobolev_rff_new (guint dim, guint m, gdouble sigma, guint32 seed,
                             GError **error);
void sobolev_rff_free (SobolevRff *rff);

/* Scales W so the features are those of bandwidth sigma (same draws).  */
void sobolev_rff_set_sigma (SobolevRff *rff, gdouble sigma);

/* phases (n × m) = X Wᵀ + b for n points X (n × dim).  */
void sobolev_rff_phases (const SobolevRff *rff, const gdouble *points, gsize n,
                         gdouble *phases);

/* The weighted mean embedding μ = Σ w_i φ(x_i) / Σ w_i (m values).  */
void sobolev_rff_mean_embedding (const SobolevRff *rff,
                                 const SobolevCloud *cloud, gdouble *mu);

/* The kernel derivative Gramian D = Σ w_i J_φ(x_i)ᵀ J_φ(x_i) / Σ w_i
   (m × m, full), computed through the Hadamard identity
   D = (2/m) (W Wᵀ) ⊙ (Sᵀ diag(w) S), S = sin(X Wᵀ + b): one SYRK.
   If sines is not NULL it receives S (n × m).  */
void sobolev_rff_gramian (const SobolevRff *rff, const SobolevCloud *cloud,
                          gdouble *gramian, gdouble *sines);

/* The mean embedding μ (may be NULL) and the Gramian D of the cloud in
   one pass over its points: one phase and one sincos per point and
   feature.  sines as for sobolev_rff_gramian.  With max_rows > 0 and a
   larger cloud, D is estimated from a systematic resample of max_rows
   points by weight (deterministic; μ and the sines still use every
   point).  */
void sobolev_rff_moments (const SobolevRff *rff, const SobolevCloud *cloud,
                          gdouble *mu, gdouble *gramian, gdouble *sines,
                          gsize max_rows);

/* sin and cos of n phases, fast (about 1 ulp for |phase| < 1e5).  */
void sobolev_rff_sincos (const gdouble *phases, gsize n, gdouble *sines,
                         gdouble *cosines);

/* The same Gramian summed directly from the Jacobians (slow; for tests).  */
void sobolev_rff_gramian_direct (const SobolevRff *rff,
                                 const SobolevCloud *cloud, gdouble *gramian);

/* The gradient of u(x) = ⟨coef, φ(x)⟩ at n points:
   ∇u(x) = −√(2/m) Wᵀ (coef ⊙ sin(W x + b)); out is n × dim.  sines, if not
   NULL, are the precomputed sin(W x + b) (n × m) of these points.  */
void sobolev_rff_gradient (const SobolevRff *rff, const gdouble *coef,
                           const gdouble *points, gsize n, const gdouble *sines,
                           gdouble *out);

G_END_DECLS

#endif
