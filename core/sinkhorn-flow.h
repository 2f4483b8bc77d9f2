/* sobolev-transfer — the Sinkhorn-divergence flow and its learned
   velocity field (NSGF).  */
#ifndef SOBOLEV_SINKHORN_FLOW_H
#define SOBOLEV_SINKHORN_FLOW_H

#include "method.h"

G_BEGIN_DECLS

/* The four dual potentials of the debiased Sinkhorn divergence
   S_ε(α, β) = OT_ε(α, β) − ½ OT_ε(α, α) − ½ OT_ε(β, β) between weighted
   clouds α (n points) and β (m points), cost C(x, y) = ½ ‖x − y‖², and
   ε = blur²: f_ab (on α) and g_ab (on β) of OT_ε(α, β), f_aa (on α) of
   OT_ε(α, α), g_bb (on β) of OT_ε(β, β).  */
typedef struct
{
  gdouble epsilon;
  gsize n, m;
  gdouble *f_ab, *g_ab, *f_aa, *g_bb;
} SobolevSinkhornPotentials;

/* Solves for the potentials in the log domain with ε-scaling: ε goes
   geometrically from the clouds' squared diameter down to blur², with
   one symmetric (averaged) update of all four potentials per value, then
   one last full update at blur², as GeomLoss does.  Weights need not be
   normalized.  */
SobolevSinkhornPotentials *sobolev_sinkhorn_solve (const SobolevCloud *a,
                                                   const SobolevCloud *b,
                                                   gdouble blur);

void sobolev_sinkhorn_potentials_free (SobolevSinkhornPotentials *pot);

/* S_ε(α, β) = ⟨α, f_ab − f_aa⟩ + ⟨β, g_ab − g_bb⟩ from solved
   potentials.  */
gdouble sobolev_sinkhorn_value (const SobolevSinkhornPotentials *pot,
                                const SobolevCloud *a, const SobolevCloud *b);

/* S_ε(α, β) with ε = blur², solved afresh.  */
gdouble sobolev_sinkhorn_divergence (const SobolevCloud *a,
                                     const SobolevCloud *b, gdouble blur);

/* The flow's velocity −∇(f_ab − f_aa)(x) at n points (n × dim) into out:
   both potentials extended to any x by their soft c-transforms, whose
   gradients are x − (the entropic barycentric map), so the velocity is
   T_β(x) − T_α(x).  */
void sobolev_sinkhorn_velocity (const SobolevSinkhornPotentials *pot,
                                const SobolevCloud *a, const SobolevCloud *b,
                                const gdouble *points, gsize n, gdouble *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevSinkhornPotentials,
                               sobolev_sinkhorn_potentials_free)

G_END_DECLS

#endif
