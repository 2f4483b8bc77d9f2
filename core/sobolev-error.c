/* sobolev-transfer — errors of the core library.  */
#include "sobolev-error.h"

G_DEFINE_QUARK (sobolev - error - quark, sobolev_error)
