/* sobolev-transfer — the classic exact optimal-transport color transfer,
   a baseline for benchmarks.

   exact_ot_assign solves a dense linear assignment problem exactly with
   the shortest-augmenting-path method of Jonker and Volgenant: one
   Dijkstra search per unassigned row on reduced costs.  Its starting
   point (column potentials and a partial assignment) comes from a forward
   auction with ε-scaling, which makes those searches short on geometric
   costs; optimality does not depend on it.  exact_ot_recolor is the recipe
   built on it: match n random source pixels to n random reference pixels with
   squared Euclidean cost in encoded sRGB, then extend the matching to every
   source pixel through its nearest sampled source pixel.  */
#ifndef SOBOLEV_EXACT_OT_H
#define SOBOLEV_EXACT_OT_H

#include <glib.h>

G_BEGIN_DECLS

/* Optimal assignment for an n × n cost matrix (row-major, finite
   doubles): on return perm[i] is the column assigned to row i, and the
   permutation minimizes the sum of cost[i * n + perm[i]].  Returns that
   minimal total (0 when n is 0).  Time is O(n³) at worst, typically far
   less (about 1 s for n = 4000 on photo colors); memory is O(n) besides
   the matrix.  */
gdouble exact_ot_assign (const gdouble *cost, gsize n, gsize *perm);

/* The classic recipe on packed float RGBA images (encoded sRGB, 4 floats
   per pixel).  Draws n_samples pixels with replacement, uniformly among
   the pixels whose alpha is not 0, from each image (one GRand seeded with
   seed, source first), solves the assignment between the two samples
   with squared Euclidean RGB cost, and writes every source pixel to out
   (same layout as source; out may not alias source):

     displacement_extension FALSE: out = r, the reference sample assigned
       to the nearest source sample s;
     displacement_extension TRUE:  out = p + (r − s), clamped to [0, 1].

   Ties between nearest samples go to the lowest sample index.  Alpha is
   copied.  When either image has no pixel with nonzero alpha (or
   n_samples is 0), out is a copy of source.  */
void exact_ot_recolor (const gfloat *source, gsize n_source_pixels,
                       const gfloat *reference, gsize n_reference_pixels,
                       gsize n_samples, guint32 seed,
                       gboolean displacement_extension, gfloat *out);

/* The nearest-neighbor step of the recipe, exposed for tests: for each of
   the n_pixels packed RGBA pixels, nearest[p] is the index of the point
   (3 doubles each, n_points > 0) closest to its RGB in Euclidean distance,
   the lowest index among ties.  */
void exact_ot_nearest (const gdouble *points, gsize n_points,
                       const gfloat *pixels, gsize n_pixels, gsize *nearest);

G_END_DECLS

#endif
