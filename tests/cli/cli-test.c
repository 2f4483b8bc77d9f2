/* Helpers for the command-line tests.  */
#include "cli-test.h"
#include "test-util.h"

#include <math.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <string.h>
#include <glib/gstdio.h>

void
cli_run_free (CliRun *run)
{
  if (run == NULL)
    return;
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

CliRun *
cli_run_argv (const gchar *cwd, const gchar *const *argv)
{
  CliRun *run = g_new0 (CliRun, 1);
  g_autoptr (GError) error = NULL;
  gint wait_status = 0;

  if (!g_spawn_sync (cwd, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &run->out, &run->err, &wait_status, &error))
    g_error ("cannot run %s: %s", argv[0], error->message);
  if (WIFEXITED (wait_status))
    run->status = WEXITSTATUS (wait_status);
  else
    run->status = -1;
  return run;
}

CliRun *
cli_run (const gchar *first, ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const gchar *exe = g_getenv ("SOBOLEV_TRANSFER");
  const gchar *arg;
  va_list ap;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const gchar *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  return cli_run_argv (NULL, (const gchar *const *) argv->pdata);
}

gchar *
cli_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  gchar *dir = g_dir_make_tmp ("sobolev-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
cli_tmp_dir_remove (const gchar *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        cli_tmp_dir_remove (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static gint
cli_compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

gchar *
cli_dir_listing (const gchar *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cli_compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (gchar **) names->pdata);
}

gchar *
cli_file_sha1 (const gchar *path)
{
  g_autofree gchar *data = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA1, (guchar *) data, length);
}

gchar *
cli_folder_state (const gchar *folder)
{
  g_autofree gchar *names = cli_dir_listing (folder);
  g_auto (GStrv) list = g_strsplit (names, " ", -1);
  GString *state = g_string_new ("");

  for (guint i = 0; list[i] && list[i][0]; i++)
    {
      g_autofree gchar *path = g_build_filename (folder, list[i], NULL);
      g_autofree gchar *sum = cli_file_sha1 (path);
      GStatBuf st = { 0 };

      g_lstat (path, &st);
      g_string_append_printf (state, "%s:%s:%o ", list[i], sum ? sum : "-",
                              (guint) st.st_mode);
    }
  return g_string_free (state, FALSE);
}

void
cli_assert_error_lines (const CliRun *run, guint n_lines,
                        const gchar *const *needles)
{
  g_auto (GStrv) lines = g_strsplit (run->err, "\n", -1);
  guint n = g_strv_length (lines);

  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, >, 0);
  /* The text ends in a newline: the last piece is empty.  */
  if (n != n_lines + 1 || lines[n - 1][0] != '\0')
    g_error ("expected %u lines on stderr, got “%s”", n_lines, run->err);
  for (guint i = 0; i < n_lines; i++)
    if (!g_str_has_prefix (lines[i], "sobolev-transfer: "))
      g_error ("stderr line does not start with the program's name: “%s”",
               lines[i]);
  for (guint k = 0; needles[k] != NULL; k++)
    if (strstr (run->err, needles[k]) == NULL)
      g_error ("stderr “%s” does not contain “%s”", run->err, needles[k]);
}

gdouble
cli_max_difference (const CliImage *a, const CliImage *b)
{
  gsize n = (gsize) a->width * a->height;
  guint channels = a->has_alpha && b->has_alpha ? 4 : 3;
  gdouble worst = 0.0;

  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < channels; c++)
      {
        gdouble d
            = fabs ((gdouble) a->pixels[i * 4 + c] - b->pixels[i * 4 + c]);

        if (!(d <= worst)) /* NaN too */
          worst = d;
      }
  return worst * 255.0;
}

gdouble
cli_mean_difference (const CliImage *a, const CliImage *b)
{
  gsize n = (gsize) a->width * a->height;
  gdouble sum = 0.0;

  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < 3; c++)
      sum += fabs ((gdouble) a->pixels[i * 4 + c] - b->pixels[i * 4 + c]);
  return sum / (n * 3) * 255.0;
}

gdouble
cli_fraction_over (const CliImage *a, const CliImage *b, gdouble tolerance)
{
  gsize n = (gsize) a->width * a->height, over = 0;

  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->height, ==, b->height);
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < 3; c++)
      {
        gdouble d
            = fabs ((gdouble) a->pixels[i * 4 + c] - b->pixels[i * 4 + c]);

        if (!(d * 255.0 <= tolerance + 1e-3))
          over++;
      }
  return (gdouble) over / (n * 3);
}

CliImage *
cli_load (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  CliImage *image = cli_image_load (path, &error);

  g_assert_no_error (error);
  return image;
}

void
cli_assert_one_line_error (const CliRun *run, const gchar *needle)
{
  const gchar *newline;

  if (run->status == 0)
    g_error ("expected a failure, got success (stderr: %s)", run->err);
  g_assert_cmpint (run->status, >, 0);
  if (!g_str_has_prefix (run->err, "sobolev-transfer: "))
    g_error ("stderr does not start with the program's name: “%s”", run->err);
  newline = strchr (run->err, '\n');
  if (newline == NULL || newline[1] != '\0')
    g_error ("stderr is not one line: “%s”", run->err);
  if (needle != NULL && strstr (run->err, needle) == NULL)
    g_error ("stderr “%s” does not contain “%s”", run->err, needle);
}

gchar *
cli_save_small (const gchar *dir, const gchar *photo, const gchar *name,
                guint size)
{
  g_autoptr (CliImage) full = test_load_photo (photo);
  g_autoptr (CliImage) small = test_downscale (full, size);
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);

  small->bit_depth = 8;
  small->has_alpha = FALSE;
  g_assert_true (cli_image_save (small, path, &error));
  g_assert_no_error (error);
  return path;
}

gchar *
cli_write_crashing_rgbe (const gchar *dir, const gchar *name)
{
  /* One scanline of pixels after the header: the loader reads none of
     them, it fails on allocating the whole image first.  Sizes the
     arithmetic survives (200000 wraps to 3392 in its 16 bits) make it
     read far past the file's end instead, which faults or not
     depending on what is mapped there.  */
  static const gchar head[] = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n"
                              "-Y 65535 +X 65535\n";
  const gsize n = sizeof head - 1 + 4 * 65535;
  g_autofree guchar *data = g_malloc (n);
  gchar *path = g_build_filename (dir, name, NULL);

  memcpy (data, head, sizeof head - 1);
  for (gsize i = sizeof head - 1; i + 4 <= n; i += 4)
    memcpy (data + i, "\x80\x40\x20\x81", 4);
  g_assert_true (g_file_set_contents (path, (const gchar *) data, n, NULL));
  return path;
}

void
cli_assert_success (const CliRun *run)
{
  if (run->status != 0)
    g_error ("sobolev-transfer failed (%d): %s", run->status, run->err);
  g_assert_cmpstr (run->err, ==, "");
}

gboolean
cli_files_equal (const gchar *a, const gchar *b)
{
  g_autofree gchar *ca = NULL;
  g_autofree gchar *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  return la == lb && memcmp (ca, cb, la) == 0;
}

void
cli_expect_refused (const gchar *dir, const gchar *sub, gint status,
                    const gchar *needle, const gchar *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree gchar *before = cli_folder_state (dir);
  g_autofree gchar *sub_before = sub ? cli_folder_state (sub) : NULL;
  g_autofree gchar *after = NULL;
  g_autofree gchar *sub_after = NULL;
  g_autoptr (CliRun) run = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("SOBOLEV_TRANSFER"));
  g_ptr_array_add (argv, (gpointer) "--quiet");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  run = cli_run_argv (NULL, (const gchar *const *) argv->pdata);
  g_test_message ("%s", run->err);
  cli_assert_one_line_error (run, needle);
  g_assert_cmpint (run->status, ==, status);
  after = cli_folder_state (dir);
  g_assert_cmpstr (after, ==, before);
  if (sub)
    {
      sub_after = cli_folder_state (sub);
      g_assert_cmpstr (sub_after, ==, sub_before);
    }
}
