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

/* How the particles' step is made from the critic's gradient ∇f.  */
typedef enum
{
  SOBOLEV_NEURAL_STEP_SOBOLEV, /* ε (S/Ω) ∇f, S = E_p f − E_q f: the
                                  descent of the unnormalized critic */
  SOBOLEV_NEURAL_STEP_UNIT,    /* ε ∇f / √Ω: unit root-mean-square step */
  SOBOLEV_NEURAL_STEP_PLAIN    /* ε ∇f, as in the paper's Algorithm 2 */
} SobolevNeuralStepRule;

/* The critic of the current step (owned by the method; NULL before the
   first fit), and the Lagrange multiplier α and the last minibatch Ω.
   For tests.  */
const SobolevMlp *sobolev_neural_descent_critic (gpointer state, gdouble *alpha,
                                                 gdouble *omega);

G_END_DECLS

#endif
