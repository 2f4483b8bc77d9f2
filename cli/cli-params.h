/* sobolev-transfer — command-line options made from the parameter table.  */
#ifndef SOBOLEV_CLI_PARAMS_H
#define SOBOLEV_CLI_PARAMS_H

#include <glib.h>
#include "params.h"

G_BEGIN_DECLS

/* The parameters as the command line sets them.  */
typedef struct
{
  SobolevParams values; /* the table's defaults until an option says else */
  gboolean *given;      /* per spec: was its option on the command line */
} SobolevCliParams;

void sobolev_cli_params_init (SobolevCliParams *params);
void sobolev_cli_params_clear (SobolevCliParams *params);

/* An option group with one --NAME=VALUE option per row of
   sobolev_param_specs, parsed with sobolev_params_set_from_string.  The
   help of each option gives its range (or choices) and default.  params
   must outlive the group.  */
GOptionGroup *sobolev_cli_param_group (SobolevCliParams *params);

/* The help text of one parameter: its blurb, then "(lo to hi, default
   d)" or "(kernel, neural; default kernel)".  */
gchar *sobolev_cli_param_help (const SobolevParamSpec *spec);

/* Sets the parameter named name to value unless its option was given:
   a subcommand's own defaults.  */
void sobolev_cli_params_default (SobolevCliParams *params, const gchar *name,
                                 gdouble value);

G_END_DECLS

#endif
