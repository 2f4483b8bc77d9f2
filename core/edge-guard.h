/* sobolev-transfer — keeping a recoloring's edges to the photo's own.

   A color map that follows the reference closely also amplifies small
   color differences: fine texture becomes grain, smooth gradients get
   rainbow fringes.  No map can be both close and clean everywhere, but
   the image can: where the mapped photo has an edge the source does not
   explain, the guard replaces the map's move by a smooth, edge-aware
   fill of the moves around it (a weighted least-squares fit that keeps
   the map's move where it paints no false edge, and is smooth across
   the source's flat and textured areas elsewhere), and keeps the map's
   result everywhere else.  It works on a grid of at most a quarter
   megapixel over the image, so it costs the same on any photo, and
   hosts apply it strip by strip.  */
#ifndef SOBOLEV_EDGE_GUARD_H
#define SOBOLEV_EDGE_GUARD_H

#include <glib.h>
#include "histogram.h"
#include "lut.h"

G_BEGIN_DECLS

typedef struct _SobolevEdgeGuard SobolevEdgeGuard;

/* The gain a fidelity in [0, 1] allows: 1 / (1 − fidelity), so 0 allows
   no amplification of a local color difference, 2/3 three times (the
   false-edge measure's own bound), and 1 any (returns 0: no guard).  */
gdouble sobolev_fidelity_gain (gdouble fidelity);

/* The gain the guard holds a map to at fidelity: sobolev_fidelity_gain
   for a transport's map, three times that for a saved look (3 at
   fidelity 0, none at 1).  A look is a finished map whose contrast is
   meant (a curve that steepens the midtones, an inversion), so the guard
   holds it only to the false-edge measure's own bound; the tighter
   bounds under it are for transports, whose amplification is an
   accident of the match.  */
gdouble sobolev_guard_gain (gdouble fidelity, gboolean saved_look);

/* A guard for an image of width × height pixels, before any pixel.  */
SobolevEdgeGuard *sobolev_edge_guard_new (guint width, guint height);

/* The same on a grid of at most max_cells cells: coarser and faster, for
   a preview that must follow a slider.  */
SobolevEdgeGuard *sobolev_edge_guard_new_with_grid (guint width, guint height,
                                                    gsize max_cells);

void sobolev_edge_guard_free (SobolevEdgeGuard *guard);

/* Adds the source's pixels of the rectangle at (x, y), width × height,
   channels (3 or 4; alpha ignored) components of type, encoded sRGB,
   rows stride bytes apart.  Every pixel of the image is added once, in
   any order of strips.  Runs on n_threads threads (0: one per
   processor); the sums do not depend on it.  */
void sobolev_edge_guard_add_pixels (SobolevEdgeGuard *guard,
                                    SobolevPixelType type, guint channels,
                                    const void *pixels, gsize stride, guint x,
                                    guint y, guint width, guint height,
                                    guint n_threads);

/* Finds where lut paints edges the source does not have and the clean
   moves there.  gain is the amplification of a local color difference
   the result may show before an edge counts as false (the fidelity's
   sobolev_fidelity_gain); a gain of 0 keeps the map's result as it is.
   Cleaning holds back some of the map's moves, and with them some of
   the match: when it removed false edges and lut can refine (see
   sobolev_lut_set_refine), a second map carries the cleaned result on
   toward lut's target, and is guarded against the source's edges in
   turn.  Deterministic; runs on n_threads threads (0: one per
   processor).  */
void sobolev_edge_guard_solve (SobolevEdgeGuard *guard, const SobolevLut *lut,
                               gdouble gain, guint n_threads);

/* Applies lut through the guard to the rectangle at (x, y), width ×
   height, of the image: in and out as sobolev_lut_applier_apply (they
   may be the same buffer), alpha copied.  Without a solve it is the
   plain LUT.  */
void sobolev_edge_guard_apply (const SobolevEdgeGuard *guard,
                               const SobolevLutApplier *applier,
                               SobolevPixelType type, guint channels,
                               const void *in, gsize in_stride, void *out,
                               gsize out_stride, guint x, guint y, guint width,
                               guint height, guint n_threads);

/* The whole image at once: a guard over width × height pixels of in,
   solved for lut at gain, applied into out.  */
void sobolev_edge_guard_apply_image (const SobolevLut *lut, gdouble gain,
                                     SobolevPixelType type, guint channels,
                                     const void *in, gsize in_stride, void *out,
                                     gsize out_stride, guint width,
                                     guint height, guint n_threads);

/* A dialog's preview of width × height packed 8-bit pixels of channels
   (3 or 4): out is in through lut (NULL: in as it is) and the edge guard
   at gain, and with split the left half of each row keeps in, a grey
   line between (before | after).  The guard's grid has at most
   max_cells cells (0: the final result's grid, so the preview shows
   what OK applies; fewer make a quicker, coarser glimpse).  *guard
   caches the solve: the caller frees it and sets it to NULL whenever
   lut, gain, max_cells or in change.  */
void sobolev_edge_guard_preview (SobolevEdgeGuard **guard,
                                 const SobolevLut *lut, gdouble gain,
                                 gsize max_cells, const guint8 *in, guint8 *out,
                                 guint channels, guint width, guint height,
                                 gboolean split);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevEdgeGuard, sobolev_edge_guard_free)

G_END_DECLS

#endif
