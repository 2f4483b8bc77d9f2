/* The one parameter table.  */
#include <string.h>

#include "sobolev.h"

static void
test_table_complete (void)
{
  SobolevParams params;
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);

  sobolev_params_init (&params);
  g_assert_true (sobolev_params_validate (&params, NULL));
  g_assert_cmpuint (sobolev_n_param_specs, >=, 10);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *s = &sobolev_param_specs[i];

      g_assert_nonnull (s->name);
      g_assert_null (strchr (s->name, '_'));
      g_assert_true (g_hash_table_add (names, (gpointer) s->name));
      g_assert_true (s->label && *s->label);
      g_assert_true (s->blurb && *s->blurb);
      if (s->type == SOBOLEV_PARAM_TYPE_ENUM)
        g_assert_nonnull (sobolev_param_choice_nick (s, (gint) s->def));
      else
        {
          g_assert_cmpfloat (s->min, <=, s->def);
          g_assert_cmpfloat (s->def, <=, s->max);
        }
      g_assert_cmpfloat (sobolev_params_get (&params, s), ==, s->def);
      g_assert_true (sobolev_param_spec_find (s->name) == s);
    }
  g_hash_table_unref (names);
  /* The paper's symbols are carried for the hosts' tooltips.  */
  g_assert_cmpstr (sobolev_param_spec_find ("smoothness")->symbol, ==, "λ");
  g_assert_cmpstr (sobolev_param_spec_find ("bandwidth")->symbol, ==, "σ");
  g_assert_cmpstr (sobolev_param_spec_find ("features")->symbol, ==, "m");
}

static void
test_from_string (void)
{
  SobolevParams params;
  g_autoptr (GError) error = NULL;
  const SobolevParamSpec *steps = sobolev_param_spec_find ("steps");
  const SobolevParamSpec *size = sobolev_param_spec_find ("step_size");
  const SobolevParamSpec *space = sobolev_param_spec_find ("space");

  sobolev_params_init (&params);
  g_assert_true (sobolev_params_set_from_string (&params, steps, "250", NULL));
  g_assert_cmpint (params.steps, ==, 250);
  g_assert_true (sobolev_params_set_from_string (&params, size, "1e-3", NULL));
  g_assert_cmpfloat (params.step_size, ==, 1e-3);
  g_assert_true (
      sobolev_params_set_from_string (&params, space, "OKLAB", NULL));
  g_assert_cmpint (params.space, ==, SOBOLEV_SPACE_OKLAB);

  g_assert_false (
      sobolev_params_set_from_string (&params, steps, "2.5", &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sobolev_params_set_from_string (&params, steps, "0", &error));
  g_assert_nonnull (strstr (error->message, "steps"));
  g_clear_error (&error);
  g_assert_false (
      sobolev_params_set_from_string (&params, size, "fast", &error));
  g_clear_error (&error);
  g_assert_false (
      sobolev_params_set_from_string (&params, space, "hsv", &error));
  g_assert_nonnull (strstr (error->message, "oklab"));
  /* Failed sets leave the values as they were.  */
  g_assert_cmpint (params.steps, ==, 250);
  g_assert_cmpint (params.space, ==, SOBOLEV_SPACE_OKLAB);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/params/table-complete", test_table_complete);
  g_test_add_func ("/params/from-string", test_from_string);
  return g_test_run ();
}
