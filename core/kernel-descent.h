/* sobolev-transfer — regularized kernel Sobolev descent (Algorithm 1).  */
#ifndef SOBOLEV_KERNEL_DESCENT_H
#define SOBOLEV_KERNEL_DESCENT_H

#include "method.h"
#include "rff.h"

G_BEGIN_DECLS

/* The critic of one step: u(x) = ⟨û, φ(x)⟩ with
   û = (D̂(q) + λI)⁻¹ (μ̂(p) − μ̂(q)) over random Fourier features φ
   (rff.h).  Computes û for the cloud q; rff holds the features, mu_p the
   target's mean embedding in them.  Returns FALSE with
   SOBOLEV_ERROR_NUMERICAL if D̂ + λI is not positive definite.
   gramian_rows > 0 estimates D̂ from that many resampled points.  sines,
   if not NULL, receives sin(W x + b) at q's points (q->n × m), and
   mmd2 / sobolev2, if not NULL, receive ‖μ̂p − μ̂q‖² and the critic's
   regularized Sobolev norm ⟨μ̂p − μ̂q, û⟩ = ûᵀ (D̂ + λI) û, the S² of
   Theorem 1: d/dε MMD² = −2 (MMD² − λ S²).  */
gboolean sobolev_kernel_critic (const SobolevRff *rff, const gdouble *mu_p,
                                const SobolevCloud *q, gdouble lambda,
                                gsize gramian_rows, gdouble *coef,
                                gdouble *sines, gdouble *mmd2,
                                gdouble *sobolev2, GError **error);

G_END_DECLS

#endif
