/* The command's memory on a large image: recolors a generated image of
   MEGAPIXELS (100 by default) through the command and prints its peak
   resident memory next to the budget of 2 × the image's RGBA bytes +
   200 MB.  The command decodes in a child process, so both are counted:
   the peak of their sum, sampled from /proc every 10 ms, and each one's
   own peak (getrusage of the reaped processes).  With --jobs N it
   recolors N copies of the image (links to it) with -j N -o DIR: the
   budget is then that of the pixels the command lets run together (all
   N images up to CLI_JOBS_BUDGET_PIXELS, else one at a time).

     ./build/tests/bench/bench-cli-memory [--16] [--jobs N] [MEGAPIXELS]

   The generated files are kept in $TMPDIR (sobolev-bench-memory-*) for
   the next run.  */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "batch.h"
#include "test-util.h"

extern char **environ;

/* Resident kB of pid and of all its descendants, from /proc.  */
static guint64
tree_rss_kb (pid_t pid)
{
  g_autofree gchar *status_path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree gchar *children_path
      = g_strdup_printf ("/proc/%d/task/%d/children", pid, pid);
  g_autofree gchar *status = NULL;
  g_autofree gchar *children = NULL;
  guint64 kb = 0;
  const gchar *line;

  if (g_file_get_contents (status_path, &status, NULL, NULL)
      && (line = strstr (status, "VmRSS:")) != NULL)
    kb = g_ascii_strtoull (line + 6, NULL, 10);
  if (g_file_get_contents (children_path, &children, NULL, NULL))
    {
      g_auto (GStrv) pids = g_strsplit (g_strstrip (children), " ", -1);

      for (guint i = 0; pids[i] && pids[i][0]; i++)
        kb += tree_rss_kb ((pid_t) atoi (pids[i]));
    }
  return kb;
}

static gchar *
make_image (const gchar *dir, guint width, guint height, guint bit_depth)
{
  g_autofree gchar *name
      = g_strdup_printf ("source-%ux%u-%u.png", width, height, bit_depth);
  gchar *path = g_build_filename (dir, name, NULL);
  g_autoptr (CliImage) image = NULL;
  g_autoptr (GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  printf ("making %s …\n", path);
  fflush (stdout);
  image = cli_image_new (width, height);
  image->bit_depth = bit_depth;
  image->has_alpha = FALSE;
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        gfloat *p = image->pixels + ((gsize) y * width + x) * 4;

        p[0] = (gfloat) x / width;
        p[1] = (gfloat) y / height;
        p[2] = 0.5f + 0.4f * sinf (x * 0.01f) * cosf (y * 0.013f);
        p[3] = 1.0f;
      }
  if (!cli_image_save (image, path, &error))
    g_error ("%s", error->message);
  return path;
}

int
main (int argc, char **argv)
{
  guint bit_depth = 8;
  guint n_jobs = 1;
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *out_dir = NULL;
  gdouble together;
  gdouble megapixels = 100.0;
  g_autofree gchar *dir = NULL;
  g_autofree gchar *source = NULL;
  g_autofree gchar *reference = NULL;
  g_autofree gchar *output = NULL;
  g_autofree gchar *exe = NULL;
  guint side;
  guint64 peak_kb = 0;
  gdouble rgba_mb, budget_mb, start;
  struct rusage usage;
  pid_t pid;
  gint status;

  for (gint i = 1; i < argc; i++)
    if (strcmp (argv[i], "--16") == 0)
      bit_depth = 16;
    else if (strcmp (argv[i], "--jobs") == 0 && i + 1 < argc)
      {
        i++;
        n_jobs = MAX (1, atoi (argv[i]));
      }
    else
      megapixels = g_ascii_strtod (argv[i], NULL);
  side = (guint) lround (sqrt (megapixels * 1e6));
  dir = g_build_filename (g_get_tmp_dir (), "sobolev-bench-memory", NULL);
  g_mkdir_with_parents (dir, 0755);
  source = make_image (dir, side, side, bit_depth);
  reference = g_build_filename (SOBOLEV_SOURCE_ROOT, "data", "photos",
                                "coffee.png", NULL);
  output = g_build_filename (dir, "output.png", NULL);
  exe = g_build_filename (SOBOLEV_BUILD_ROOT, "cli", "sobolev-transfer", NULL);

  g_ptr_array_add (args, g_strdup (exe));
  g_ptr_array_add (args, g_strdup ("-q"));
  if (n_jobs == 1)
    {
      g_ptr_array_add (args, g_strdup (source));
      g_ptr_array_add (args, g_strdup (reference));
      g_ptr_array_add (args, g_strdup (output));
    }
  else
    {
      out_dir = g_build_filename (dir, "out", NULL);
      g_mkdir_with_parents (out_dir, 0755);
      g_ptr_array_add (args, g_strdup_printf ("--jobs=%u", n_jobs));
      g_ptr_array_add (args, g_strdup ("-o"));
      g_ptr_array_add (args, g_strdup (out_dir));
      for (guint j = 0; j < n_jobs; j++)
        {
          gchar *link = g_strdup_printf ("%s/copy-%u.png", dir, j);

          g_unlink (link);
          if (symlink (source, link) != 0)
            g_error ("symlink: %s", g_strerror (errno));
          g_ptr_array_add (args, link);
        }
      g_ptr_array_add (args, g_strdup (reference));
    }
  g_ptr_array_add (args, NULL);
  start = g_get_monotonic_time () / 1e6;
  if (posix_spawn (&pid, exe, NULL, NULL, (gchar **) args->pdata, environ) != 0)
    g_error ("cannot start %s", exe);
  for (;;)
    {
      pid_t done = wait4 (pid, &status, WNOHANG, &usage);
      guint64 kb;

      if (done == pid)
        break;
      if (done < 0 && errno != EINTR)
        g_error ("wait4: %s", g_strerror (errno));
      kb = tree_rss_kb (pid);
      peak_kb = MAX (peak_kb, kb);
      g_usleep (10000);
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("the command failed (status 0x%x)", status);

  /* The images the command lets run at once (batch.h).  */
  together
      = MAX (1.0, MIN ((gdouble) n_jobs, floor (CLI_JOBS_BUDGET_PIXELS
                                                / ((gdouble) side * side))));
  rgba_mb = together * side * side * 4 * (bit_depth / 8) / 1e6;
  budget_mb = 2 * rgba_mb + 200;
  printf ("image            %u × %u = %.1f MP, %u-bit\n", side, side,
          (gdouble) side * side / 1e6, bit_depth);
  printf ("wall time        %.1f s\n", g_get_monotonic_time () / 1e6 - start);
  printf ("jobs             %u (-j %u), %.0f at once\n", n_jobs, n_jobs,
          together);
  printf ("RGBA bytes       %.0f MB (of the images at once)\n", rgba_mb);
  printf ("budget           %.0f MB (2 × RGBA + 200 MB)\n", budget_mb);
  printf ("peak, command and decoder together (sampled)  %.0f MB  "
          "(%.2f × budget, %.2f × RGBA)\n",
          peak_kb / 1e3, peak_kb / 1e3 / budget_mb, peak_kb / 1e3 / rgba_mb);
  printf ("peak of the largest process (getrusage)       %.0f MB\n",
          usage.ru_maxrss / 1e3);
  g_unlink (output);
  for (guint j = 0; n_jobs > 1 && j < n_jobs; j++)
    {
      g_autofree gchar *name = g_strdup_printf ("copy-%u.png", j);
      g_autofree gchar *link = g_build_filename (dir, name, NULL);
      g_autofree gchar *out = g_build_filename (out_dir, name, NULL);

      g_unlink (link);
      g_unlink (out);
    }
  if (out_dir != NULL)
    g_rmdir (out_dir);
  return 0;
}
