/* sobolev-transfer — `sobolev-transfer morph`: 2-D shapes from image
   files, morphed by the core (morph.h), drawn into an image file.  */
#include "cli-morph.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "cli.h"
#include "progress.h"

gint
cli_run_morph (CliOptions *options, gchar **args, gint n_args)
{
  SobolevParams *params = &options->params;
  g_autoptr (GError) error = NULL;
  g_autoptr (CliImage) shape_a = NULL;
  g_autoptr (CliImage) shape_b = NULL;
  g_autoptr (SobolevCloud) a = NULL;
  g_autoptr (SobolevCloud) b = NULL;
  g_autoptr (SobolevCloud) end = NULL;
  g_autoptr (SobolevPath) path = NULL;
  g_autoptr (CliImage) strip = NULL;
  CliProgress progress;
  CliStage stage = { &progress, 0, 0.0, 1.0 };
  gdouble d0, d1;
  struct
  {
    const gchar *name;
    gint value, lo, hi;
  } ranges[] = {
    { "--points", options->points, CLI_MORPH_MIN_POINTS, CLI_MORPH_MAX_POINTS },
    { "--frames", options->frames, CLI_MORPH_MIN_FRAMES, CLI_MORPH_MAX_FRAMES },
    { "--cell", options->cell, CLI_MORPH_MIN_CELL, CLI_MORPH_MAX_CELL },
  };

  if (n_args != 3)
    {
      cli_print_error (_ ("morph needs SHAPE_A SHAPE_B OUTPUT (see morph "
                          "--help)"));
      return CLI_EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (ranges[i].value < ranges[i].lo || ranges[i].value > ranges[i].hi)
      {
        g_autofree gchar *m = g_strdup_printf (
            _ ("%s: bad value “%d” (%d to %d)"), ranges[i].name,
            ranges[i].value, ranges[i].lo, ranges[i].hi);
        cli_print_error (m);
        return CLI_EXIT_USAGE;
      }
  /* A frame is a state after a whole step: there are at most steps + 1.
     Fewer frames than asked, without a word, would be a wrong picture.  */
  if (options->frames - 1 > params->steps)
    {
      g_autofree gchar *m = g_strdup_printf (
          _ ("--frames %d needs at least %d steps, and --steps is %d: give "
             "fewer frames or more steps"),
          options->frames, options->frames - 1, params->steps);
      cli_print_error (m);
      return CLI_EXIT_USAGE;
    }
  /* One snapshot per frame; the frames are the path's states.  */
  sobolev_params_set (params, sobolev_param_spec_find ("snapshots"),
                      options->frames - 1);
  if (!cli_image_check_save_path (args[2], &error))
    {
      cli_print_error (error->message);
      return CLI_EXIT_USAGE;
    }

  shape_a = cli_load (args[0], &error);
  if (shape_a == NULL)
    goto failure;
  shape_b = cli_load (args[1], &error);
  if (shape_b == NULL)
    goto failure;
  a = sobolev_morph_sample_shape (shape_a->pixels, shape_a->width,
                                  shape_a->height, options->points,
                                  (guint32) params->seed, &error);
  if (a == NULL)
    {
      g_prefix_error (&error, "“%s”: ", args[0]);
      goto failure;
    }
  b = sobolev_morph_sample_shape (shape_b->pixels, shape_b->width,
                                  shape_b->height, options->points,
                                  (guint32) params->seed + 1, &error);
  if (b == NULL)
    {
      g_prefix_error (&error, "“%s”: ", args[1]);
      goto failure;
    }

  cli_progress_init (&progress, !options->quiet && isatty (STDERR_FILENO), 1,
                     "morph");
  path = sobolev_morph_run (a, b, params, cli_stage_progress, cli_cancel,
                            &stage, &error);
  cli_progress_finish (&progress);
  if (path == NULL)
    {
      if (g_error_matches (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED))
        {
          cli_print_error (_ ("interrupted"));
          return CLI_EXIT_INTERRUPTED;
        }
      goto failure;
    }

  strip = cli_image_new (options->cell * path->n_snapshots, options->cell);
  g_free (strip->pixels);
  strip->pixels = sobolev_morph_render (path, b, options->cell);
  strip->bit_depth = 8;
  strip->has_alpha = FALSE;
  if (!cli_save (strip, args[2], &error))
    goto failure;

  end = sobolev_cloud_new_from_data (2, path->n_particles,
                                     path->particles[path->n_snapshots - 1],
                                     path->weights, &error);
  if (end == NULL)
    goto failure;
  d0 = sobolev_morph_distance (a, b);
  d1 = sobolev_morph_distance (end, b);
  if (!options->quiet)
    printf (_ ("MMD to %s: %.4g at the start, %.4g at the end (%.1f× "
               "lower)\n"),
            args[1], d0, d1, d1 > 0 ? d0 / d1 : G_MAXDOUBLE);
  return CLI_EXIT_OK;

failure:
  cli_print_error (error->message);
  return CLI_EXIT_FAILURE;
}
