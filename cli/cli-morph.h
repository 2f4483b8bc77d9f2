/* sobolev-transfer — the morph subcommand.  */
#ifndef CLI_MORPH_H
#define CLI_MORPH_H

#include <glib.h>
#include "options.h"

G_BEGIN_DECLS

/* The subcommand's own settings: defaults and ranges.  */
#define CLI_MORPH_DEFAULT_POINTS 1000
#define CLI_MORPH_MIN_POINTS 10
#define CLI_MORPH_MAX_POINTS 100000
#define CLI_MORPH_DEFAULT_FRAMES 8
#define CLI_MORPH_MIN_FRAMES 2
#define CLI_MORPH_MAX_FRAMES 64
#define CLI_MORPH_DEFAULT_CELL 128
#define CLI_MORPH_MIN_CELL 16
#define CLI_MORPH_MAX_CELL 1024

/* `sobolev-transfer morph SHAPE_A SHAPE_B OUTPUT`: args are the three
   file names; returns the exit status.  */
gint cli_run_morph (CliOptions *options, gchar **args, gint n_args);

G_END_DECLS

#endif
