/* sobolev-transfer — the GIMP 3 procedure's arguments from the table.  */
#include "gimp3-args.h"

#include <glib/gi18n-lib.h>

static GimpChoice *
choice_of (const SobolevParamSpec *spec)
{
  GimpChoice *choice = gimp_choice_new ();
  const SobolevParamChoice *ch;

  for (ch = spec->choices; ch && ch->nick; ch++)
    gimp_choice_add (choice, ch->nick, ch->value, _ (ch->label), NULL);
  return choice;
}

void
sobolev_gimp3_add_param_arguments (GimpProcedure *procedure)
{
  guint i;

  for (i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      const gchar *label = _ (spec->label);
      const gchar *blurb = _ (spec->blurb);

      switch (spec->type)
        {
        case SOBOLEV_PARAM_TYPE_INT:
          gimp_procedure_add_int_argument (procedure, spec->name, label, blurb,
                                           (gint) spec->min, (gint) spec->max,
                                           (gint) spec->def, G_PARAM_READWRITE);
          break;
        case SOBOLEV_PARAM_TYPE_DOUBLE:
          gimp_procedure_add_double_argument (procedure, spec->name, label,
                                              blurb, spec->min, spec->max,
                                              spec->def, G_PARAM_READWRITE);
          break;
        case SOBOLEV_PARAM_TYPE_ENUM:
          gimp_procedure_add_choice_argument (
              procedure, spec->name, label, blurb, choice_of (spec),
              sobolev_param_choice_nick (spec, (gint) spec->def),
              G_PARAM_READWRITE);
          break;
        }
    }
}

gboolean
sobolev_gimp3_params_from_config (GimpProcedureConfig *config,
                                  SobolevParams *params, GError **error)
{
  guint i;

  sobolev_params_init (params);
  for (i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      gint int_value;
      gdouble double_value;

      switch (spec->type)
        {
        case SOBOLEV_PARAM_TYPE_INT:
          g_object_get (config, spec->name, &int_value, NULL);
          sobolev_params_set (params, spec, int_value);
          break;
        case SOBOLEV_PARAM_TYPE_DOUBLE:
          g_object_get (config, spec->name, &double_value, NULL);
          sobolev_params_set (params, spec, double_value);
          break;
        case SOBOLEV_PARAM_TYPE_ENUM:
          sobolev_params_set (
              params, spec,
              gimp_procedure_config_get_choice_id (config, spec->name));
          break;
        }
    }
  return sobolev_params_validate (params, error);
}
