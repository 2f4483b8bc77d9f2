/* sobolev-transfer — neural Sobolev descent (Algorithm 2).  */
#ifndef SOBOLEV_NEURAL_DESCENT_H
#define SOBOLEV_NEURAL_DESCENT_H

#include "method.h"
#include "mlp.h"

G_BEGIN_DECLS

/* Where the gradient penalty Ω = E ‖∇f‖² is measured.  */
typedef enum
{
  SOBOLEV_PENALTY_MIXTURE, /* ½ (source + reference): stable */
  SOBOLEV_PENALTY_SOURCE   /* the current particles only, as in the paper */
} SobolevPenaltyMeasure;

/* The critic of the current step (owned by the method; NULL before the
   first fit), and the Lagrange multiplier α and the last minibatch Ω.
   For tests.  */
const SobolevMlp *sobolev_neural_descent_critic (gpointer state, gdouble *alpha,
                                                 gdouble *omega);

G_END_DECLS

#endif
