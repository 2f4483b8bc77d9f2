/* sobolev-transfer — recolor image files, export the map, morph shapes.

   sobolev-transfer [OPTION…] SOURCE REFERENCE OUTPUT
   sobolev-transfer [OPTION…] -o DIR SOURCE… REFERENCE
   sobolev-transfer morph [OPTION…] SHAPE_A SHAPE_B OUTPUT  */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <cblas.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gegl.h>

#include "sobolev.h"
#include "cli-params.h"
#include "image-io.h"
#include "morph.h"

/* Exit statuses.  */
enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_INTERRUPTED = 130
};

#define CLI_MAX_JOBS 64

typedef struct
{
  SobolevCliParams params;
  gchar *output_dir;
  gchar *lut_out;
  gchar *hald_out;
  gint hald_level;
  gint jobs;
  gboolean quiet;
  gboolean help;
  gboolean version;
  /* morph */
  gint points;
  gint frames;
  gint cell;
} CliOptions;

static volatile sig_atomic_t cli_interrupted = 0;

static void
cli_on_signal (int signum)
{
  cli_interrupted = 1;
}

static gboolean
cli_cancel (gpointer user_data)
{
  return cli_interrupted != 0;
}

/* One line, whatever the message holds.  */
static void
cli_print_error (const gchar *message)
{
  g_autofree gchar *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  fprintf (stderr, "sobolev-transfer: %s\n", line);
}

/* GEGL and the libraries under it (libpng, libjpeg, libtiff) print
   warnings about bad files straight to stderr; the command turns a bad
   file into one line of its own.  So stderr is pointed at /dev/null
   around GEGL calls, unless SOBOLEV_VERBOSE is set.  I/O is serialized
   anyway: one GEGL graph at a time.  */
static GMutex cli_io_lock;

static gint
cli_io_begin (void)
{
  gint saved = -1;

  g_mutex_lock (&cli_io_lock);
  if (g_getenv ("SOBOLEV_VERBOSE") == NULL)
    {
      gint null = open ("/dev/null", O_WRONLY | O_CLOEXEC);

      fflush (stderr);
      if (null >= 0)
        {
          saved = dup (STDERR_FILENO);
          if (saved >= 0)
            dup2 (null, STDERR_FILENO);
          close (null);
        }
    }
  return saved;
}

static void
cli_io_end (gint saved)
{
  if (saved >= 0)
    {
      fflush (stderr);
      dup2 (saved, STDERR_FILENO);
      close (saved);
    }
  g_mutex_unlock (&cli_io_lock);
}

static SobolevImage *
cli_load (const gchar *path, GError **error)
{
  gint saved = cli_io_begin ();
  SobolevImage *image = sobolev_image_load (path, error);

  cli_io_end (saved);
  return image;
}

static gboolean
cli_save (const SobolevImage *image, const gchar *path, GError **error)
{
  gint saved = cli_io_begin ();
  gboolean ok = sobolev_image_save (image, path, error);

  cli_io_end (saved);
  return ok;
}

/* ---- progress bar ------------------------------------------------------ */

typedef struct
{
  GMutex lock;
  gboolean enabled;
  guint n_files;
  gdouble *fractions;
  gint64 last_draw;
  const gchar *label;
} CliProgress;

static void
cli_progress_draw (CliProgress *progress, gboolean force)
{
  gint64 now = g_get_monotonic_time ();
  gdouble total = 0.0;
  guint done = 0, width = 30, filled;
  gchar bar[64];

  if (!force && now - progress->last_draw < 100000)
    return;
  progress->last_draw = now;
  for (guint i = 0; i < progress->n_files; i++)
    {
      total += progress->fractions[i];
      done += progress->fractions[i] >= 1.0;
    }
  total /= progress->n_files;
  filled = (guint) (total * width + 0.5);
  for (guint i = 0; i < width; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[width] = '\0';
  if (progress->n_files > 1)
    fprintf (stderr, "\r[%s] %3d%%  %u/%u files", bar,
             (gint) (total * 100 + 0.5), done, progress->n_files);
  else
    fprintf (stderr, "\r[%s] %3d%%  %s", bar, (gint) (total * 100 + 0.5),
             progress->label);
  fflush (stderr);
}

static void
cli_progress_set (CliProgress *progress, guint file, gdouble fraction)
{
  if (!progress->enabled)
    return;
  g_mutex_lock (&progress->lock);
  progress->fractions[file] = CLAMP (fraction, 0.0, 1.0);
  cli_progress_draw (progress, fraction >= 1.0);
  g_mutex_unlock (&progress->lock);
}

static void
cli_progress_finish (CliProgress *progress)
{
  if (!progress->enabled)
    return;
  g_mutex_lock (&progress->lock);
  /* Erase the bar: what stays on the terminal is the messages.  */
  fprintf (stderr, "\r\033[K");
  fflush (stderr);
  g_mutex_unlock (&progress->lock);
}

typedef struct
{
  CliProgress *progress;
  guint file;
  gdouble from, to; /* the share of the file's work this stage is */
} CliStage;

static void
cli_stage_progress (gdouble fraction, gdouble distance, gpointer user_data)
{
  CliStage *stage = user_data;

  cli_progress_set (stage->progress, stage->file,
                    stage->from + (stage->to - stage->from) * fraction);
}

/* ---- recoloring -----------------------------------------------------------
 */

static SobolevCloud *
cli_image_cloud (const SobolevImage *image, guint bits, GError **error)
{
  g_autoptr (SobolevHistogram) hist = sobolev_histogram_new (bits, error);

  if (hist == NULL)
    return NULL;
  if (!sobolev_histogram_add_pixels (hist, image->pixels, SOBOLEV_PIXEL_FLOAT,
                                     4, (gsize) image->width * image->height,
                                     NULL, error))
    return NULL;
  return sobolev_histogram_to_cloud (hist, error);
}

typedef struct
{
  const CliOptions *options;
  const SobolevCloud *reference;
  const gchar *reference_path;
  CliProgress *progress;
  guint n_threads; /* for applying the LUT */
} CliBatch;

typedef struct
{
  CliBatch *batch;
  guint index;
  const gchar *source;
  gchar *output;
  GError *error;
} CliJob;

static gboolean
cli_save_hald (const SobolevLut *lut, const gchar *path, guint level,
               GError **error)
{
  g_autoptr (SobolevImage) image = NULL;
  g_autofree gfloat *rgb = NULL;
  guint side = 0;
  gsize n;

  rgb = sobolev_lut_to_hald (lut, level, &side, error);
  if (rgb == NULL)
    return FALSE;
  image = sobolev_image_new (side, side);
  /* 16 bits: 8 would add up to half a level of error to every lookup.  */
  image->bit_depth = 16;
  image->has_alpha = FALSE;
  n = (gsize) side * side;
  for (gsize i = 0; i < n; i++)
    {
      memcpy (image->pixels + i * 4, rgb + i * 3, 3 * sizeof (gfloat));
      image->pixels[i * 4 + 3] = 1.0f;
    }
  return cli_save (image, path, error);
}

static gboolean
cli_recolor (CliJob *job, GError **error)
{
  const CliOptions *options = job->batch->options;
  const SobolevParams *params = &options->params.values;
  g_autoptr (SobolevImage) image = NULL;
  g_autoptr (SobolevCloud) cloud = NULL;
  g_autoptr (SobolevTransfer) transfer = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  CliStage stage = { job->batch->progress, job->index, 0.05, 0.95 };

  image = cli_load (job->source, error);
  if (image == NULL)
    return FALSE;
  /* Finer than the descent's bins: the refinement passes need the colors
     inside each bin (transfer.h).  */
  cloud = cli_image_cloud (image, SOBOLEV_SOURCE_BITS, error);
  if (cloud == NULL)
    {
      g_prefix_error (error, "“%s”: ", job->source);
      return FALSE;
    }
  cli_progress_set (job->batch->progress, job->index, stage.from);
  transfer
      = sobolev_transfer_run (cloud, job->batch->reference, params,
                              cli_stage_progress, cli_cancel, &stage, error);
  if (transfer == NULL)
    {
      if (!g_error_matches (*error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED))
        g_prefix_error (error, "“%s”: ", job->source);
      return FALSE;
    }
  lut = sobolev_transfer_lut_at (transfer, params->strength,
                                 params->preserve_lightness);
  if (options->lut_out != NULL)
    {
      g_autofree gchar *src = g_path_get_basename (job->source);
      g_autofree gchar *ref = g_path_get_basename (job->batch->reference_path);
      g_autofree gchar *title
          = g_strdup_printf ("sobolev-transfer %s to %s", src, ref);

      if (!sobolev_lut_save_cube (lut, options->lut_out, title, error))
        return FALSE;
    }
  if (options->hald_out != NULL
      && !cli_save_hald (lut, options->hald_out, options->hald_level, error))
    return FALSE;

  sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 4, image->pixels,
                     (gsize) image->width * 4 * sizeof (gfloat), image->pixels,
                     (gsize) image->width * 4 * sizeof (gfloat), image->width,
                     image->height, NULL, job->batch->n_threads);
  if (!cli_save (image, job->output, error))
    return FALSE;
  cli_progress_set (job->batch->progress, job->index, 1.0);
  return TRUE;
}

static void
cli_job_run (gpointer data, gpointer user_data)
{
  CliJob *job = data;

  if (cli_interrupted)
    {
      g_set_error (&job->error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED,
                   "interrupted");
      return;
    }
  cli_recolor (job, &job->error);
}

static gboolean
cli_has_suffix (const gchar *path, const gchar *const *suffixes)
{
  g_autofree gchar *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

/* Checks that a LUT can be written to path before any long work.  */
static gboolean
cli_check_lut_path (const gchar *option, const gchar *path,
                    const gchar *const *suffixes, const gchar *what,
                    GError **error)
{
  g_autofree gchar *dir = NULL;

  if (!cli_has_suffix (path, suffixes))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s: “%s” must end in %s"), option, path, what);
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s: no folder “%s”"), option, dir);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("%s: “%s” is a folder"), option, path);
      return FALSE;
    }
  return TRUE;
}

/* TRUE when a and b name the same existing file.  */
static gboolean
cli_same_file (const gchar *a, const gchar *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

static gint
cli_run_transfer (CliOptions *options, gchar **args, gint n_args)
{
  static const gchar *const cube_suffixes[] = { ".cube", NULL };
  static const gchar *const hald_suffixes[] = { ".png", ".tif", ".tiff", NULL };
  SobolevParams *params = &options->params.values;
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevImage) reference = NULL;
  g_autoptr (SobolevCloud) reference_cloud = NULL;
  g_autoptr (GHashTable) outputs = NULL;
  const gchar *reference_path;
  CliProgress progress = { 0 };
  CliBatch batch = { 0 };
  CliJob *jobs;
  guint n_sources, n_failed = 0;
  gboolean cancelled = FALSE;

  if (options->output_dir == NULL && n_args != 3)
    {
      cli_print_error (n_args < 3
                           ? _ ("need SOURCE REFERENCE OUTPUT (see --help)")
                           : _ ("too many files: for several sources give an "
                                "output folder with -o DIR (see --help)"));
      return CLI_EXIT_USAGE;
    }
  if (options->output_dir != NULL && n_args < 2)
    {
      cli_print_error (_ ("with -o DIR, need SOURCE… REFERENCE (see --help)"));
      return CLI_EXIT_USAGE;
    }
  if (options->jobs < 1 || options->jobs > CLI_MAX_JOBS)
    {
      g_autofree gchar *m = g_strdup_printf (
          _ ("--jobs: bad value “%d” (1 to %d)"), options->jobs, CLI_MAX_JOBS);
      cli_print_error (m);
      return CLI_EXIT_USAGE;
    }
  if (options->hald_level < SOBOLEV_HALD_MIN_LEVEL
      || options->hald_level > SOBOLEV_HALD_MAX_LEVEL)
    {
      g_autofree gchar *m = g_strdup_printf (
          _ ("--hald-level: bad value “%d” (%d to %d)"), options->hald_level,
          SOBOLEV_HALD_MIN_LEVEL, SOBOLEV_HALD_MAX_LEVEL);
      cli_print_error (m);
      return CLI_EXIT_USAGE;
    }
  if ((options->lut_out != NULL
       && !cli_check_lut_path ("--lut-out", options->lut_out, cube_suffixes,
                               ".cube", &error))
      || (options->hald_out != NULL
          && !cli_check_lut_path ("--hald-out", options->hald_out,
                                  hald_suffixes, ".png or .tif", &error)))
    {
      cli_print_error (error->message);
      return CLI_EXIT_USAGE;
    }
  if (!sobolev_params_validate (params, &error))
    {
      cli_print_error (error->message);
      return CLI_EXIT_USAGE;
    }

  /* Every output is known and checked before the first descent.  */
  n_sources = options->output_dir != NULL ? (guint) n_args - 1 : 1;
  reference_path = args[n_sources];
  jobs = g_new0 (CliJob, n_sources);
  outputs = g_hash_table_new (g_str_hash, g_str_equal);
  if (options->output_dir != NULL)
    {
      if (!g_file_test (options->output_dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("-o: no folder “%s”"), options->output_dir);
          goto usage_error;
        }
      if (n_sources > 1
          && (options->lut_out != NULL || options->hald_out != NULL))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("--lut-out and --hald-out need a single SOURCE: "
                          "each source has its own map"));
          goto usage_error;
        }
    }
  for (guint i = 0; i < n_sources; i++)
    {
      jobs[i].batch = &batch;
      jobs[i].index = i;
      jobs[i].source = args[i];
      if (options->output_dir != NULL)
        {
          g_autofree gchar *base = g_path_get_basename (args[i]);

          jobs[i].output = g_build_filename (options->output_dir, base, NULL);
          if (cli_same_file (jobs[i].output, args[i]))
            {
              g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("-o: “%s” would overwrite its source"),
                           jobs[i].output);
              goto usage_error;
            }
        }
      else
        jobs[i].output = g_strdup (args[2]);
      if (g_hash_table_contains (outputs, jobs[i].output))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("two sources would both be written to “%s”"),
                       jobs[i].output);
          goto usage_error;
        }
      g_hash_table_add (outputs, jobs[i].output);
      if (!sobolev_image_check_save_path (jobs[i].output, &error))
        goto usage_error;
    }

  /* The reference is analyzed once for all sources.  */
  reference = cli_load (reference_path, &error);
  if (reference == NULL)
    goto failure;
  reference_cloud = cli_image_cloud (reference, params->bits, &error);
  if (reference_cloud == NULL)
    {
      g_prefix_error (&error, "“%s”: ", reference_path);
      goto failure;
    }
  g_clear_pointer (&reference, sobolev_image_free);

  progress.enabled = !options->quiet && isatty (STDERR_FILENO);
  progress.n_files = n_sources;
  progress.fractions = g_new0 (gdouble, n_sources);
  progress.label = args[0];
  g_mutex_init (&progress.lock);
  batch.options = options;
  batch.reference = reference_cloud;
  batch.reference_path = reference_path;
  batch.progress = &progress;
  batch.n_threads = options->jobs > 1 ? 1 : 0;

  if (options->jobs > 1 && n_sources > 1)
    {
      GThreadPool *pool = g_thread_pool_new (
          cli_job_run, NULL, MIN ((guint) options->jobs, n_sources), TRUE,
          NULL);

      for (guint i = 0; i < n_sources; i++)
        g_thread_pool_push (pool, &jobs[i], NULL);
      g_thread_pool_free (pool, FALSE, TRUE);
    }
  else
    for (guint i = 0; i < n_sources; i++)
      cli_job_run (&jobs[i], NULL);

  cli_progress_finish (&progress);
  for (guint i = 0; i < n_sources; i++)
    {
      if (jobs[i].error == NULL)
        continue;
      if (g_error_matches (jobs[i].error, SOBOLEV_ERROR,
                           SOBOLEV_ERROR_CANCELLED))
        cancelled = TRUE;
      else
        {
          cli_print_error (jobs[i].error->message);
          n_failed++;
        }
    }
  if (cancelled)
    cli_print_error (_ ("interrupted"));

  for (guint i = 0; i < n_sources; i++)
    {
      g_clear_error (&jobs[i].error);
      g_free (jobs[i].output);
    }
  g_free (jobs);
  g_free (progress.fractions);
  g_mutex_clear (&progress.lock);
  if (cancelled)
    return CLI_EXIT_INTERRUPTED;
  return n_failed > 0 ? CLI_EXIT_FAILURE : CLI_EXIT_OK;

usage_error:
  cli_print_error (error->message);
  for (guint i = 0; i < n_sources; i++)
    g_free (jobs[i].output);
  g_free (jobs);
  return CLI_EXIT_USAGE;

failure:
  cli_print_error (error->message);
  for (guint i = 0; i < n_sources; i++)
    g_free (jobs[i].output);
  g_free (jobs);
  return CLI_EXIT_FAILURE;
}

/* ---- morph ----------------------------------------------------------------
 */

#define CLI_MORPH_MIN_POINTS 10
#define CLI_MORPH_MAX_POINTS 100000
#define CLI_MORPH_MIN_FRAMES 2
#define CLI_MORPH_MAX_FRAMES 64
#define CLI_MORPH_MIN_CELL 16
#define CLI_MORPH_MAX_CELL 1024

static gint
cli_run_morph (CliOptions *options, gchar **args, gint n_args)
{
  SobolevParams *params = &options->params.values;
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevImage) shape_a = NULL;
  g_autoptr (SobolevImage) shape_b = NULL;
  g_autoptr (SobolevCloud) a = NULL;
  g_autoptr (SobolevCloud) b = NULL;
  g_autoptr (SobolevCloud) end = NULL;
  g_autoptr (SobolevPath) path = NULL;
  g_autoptr (SobolevImage) strip = NULL;
  CliProgress progress = { 0 };
  gdouble fraction = 0.0;
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
  if (!sobolev_params_validate (params, &error)
      || !sobolev_image_check_save_path (args[2], &error))
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
  a = sobolev_morph_sample_shape (shape_a, options->points,
                                  (guint32) params->seed, &error);
  if (a == NULL)
    {
      g_prefix_error (&error, "“%s”: ", args[0]);
      goto failure;
    }
  b = sobolev_morph_sample_shape (shape_b, options->points,
                                  (guint32) params->seed + 1, &error);
  if (b == NULL)
    {
      g_prefix_error (&error, "“%s”: ", args[1]);
      goto failure;
    }

  progress.enabled = !options->quiet && isatty (STDERR_FILENO);
  progress.n_files = 1;
  progress.fractions = &fraction;
  progress.label = "morph";
  g_mutex_init (&progress.lock);
  path = sobolev_morph_run (a, b, params, cli_stage_progress, cli_cancel,
                            &stage, &error);
  cli_progress_finish (&progress);
  g_mutex_clear (&progress.lock);
  if (path == NULL)
    {
      if (g_error_matches (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED))
        {
          cli_print_error (_ ("interrupted"));
          return CLI_EXIT_INTERRUPTED;
        }
      goto failure;
    }

  strip = sobolev_morph_render (path, b, options->cell);
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

/* ---- options --------------------------------------------------------------
 */

static GOptionContext *
cli_context_new (CliOptions *options, gboolean morph)
{
  GOptionEntry common[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet,
      N_ ("No progress bar and no report"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &options->help, N_ ("Show this help"),
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
      N_ ("Show the version"), NULL },
    { NULL },
  };
  GOptionEntry transfer[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &options->output_dir,
      N_ ("Recolor several SOURCEs into this folder (same file names)"),
      N_ ("DIR") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &options->jobs,
      N_ ("With -o, recolor this many files at once (1 to 64, default 1)"),
      N_ ("N") },
    { "lut-out", 0, 0, G_OPTION_ARG_FILENAME, &options->lut_out,
      N_ ("Also save the map as a 3-D LUT (.cube), as applied to OUTPUT"),
      N_ ("FILE.cube") },
    { "hald-out", 0, 0, G_OPTION_ARG_FILENAME, &options->hald_out,
      N_ ("Also save the map as a HALD CLUT image (16-bit .png or .tif)"),
      N_ ("FILE.png") },
    { "hald-level", 0, 0, G_OPTION_ARG_INT, &options->hald_level,
      N_ ("Level of the HALD CLUT: an image of level³ pixels square (2 to "
          "16, default 8)"),
      N_ ("N") },
    { NULL },
  };
  GOptionEntry morph_entries[] = {
    { "points", 0, 0, G_OPTION_ARG_INT, &options->points,
      N_ ("Points sampled from each shape (10 to 100000, default 1000)"),
      N_ ("N") },
    { "frames", 0, 0, G_OPTION_ARG_INT, &options->frames,
      N_ ("States shown in the strip, first and last included; sets "
          "--snapshots (2 to 64, default 8)"),
      N_ ("N") },
    { "cell", 0, 0, G_OPTION_ARG_INT, &options->cell,
      N_ ("Side of one state's square in pixels (16 to 1024, default 128)"),
      N_ ("PIXELS") },
    { NULL },
  };
  GOptionContext *context;
  GOptionGroup *main_group, *own_group;

  context = g_option_context_new (morph ? _ ("SHAPE_A SHAPE_B OUTPUT")
                                        : _ ("SOURCE REFERENCE OUTPUT"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  if (morph)
    g_option_context_set_summary (
        context, _ ("Moves points sampled from the dark pixels of SHAPE_A "
                    "toward SHAPE_B with the chosen method, in 2-D, and "
                    "writes the states along the way side by side to OUTPUT "
                    "(.png).  Unless given, shapes get --bandwidth 0.04 "
                    "--features 384 --steps 150 --smoothness 0.01 "
                    "--step-size 0.05 --max-displacement 0.04 --anneal 1 "
                    "--gramian-samples 0."));
  else
    g_option_context_set_summary (
        context,
        _ ("Recolors SOURCE so that its colors are distributed like those of "
           "REFERENCE, and writes OUTPUT (PNG, JPEG or TIFF, chosen by its "
           "name) with SOURCE's bit depth and alpha.\n\n"
           "  sobolev-transfer [OPTION…] -o DIR SOURCE… REFERENCE\n"
           "      recolors every SOURCE into DIR; REFERENCE is analyzed once\n"
           "  sobolev-transfer morph [OPTION…] SHAPE_A SHAPE_B OUTPUT\n"
           "      morphs one 2-D shape into another (see morph --help)"));
  g_option_context_set_description (
      context,
      morph ? _ ("Example:\n  sobolev-transfer morph --frames 6 heart.png "
                 "star.png heart-to-star.png")
            : _ ("Example:\n  sobolev-transfer --strength 0.8 --lut-out "
                 "look.cube photo.jpg sunset.jpg photo-sunset.jpg\n\n"
                 "Exit status: 0 on success, 1 when a file cannot be read, "
                 "recolored or written, 2 on a bad command line, 130 when "
                 "interrupted."));

  main_group = g_option_group_new (NULL, NULL, NULL, NULL, NULL);
  g_option_group_add_entries (main_group, common);
  g_option_group_set_translation_domain (main_group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, main_group);
  own_group
      = morph ? g_option_group_new ("morph", _ ("Morph options:"),
                                    _ ("Show the morph options"), NULL, NULL)
              : g_option_group_new ("output", _ ("Output options:"),
                                    _ ("Show the output options"), NULL, NULL);
  g_option_group_add_entries (own_group, morph ? morph_entries : transfer);
  g_option_group_set_translation_domain (own_group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, own_group);
  g_option_context_add_group (context,
                              sobolev_cli_param_group (&options->params));
  return context;
}

int
main (int argc, char **argv)
{
  CliOptions options = { 0 };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  gboolean morph;
  struct sigaction action = { 0 };
  gint status;

  /* The core runs its loops on its own threads; OpenBLAS's threads would
     only spin against them on the core's small matrices (measured with
     bench-core: a job of 0.49 s took 0.80 s with two BLAS threads).  */
  openblas_set_num_threads (1);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, SOBOLEV_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  sobolev_cli_params_init (&options.params);
  options.jobs = 1;
  options.hald_level = SOBOLEV_HALD_DEFAULT_LEVEL;
  options.points = 1000;
  options.frames = 8;
  options.cell = 128;

  morph = argc > 1 && strcmp (argv[1], "morph") == 0;
  /* Parse a copy without the subcommand; GOption edits what it gets.  */
  args = g_new0 (gchar *, argc + 1);
  args[0] = g_strdup (argv[0]);
  for (gint i = morph ? 2 : 1, j = 1; i < argc; i++, j++)
    args[j] = g_strdup (argv[i]);
  /* The usage line of morph --help names the subcommand.  */
  g_set_prgname (morph ? "sobolev-transfer morph" : "sobolev-transfer");
  context = cli_context_new (&options, morph);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      cli_print_error (error->message);
      sobolev_cli_params_clear (&options.params);
      return CLI_EXIT_USAGE;
    }
  if (options.help)
    {
      g_autofree gchar *help = g_option_context_get_help (context, FALSE, NULL);
      fputs (help, stdout);
      sobolev_cli_params_clear (&options.params);
      return CLI_EXIT_OK;
    }
  if (options.version)
    {
      printf ("sobolev-transfer %s\n", SOBOLEV_VERSION);
      sobolev_cli_params_clear (&options.params);
      return CLI_EXIT_OK;
    }

  action.sa_handler = cli_on_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);

  if (morph)
    {
      /* Shapes get their own defaults (morph.h); options given on the
         command line win.  */
      SobolevParams shape_defaults;

      sobolev_morph_params_init (&shape_defaults);
      for (guint i = 0; i < sobolev_n_param_specs; i++)
        sobolev_cli_params_default (
            &options.params, sobolev_param_specs[i].name,
            sobolev_params_get (&shape_defaults, &sobolev_param_specs[i]));
      status = cli_run_morph (&options, args + 1, g_strv_length (args) - 1);
    }
  else
    status = cli_run_transfer (&options, args + 1, g_strv_length (args) - 1);

  g_free (options.output_dir);
  g_free (options.lut_out);
  g_free (options.hald_out);
  sobolev_cli_params_clear (&options.params);
  g_clear_pointer (&context, g_option_context_free);
  /* GEGL starts on the first file; a usage error never waits for it.  */
  sobolev_image_io_exit ();
  return status;
}
