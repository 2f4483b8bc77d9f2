/* sobolev-transfer — errors of the core library.  */
#ifndef SOBOLEV_ERROR_H
#define SOBOLEV_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define SOBOLEV_ERROR (sobolev_error_quark ())

typedef enum
{
  SOBOLEV_ERROR_INVALID_ARGUMENT, /* a parameter or input out of its domain */
  SOBOLEV_ERROR_EMPTY_CLOUD,      /* nothing to transport: no pixel weighs */
  SOBOLEV_ERROR_NUMERICAL,        /* a factorization or a value broke down */
  SOBOLEV_ERROR_CANCELLED,        /* the cancel callback asked to stop */
  SOBOLEV_ERROR_IO                /* a file could not be read or written */
} SobolevErrorCode;

/* The one error domain of the core.  */
GQuark sobolev_error_quark (void);

G_END_DECLS

#endif
