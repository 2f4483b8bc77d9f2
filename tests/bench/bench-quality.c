/* sobolev-transfer — how clean and how close the results are, on the ten
   development pairs (data/devpairs/) and the sample pairs.

   bench-quality [name=value …] [--only PREFIX,…] [--methods LIST]
                 [--close name=value | --no-close] [--strengths]
                 [--sheet FILE.png] [--palette-colors K] [--cross]
                 [--peers]

   Per pair and method: MMD of the result to the reference (the judged
   metric: σ 0.1, the reference scorer's 300 features, every pixel), SSIM
   of luma against the source, the false-edge fraction FE, FE8 (the
   same over 8 × 8 block means: soft blotches and bands, which FE does
   not see; a diagnostic, not a target) and the seconds of the job
   (clouds, descent, map).  Results are measured as
   saved: rounded to 8 bits.  Each method also runs at the closest
   setting (--close, fidelity=1 unless given; --no-close skips it, for
   the slow methods).  --strengths adds FE at
   strengths 0.25, 0.5 and 0.75 (the path must be clean too).  --sheet
   writes a contact sheet: per pair, source | reference | result at the
   settings | result at the closest setting, for a person to look at.
   --cross runs every dev source toward every other dev pair's reference
   instead (90 pairs the defaults were never run on).  --peers only
   scores the peers' results kept in data/devpairs/<pair>/peers/, the
   same way.
   --palette-colors K replaces each reference by a palette of its K
   k-means colors, equally weighted, as a .gpl file made from the image
   holds it: the reference is then that palette, used exactly (as
   sobolev_recolor_set_palette does), and MMD is measured to it.  */
#include <math.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

#define SHEET_CELL 256

/* The side of the blocks of the coarse false-edge fraction: a soft
   blotch or band spans tens of pixels at 512 px.  */
#define FE_BLOCK 8

typedef struct
{
  gchar *name;               /* d01_meadow2flower, or chelsea→coffee */
  gchar *source, *reference; /* paths */
  gboolean dev;
} QualityPair;

typedef struct
{
  gdouble mmd, ssim, fe, fe_blocks, seconds;
  gdouble cpu, lut_cpu; /* processor seconds of the job, and of lut_at */
  gdouble fe_path[3];
} QualityScore;

/* Processor time of this thread: the machine may be shared, and wall
   seconds then say little about the job's own cost.  */
static gdouble
quality_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static CliImage *
quality_load (const gchar *path)
{
  g_autoptr (GError) error = NULL;
  CliImage *image = cli_image_load (path, &error);

  if (image == NULL)
    g_error ("cannot load %s: %s", path, error->message);
  return image;
}

/* As a saved 8-bit file holds it.  */
static void
quality_round (CliImage *image)
{
  gsize n = (gsize) image->width * image->height * 4;

  for (gsize i = 0; i < n; i++)
    image->pixels[i]
        = rintf (CLAMP (image->pixels[i], 0.0f, 1.0f) * 255.0f) / 255.0f;
}

static CliImage *
quality_result (const CliImage *src, SobolevRecolor *recolor, gdouble strength,
                gdouble preserve, gdouble fidelity)
{
  g_autoptr (SobolevLut) lut
      = sobolev_recolor_lut_at (recolor, strength, preserve);
  CliImage *out = test_apply_result (src, lut, fidelity);

  quality_round (out);
  return out;
}

/* The measures of a result out of src toward ref, into score.  */
static void
quality_score (const CliImage *src, const CliImage *ref, const CliImage *out,
               QualityScore *score)
{
  score->mmd
      = sobolev_mmd_images (out->pixels, (gsize) src->width * src->height,
                            ref->pixels, (gsize) ref->width * ref->height, 4);
  score->ssim = sobolev_ssim_luma (src->pixels, out->pixels, 4, src->width,
                                   src->height);
  score->fe = sobolev_false_edges (src->pixels, out->pixels, 4, src->width,
                                   src->height);
  score->fe_blocks = sobolev_false_edges_coarse (
      src->pixels, out->pixels, 4, src->width, src->height, FE_BLOCK);
}

/* Runs params on the pair as every host does (the core's recoloring);
   returns the result at params' strength.  */
static CliImage *
quality_run (const CliImage *src, const CliImage *ref,
             const SobolevCloud *palette, const SobolevParams *params,
             gboolean path, QualityScore *score)
{
  gint64 t0 = g_get_monotonic_time ();
  gdouble c0 = quality_cpu (), c1;
  g_autoptr (SobolevRecolor) recolor
      = test_recolor_run (src, ref, palette, params);
  g_autoptr (SobolevLut) lut = NULL;
  CliImage *out;

  c1 = quality_cpu ();
  lut = sobolev_recolor_lut (recolor);
  score->lut_cpu = quality_cpu () - c1;
  out = test_apply_result (src, lut, params->fidelity);
  /* The job a host does: the run, the map and the guarded result.  */
  score->seconds = (g_get_monotonic_time () - t0) / 1e6;
  score->cpu = quality_cpu () - c0;
  quality_round (out);
  quality_score (src, ref, out, score);
  for (int k = 0; k < 3 && path; k++)
    {
      g_autoptr (CliImage) mid
          = quality_result (src, recolor, 0.25 * (k + 1),
                            params->preserve_lightness, params->fidelity);

      score->fe_path[k] = sobolev_false_edges (src->pixels, mid->pixels, 4,
                                               src->width, src->height);
    }
  return out;
}

/* k colors of image by weighted k-means on its 5-bit cloud
   (sobolev_cloud_summarize), equally weighted and rounded to 8 bits: a
   palette as GIMP's "Import from image" makes one.  */
static SobolevCloud *
quality_kmeans_palette (const CliImage *image, guint k)
{
  g_autoptr (SobolevCloud) cloud = test_image_cloud (image, 5);
  g_autoptr (GError) error = NULL;
  SobolevCloud *palette = sobolev_cloud_summarize (cloud, k, &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < palette->n; i++)
    {
      palette->weights[i] = 1.0;
      for (guint a = 0; a < 3; a++)
        palette->points[i * 3 + a]
            = rint (CLAMP (palette->points[i * 3 + a], 0.0, 1.0) * 255.0)
              / 255.0;
    }
  return palette;
}

/* The palette as an image of one pixel a color: what MMD is measured
   to.  */
static CliImage *
quality_palette_image (const SobolevCloud *palette)
{
  CliImage *image = cli_image_new ((guint) palette->n, 1);

  for (gsize j = 0; j < palette->n; j++)
    {
      for (int a = 0; a < 3; a++)
        image->pixels[j * 4 + a] = (gfloat) palette->points[j * 3 + a];
      image->pixels[j * 4 + 3] = 1.0f;
    }
  return image;
}

/* Copies image, shrunk to SHEET_CELL wide, into the sheet at (x0, y0).  */
static void
quality_sheet_put (CliImage *sheet, const CliImage *image, guint x0, guint y0)
{
  gdouble f = (gdouble) image->width / SHEET_CELL;
  guint h = (guint) (image->height / f);

  for (guint y = 0; y < h && y0 + y < sheet->height; y++)
    for (guint x = 0; x < SHEET_CELL; x++)
      {
        /* Box average over the source pixels the cell pixel covers.  */
        guint xa = (guint) (x * f), xb = MAX (xa + 1, (guint) ((x + 1) * f));
        guint ya = (guint) (y * f), yb = MAX (ya + 1, (guint) ((y + 1) * f));
        gdouble acc[3] = { 0, 0, 0 };
        guint cnt = 0;

        for (guint yy = ya; yy < yb && yy < image->height; yy++)
          for (guint xx = xa; xx < xb && xx < image->width; xx++, cnt++)
            for (int c = 0; c < 3; c++)
              acc[c] += image->pixels[((gsize) yy * image->width + xx) * 4 + c];
        for (int c = 0; c < 3; c++)
          sheet->pixels[((gsize) (y0 + y) * sheet->width + x0 + x) * 4 + c]
              = cnt ? acc[c] / cnt : 0.0;
        sheet->pixels[((gsize) (y0 + y) * sheet->width + x0 + x) * 4 + 3]
            = 1.0f;
      }
}

static void
quality_pair_free (gpointer data)
{
  QualityPair *p = data;

  g_free (p->name);
  g_free (p->source);
  g_free (p->reference);
  g_free (p);
}

/* The pairs benchmarked: the dev pairs and the sample pairs, or with
   cross every dev source toward every other dev pair's reference (pairs
   the defaults were never run on), as dev pairs.  only keeps those whose
   name starts with one of its comma-separated prefixes.  */
static GPtrArray *
quality_pairs (const gchar *only, gboolean cross)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (quality_pair_free);
  g_autofree gchar *dir = test_data_path ("devpairs");
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const gchar *entry;

  if (d == NULL)
    g_error ("no folder %s", dir);
  while ((entry = g_dir_read_name (d)) != NULL)
    if (entry[0] == 'd' && g_ascii_isdigit (entry[1]))
      g_ptr_array_add (names, g_strdup (entry));
  /* In name order, whatever order the folder lists them in.  */
  for (guint i = 0; i < names->len; i++)
    for (guint j = i + 1; j < names->len; j++)
      if (strcmp (names->pdata[i], names->pdata[j]) > 0)
        {
          gpointer t = names->pdata[i];

          names->pdata[i] = names->pdata[j];
          names->pdata[j] = t;
        }
  for (guint i = 0; i < names->len; i++)
    for (guint j = 0; j < names->len; j++)
      {
        const gchar *source = names->pdata[i], *reference = names->pdata[j];
        QualityPair *p;

        if ((i != j) != cross)
          continue;
        p = g_new0 (QualityPair, 1);
        /* d01→d02 for a cross pair: the pairs' numbers.  */
        p->name = cross ? g_strdup_printf ("%.3s→%.3s", source, reference)
                        : g_strdup (source);
        p->source = g_build_filename (dir, source, "source.png", NULL);
        p->reference = g_build_filename (dir, reference, "reference.png", NULL);
        p->dev = TRUE;
        g_ptr_array_add (pairs, p);
      }
  for (guint i = 0; i < test_n_pairs && !cross; i++)
    {
      QualityPair *p = g_new0 (QualityPair, 1);
      g_autofree gchar *s
          = g_build_filename ("photos", test_pairs[i].source, NULL);
      g_autofree gchar *r
          = g_build_filename ("photos", test_pairs[i].reference, NULL);

      p->name = g_strdup_printf ("%s→%s", test_pairs[i].source,
                                 test_pairs[i].reference);
      p->source = test_data_path (s);
      p->reference = test_data_path (r);
      g_ptr_array_add (pairs, p);
    }
  for (guint i = 0; only && i < pairs->len;)
    {
      QualityPair *p = pairs->pdata[i];
      g_auto (GStrv) prefixes = g_strsplit (only, ",", -1);
      gboolean keep = FALSE;

      for (guint k = 0; prefixes[k]; k++)
        keep |= g_str_has_prefix (p->name, prefixes[k]);
      if (!keep)
        g_ptr_array_remove_index (pairs, i);
      else
        i++;
    }
  return pairs;
}

typedef struct
{
  gdouble mmd, ssim, fe, fe_worst, seconds, fe_path_worst;
  gdouble fe_blocks, fe_blocks_worst;
  guint n, mmd_over_peer;
} QualitySum;

static void
quality_sum_add (QualitySum *sum, const QualityScore *s)
{
  sum->mmd += s->mmd;
  sum->ssim += s->ssim;
  sum->fe += s->fe;
  sum->seconds += s->seconds;
  sum->fe_worst = MAX (sum->fe_worst, s->fe);
  sum->fe_blocks += s->fe_blocks;
  sum->fe_blocks_worst = MAX (sum->fe_blocks_worst, s->fe_blocks);
  for (int k = 0; k < 3; k++)
    sum->fe_path_worst = MAX (sum->fe_path_worst, s->fe_path[k]);
  sum->n++;
}

static void
quality_sum_print (const gchar *what, const QualitySum *s)
{
  if (s->n == 0)
    return;
  printf ("%-34s MMD %.4f  SSIM-Y %.4f  FE %.4f (worst %.4f, path worst "
          "%.4f)  FE8 %.4f (worst %.4f)  %.3f s\n",
          what, s->mmd / s->n, s->ssim / s->n, s->fe / s->n, s->fe_worst,
          s->fe_path_worst, s->fe_blocks / s->n, s->fe_blocks_worst,
          s->seconds / s->n);
}

/* Scores the peers' results kept beside each dev pair (peers/NAME.png),
   as the methods' are, and prints each peer's means.  */
static void
quality_peers (GPtrArray *pairs)
{
  g_autoptr (GHashTable) sums
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint p = 0; p < pairs->len; p++)
    {
      QualityPair *pair = pairs->pdata[p];
      g_autofree gchar *pair_dir = g_path_get_dirname (pair->source);
      g_autofree gchar *dir = g_build_filename (pair_dir, "peers", NULL);
      g_autoptr (GDir) d = pair->dev ? g_dir_open (dir, 0, NULL) : NULL;
      g_autoptr (CliImage) src = NULL, ref = NULL;
      const gchar *entry;

      if (d == NULL)
        continue;
      src = quality_load (pair->source);
      ref = quality_load (pair->reference);
      while ((entry = g_dir_read_name (d)) != NULL)
        {
          g_autofree gchar *path = g_build_filename (dir, entry, NULL);
          g_autofree gchar *peer = g_strndup (entry, strcspn (entry, "."));
          g_autoptr (CliImage) out = NULL;
          QualityScore score = { 0 };
          QualitySum *sum;

          if (!g_str_has_suffix (entry, ".png"))
            continue;
          out = quality_load (path);
          quality_score (src, ref, out, &score);
          printf ("%-24s %-16s %7.4f %7.4f %7.4f %7.4f\n", pair->name, peer,
                  score.mmd, score.ssim, score.fe, score.fe_blocks);
          sum = g_hash_table_lookup (sums, peer);
          if (sum == NULL)
            {
              sum = g_new0 (QualitySum, 1);
              g_ptr_array_add (names, g_strdup (peer));
              g_hash_table_insert (
                  sums, g_ptr_array_index (names, names->len - 1), sum);
            }
          quality_sum_add (sum, &score);
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree gchar *what
          = g_strdup_printf ("  %s, dev pairs", (gchar *) names->pdata[i]);

      quality_sum_print (what, g_hash_table_lookup (sums, names->pdata[i]));
    }
}

int
main (int argc, char **argv)
{
  SobolevParams params;
  const gchar *only = NULL, *sheet_path = NULL;
  g_auto (GStrv) methods = g_strsplit ("kernel", ",", -1);
  g_autoptr (GPtrArray) close_args = g_ptr_array_new ();
  gboolean path = FALSE, no_close = FALSE, cross = FALSE, peers = FALSE;
  guint palette_colors = 0;
  GPtrArray *pairs;
  g_autoptr (CliImage) sheet = NULL;
  guint sheet_y = 0;

  cli_image_io_init ();
  sobolev_params_init (&params);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--only") == 0 && i + 1 < argc)
        only = argv[++i];
      else if (strcmp (argv[i], "--methods") == 0 && i + 1 < argc)
        {
          g_strfreev (methods);
          methods = g_strsplit (argv[++i], ",", -1);
        }
      else if (strcmp (argv[i], "--close") == 0 && i + 1 < argc)
        g_ptr_array_add (close_args, argv[++i]);
      else if (strcmp (argv[i], "--palette-colors") == 0 && i + 1 < argc)
        palette_colors = (guint) atoi (argv[++i]);
      else if (strcmp (argv[i], "--no-close") == 0)
        no_close = TRUE;
      else if (strcmp (argv[i], "--strengths") == 0)
        path = TRUE;
      else if (strcmp (argv[i], "--cross") == 0)
        cross = TRUE;
      else if (strcmp (argv[i], "--peers") == 0)
        peers = TRUE;
      else if (strcmp (argv[i], "--sheet") == 0 && i + 1 < argc)
        sheet_path = argv[++i];
      else if (!test_params_set_arg (&params, argv[i]))
        g_error ("usage: %s [name=value …] [--only PREFIX] [--methods "
                 "kernel,neural] [--close name=value | --no-close] "
                 "[--strengths] [--sheet FILE.png] [--palette-colors K] "
                 "[--cross] [--peers]",
                 argv[0]);
    }
  if (close_args->len == 0)
    g_ptr_array_add (close_args, "fidelity=1");

  pairs = quality_pairs (only, cross);
  if (peers)
    {
      printf ("%-24s %-16s %7s %7s %7s %7s\n", "pair", "peer", "MMD", "SSIM-Y",
              "FE", "FE8");
      quality_peers (pairs);
      g_ptr_array_free (pairs, TRUE);
      return 0;
    }
  if (sheet_path)
    {
      guint rows = pairs->len * g_strv_length (methods);

      /* Rows are at most as tall as the widest cell allows (4:3 or less
         for these photos; taller ones are cut).  */
      sheet = cli_image_new (4 * SHEET_CELL, rows * SHEET_CELL);
      memset (sheet->pixels, 0,
              (gsize) sheet->width * sheet->height * 4 * sizeof (gfloat));
      sheet->bit_depth = 8;
    }

  printf ("%-24s %-7s %-9s %7s %7s %7s %7s %7s %7s %7s", "pair", "method",
          "setting", "MMD", "SSIM-Y", "FE", "FE8", "seconds", "cpu s", "lut s");
  if (path)
    printf ("  FE@.25  FE@.5  FE@.75");
  printf ("\n");
  for (guint m = 0; methods[m]; m++)
    {
      QualitySum dev = { 0 }, dev_close = { 0 }, samples = { 0 },
                 samples_close = { 0 };
      SobolevParams base = params, close;
      const SobolevParamSpec *spec = sobolev_param_spec_find ("method");

      if (!sobolev_params_set_from_string (&base, spec, methods[m], NULL))
        g_error ("unknown method %s", methods[m]);
      close = base;
      for (guint i = 0; i < close_args->len; i++)
        test_params_set_arg (&close, close_args->pdata[i]);
      for (guint p = 0; p < pairs->len; p++)
        {
          QualityPair *pair = pairs->pdata[p];
          g_autoptr (CliImage) src = quality_load (pair->source);
          g_autoptr (CliImage) ref = quality_load (pair->reference);
          g_autoptr (SobolevCloud) palette = NULL;
          QualityScore s = { 0 }, c = { 0 };
          g_autoptr (CliImage) out = NULL;
          g_autoptr (CliImage) out_close = NULL;

          if (palette_colors > 0)
            {
              palette = quality_kmeans_palette (ref, palette_colors);
              cli_image_free (ref);
              ref = quality_palette_image (palette);
            }
          out = quality_run (src, ref, palette, &base, path, &s);
          if (!no_close)
            out_close = quality_run (src, ref, palette, &close, FALSE, &c);

          printf ("%-24s %-7s %-9s %7.4f %7.4f %7.4f %7.4f %7.3f %7.3f %7.3f",
                  pair->name, methods[m], "settings", s.mmd, s.ssim, s.fe,
                  s.fe_blocks, s.seconds, s.cpu, s.lut_cpu);
          if (path)
            printf ("  %6.4f %6.4f %6.4f", s.fe_path[0], s.fe_path[1],
                    s.fe_path[2]);
          printf ("\n");
          if (out_close)
            printf ("%-24s %-7s %-9s %7.4f %7.4f %7.4f %7.4f %7.3f %7.3f "
                    "%7.3f\n",
                    "", "", "closest", c.mmd, c.ssim, c.fe, c.fe_blocks,
                    c.seconds, c.cpu, c.lut_cpu);
          fflush (stdout);
          quality_sum_add (pair->dev ? &dev : &samples, &s);
          if (out_close)
            quality_sum_add (pair->dev ? &dev_close : &samples_close, &c);
          if (sheet)
            {
              quality_sheet_put (sheet, src, 0, sheet_y);
              quality_sheet_put (sheet, ref, SHEET_CELL, sheet_y);
              quality_sheet_put (sheet, out, 2 * SHEET_CELL, sheet_y);
              if (out_close)
                quality_sheet_put (sheet, out_close, 3 * SHEET_CELL, sheet_y);
              sheet_y += MIN (SHEET_CELL,
                              (guint) (src->height * SHEET_CELL / src->width));
            }
        }
      printf ("%s:\n", methods[m]);
      quality_sum_print (
          cross ? "  cross pairs, settings" : "  dev pairs, settings", &dev);
      quality_sum_print (cross ? "  cross pairs, closest"
                               : "  dev pairs, closest",
                         &dev_close);
      quality_sum_print ("  sample pairs, settings", &samples);
      quality_sum_print ("  sample pairs, closest", &samples_close);
    }
  if (sheet)
    {
      g_autoptr (GError) error = NULL;

      /* Crop to the rows drawn.  */
      sheet->height = MAX (sheet_y, 1u);
      if (!cli_image_save (sheet, sheet_path, &error))
        g_error ("%s", error->message);
      printf ("contact sheet: %s\n", sheet_path);
    }
  g_ptr_array_free (pairs, TRUE);
  return 0;
}
