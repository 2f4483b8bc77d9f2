/* sobolev-transfer — the command line: its options, and one option per
   row of the core's parameter table.  */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <glib.h>
#include "sobolev.h"

G_BEGIN_DECLS

#define CLI_MAX_JOBS 64

typedef struct
{
  SobolevParams params; /* the table's defaults until an option says else */
  gboolean *given;      /* per spec: was its option on the command line */
  gchar *output_dir;
  gchar *palette;        /* a .gpl reference instead of a REFERENCE image */
  gint reference_colors; /* REFERENCE summed up in this many colors; 0: not */
  gchar *lut_out;
  gchar *hald_out;
  gchar *lut_in;             /* apply this .cube instead of a transport */
  gboolean overwrite_source; /* OUTPUT may be SOURCE */
  gint hald_level;
  gint jobs;
  gdouble max_megapixels; /* larger images are refused unread */
  gboolean quiet;
  gboolean help;
  gboolean version;
  /* morph */
  gint points;
  gint frames;
  gint cell;
  GPtrArray *texts; /* help texts formatted at run time */
} CliOptions;

/* The defaults of every option.  */
void cli_options_init (CliOptions *options);
void cli_options_clear (CliOptions *options);

/* The parser of the transfer's or of morph's command line, writing into
   options, which must outlive it.  */
GOptionContext *cli_options_context_new (CliOptions *options, gboolean morph);

/* Sets every parameter whose option was not given to its value in
   defaults: a subcommand's own defaults.  */
void cli_options_default_params (CliOptions *options,
                                 const SobolevParams *defaults);

G_END_DECLS

#endif
