/* sobolev-transfer — the parameter table as command-line options
   (GOption, GLib's parser): one --NAME=VALUE per row.  */
#ifndef SOBOLEV_PARAM_OPTIONS_H
#define SOBOLEV_PARAM_OPTIONS_H

#include <glib.h>
#include "params.h"

G_BEGIN_DECLS

/* A group "transport" with one --NAME=VALUE option per row of the table,
   parsed by the table into params (a bad value is a G_OPTION_ERROR that
   says what would be right); the help of each is sobolev_param_help of
   its translated blurb.  given, if not NULL, has a flag per row set when
   its option is given.  params and given must outlive the group.  */
GOptionGroup *sobolev_param_option_group (SobolevParams *params,
                                          gboolean *given);

/* The values of params that differ from base, as options:
   " --bandwidth 0.04 --features 384".  */
gchar *sobolev_params_options_text (const SobolevParams *params,
                                    const SobolevParams *base);

G_END_DECLS

#endif
