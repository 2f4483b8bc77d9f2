/* sobolev-transfer — command-line options made from the parameter table.  */
#include "cli-params.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sobolev-error.h"

void
sobolev_cli_params_init (SobolevCliParams *params)
{
  sobolev_params_init (&params->values);
  params->given = g_new0 (gboolean, sobolev_n_param_specs);
}

void
sobolev_cli_params_clear (SobolevCliParams *params)
{
  g_clear_pointer (&params->given, g_free);
}

static gchar *
cli_format_number (const SobolevParamSpec *spec, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (spec->type == SOBOLEV_PARAM_TYPE_DOUBLE)
    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", v));
  return g_strdup_printf ("%.0f", v);
}

gchar *
sobolev_cli_param_help (const SobolevParamSpec *spec)
{
  GString *help = g_string_new (g_dgettext (GETTEXT_PACKAGE, spec->blurb));

  if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
    {
      const gchar *def = sobolev_param_choice_nick (spec, (gint) spec->def);

      g_string_append (help, " (");
      for (const SobolevParamChoice *c = spec->choices; c->nick; c++)
        g_string_append_printf (help, "%s%s", c == spec->choices ? "" : ", ",
                                c->nick);
      g_string_append_printf (help, _ ("; default %s)"), def);
    }
  else
    {
      g_autofree gchar *lo = cli_format_number (spec, spec->min);
      g_autofree gchar *hi = cli_format_number (spec, spec->max);
      g_autofree gchar *def = cli_format_number (spec, spec->def);

      g_string_append_printf (help, _ (" (%s to %s, default %s)"), lo, hi, def);
    }
  return g_string_free (help, FALSE);
}

typedef struct
{
  SobolevCliParams *params;
  GOptionEntry *entries;
  GPtrArray *strings;
} CliGroupData;

static void
cli_group_data_free (gpointer data)
{
  CliGroupData *d = data;

  g_ptr_array_unref (d->strings);
  g_free (d->entries);
  g_free (d);
}

static gboolean
cli_param_parse (const gchar *option_name, const gchar *value, gpointer data,
                 GError **error)
{
  CliGroupData *d = data;
  const SobolevParamSpec *spec;
  g_autoptr (GError) local = NULL;

  /* option_name is "--step-size".  */
  spec = sobolev_param_spec_find (option_name + 2);
  g_return_val_if_fail (spec != NULL, FALSE);
  if (!sobolev_params_set_from_string (&d->params->values, spec, value, &local))
    {
      g_autofree gchar *help = NULL;

      /* Say what would have been right, so one line is enough.  */
      if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
        {
          GString *choices = g_string_new (NULL);

          for (const SobolevParamChoice *c = spec->choices; c->nick; c++)
            g_string_append_printf (choices, "%s%s",
                                    c == spec->choices ? "" : ", ", c->nick);
          help = g_string_free (choices, FALSE);
        }
      else
        {
          g_autofree gchar *lo = cli_format_number (spec, spec->min);
          g_autofree gchar *hi = cli_format_number (spec, spec->max);

          help = g_strdup_printf (_ ("%s to %s"), lo, hi);
        }
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s: bad value “%s” (%s)"), option_name, value, help);
      return FALSE;
    }
  d->params->given[spec - sobolev_param_specs] = TRUE;
  return TRUE;
}

GOptionGroup *
sobolev_cli_param_group (SobolevCliParams *params)
{
  CliGroupData *d = g_new0 (CliGroupData, 1);
  GOptionGroup *group;

  d->params = params;
  d->strings = g_ptr_array_new_with_free_func (g_free);
  d->entries = g_new0 (GOptionEntry, sobolev_n_param_specs + 1);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      GOptionEntry *e = &d->entries[i];
      gchar *arg;

      e->long_name = spec->name;
      e->arg = G_OPTION_ARG_CALLBACK;
      e->arg_data = (gpointer) cli_param_parse;
      e->description = sobolev_cli_param_help (spec);
      g_ptr_array_add (d->strings, (gpointer) e->description);
      if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
        {
          GString *a = g_string_new (NULL);

          for (const SobolevParamChoice *c = spec->choices; c->nick; c++)
            g_string_append_printf (a, "%s%s", c == spec->choices ? "" : "|",
                                    c->nick);
          arg = g_string_free (a, FALSE);
        }
      else
        arg = g_strdup (spec->type == SOBOLEV_PARAM_TYPE_INT ? "INT"
                                                             : "NUMBER");
      e->arg_description = arg;
      g_ptr_array_add (d->strings, arg);
    }
  group = g_option_group_new ("transport", _ ("Transport options:"),
                              _ ("Show the transport options"), d,
                              cli_group_data_free);
  g_option_group_add_entries (group, d->entries);
  return group;
}

void
sobolev_cli_params_default (SobolevCliParams *params, const gchar *name,
                            gdouble value)
{
  const SobolevParamSpec *spec = sobolev_param_spec_find (name);

  g_return_if_fail (spec != NULL);
  if (!params->given[spec - sobolev_param_specs])
    sobolev_params_set (&params->values, spec, value);
}
