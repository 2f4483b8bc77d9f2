/* The plug-in inside GIMP against GIMP's own curves, on the same drawable
   in the same run.

     bench-plugin [--plugin PATH] [--repeat N] [MEGAPIXELS...]

   Starts one headless gimp-console-2.10 with a private profile holding the
   plug-in (by default the one built next to this program), and for each
   size (default 8 and 20 MP) makes an image from a sample photo, then
   times gimp-drawable-curves-spline and plug-in-sobolev-transfer (default
   parameters, a reference in another image), each on a fresh copy of its
   layer, N times each (default 2), keeping the best; and the plug-in
   with one step and no refinement, the host's own floor (start-up,
   reading, clouds, apply, write, merge), which no tuning of the
   transport goes below.  Script-Fu has no clock, so the script prints a
   marker line before and after each step and this program timestamps
   the lines as they arrive; GIMP's start-up, file I/O and the copies are
   outside the timed steps.  Prints the plug-in's own stage times
   (SOBOLEV_TIMING) as they come, then the best times and the ratios
   plug-in / curves and plug-in / floor.  */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sobolev.h"

/* The table's defaults as Script-Fu arguments, then an empty lut-file,
   reference-palette and look-file.
   With floor, one descent step and no refinement: what is left is the
   host's own work (start-up, reading, clouds, apply, write, merge).  */
static gchar *
plugin_args (gboolean floor)
{
  GString *s = g_string_new ("");
  guint i;

  for (i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

      switch (spec->type)
        {
        case SOBOLEV_PARAM_TYPE_INT:
          if (floor && g_str_equal (spec->name, "steps"))
            g_string_append (s, " 1");
          else if (floor && g_str_equal (spec->name, "refine"))
            g_string_append (s, " 0");
          else
            g_string_append_printf (s, " %d", (gint) spec->def);
          break;
        case SOBOLEV_PARAM_TYPE_DOUBLE:
          g_ascii_formatd (buf, sizeof buf, "%.17g", spec->def);
          g_string_append_printf (s, " %s%s", buf,
                                  strpbrk (buf, ".en") ? "" : ".0");
          break;
        case SOBOLEV_PARAM_TYPE_ENUM:
          g_string_append_printf (
              s, " \"%s\"", sobolev_param_choice_nick (spec, (gint) spec->def));
          break;
        }
    }
  g_string_append (s, " \"\" \"\" \"\"");
  return g_string_free (s, FALSE);
}

static gchar *
default_plugin_path (void)
{
  gchar *exe = g_file_read_link ("/proc/self/exe", NULL);
  gchar *dir, *path;

  if (!exe)
    return g_strdup ("plug-in/sobolev-transfer");
  dir = g_path_get_dirname (exe);
  path
      = g_build_filename (dir, "..", "..", "plug-in", "sobolev-transfer", NULL);
  g_free (dir);
  g_free (exe);
  return path;
}

int
main (int argc, char **argv)
{
  g_autofree gchar *plugin = NULL;
  g_autofree gchar *args = plugin_args (FALSE);
  g_autofree gchar *floor_args = plugin_args (TRUE);
  g_autofree gchar *profile = NULL;
  g_autofree gchar *plugdir = NULL;
  g_autofree gchar *target = NULL;
  g_autofree gchar *contents = NULL;
  GString *scm = g_string_new ("(begin");
  gint repeat = 2, n_sizes = 0, i, r;
  gdouble sizes[16];
  gchar *gimp_argv[8];
  GPid pid;
  gint out_fd;
  gsize len;
  GError *error = NULL;
  FILE *out;
  gchar line[4096];
  gint64 last = 0;
  gdouble best_curves[16], best_plugin[16], best_floor[16];
  gint size_index = -1;

  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--plugin") && i + 1 < argc)
        plugin = g_strdup (argv[++i]);
      else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
        {
          repeat = atoi (argv[++i]);
          repeat = MAX (repeat, 1);
        }
      else if (n_sizes < 16 && g_ascii_strtod (argv[i], NULL) > 0)
        sizes[n_sizes++] = g_ascii_strtod (argv[i], NULL);
      else
        {
          fprintf (stderr,
                   "usage: %s [--plugin PATH] [--repeat N] [MEGAPIXELS...]\n",
                   argv[0]);
          return 2;
        }
    }
  if (n_sizes == 0)
    {
      sizes[n_sizes++] = 8;
      sizes[n_sizes++] = 20;
    }
  if (!plugin)
    plugin = default_plugin_path ();
  if (!g_file_get_contents (plugin, &contents, &len, &error))
    {
      fprintf (stderr, "cannot read the plug-in: %s\n", error->message);
      return 1;
    }

  /* A private profile, as the host tests use.  */
  profile = g_dir_make_tmp ("sobolev-bench-XXXXXX", &error);
  if (!profile)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  plugdir = g_build_filename (profile, "plug-ins", "sobolev-transfer", NULL);
  g_mkdir_with_parents (plugdir, 0755);
  target = g_build_filename (plugdir, "sobolev-transfer", NULL);
  if (!g_file_set_contents (target, contents, len, &error)
      || g_chmod (target, 0755) != 0)
    {
      fprintf (stderr, "cannot install the plug-in: %s\n",
               error ? error->message : "chmod failed");
      return 1;
    }
  g_setenv ("GIMP2_DIRECTORY", profile, TRUE);
  /* The plug-in then prints each stage's time: where the ratio comes
     from.  */
  g_setenv ("SOBOLEV_TIMING", "1", TRUE);

  g_string_append_printf (
      scm,
      " (define ref (car (gimp-file-load RUN-NONINTERACTIVE"
      " \"%s/data/photos/coffee.png\" \"coffee.png\")))"
      " (define ref-layer (car (gimp-image-get-active-layer ref)))"
      " (define (bench-mark what) (gimp-message (string-append \"BENCH \" "
      "what)))"
      /* Every timed step works on its own copy of the scaled photo: on
         the layer a previous step recolored, a transfer has almost
         nothing to do.  Making the copy is outside the timed step.  */
      " (define (bench-copy img orig)"
      " (let ((copy (car (gimp-layer-copy orig FALSE))))"
      " (gimp-image-insert-layer img copy 0 0)"
      " (bench-mark \"ready\") copy))",
      SOBOLEV_SOURCE_ROOT);
  for (i = 0; i < n_sizes; i++)
    {
      /* A sample photo scaled to the size: smooth, with many colors.  */
      gint w = (gint) round (sqrt (sizes[i] * 1e6 * 1.5));
      gint h = (gint) round (sizes[i] * 1e6 / w);

      g_string_append_printf (
          scm,
          " (let* ((img (car (gimp-file-load RUN-NONINTERACTIVE"
          " \"%s/data/photos/chelsea.png\" \"chelsea.png\")))"
          " (orig (car (gimp-image-get-active-layer img))))"
          " (gimp-image-scale img %d %d)"
          " (bench-mark \"size %d %d\")",
          SOBOLEV_SOURCE_ROOT, w, h, w, h);
      for (r = 0; r < repeat; r++)
        g_string_append_printf (
            scm,
            " (let ((layer (bench-copy img orig)))"
            " (gimp-drawable-curves-spline layer HISTOGRAM-VALUE 8"
            " #(0.0 0.0 0.3 0.25 0.7 0.8 1.0 1.0))"
            " (bench-mark \"curves\")"
            " (gimp-image-remove-layer img layer))"
            " (let ((layer (bench-copy img orig)))"
            " (plug-in-sobolev-transfer RUN-NONINTERACTIVE img layer"
            " ref-layer%s)"
            " (bench-mark \"plugin\")"
            " (gimp-image-remove-layer img layer))"
            " (let ((layer (bench-copy img orig)))"
            " (plug-in-sobolev-transfer RUN-NONINTERACTIVE img layer"
            " ref-layer%s)"
            " (bench-mark \"floor\")"
            " (gimp-image-remove-layer img layer))",
            args, floor_args);
      g_string_append (scm, " (gimp-image-delete img))");
    }
  g_string_append (scm, " (bench-mark \"end\"))");

  gimp_argv[0] = "gimp-console-2.10";
  gimp_argv[1] = "-i";
  gimp_argv[2] = "-d";
  gimp_argv[3] = "-f";
  gimp_argv[4] = "-b";
  gimp_argv[5] = scm->str;
  gimp_argv[6] = "-b";
  gimp_argv[7] = "(gimp-quit 0)";
  {
    gchar *full_argv[9];

    memcpy (full_argv, gimp_argv, sizeof gimp_argv);
    full_argv[8] = NULL;
    /* GIMP's messages go to stderr: read it, and drop stdout.  */
    if (!g_spawn_async_with_pipes (
            NULL, full_argv, NULL,
            G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                | G_SPAWN_STDOUT_TO_DEV_NULL,
            NULL, NULL, &pid, NULL, NULL, &out_fd, &error))
      {
        fprintf (stderr, "cannot start gimp-console-2.10: %s\n",
                 error->message);
        return 1;
      }
  }

  printf ("plug-in %s, best of %d, default parameters\n", plugin, repeat);
  fflush (stdout);
  out = fdopen (out_fd, "r");
  while (fgets (line, sizeof line, out))
    {
      gint64 now = g_get_monotonic_time ();
      gchar *mark = strstr (line, "BENCH ");
      gdouble dt = (now - last) / 1e6;

      if (!mark)
        {
          if (strstr (line, "sobolev-transfer: "))
            printf ("  %s", line);
          else if (strstr (line, "rror") && !strstr (line, "save data"))
            fputs (line, stderr);
          continue;
        }
      mark += 6;
      g_strchomp (mark);
      if (g_str_has_prefix (mark, "size"))
        {
          size_index++;
          best_curves[size_index] = best_plugin[size_index]
              = best_floor[size_index] = INFINITY;
          printf ("%s px (%.0f MP)\n", mark + 5, sizes[size_index]);
          fflush (stdout);
        }
      else if (g_str_equal (mark, "curves"))
        best_curves[size_index] = MIN (best_curves[size_index], dt);
      else if (g_str_equal (mark, "plugin"))
        best_plugin[size_index] = MIN (best_plugin[size_index], dt);
      else if (g_str_equal (mark, "floor"))
        best_floor[size_index] = MIN (best_floor[size_index], dt);
      last = now;
    }
  fclose (out);
  g_spawn_close_pid (pid);

  for (i = 0; i <= size_index && i < n_sizes; i++)
    {
      if (!isfinite (best_curves[i]) || !isfinite (best_plugin[i]))
        {
          printf ("%4.0f MP: did not finish (see the errors above)\n",
                  sizes[i]);
          continue;
        }
      printf ("%4.0f MP: curves %.3f s, sobolev-transfer %.3f s, ratio "
              "%.2f (target <= 3 at 20 MP); host floor (1 step, no "
              "refinement) %.3f s, ratio %.2f; sobolev-transfer / floor "
              "%.2f\n",
              sizes[i], best_curves[i], best_plugin[i],
              best_plugin[i] / best_curves[i], best_floor[i],
              best_floor[i] / best_curves[i], best_plugin[i] / best_floor[i]);
    }

  /* The private profile is ours alone.  */
  {
    gchar *cmd[] = { "rm", "-rf", profile, NULL };

    g_spawn_sync (NULL, cmd, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  NULL, NULL);
  }
  g_string_free (scm, TRUE);
  return size_index + 1 == n_sizes ? 0 : 1;
}
