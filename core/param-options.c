/* sobolev-transfer — the parameter table as command-line options.  */
#include "param-options.h"

#include <glib/gi18n-lib.h>

#include "sobolev-error.h"

typedef struct
{
  SobolevParams *params;
  gboolean *given;
  GOptionEntry *entries;
  GPtrArray *strings;
} OptionGroupData;

static void
option_group_data_free (gpointer data)
{
  OptionGroupData *d = data;

  g_ptr_array_unref (d->strings);
  g_free (d->entries);
  g_free (d);
}

/* The command line speaks the user's language.  */
static const gchar *
translate (const gchar *text)
{
  return g_dgettext (GETTEXT_PACKAGE, text);
}

static gboolean
option_parse (const gchar *option_name, const gchar *value, gpointer data,
              GError **error)
{
  OptionGroupData *d = data;
  const SobolevParamSpec *spec;
  g_autoptr (GError) local = NULL;

  /* option_name is "--step-size".  */
  spec = sobolev_param_spec_find (option_name + 2);
  g_return_val_if_fail (spec != NULL, FALSE);
  if (!sobolev_params_set_from_string (d->params, spec, value, &local))
    {
      /* Say what would have been right, so one line is enough.  */
      g_autofree gchar *range = sobolev_param_range_text (spec, translate);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   translate (N_ ("%s: bad value “%s” (%s)")), option_name,
                   value, range);
      return FALSE;
    }
  if (d->given)
    d->given[spec - sobolev_param_specs] = TRUE;
  return TRUE;
}

GOptionGroup *
sobolev_param_option_group (SobolevParams *params, gboolean *given)
{
  OptionGroupData *d = g_new0 (OptionGroupData, 1);
  GOptionGroup *group;

  d->params = params;
  d->given = given;
  d->strings = g_ptr_array_new_with_free_func (g_free);
  d->entries = g_new0 (GOptionEntry, sobolev_n_param_specs + 1);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      GOptionEntry *e = &d->entries[i];
      gchar *arg;

      e->long_name = spec->name;
      e->arg = G_OPTION_ARG_CALLBACK;
      e->arg_data = (gpointer) option_parse;
      e->description = sobolev_param_help (spec, spec->blurb, translate);
      g_ptr_array_add (d->strings, (gpointer) e->description);
      if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
        arg = sobolev_param_choices_text (spec, "|");
      else
        arg = g_strdup (spec->type == SOBOLEV_PARAM_TYPE_INT ? "INT"
                                                             : "NUMBER");
      e->arg_description = arg;
      g_ptr_array_add (d->strings, arg);
    }
  group = g_option_group_new (
      "transport", "Transport options:", "Show the transport options", d,
      option_group_data_free);
  g_option_group_add_entries (group, d->entries);
  return group;
}

gchar *
sobolev_params_options_text (const SobolevParams *params,
                             const SobolevParams *base)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      gdouble v = sobolev_params_get (params, spec);

      if (v != sobolev_params_get (base, spec))
        {
          g_autofree gchar *value = sobolev_param_format (spec, v);

          g_string_append_printf (text, " --%s %s", spec->name, value);
        }
    }
  return g_string_free (text, FALSE);
}
