/* README.md's parameter table is generated from the core's one table
   (params.h): this test fails when they differ.  To regenerate it:
     ./build/tests/unit/test-readme --print   */
#include <stdio.h>
#include <string.h>

#include "test-util.h"

static gchar *
readme_table (void)
{
  GString *s
      = g_string_new ("| name | label | paper | range | default | help |\n"
                      "|---|---|---|---|---|---|\n");

  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *p = &sobolev_param_specs[i];
      g_autofree gchar *range = NULL, *def = NULL;

      if (p->type == SOBOLEV_PARAM_TYPE_ENUM)
        {
          GString *r = g_string_new (NULL);

          for (const SobolevParamChoice *c = p->choices; c->nick; c++)
            g_string_append_printf (r, "%s`%s`", r->len ? ", " : "", c->nick);
          range = g_string_free (r, FALSE);
          def = g_strdup_printf ("`%s`",
                                 sobolev_param_choice_nick (p, (gint) p->def));
        }
      else
        {
          range = g_strdup_printf ("%.10g – %.10g", p->min, p->max);
          def = g_strdup_printf ("%.10g", p->def);
        }
      g_string_append_printf (
          s, "| `%s` | %s | %s | %s | %s | %s%s |\n", p->name, p->label,
          p->symbol ? p->symbol : "", range, def, p->blurb,
          (p->flags & SOBOLEV_PARAM_APPLY_ONLY)
              ? " (applies without a new descent)"
          : (p->flags & SOBOLEV_PARAM_KERNEL) ? " (kernel descent only)"
          : (p->flags & SOBOLEV_PARAM_NEURAL) ? " (neural descent only)"
          : (p->flags & SOBOLEV_PARAM_SLICED) ? " (sliced flow only)"
          : (p->flags & SOBOLEV_PARAM_SINKHORN)
              ? " (Sinkhorn flow and NSGF only)"
          : (p->flags & SOBOLEV_PARAM_PALETTE) ? " (palette transport only)"
                                              : "");
    }
  return g_string_free (s, FALSE);
}

static void
test_readme_table (void)
{
  g_autofree gchar *path = NULL;
  g_autofree gchar *readme = NULL;
  g_autofree gchar *table = readme_table ();
  gchar *dir = g_path_get_dirname (g_getenv ("SOBOLEV_DATA_DIR"));

  path = g_build_filename (dir, "README.md", NULL);
  g_free (dir);
  g_assert_true (g_file_get_contents (path, &readme, NULL, NULL));
  if (strstr (readme, table) == NULL)
    {
      g_test_message ("README.md's parameter table is out of date; "
                      "run test-readme --print and paste:\n%s",
                      table);
      g_test_fail ();
    }
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--print") == 0)
    {
      g_autofree gchar *table = readme_table ();

      fputs (table, stdout);
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/readme/parameter-table", test_readme_table);
  return g_test_run ();
}
