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

/* A value out of range is named as it was given: integers in full (the
   PDB passes them as integers), never as 2.14748e+09.  */
static void
test_range_messages (void)
{
  SobolevParams params;
  g_autoptr (GError) error = NULL;

  sobolev_params_init (&params);
  params.seed = -1;
  g_assert_false (sobolev_params_validate (&params, &error));
  g_assert_cmpstr (error->message, ==,
                   "seed must be between 0 and 2147483647 (got -1)");
  g_clear_error (&error);
  sobolev_params_init (&params);
  params.steps = G_MAXINT32;
  g_assert_false (sobolev_params_validate (&params, &error));
  g_assert_cmpstr (error->message, ==,
                   "steps must be between 1 and 100000 (got 2147483647)");
  g_clear_error (&error);
  sobolev_params_init (&params);
  params.bandwidth = 0.001;
  g_assert_false (sobolev_params_validate (&params, &error));
  g_assert_cmpstr (error->message, ==,
                   "bandwidth must be between 0.005 and 4 (got 0.001)");
  g_clear_error (&error);
  sobolev_params_init (&params);
  params.space = 99;
  g_assert_false (sobolev_params_validate (&params, &error));
  g_assert_nonnull (strstr (error->message, "space: 99 is not one of"));
}

/* What every host shows comes from the table: help with range and
   default, the dialog's control, the options that differ, and which
   method owns a parameter.  */
static void
test_host_texts (void)
{
  const SobolevParamSpec *bandwidth = sobolev_param_spec_find ("bandwidth");
  const SobolevParamSpec *method = sobolev_param_spec_find ("method");
  const SobolevParamSpec *seed = sobolev_param_spec_find ("seed");
  g_autofree gchar *help = sobolev_param_help (bandwidth, "Detail", NULL);
  g_autofree gchar *choices = sobolev_param_help (method, "How", NULL);
  g_autofree gchar *markup = sobolev_params_help_markup (NULL);
  g_autofree gchar *options = NULL;
  SobolevParams a, b;

  g_assert_cmpstr (help, ==, "Detail (0.005 to 4, default 0.3)");
  g_assert_cmpstr (
      choices, ==,
      "How (kernel, neural, sliced, sinkhorn, nsgf, palette; default sliced)");
  g_assert_nonnull (strstr (markup, "<b>Detail</b> (σ): "));

  g_assert_cmpint (sobolev_param_control (method).kind, ==,
                   SOBOLEV_CONTROL_CHOICE);
  g_assert_cmpint (sobolev_param_control (seed).kind, ==,
                   SOBOLEV_CONTROL_NUMBER);
  g_assert_true (sobolev_param_control (bandwidth).logarithmic);

  sobolev_params_init (&a);
  b = a;
  g_assert_true (sobolev_params_same_descent (&a, &b));
  b.strength = 0.5;
  g_assert_true (sobolev_params_same_descent (&a, &b));
  b.bandwidth = 0.04;
  g_assert_false (sobolev_params_same_descent (&a, &b));
  options = sobolev_params_options_text (&b, &a);
  g_assert_cmpstr (options, ==, " --strength 0.5 --bandwidth 0.04");

  g_assert_true (sobolev_param_owner (bandwidth)
                 == &sobolev_kernel_descent_class);
  g_assert_null (sobolev_param_owner (seed));
  g_assert_true (sobolev_param_applies (bandwidth, SOBOLEV_METHOD_KERNEL));
  g_assert_false (sobolev_param_applies (bandwidth, SOBOLEV_METHOD_NEURAL));
}

/* What a fidelity keeps of the lightness, and how hard the guard holds a
   transport's map and a saved look.  */
static void
test_fidelity (void)
{
  SobolevParams params;
  gdouble previous = 2.0;

  sobolev_params_init (&params);
  params.preserve_lightness = 0.0;
  params.fidelity = 1.0;
  g_assert_cmpfloat (sobolev_params_lightness_kept (&params), ==, 0.0);
  params.fidelity = 0.0;
  g_assert_cmpfloat_with_epsilon (sobolev_params_lightness_kept (&params),
                                  1.0 / 6.0, 1e-12);
  /* Less kept as the fidelity rises, whatever preserve-lightness adds;
     all of it at preserve-lightness 1.  */
  params.preserve_lightness = 0.5;
  for (gdouble f = 0.0; f <= 1.0; f += 0.125)
    {
      gdouble kept;

      params.fidelity = f;
      kept = sobolev_params_lightness_kept (&params);
      g_assert_cmpfloat (kept, >=, 0.5);
      g_assert_cmpfloat (kept, <, previous);
      previous = kept;
    }
  params.preserve_lightness = 1.0;
  params.fidelity = 0.3;
  g_assert_cmpfloat (sobolev_params_lightness_kept (&params), ==, 1.0);

  g_assert_cmpfloat (sobolev_guard_gain (0.0, FALSE), ==, 1.0);
  g_assert_cmpfloat (sobolev_guard_gain (0.0, TRUE), ==, 3.0);
  g_assert_cmpfloat_with_epsilon (sobolev_guard_gain (0.5, TRUE),
                                  3.0 * sobolev_guard_gain (0.5, FALSE), 1e-12);
  g_assert_cmpfloat (sobolev_guard_gain (1.0, FALSE), ==, 0.0);
  g_assert_cmpfloat (sobolev_guard_gain (1.0, TRUE), ==, 0.0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/params/table-complete", test_table_complete);
  g_test_add_func ("/params/from-string", test_from_string);
  g_test_add_func ("/params/range-messages", test_range_messages);
  g_test_add_func ("/params/host-texts", test_host_texts);
  g_test_add_func ("/params/fidelity", test_fidelity);
  return g_test_run ();
}
