/* sobolev-transfer — the GIMP 3 procedure's arguments, made from the
   core's parameter table, and read back from a GimpProcedureConfig.  */
#ifndef SOBOLEV_GIMP3_ARGS_H
#define SOBOLEV_GIMP3_ARGS_H

#include <libgimp/gimp.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* Adds one argument per row of sobolev_param_specs[] to procedure, with
   the row's name, translated label and help, range and default.
   Enumerations become choice arguments: Script-Fu passes their nicks
   ("kernel", "oklab") and a dialog shows their labels.  */
void sobolev_gimp3_add_param_arguments (GimpProcedure *procedure);

/* The table's values held by config, checked against the table's
   ranges (GIMP checks them too, but a config may come from a file).  */
gboolean sobolev_gimp3_params_from_config (GimpProcedureConfig *config,
                                           SobolevParams *params,
                                           GError **error);

G_END_DECLS

#endif
