/* sobolev-transfer — recoloring files: one SOURCE into OUTPUT, or many
   into a folder, on a pool of threads, toward one REFERENCE read once.  */
#include "batch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli.h"
#include "progress.h"

typedef struct
{
  const CliOptions *options;
  SobolevRecolor *reference; /* the reference's colors, read once */
  const SobolevLut *lut;     /* or the map of --lut-in */
  const gchar *reference_path;
  CliProgress *progress;
  guint n_threads; /* for applying the LUT */
  /* With -j: the pixels of the images being recolored together, and
     how many they may add up to (cli_job_reserve).  */
  GMutex memory_lock;
  GCond memory_freed;
  guint64 pixels_in_use;
  guint64 pixels_budget;
} CliBatch;

typedef struct
{
  CliBatch *batch;
  guint index;
  const gchar *source;
  gchar *output;
  guint64 pixels; /* as the header says; the budget when it does not */
  GError *error;
} CliJob;

static gboolean
cli_save_hald (const SobolevLut *lut, const gchar *path, guint level,
               GError **error)
{
  g_autoptr (CliImage) image = NULL;
  g_autofree gfloat *rgb = NULL;
  guint side = 0;
  gsize n;

  rgb = sobolev_lut_to_hald (lut, level, &side, error);
  if (rgb == NULL)
    return FALSE;
  image = cli_image_new (side, side);
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

/* The first reading of a source: its colors for the recoloring (unless
   recolor is NULL) and its local colors for the edge guard.  A source
   read in one strip is kept, as that strip, for the second reading.  */
typedef struct
{
  CliJob *job;
  SobolevRecolor *recolor;
  SobolevEdgeGuard *guard;
  gfloat *kept;
} CliGather;

static gboolean
cli_gather_strip (const CliImageInfo *info, guint y, guint n_rows,
                  gfloat *pixels, gpointer user_data, GError **error)
{
  CliGather *gather = user_data;
  gsize stride = (gsize) info->width * 4 * sizeof (gfloat);

  if (gather->recolor != NULL
      && !sobolev_recolor_add_pixels (gather->recolor, SOBOLEV_RECOLOR_SOURCE,
                                      pixels, SOBOLEV_PIXEL_FLOAT, 4,
                                      info->width, n_rows, stride, NULL, error))
    {
      g_prefix_error (error, "“%s”: ", gather->job->source);
      return FALSE;
    }
  sobolev_edge_guard_add_pixels (gather->guard, SOBOLEV_PIXEL_FLOAT, 4, pixels,
                                 stride, 0, y, info->width, n_rows,
                                 gather->job->batch->n_threads);
  if (y == 0 && n_rows == info->height)
    gather->kept = g_memdup2 (pixels, stride * n_rows);
  return TRUE;
}

/* The second reading: each strip through the map and the guard, into
   the output.  */
typedef struct
{
  CliJob *job;
  const SobolevEdgeGuard *guard;
  const SobolevLutApplier *applier;
  CliImageWriter *writer;
} CliApply;

static gboolean
cli_apply_strip (const CliImageInfo *info, guint y, guint n_rows,
                 gfloat *pixels, gpointer user_data, GError **error)
{
  CliApply *apply = user_data;
  gsize stride = (gsize) info->width * 4 * sizeof (gfloat);

  sobolev_edge_guard_apply (apply->guard, apply->applier, SOBOLEV_PIXEL_FLOAT,
                            4, pixels, stride, pixels, stride, 0, y,
                            info->width, n_rows, apply->job->batch->n_threads);
  cli_image_writer_write (apply->writer, y, n_rows, pixels);
  return TRUE;
}

/* Applies lut through guard (solved or not: unsolved at --fidelity 1,
   the plain LUT) to the source, info, read by decoder or kept whole in
   one strip, and saves it.  The output waits in memory in its file's
   format, never as floats.  */
static gboolean
cli_apply_and_save (CliJob *job, const SobolevLut *lut,
                    const SobolevEdgeGuard *guard, const CliImageInfo *info,
                    CliDecoder *decoder, gfloat *kept, GError **error)
{
  g_autoptr (SobolevLutApplier) applier = sobolev_lut_applier_new (lut);
  g_autoptr (CliImageWriter) writer = NULL;
  CliApply apply = { job, guard, applier, NULL };

  writer = cli_writer_new (job->output, info, error);
  if (writer == NULL)
    return FALSE;
  apply.writer = writer;
  if (!(kept ? cli_apply_strip (info, 0, info->height, kept, &apply, error)
             : cli_decoder_each_strip (decoder, cli_apply_strip, &apply, error))
      || !cli_writer_commit (writer, error))
    return FALSE;
  cli_progress_set (job->batch->progress, job->index, 1.0);
  return TRUE;
}

/* Recolors one source reading it twice, so that no more than a strip of
   it is ever held as floats: once for its colors (the cloud and the
   guard's grid), once to apply the map.  A source that is one strip is
   read once, and its strip kept between the two.  A saved look
   (--lut-in) needs no colors: the first reading is for the guard alone,
   and is skipped at --fidelity 1, where there is no guard.  */
static gboolean
cli_recolor (CliJob *job, GError **error)
{
  const CliOptions *options = job->batch->options;
  const gdouble gain
      = sobolev_guard_gain (options->params.fidelity, options->lut_in != NULL);
  g_autoptr (CliDecoder) decoder = NULL;
  g_autoptr (SobolevRecolor) recolor = NULL;
  g_autoptr (SobolevLut) computed = NULL;
  g_autoptr (SobolevEdgeGuard) guard = NULL;
  const SobolevLut *lut = job->batch->lut;
  CliStage stage = { job->batch->progress, job->index, 0.05, 0.95 };
  CliImageInfo first;
  CliGather gather = { job };
  g_autofree gfloat *kept = NULL;
  g_autofree gchar *title = NULL;

  decoder = cli_decoder_open (job->source, error);
  if (decoder == NULL)
    return FALSE;
  first = *cli_decoder_info (decoder);
  guard = sobolev_edge_guard_new (first.width, first.height);
  if (lut == NULL)
    {
      recolor = sobolev_recolor_new_like (job->batch->reference,
                                          &options->params, error);
      if (recolor == NULL)
        {
          g_prefix_error (error, "“%s”: ", job->source);
          return FALSE;
        }
    }
  if (recolor != NULL || gain > 0.0)
    {
      gboolean read;

      gather.recolor = recolor;
      gather.guard = guard;
      read = cli_decoder_each_strip (decoder, cli_gather_strip, &gather, error);
      kept = g_steal_pointer (&gather.kept);
      if (!read)
        return FALSE;
      g_clear_pointer (&decoder, cli_decoder_free);
    }
  if (recolor != NULL)
    {
      g_autofree gchar *src = g_path_get_basename (job->source);
      g_autofree gchar *ref = g_path_get_basename (job->batch->reference_path);

      cli_progress_set (job->batch->progress, job->index, stage.from);
      if (!sobolev_recolor_run (recolor, cli_stage_progress, cli_cancel, &stage,
                                error))
        {
          if (!g_error_matches (*error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED))
            g_prefix_error (error, "“%s”: ", job->source);
          return FALSE;
        }
      lut = computed = sobolev_recolor_lut (recolor);
      g_clear_pointer (&recolor, sobolev_recolor_free);
      title = g_strdup_printf ("sobolev-transfer %s to %s", src, ref);
    }
  if (options->lut_out != NULL
      && !sobolev_lut_save_cube (lut, options->lut_out,
                                 title ? title : "sobolev-transfer", error))
    return FALSE;
  if (options->hald_out != NULL
      && !cli_save_hald (lut, options->hald_out, options->hald_level, error))
    return FALSE;
  sobolev_edge_guard_solve (guard, lut, gain, job->batch->n_threads);

  if (decoder == NULL && kept == NULL)
    {
      decoder = cli_decoder_open (job->source, error);
      if (decoder == NULL)
        return FALSE;
      if (cli_decoder_info (decoder)->width != first.width
          || cli_decoder_info (decoder)->height != first.height)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("cannot read “%s”: the file changed while it was "
                          "being recolored"),
                       job->source);
          return FALSE;
        }
    }
  return cli_apply_and_save (job, lut, guard, &first, decoder, kept, error);
}

static void
cli_job_run (gpointer data, gpointer user_data)
{
  CliJob *job = data;

  if (cli_cancel (NULL))
    {
      g_set_error (&job->error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED,
                   _ ("interrupted"));
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
  g_autofree gchar *target = NULL;

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
  /* A read-only file or folder, a link to nothing.  */
  target = sobolev_safe_file_target (path, error);
  if (target == NULL)
    {
      g_prefix_error (error, "%s: ", option);
      return FALSE;
    }
  return TRUE;
}

/* What names a file whatever the spelling: its device and inode when it
   exists (through links), else its folder's real path and its name.  */
static gchar *
cli_file_id (const gchar *path)
{
  g_autofree gchar *dir = NULL;
  g_autofree gchar *base = NULL;
  g_autofree gchar *real = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0)
    return g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev,
                            (uintmax_t) st.st_ino);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  real = realpath (dir, NULL);
  return g_build_filename (real ? real : dir, base, NULL);
}

/* A file the run reads, and who reads it.  */
typedef struct
{
  const gchar *path;
  gchar *id;
  gint job;          /* the job whose SOURCE it is, or −1 */
  const gchar *role; /* for the message */
} CliInput;

/* Refuses an output that would replace a file the run reads or another
   output: OUTPUT equal to SOURCE (unless --overwrite-source, and then
   only its own source) or to REFERENCE, through any link or spelling.  */
static gboolean
cli_check_outputs_apart (const CliOptions *options, CliJob *jobs, guint n_jobs,
                         const gchar *reference_path, GError **error)
{
  g_autoptr (GArray) inputs = g_array_new (FALSE, TRUE, sizeof (CliInput));
  g_autoptr (GHashTable) written
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok = TRUE;

  for (guint i = 0; i < n_jobs; i++)
    {
      CliInput in = { jobs[i].source, cli_file_id (jobs[i].source), (gint) i,
                      "the source" };

      g_array_append_val (inputs, in);
    }
  if (reference_path != NULL)
    {
      CliInput in
          = { reference_path, cli_file_id (reference_path), -1, "REFERENCE" };

      g_array_append_val (inputs, in);
    }
  if (options->lut_in != NULL)
    {
      CliInput in
          = { options->lut_in, cli_file_id (options->lut_in), -1, "--lut-in" };

      g_array_append_val (inputs, in);
    }

  for (guint o = 0; ok && o < n_jobs + 2; o++)
    {
      const gchar *path = o < n_jobs    ? jobs[o].output
                          : o == n_jobs ? options->lut_out
                                        : options->hald_out;
      gchar *id;

      if (path == NULL)
        continue;
      id = cli_file_id (path);
      for (guint k = 0; ok && k < inputs->len; k++)
        {
          const CliInput *in = &g_array_index (inputs, CliInput, k);

          if (strcmp (id, in->id) != 0)
            continue;
          if (o < n_jobs && in->job == (gint) o && options->overwrite_source)
            continue;
          if (o < n_jobs && in->job == (gint) o)
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _ ("“%s” is the source “%s”: writing it would "
                            "replace the photo (give another name, or "
                            "--overwrite-source to replace it on purpose)"),
                         path, in->path);
          else if (in->job >= 0)
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _ ("“%s” is the source “%s”: writing it would "
                            "replace a file still to be read (give "
                            "another name)"),
                         path, in->path);
          else
            g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                         _ ("“%s” is %s “%s”: writing it would replace it "
                            "(give another name)"),
                         path, in->role, in->path);
          ok = FALSE;
        }
      if (ok && g_hash_table_contains (written, id))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("two results would both be written to “%s”"), path);
          ok = FALSE;
        }
      g_hash_table_add (written, id);
    }
  for (guint k = 0; k < inputs->len; k++)
    g_free (g_array_index (inputs, CliInput, k).id);
  return ok;
}

/* A parameter of the transport given with --lut-in, which has none
   (NULL when there is none): only those that apply to any map
   (strength, lightness, fidelity) apply to a saved look.  */
static const gchar *
cli_transport_option_given (const CliOptions *options)
{
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    if (options->given[i]
        && !(sobolev_param_specs[i].flags & SOBOLEV_PARAM_APPLY_ONLY))
      return sobolev_param_specs[i].name;
  return NULL;
}

/* The reference's colors, a strip at a time.  */
static gboolean
cli_add_reference_strip (const CliImageInfo *info, guint y, guint n_rows,
                         gfloat *pixels, gpointer user_data, GError **error)
{
  CliBatch *batch = user_data;

  if (!sobolev_recolor_add_pixels (
          batch->reference, SOBOLEV_RECOLOR_REFERENCE, pixels,
          SOBOLEV_PIXEL_FLOAT, 4, info->width, n_rows,
          (gsize) info->width * 4 * sizeof (gfloat), NULL, error))
    {
      g_prefix_error (error, "“%s”: ", batch->reference_path);
      return FALSE;
    }
  return TRUE;
}

gint
cli_run_batch (CliOptions *options, gchar **args, gint n_args)
{
  static const gchar *const cube_suffixes[] = { ".cube", NULL };
  static const gchar *const hald_suffixes[] = { ".png", ".tif", ".tiff", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevRecolor) reference_colors = NULL;
  g_autoptr (SobolevLut) lut_in = NULL;
  const gchar *reference_path = NULL;
  const gchar *given;
  CliProgress progress;
  CliBatch batch = { 0 };
  CliJob *jobs = NULL;
  guint n_sources = 0, n_failed = 0;
  /* With --lut-in or --palette there is no REFERENCE among the files.  */
  gint n_references
      = options->lut_in != NULL || options->palette != NULL ? 0 : 1;
  gint n_files = 2 + n_references; /* without -o */
  gboolean cancelled = FALSE;

  if (options->lut_in != NULL && options->palette != NULL)
    {
      cli_print_error (_ ("--palette does not apply with --lut-in, which "
                          "applies a saved map as it is"));
      return CLI_EXIT_USAGE;
    }
  if (options->reference_colors != 0
      && (options->lut_in != NULL || options->palette != NULL))
    {
      cli_print_error (options->lut_in != NULL
                           ? _ ("--reference-colors does not apply with "
                                "--lut-in, which applies a saved map as it "
                                "is")
                           : _ ("--reference-colors sums up a REFERENCE "
                                "image: a palette is used as it is"));
      return CLI_EXIT_USAGE;
    }
  if (options->reference_colors != 0
      && (options->reference_colors < 2
          || options->reference_colors > SOBOLEV_SUMMARY_MAX_COLORS))
    {
      g_autofree gchar *m
          = g_strdup_printf (_ ("--reference-colors must be between 2 and %d"),
                             SOBOLEV_SUMMARY_MAX_COLORS);

      cli_print_error (m);
      return CLI_EXIT_USAGE;
    }
  if (options->output_dir == NULL && n_args != n_files)
    {
      if (options->lut_in != NULL)
        cli_print_error (n_args < n_files
                             ? _ ("with --lut-in, need SOURCE OUTPUT (see "
                                  "--help)")
                             : _ ("with --lut-in, no REFERENCE: need SOURCE "
                                  "OUTPUT, or -o DIR SOURCE… (see --help)"));
      else if (options->palette != NULL && n_args == 3)
        cli_print_error (_ ("--palette takes the place of REFERENCE: give "
                            "SOURCE OUTPUT (see --help)"));
      else if (n_args < n_files)
        cli_print_error (options->palette != NULL
                             ? _ ("need SOURCE OUTPUT with --palette (see "
                                  "--help)")
                             : _ ("need SOURCE REFERENCE OUTPUT, or SOURCE "
                                  "OUTPUT with --palette (see --help)"));
      else
        cli_print_error (_ ("too many files: for several sources give an "
                            "output folder with -o DIR (see --help)"));
      return CLI_EXIT_USAGE;
    }
  if (options->output_dir != NULL && n_args < n_files - 1)
    {
      cli_print_error (
          options->lut_in != NULL
              ? _ ("with -o DIR and --lut-in, need SOURCE… (see --help)")
          : options->palette != NULL
              ? _ ("with -o DIR and --palette, need SOURCE… (see --help)")
              : _ ("with -o DIR, need SOURCE… REFERENCE (see --help)"));
      return CLI_EXIT_USAGE;
    }
  if (options->lut_in != NULL
      && (given = cli_transport_option_given (options)) != NULL)
    {
      g_autofree gchar *m
          = g_strdup_printf (_ ("--%s does not apply with --lut-in, which "
                                "applies a saved look: only --strength, "
                                "--preserve-lightness and --fidelity do"),
                             given);
      cli_print_error (m);
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

  /* Every output is known and checked before the first descent.  */
  n_sources = options->output_dir != NULL ? (guint) n_args - n_references : 1;
  if (options->palette != NULL)
    reference_path = options->palette;
  else if (options->lut_in == NULL)
    reference_path = args[n_sources];
  jobs = g_new0 (CliJob, n_sources);
  if (options->output_dir != NULL)
    {
      if (!g_file_test (options->output_dir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _ ("-o: no folder “%s”"), options->output_dir);
          goto usage_error;
        }
      if (n_sources > 1 && options->lut_in == NULL
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
        }
      else
        jobs[i].output = g_strdup (args[n_files - 1]);
      if (!cli_image_check_save_path (jobs[i].output, &error))
        goto usage_error;
    }
  if (!cli_check_outputs_apart (options, jobs, n_sources, reference_path,
                                &error))
    goto usage_error;

  if (options->lut_in != NULL)
    {
      g_autoptr (SobolevLut) file_lut = NULL;

      /* A saved look: no reference, no descent; the map is the file's
         at the strength and lightness given, as in the dialog.  */
      file_lut = sobolev_lut_load_cube (options->lut_in, &error);
      if (file_lut == NULL)
        goto failure;
      lut_in = sobolev_lut_look_at (file_lut, options->params.strength,
                                    options->params.preserve_lightness);
    }
  else if (options->palette != NULL)
    {
      g_autoptr (SobolevPalette) palette
          = sobolev_palette_load (options->palette, &error);

      reference_colors = sobolev_recolor_new (&options->params, &error);
      if (reference_colors == NULL)
        goto usage_error;
      if (palette == NULL)
        goto failure;
      if (!sobolev_recolor_set_palette (reference_colors, palette->colors, NULL,
                                        palette->n, &error))
        {
          g_prefix_error (&error, "“%s”: ", reference_path);
          goto failure;
        }
    }
  else
    {
      /* The reference is analyzed once for all sources, a strip at a
         time.  */
      g_autoptr (CliDecoder) decoder
          = cli_decoder_open (reference_path, &error);

      if (decoder == NULL)
        goto failure;
      reference_colors = sobolev_recolor_new (&options->params, &error);
      if (reference_colors == NULL)
        goto usage_error;
      batch.reference = reference_colors;
      batch.reference_path = reference_path;
      if (!cli_decoder_each_strip (decoder, cli_add_reference_strip, &batch,
                                   &error))
        goto failure;
      if (!sobolev_recolor_end_input (reference_colors,
                                      SOBOLEV_RECOLOR_REFERENCE, &error)
          || (options->reference_colors != 0
              && !sobolev_recolor_summarize_reference (
                  reference_colors, (guint) options->reference_colors, &error)))
        {
          g_prefix_error (&error, "“%s”: ", reference_path);
          goto failure;
        }
    }

  cli_progress_init (&progress, !options->quiet && isatty (STDERR_FILENO),
                     n_sources, args[0]);
  batch.options = options;
  batch.reference = reference_colors;
  batch.reference_path = reference_path;
  batch.lut = lut_in;
  batch.progress = &progress;
  batch.n_threads = options->jobs > 1 ? 1 : 0;
  g_mutex_init (&batch.memory_lock);
  g_cond_init (&batch.memory_freed);

  if (options->jobs > 1 && n_sources > 1)
    {
      cli_decoder_set_keep (FALSE);
      guint64 largest = 0;

      /* The budget: the largest image, or CLI_JOBS_BUDGET_PIXELS if
         more, so that smaller images share it.  */
      for (guint i = 0; i < n_sources; i++)
        {
          jobs[i].pixels = cli_image_peek_pixels (jobs[i].source);
          largest = MAX (largest, jobs[i].pixels);
        }
      batch.pixels_budget = MAX (largest, CLI_JOBS_BUDGET_PIXELS);
      for (guint i = 0; i < n_sources; i++)
        if (jobs[i].pixels == 0)
          jobs[i].pixels = batch.pixels_budget;
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
  g_mutex_clear (&batch.memory_lock);
  g_cond_clear (&batch.memory_freed);
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
  /* Ctrl-C while the reference was read.  */
  return g_error_matches (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED)
             ? CLI_EXIT_INTERRUPTED
             : CLI_EXIT_FAILURE;
}
