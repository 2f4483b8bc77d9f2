/* sobolev-transfer — the table of methods.  */
#include "method.h"

static const SobolevMethodClass *const method_table[] = {
  [SOBOLEV_METHOD_KERNEL] = &sobolev_kernel_descent_class,
  [SOBOLEV_METHOD_NEURAL] = &sobolev_neural_descent_class,
  [SOBOLEV_METHOD_SLICED] = &sobolev_sliced_flow_class,
  [SOBOLEV_METHOD_SINKHORN] = &sobolev_sinkhorn_flow_class,
  [SOBOLEV_METHOD_NSGF] = &sobolev_nsgf_class,
  [SOBOLEV_METHOD_PALETTE] = &sobolev_palette_flow_class,
};

const SobolevMethodClass *
sobolev_method_get (SobolevMethodId id)
{
  if ((guint) id >= G_N_ELEMENTS (method_table))
    return NULL;
  return method_table[id];
}
