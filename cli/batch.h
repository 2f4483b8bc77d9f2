/* sobolev-transfer — recoloring files, one or a folder's worth.  */
#ifndef CLI_BATCH_H
#define CLI_BATCH_H

#include <glib.h>
#include "options.h"

G_BEGIN_DECLS

/* With -j N, files are recolored together only while the pixels their
   headers claim add up to at most the largest file's, or to this many
   if that is more: N jobs never need much more memory than the largest
   file alone, or than one file of this size (100 megapixels).  */
#define CLI_JOBS_BUDGET_PIXELS G_GUINT64_CONSTANT (100000000)

/* `sobolev-transfer SOURCE REFERENCE OUTPUT` or, with -o DIR,
   `SOURCE… REFERENCE`; with --palette, the same without REFERENCE.
   args are the file names; returns the exit status.  Every output is
   checked before the first descent.  */
gint cli_run_batch (CliOptions *options, gchar **args, gint n_args);

G_END_DECLS

#endif
