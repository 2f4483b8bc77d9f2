/* End-to-end runs of the command on the bundled samples: what it writes,
   bit depth and alpha kept, maps exported, batches, determinism.  */
#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli-test.h"
#include "test-util.h"

static gchar *dir;

static void
test_single (void)
{
  g_autofree gchar *src = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *out = g_build_filename (dir, "single.png", NULL);
  g_autofree gchar *again = g_build_filename (dir, "single-again.png", NULL);
  g_autoptr (CliRun) run = cli_run (src, ref, out, NULL);
  g_autoptr (CliRun) run2 = NULL;
  g_autoptr (CliImage) in = NULL;
  g_autoptr (CliImage) result = NULL;

  cli_assert_success (run);
  /* Not a terminal: no progress bar, and nothing else either.  */
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpstr (run->out, ==, "");
  in = cli_load (src);
  result = cli_load (out);
  g_assert_cmpuint (result->width, ==, in->width);
  g_assert_cmpuint (result->height, ==, in->height);
  g_assert_cmpuint (result->bit_depth, ==, 8);
  g_assert_false (result->has_alpha);
  g_assert_cmpfloat (cli_max_difference (in, result), >, 20.0);

  /* The same command gives the same bytes.  */
  run2 = cli_run ("--quiet", src, ref, again, NULL);
  cli_assert_success (run2);
  g_assert_true (cli_files_equal (out, again));
  g_unlink (out);
  g_unlink (again);
}

static void
test_strength_zero (void)
{
  g_autofree gchar *src = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *out = g_build_filename (dir, "zero.png", NULL);
  g_autoptr (CliRun) run
      = cli_run ("-q", "--strength", "0", src, ref, out, NULL);
  g_autoptr (CliImage) in = NULL;
  g_autoptr (CliImage) result = NULL;

  cli_assert_success (run);
  in = cli_load (src);
  result = cli_load (out);
  g_assert_cmpfloat (cli_max_difference (in, result), <=, 1.0);
  g_unlink (out);
}

/* The exported .cube is the map OUTPUT got at fidelity 1 (where the edge
   guard, which works in the image, is off); the HALD holds the same map
   at 64 nodes.  */
static void
test_luts (void)
{
  g_autofree gchar *src = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *out = g_build_filename (dir, "luts.png", NULL);
  g_autofree gchar *cube = g_build_filename (dir, "luts.cube", NULL);
  g_autofree gchar *hald = g_build_filename (dir, "luts-hald.png", NULL);
  g_autoptr (CliRun) run
      = cli_run ("-q", "--strength", "0.7", "--fidelity", "1", "--lut-out",
                 cube, "--hald-out", hald, src, ref, out, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  g_autoptr (SobolevLut) lut64 = NULL;
  g_autoptr (SobolevLut) from_hald = NULL;
  g_autoptr (CliImage) in = NULL;
  g_autoptr (CliImage) result = NULL;
  g_autoptr (CliImage) hald_image = NULL;
  gdouble worst = 0.0;

  cli_assert_success (run);
  lut = sobolev_lut_load_cube (cube, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lut->size, ==, sobolev_param_spec_find ("lut-size")->def);
  in = cli_load (src);
  result = cli_load (out);
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 4, in->pixels,
                     in->width * 4 * sizeof (gfloat), in->pixels,
                     in->width * 4 * sizeof (gfloat), in->width, in->height,
                     NULL, 1);
  /* Only OUTPUT's 8-bit rounding between them.  */
  g_assert_cmpfloat (cli_max_difference (in, result), <=, 0.5 + 1e-3);

  hald_image = cli_load (hald);
  g_assert_cmpuint (hald_image->width, ==, 512);
  g_assert_cmpuint (hald_image->height, ==, 512);
  g_assert_cmpuint (hald_image->bit_depth, ==, 16);
  from_hald = sobolev_lut_from_hald (hald_image->pixels, 4, 512, 512, &error);
  g_assert_no_error (error);
  lut64 = sobolev_lut_resample (lut, 64, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < 64 * 64 * 64 * 3; i++)
    worst = MAX (
        worst, fabs (from_hald->data[i] - CLAMP (lut64->data[i], 0.0f, 1.0f)));
  g_assert_cmpfloat (worst, <=, 0.5 / 65535 + 1e-6);

  /* Another level on request.  */
  {
    g_autoptr (CliRun) run4 = cli_run ("-q", "--hald-level", "4", "--hald-out",
                                       hald, src, ref, out, NULL);
    g_autoptr (CliImage) small = NULL;

    cli_assert_success (run4);
    small = cli_load (hald);
    g_assert_cmpuint (small->width, ==, 64);
  }
  g_unlink (out);
  g_unlink (cube);
  g_unlink (hald);
}

/* A 16-bit PNG with alpha stays 16-bit with the same alpha; a float TIFF
   stays float; a JPEG output is 8-bit without alpha.  */
static void
test_depth_and_alpha (void)
{
  g_autofree gchar *src16 = g_build_filename (dir, "alpha16.png", NULL);
  g_autofree gchar *srcf = g_build_filename (dir, "float.tif", NULL);
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *other = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *out16 = g_build_filename (dir, "alpha16-out.png", NULL);
  g_autofree gchar *outf = g_build_filename (dir, "float-out.tif", NULL);
  g_autofree gchar *outj = g_build_filename (dir, "alpha16-out.jpg", NULL);
  g_autoptr (CliImage) base = cli_load (ref);
  g_autoptr (CliImage) in = NULL;
  g_autoptr (CliImage) result = NULL;
  g_autoptr (CliRun) run = NULL;
  g_autoptr (GError) error = NULL;
  gdouble alpha_diff = 0.0;

  /* Alpha from 0.2 to 1 across the width.  */
  for (guint y = 0; y < base->height; y++)
    for (guint x = 0; x < base->width; x++)
      base->pixels[((gsize) y * base->width + x) * 4 + 3]
          = 0.2f + 0.8f * x / (base->width - 1);
  base->has_alpha = TRUE;
  base->bit_depth = 16;
  g_assert_true (cli_image_save (base, src16, &error));
  base->bit_depth = 32;
  g_assert_true (cli_image_save (base, srcf, &error));
  g_assert_no_error (error);

  run = cli_run ("-q", src16, other, out16, NULL);
  cli_assert_success (run);
  in = cli_load (src16);
  result = cli_load (out16);
  g_assert_cmpuint (result->bit_depth, ==, 16);
  g_assert_true (result->has_alpha);
  for (gsize i = 0; i < (gsize) in->width * in->height; i++)
    alpha_diff = MAX (alpha_diff,
                      fabs (in->pixels[i * 4 + 3] - result->pixels[i * 4 + 3]));
  g_assert_cmpfloat (alpha_diff, <=, 1e-6);
  g_assert_cmpfloat (cli_max_difference (in, result), >, 10.0);
  g_clear_pointer (&run, cli_run_free);
  g_clear_pointer (&result, cli_image_free);

  run = cli_run ("-q", srcf, other, outf, NULL);
  cli_assert_success (run);
  result = cli_load (outf);
  g_assert_cmpuint (result->bit_depth, ==, 32);
  g_assert_true (result->has_alpha);
  g_clear_pointer (&run, cli_run_free);
  g_clear_pointer (&result, cli_image_free);

  run = cli_run ("-q", src16, other, outj, NULL);
  cli_assert_success (run);
  result = cli_load (outj);
  g_assert_cmpuint (result->bit_depth, ==, 8);
  g_assert_false (result->has_alpha);
  g_unlink (src16);
  g_unlink (srcf);
  g_unlink (out16);
  g_unlink (outf);
  g_unlink (outj);
}

/* Batch: one file per source in DIR, each the same bytes as a single run
   of it, whatever --jobs.  */
static void
test_batch (void)
{
  const gchar *photos[] = { "astronaut.png", "rocket.jpg", "retina.jpg" };
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *one = g_build_filename (dir, "batch1", NULL);
  g_autofree gchar *two = g_build_filename (dir, "batch2", NULL);
  g_autofree gchar *listing = NULL;
  gchar *sources[3];

  g_assert_cmpint (g_mkdir (one, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (two, 0755), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *name = g_strdup (photos[i]);

      strcpy (strrchr (name, '.'), ".png");
      sources[i] = cli_save_small (dir, photos[i], name, 96);
    }
  {
    g_autoptr (CliRun) run = cli_run ("-q", "-o", one, sources[0], sources[1],
                                      sources[2], ref, NULL);
    g_autoptr (CliRun) run2
        = cli_run ("-q", "--jobs", "3", "-o", two, sources[0], sources[1],
                   sources[2], ref, NULL);

    cli_assert_success (run);
    cli_assert_success (run2);
  }
  listing = cli_dir_listing (two);
  g_assert_cmpstr (listing, ==, "astronaut.png retina.png rocket.png");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *base = g_path_get_basename (sources[i]);
      g_autofree gchar *a = g_build_filename (one, base, NULL);
      g_autofree gchar *b = g_build_filename (two, base, NULL);
      g_autofree gchar *single
          = g_build_filename (dir, "batch-single.png", NULL);
      g_autoptr (CliRun) run = cli_run ("-q", sources[i], ref, single, NULL);

      cli_assert_success (run);
      g_assert_true (cli_files_equal (a, b));
      g_assert_true (cli_files_equal (a, single));
      g_unlink (a);
      g_unlink (b);
      g_unlink (single);
      g_unlink (sources[i]);
      g_free (sources[i]);
    }
  g_rmdir (one);
  g_rmdir (two);
}

/* How many decoder processes a run started (they say so in the debug
   messages, which GLib writes to standard output).  */
static guint
decoders_started (const CliRun *run)
{
  guint n = 0;

  for (const gchar *p = run->out; (p = strstr (p, "decoder process")) != NULL;
       p++)
    n++;
  return n;
}

/* The files of a command share one decoder process, which ends with
   the command; a file that crashes its decoder gets the next file a new
   one, and the pixels are the same either way.  */
static void
test_decoder_kept (void)
{
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *a = cli_save_small (dir, "astronaut.png", "kept-a.png", 64);
  g_autofree gchar *b = cli_save_small (dir, "rocket.jpg", "kept-b.png", 64);
  g_autofree gchar *crashes = cli_write_crashing_rgbe (dir, "kept-crash.png");
  g_autofree gchar *one = g_build_filename (dir, "kept1", NULL);
  g_autofree gchar *two = g_build_filename (dir, "kept2", NULL);
  g_autoptr (CliRun) kept = NULL;
  g_autoptr (CliRun) after_crash = NULL;

  g_assert_cmpint (g_mkdir (one, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (two, 0755), ==, 0);
  g_setenv ("G_MESSAGES_DEBUG", "sobolev", TRUE);
  kept = cli_run ("-q", "--steps", "20", "-o", one, a, b, ref, NULL);
  after_crash = cli_run ("-q", "--steps", "20", "--max-megapixels", "1000000",
                         "-o", two, a, crashes, b, ref, NULL);
  g_unsetenv ("G_MESSAGES_DEBUG");

  g_assert_cmpint (kept->status, ==, 0);
  g_assert_cmpuint (decoders_started (kept), ==, 1);
  /* The reference and a in the first; after the crash, b in a second.  */
  g_assert_cmpint (after_crash->status, ==, 1);
  g_assert_nonnull (strstr (after_crash->err, "the decoder crashed on it"));
  g_assert_cmpuint (decoders_started (after_crash), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree gchar *base = g_path_get_basename (i ? b : a);
      g_autofree gchar *x = g_build_filename (one, base, NULL);
      g_autofree gchar *y = g_build_filename (two, base, NULL);

      g_assert_true (cli_files_equal (x, y));
      g_unlink (x);
      g_unlink (y);
    }
  g_rmdir (one);
  g_rmdir (two);
  g_unlink (a);
  g_unlink (b);
  g_unlink (crashes);
}

static void
own_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/* Ctrl-C, which the terminal sends to the command and its decoder
   alike, at several moments of a batch (reading, the transport, the
   writing, between files): one line, status 130, and in the output
   folder only whole results, no temporary file.  */
static void
test_interrupted (void)
{
  static const gdouble delays[] = { 0.1, 0.3, 0.6, 1.0, 1.5 };
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *out_dir = g_build_filename (dir, "interrupted", NULL);
  g_autofree gchar *big = g_build_filename (dir, "big.png", NULL);
  g_autofree gchar *small
      = cli_save_small (dir, "rocket.jpg", "small.png", 256);
  guint interrupted = 0;

  {
    /* Four megapixels: the photo, tiled.  */
    g_autoptr (CliImage) photo = test_load_photo ("astronaut.png");
    g_autoptr (CliImage) image = cli_image_new (2048, 2048);

    for (guint y = 0; y < image->height; y++)
      for (guint x = 0; x < image->width; x++)
        memcpy (image->pixels + 4 * ((gsize) y * image->width + x),
                photo->pixels
                    + 4
                          * ((gsize) (y % photo->height) * photo->width
                             + x % photo->width),
                4 * sizeof (gfloat));
    image->bit_depth = 8;
    g_assert_true (cli_image_save (image, big, NULL));
  }
  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      const gchar *argv[] = { g_getenv ("SOBOLEV_TRANSFER"),
                              "-q",
                              "-o",
                              out_dir,
                              big,
                              small,
                              ref,
                              NULL };
      g_autoptr (GError) error = NULL;
      g_autoptr (GString) err = g_string_new (NULL);
      g_autoptr (GDir) listing = NULL;
      const gchar *name;
      GPid pid;
      gint err_fd, status;
      gchar buffer[256];
      gssize n;

      g_assert_true (g_spawn_async_with_pipes (
          NULL, (gchar **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
          own_process_group, NULL, &pid, NULL, NULL, &err_fd, &error));
      g_assert_no_error (error);
      g_usleep ((gulong) (delays[i] * G_USEC_PER_SEC));
      kill (-pid, SIGINT);
      while ((n = read (err_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (err, buffer, n);
      close (err_fd);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      g_assert_true (WIFEXITED (status));
      if (WEXITSTATUS (status) == 130)
        {
          interrupted++;
          g_assert_cmpstr (err->str, ==, "sobolev-transfer: interrupted\n");
        }
      else
        {
          /* Done before the signal: then everything was written.  */
          g_assert_cmpint (WEXITSTATUS (status), ==, 0);
          g_assert_cmpstr (err->str, ==, "");
        }
      listing = g_dir_open (out_dir, 0, NULL);
      while ((name = g_dir_read_name (listing)) != NULL)
        {
          g_autofree gchar *path = g_build_filename (out_dir, name, NULL);
          g_autoptr (CliImage) image = NULL;

          g_assert_true (strcmp (name, "big.png") == 0
                         || strcmp (name, "small.png") == 0);
          image = cli_load (path);
          g_assert_cmpuint (image->width, ==, name[0] == 'b' ? 2048 : 256);
          g_unlink (path);
        }
    }
  /* The first moments are long before the end.  */
  g_assert_cmpuint (interrupted, >=, 3);
  g_rmdir (out_dir);
  g_unlink (big);
  g_unlink (small);
}

/* The mean distance (in 1/255) from each pixel to the nearest of the n
   palette colors (n × 3, in 1/255).  */
static gdouble
mean_distance_to (const CliImage *image, const gdouble *colors, guint n)
{
  gsize n_pixels = (gsize) image->width * image->height;
  gdouble total = 0.0;

  for (gsize i = 0; i < n_pixels; i++)
    {
      gdouble best = G_MAXDOUBLE;

      for (guint j = 0; j < n; j++)
        {
          gdouble d2 = 0.0;

          for (guint c = 0; c < 3; c++)
            {
              gdouble d = image->pixels[i * 4 + c] * 255.0 - colors[j * 3 + c];

              d2 += d * d;
            }
          best = MIN (best, d2);
        }
      total += sqrt (best);
    }
  return total / n_pixels;
}

/* --palette: the colors move toward the palette's, by the default
   method or the palette method; in a batch, the same bytes as one at a
   time.  */
static void
test_palette (void)
{
  static const gdouble colors[]
      = { 200, 30, 20, 240, 150, 30, 60, 10, 10, 250, 230, 200 };
  g_autofree gchar *src = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *palette = g_build_filename (dir, "warm.gpl", NULL);
  g_autofree gchar *out = g_build_filename (dir, "palette.png", NULL);
  g_autofree gchar *named = g_build_filename (dir, "palette-method.png", NULL);
  g_autofree gchar *sliced = g_build_filename (dir, "palette-sliced.png", NULL);
  g_autofree gchar *out_dir = g_build_filename (dir, "palette-batch", NULL);
  g_autofree gchar *in_dir = NULL;
  g_autoptr (CliImage) in = NULL;
  g_autoptr (CliImage) result = NULL;
  gdouble before, after;

  g_assert_true (g_file_set_contents (palette,
                                      "GIMP Palette\r\nName: Warm\r\n"
                                      "# four colors\r\n"
                                      "200  30  20\tred\r\n"
                                      "240 150  30\torange\r\n"
                                      " 60  10  10\tdark\r\n"
                                      "250 230 200\tcream\r\n",
                                      -1, NULL));
  {
    g_autoptr (CliRun) run
        = cli_run ("-q", "--palette", palette, src, out, NULL);
    g_autoptr (CliRun) run2 = cli_run ("-q", "--method", "palette", "--palette",
                                       palette, src, named, NULL);
    g_autoptr (CliRun) run3 = cli_run ("-q", "-p", palette, "--method",
                                       "sliced", src, sliced, NULL);
    /* The palette method, named "palette-method.png".  */

    cli_assert_success (run);
    cli_assert_success (run2);
    cli_assert_success (run3);
    g_assert_cmpstr (run->err, ==, "");
  }
  in = cli_load (src);
  result = cli_load (out);
  before = mean_distance_to (in, colors, 4);
  after = mean_distance_to (result, colors, 4);
  g_test_message ("mean distance to the palette: %.1f before, %.1f after",
                  before, after);
  /* Four colors for a whole photo: the map tears neighboring colors
     apart almost everywhere, and the edge guard keeps the photo's
     gradations where it would posterize, and at the default fidelity a
     little of its lightness (101.7 → 62.5 measured; 56.2 at fidelity
     0.667 with no lightness kept).  */
  g_assert_cmpfloat (after, <, before * 0.7);
  g_assert_true (cli_files_equal (out, sliced));
  g_assert_false (cli_files_equal (out, named));
  {
    g_autoptr (CliImage) by_palette = cli_load (named);

    after = mean_distance_to (by_palette, colors, 4);
    g_test_message ("by the palette method: %.1f", after);
    g_assert_cmpfloat (after, <, before / 1.5);
  }

  /* A batch toward the palette: the same bytes as one at a time.  */
  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  {
    g_autoptr (CliRun) run
        = cli_run ("-q", "-o", out_dir, "--palette", palette, src, NULL);
    g_autofree gchar *batch_out
        = g_build_filename (out_dir, "chelsea.png", NULL);

    cli_assert_success (run);
    g_assert_true (cli_files_equal (out, batch_out));
    g_unlink (batch_out);
  }
  g_rmdir (out_dir);
  g_unlink (out);
  g_unlink (named);
  g_unlink (sliced);
  g_unlink (palette);
}

/* One bad file in a batch: the others are still written, the status
   says a file failed, one line names it.  */
static void
test_batch_partial (void)
{
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *src = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *bad = g_build_filename (dir, "bad.png", NULL);
  g_autofree gchar *out_dir = g_build_filename (dir, "partial", NULL);
  g_autofree gchar *listing = NULL;
  g_autoptr (CliRun) run = NULL;

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (bad, "no", -1, NULL));
  run = cli_run ("-q", "-j", "2", "-o", out_dir, bad, src, ref, NULL);
  cli_assert_one_line_error (run, "bad.png");
  g_assert_cmpint (run->status, ==, 1);
  listing = cli_dir_listing (out_dir);
  g_assert_cmpstr (listing, ==, "chelsea.png");
  cli_tmp_dir_remove (out_dir);
  g_unlink (bad);
}

/* On a terminal the progress bar shows on stderr; --quiet hides it.  */
/* --reference-colors: a reference of three flat colors, summed up in
   three, is matched as the palette of those three would be, and the
   palette method reaches it in seconds, not minutes (it costs in the
   number of reference colors).  */
static void
test_reference_colors (void)
{
  static const gdouble colors[] = { 200, 30, 20, 40, 60, 160, 250, 230, 200 };
  g_autofree gchar *src = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *ref = g_build_filename (dir, "three-colors.png", NULL);
  g_autofree gchar *out = g_build_filename (dir, "reference-colors.png", NULL);
  g_autofree gchar *named
      = g_build_filename (dir, "reference-colors-palette.png", NULL);
  g_autoptr (CliImage) three = cli_image_new (64, 64);
  g_autoptr (CliImage) in = NULL;
  g_autoptr (GError) error = NULL;
  gdouble before, after;

  /* Half red, a quarter blue, a quarter cream.  */
  for (gsize i = 0; i < 64 * 64; i++)
    {
      guint j = i < 2048 ? 0 : i < 3072 ? 1 : 2;

      for (guint c = 0; c < 3; c++)
        three->pixels[i * 4 + c] = colors[j * 3 + c] / 255.0;
      three->pixels[i * 4 + 3] = 1.0f;
    }
  g_assert_true (cli_image_save (three, ref, &error));
  g_assert_no_error (error);
  {
    g_autoptr (CliRun) run
        = cli_run ("-q", "--reference-colors", "3", src, ref, out, NULL);
    g_autoptr (CliRun) run2
        = cli_run ("-q", "--method", "palette", "--reference-colors", "3", src,
                   ref, named, NULL);

    cli_assert_success (run);
    cli_assert_success (run2);
    g_assert_cmpstr (run->err, ==, "");
  }
  in = cli_load (src);
  before = mean_distance_to (in, colors, 3);
  {
    g_autoptr (CliImage) result = cli_load (out);
    g_autoptr (CliImage) by_palette = cli_load (named);

    after = mean_distance_to (result, colors, 3);
    g_test_message ("mean distance to the three colors: %.1f before, "
                    "%.1f after, %.1f by the palette method",
                    before, after, mean_distance_to (by_palette, colors, 3));
    g_assert_cmpfloat (after, <, before * 0.6);
    g_assert_cmpfloat (mean_distance_to (by_palette, colors, 3), <,
                       before / 1.5);
  }
}

static void
test_progress_tty (void)
{
  g_autofree gchar *script = g_find_program_in_path ("script");
  g_autofree gchar *src = g_build_filename (dir, "chelsea.png", NULL);
  g_autofree gchar *ref = g_build_filename (dir, "coffee.png", NULL);
  g_autofree gchar *out = g_build_filename (dir, "tty.png", NULL);
  g_autofree gchar *cmd = NULL;
  g_autofree gchar *quiet_cmd = NULL;
  g_autoptr (CliRun) run = NULL;
  g_autoptr (CliRun) quiet = NULL;

  if (script == NULL)
    {
      g_test_skip ("no script(1) to make a terminal");
      return;
    }
  cmd = g_strdup_printf ("'%s' '%s' '%s' '%s'", g_getenv ("SOBOLEV_TRANSFER"),
                         src, ref, out);
  quiet_cmd = g_strdup_printf ("'%s' -q '%s' '%s' '%s'",
                               g_getenv ("SOBOLEV_TRANSFER"), src, ref, out);
  {
    const gchar *argv[] = { script, "-qec", cmd, "/dev/null", NULL };
    run = cli_run_argv (NULL, argv);
  }
  {
    const gchar *argv[] = { script, "-qec", quiet_cmd, "/dev/null", NULL };
    quiet = cli_run_argv (NULL, argv);
  }
  cli_assert_success (run);
  cli_assert_success (quiet);
  g_assert_nonnull (strstr (run->out, "100%"));
  g_assert_nonnull (strstr (run->out, "[###"));
  g_assert_null (strstr (quiet->out, "%"));
  g_unlink (out);
}

static void
test_morph (void)
{
  g_autofree gchar *heart = test_data_path ("shapes/heart.png");
  g_autofree gchar *star = test_data_path ("shapes/star.png");
  g_autofree gchar *out = g_build_filename (dir, "morph.png", NULL);
  g_autoptr (CliRun) run
      = cli_run ("morph", "--frames", "4", "--cell", "64", "--points", "300",
                 "--steps", "40", heart, star, out, NULL);
  g_autoptr (CliImage) strip = NULL;

  cli_assert_success (run);
  g_assert_nonnull (strstr (run->out, "lower"));
  strip = cli_load (out);
  g_assert_cmpuint (strip->width, ==, 4 * 64);
  g_assert_cmpuint (strip->height, ==, 64);
  g_unlink (out);
  /* As many frames as states: steps + 1 is the most, and is given
     (more is refused, see test-cli-table).  */
  {
    g_autoptr (CliRun) most
        = cli_run ("morph", "-q", "--frames", "21", "--cell", "16", "--points",
                   "300", "--steps", "20", heart, star, out, NULL);
    g_autoptr (CliImage) states = NULL;

    cli_assert_success (most);
    states = cli_load (out);
    g_assert_cmpuint (states->width, ==, 21 * 16);
    g_unlink (out);
  }
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  /* In the sanitizer build, LeakSanitizer's stop-the-world tracer dies
     (SIGSEGV) at the exit of some of the commands this test starts,
     though the same commands run alone exit clean: the commands started
     here skip the leak check (this process was started with it, so its
     own check stays).  cli-errors and cli-external keep checking the
     command's leaks.  */
  g_setenv ("ASAN_OPTIONS", "detect_leaks=0", TRUE);
  cli_image_io_init ();
  dir = cli_tmp_dir ();
  g_free (cli_save_small (dir, "chelsea.png", "chelsea.png", 96));
  g_free (cli_save_small (dir, "coffee.png", "coffee.png", 96));
  g_test_add_func ("/cli/run/single", test_single);
  g_test_add_func ("/cli/run/strength-zero", test_strength_zero);
  g_test_add_func ("/cli/run/luts", test_luts);
  g_test_add_func ("/cli/run/depth-and-alpha", test_depth_and_alpha);
  g_test_add_func ("/cli/run/batch", test_batch);
  g_test_add_func ("/cli/run/batch-partial", test_batch_partial);
  g_test_add_func ("/cli/run/decoder-kept", test_decoder_kept);
  g_test_add_func ("/cli/run/interrupted", test_interrupted);
  g_test_add_func ("/cli/run/palette", test_palette);
  g_test_add_func ("/cli/run/reference-colors", test_reference_colors);
  g_test_add_func ("/cli/run/progress-tty", test_progress_tty);
  g_test_add_func ("/cli/run/morph", test_morph);
  status = g_test_run ();
  cli_tmp_dir_remove (dir);
  g_free (dir);
  return status;
}
