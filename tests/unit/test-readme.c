/* README.md's parameter table is generated from the core's one table
   (sobolev_params_markdown): this test fails when they differ.  To regenerate
   it:
     ./build/tests/unit/test-readme --print   */
#include <stdio.h>
#include <string.h>

#include "test-util.h"

static gchar *
readme_table (void)
{
  return sobolev_params_markdown ();
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
