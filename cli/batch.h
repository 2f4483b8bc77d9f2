/* sobolev-transfer — recoloring files, one or a folder's worth.  */
#ifndef CLI_BATCH_H
#define CLI_BATCH_H

#include <glib.h>
#include "options.h"

G_BEGIN_DECLS

/* `sobolev-transfer SOURCE REFERENCE OUTPUT` or, with -o DIR,
   `SOURCE… REFERENCE`; with --palette, the same without REFERENCE.
   args are the file names; returns the exit status.  Every output is
   checked before the first descent.  */
gint cli_run_batch (CliOptions *options, gchar **args, gint n_args);

G_END_DECLS

#endif
