/* sobolev-transfer — the sliced-Wasserstein flow.  */
#ifndef SOBOLEV_SLICED_FLOW_H
#define SOBOLEV_SLICED_FLOW_H

#include "method.h"

G_BEGIN_DECLS

/* The 1-D optimal (monotone) transport of a weighted cloud on a line:
   for each of the n source positions t (any order, weights w ≥ 0), where
   the monotone plan to the target (m positions s, weights b) sends its
   mass on average, written to out (n).  Weights need not be normalized
   but must have a positive sum; a zero-weight point moves as its
   neighbors do (linear interpolation of their displacements), which is
   how the flow moves passengers.  */
void sobolev_monotone_barycenters (const gdouble *t, const gdouble *w, gsize n,
                                   const gdouble *s, const gdouble *b, gsize m,
                                   gdouble *out);

G_END_DECLS

#endif
