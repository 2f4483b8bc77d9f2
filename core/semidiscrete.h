/* sobolev-transfer — semi-discrete entropic transport to a palette.  */
#ifndef SOBOLEV_SEMIDISCRETE_H
#define SOBOLEV_SEMIDISCRETE_H

#include "method.h"

G_BEGIN_DECLS

/* The entropic transport from a source cloud to a palette (a weighted
   set of k colors y_j, weights b_j), cost c(x, y) = ½ ‖x − y‖², held as
   the palette's dual potentials v (k).  A source color x is shared
   among the palette colors with the probabilities
     χ_j(x) = b_j exp((v_j − c(x, y_j)) / ε) / Σ_l b_l exp((v_l − c(x, y_l)) /
   ε) and sent to their mean T(x) = Σ_j χ_j(x) y_j, the barycentric map.  */
typedef struct _SobolevPaletteMap SobolevPaletteMap;

/* Checks that a palette can be transported to from a source of
   n_source_pixels pixels (0: not known): it has colors, at least two of
   positive weight, finite ones, and no more colors than the source has
   pixels.  The message names the problem.  Hosts call it where the pixel
   count is known; the flow engine normalizes weights and cannot.  */
gboolean sobolev_palette_check (const SobolevCloud *palette,
                                gsize n_source_pixels, GError **error);

/* A map to palette (weights need not be normalized) at ε > 0 with zero
   potentials, whose stochastic gradient draws from seed.  Fails as
   sobolev_palette_check does, and for ε ≤ 0.  */
SobolevPaletteMap *sobolev_palette_map_new (const SobolevCloud *palette,
                                            gdouble epsilon, guint32 seed,
                                            GError **error);

void sobolev_palette_map_free (SobolevPaletteMap *map);

/* Continues averaged stochastic gradient ascent on the semi-dual
   (Genevay et al., NIPS 2016, Alg. 2) for n_iterations samples drawn by
   weight from source: v ← v + γ/√k (b − χ(x_k)), the potentials used
   being the running average of the iterates.  */
void sobolev_palette_map_sgd (SobolevPaletteMap *map,
                              const SobolevCloud *source, guint n_iterations);

/* Starts a new averaged run from the current (averaged) potentials:
   for a source that has changed since.  */
void sobolev_palette_map_restart (SobolevPaletteMap *map);

/* The semi-dual objective
     H(v) = Σ_j b_j v_j − ε E_source log Σ_j b_j exp((v_j − c(x, y_j)) / ε)
   at the current potentials (exact expectation over the source's
   normalized weights).  */
gdouble sobolev_palette_map_dual (const SobolevPaletteMap *map,
                                  const SobolevCloud *source);

/* The mass the source sends to each palette color, Σ_i a_i χ_j(x_i) with
   normalized weights a, into masses (k).  At the optimum it equals the
   palette's normalized weights.  */
void sobolev_palette_map_masses (const SobolevPaletteMap *map,
                                 const SobolevCloud *source, gdouble *masses);

/* The barycentric map T at n points (n × dim) into out.  */
void sobolev_palette_map_apply (const SobolevPaletteMap *map,
                                const gdouble *points, gsize n, gdouble *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevPaletteMap, sobolev_palette_map_free)

G_END_DECLS

#endif
