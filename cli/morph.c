/* sobolev-transfer — 2-D shape morphing (the paper's Figures 5 and 6).  */
#include "morph.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "cli.h"
#include "progress.h"

#define MORPH_DISTANCE_SIGMA 0.05
#define MORPH_DISTANCE_FEATURES 500
#define MORPH_DISTANCE_SEED 20190416u

void
cli_morph_params_init (SobolevParams *params)
{
  sobolev_params_init (params);
  params->bandwidth = CLI_MORPH_BANDWIDTH;
  params->features = CLI_MORPH_FEATURES;
  params->steps = CLI_MORPH_STEPS;
  params->smoothness = CLI_MORPH_SMOOTHNESS;
  params->step_size = CLI_MORPH_STEP_SIZE;
  params->max_displacement = CLI_MORPH_MAX_DISPLACEMENT;
  params->anneal = CLI_MORPH_ANNEAL;
  params->gramian_samples = CLI_MORPH_GRAMIAN_SAMPLES;
}

gchar *
cli_morph_defaults_text (void)
{
  SobolevParams table, shapes;
  GString *text = g_string_new (NULL);

  sobolev_params_init (&table);
  cli_morph_params_init (&shapes);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      gdouble v = sobolev_params_get (&shapes, spec);

      if (v != sobolev_params_get (&table, spec))
        {
          g_autofree gchar *value = sobolev_param_format (spec, v);

          g_string_append_printf (text, " --%s %s", spec->name, value);
        }
    }
  return g_string_free (text, FALSE);
}

SobolevCloud *
cli_morph_sample_shape (const SobolevImage *image, gsize n, guint32 seed,
                        GError **error)
{
  g_autoptr (GArray) dark = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree gdouble *points = NULL;
  guint32 seeds[2] = { seed, 0x5a4d };
  g_autoptr (GRand) rand = NULL;
  gsize n_pixels = (gsize) image->width * image->height;
  gdouble side = MAX (image->width, image->height);
  gdouble dx = (side - image->width) / 2.0;
  gdouble dy = (side - image->height) / 2.0;

  g_return_val_if_fail (n > 0, NULL);

  if (n_pixels > G_MAXUINT32)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "the shape image is too large");
      return NULL;
    }
  for (gsize i = 0; i < n_pixels; i++)
    {
      const gfloat *p = image->pixels + i * 4;
      gdouble a = CLAMP (p[3], 0.0f, 1.0f);
      /* Luminance of encoded sRGB laid over white (Rec. 709 weights).  */
      gdouble y = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];

      if (a * y + (1.0 - a) < 0.5)
        {
          guint32 index = (guint32) i;
          g_array_append_val (dark, index);
        }
    }
  if (dark->len == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                   "the shape has no dark pixel to sample");
      return NULL;
    }
  rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  points = g_new (gdouble, n * 2);
  for (gsize k = 0; k < n; k++)
    {
      guint32 i = g_array_index (
          dark, guint32, g_rand_int_range (rand, 0, (gint32) dark->len));
      gdouble x = i % image->width + g_rand_double (rand);
      gdouble y = i / image->width + g_rand_double (rand);

      points[k * 2 + 0] = (x + dx) / side;
      points[k * 2 + 1] = (y + dy) / side;
    }
  return sobolev_cloud_new_from_data (2, n, points, NULL, error);
}

SobolevPath *
cli_morph_run (const SobolevCloud *a, const SobolevCloud *b,
               const SobolevParams *params, SobolevProgressFunc progress,
               SobolevCancelFunc cancel, gpointer user_data, GError **error)
{
  const SobolevMethodClass *method;

  if (!sobolev_params_validate (params, error))
    return NULL;
  method = sobolev_method_get (params->method);
  if (method == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "unknown method %d", params->method);
      return NULL;
    }
  return sobolev_flow_run (method, params, a, b, NULL, 0, progress, cancel,
                           user_data, error);
}

gdouble
cli_morph_distance (const SobolevCloud *a, const SobolevCloud *b)
{
  return sobolev_mmd_rff (a, b, MORPH_DISTANCE_SIGMA, MORPH_DISTANCE_FEATURES,
                          MORPH_DISTANCE_SEED);
}

/* Darkens the pixel under (x, y) of a panel toward value, clipped.  */
static void
morph_plot (SobolevImage *image, guint x0, guint cell, gdouble x, gdouble y,
            gfloat value)
{
  gint px = (gint) floor (x * cell), py = (gint) floor (y * cell);

  for (gint j = 0; j < 2; j++)
    for (gint i = 0; i < 2; i++)
      {
        gint u = px + i, v = py + j;
        gfloat *p;

        if (u < 0 || v < 0 || u >= (gint) cell || v >= (gint) cell)
          continue;
        p = image->pixels + ((gsize) v * image->width + x0 + u) * 4;
        for (guint c = 0; c < 3; c++)
          p[c] = MIN (p[c], value);
      }
}

SobolevImage *
cli_morph_render (const SobolevPath *path, const SobolevCloud *b, guint cell)
{
  SobolevImage *image;
  gsize n_pixels;

  g_return_val_if_fail (path != NULL && path->dim == 2 && b->dim == 2, NULL);

  image = sobolev_image_new (cell * path->n_snapshots, cell);
  image->bit_depth = 8;
  image->has_alpha = FALSE;
  n_pixels = (gsize) image->width * image->height;
  for (gsize i = 0; i < n_pixels * 4; i++)
    image->pixels[i] = 1.0f;
  for (guint k = 0; k < path->n_snapshots; k++)
    {
      guint x0 = k * cell;

      /* A thin frame tells the panels apart.  */
      for (guint t = 0; t < cell; t++)
        {
          gfloat *left = image->pixels + ((gsize) t * image->width + x0) * 4;
          gfloat *top = image->pixels + (x0 + t) * 4;

          for (guint c = 0; c < 3; c++)
            left[c] = top[c] = 0.75f;
        }
      for (gsize i = 0; i < b->n; i++)
        morph_plot (image, x0, cell, b->points[i * 2], b->points[i * 2 + 1],
                    0.85f);
      for (gsize i = 0; i < path->n_particles; i++)
        morph_plot (image, x0, cell, path->particles[k][i * 2],
                    path->particles[k][i * 2 + 1], 0.0f);
    }
  return image;
}

gint
cli_run_morph (CliOptions *options, gchar **args, gint n_args)
{
  SobolevParams *params = &options->params;
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevImage) shape_a = NULL;
  g_autoptr (SobolevImage) shape_b = NULL;
  g_autoptr (SobolevCloud) a = NULL;
  g_autoptr (SobolevCloud) b = NULL;
  g_autoptr (SobolevCloud) end = NULL;
  g_autoptr (SobolevPath) path = NULL;
  g_autoptr (SobolevImage) strip = NULL;
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
  /* One snapshot per frame; the frames are the path's states.  */
  sobolev_params_set (params, sobolev_param_spec_find ("snapshots"),
                      options->frames - 1);
  if (!sobolev_image_check_save_path (args[2], &error))
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
  a = cli_morph_sample_shape (shape_a, options->points, (guint32) params->seed,
                              &error);
  if (a == NULL)
    {
      g_prefix_error (&error, "“%s”: ", args[0]);
      goto failure;
    }
  b = cli_morph_sample_shape (shape_b, options->points,
                              (guint32) params->seed + 1, &error);
  if (b == NULL)
    {
      g_prefix_error (&error, "“%s”: ", args[1]);
      goto failure;
    }

  cli_progress_init (&progress, !options->quiet && isatty (STDERR_FILENO), 1,
                     "morph");
  path = cli_morph_run (a, b, params, cli_stage_progress, cli_cancel, &stage,
                        &error);
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

  strip = cli_morph_render (path, b, options->cell);
  if (!cli_save (strip, args[2], &error))
    goto failure;

  end = sobolev_cloud_new_from_data (2, path->n_particles,
                                     path->particles[path->n_snapshots - 1],
                                     path->weights, &error);
  if (end == NULL)
    goto failure;
  d0 = cli_morph_distance (a, b);
  d1 = cli_morph_distance (end, b);
  if (!options->quiet)
    printf (_ ("MMD to %s: %.4g at the start, %.4g at the end (%.1f× "
               "lower)\n"),
            args[1], d0, d1, d1 > 0 ? d0 / d1 : G_MAXDOUBLE);
  return CLI_EXIT_OK;

failure:
  cli_print_error (error->message);
  return CLI_EXIT_FAILURE;
}
