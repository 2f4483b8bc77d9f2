/* End-to-end runs of the command on the bundled samples: what it writes,
   bit depth and alpha kept, maps exported, batches, determinism.  */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli-test.h"
#include "test-util.h"

static gchar *dir;

/* A sample photo, smaller (the command's cost is in its histogram, not
   its pixels, but tests read and write them), as an 8-bit PNG.  */
static gchar *
save_small (const gchar *photo, const gchar *name)
{
  g_autoptr (SobolevImage) full = test_load_photo (photo);
  g_autoptr (SobolevImage) small = test_downscale (full, 96);
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);

  small->bit_depth = 8;
  small->has_alpha = FALSE;
  g_assert_true (sobolev_image_save (small, path, &error));
  g_assert_no_error (error);
  return path;
}

static gchar *
tmp_path (const gchar *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
assert_success (const CliRun *run)
{
  if (run->status != 0)
    g_error ("sobolev-transfer failed (%d): %s", run->status, run->err);
}

static gboolean
files_equal (const gchar *a, const gchar *b)
{
  g_autofree gchar *ca = NULL;
  g_autofree gchar *cb = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  return la == lb && memcmp (ca, cb, la) == 0;
}

static void
test_single (void)
{
  g_autofree gchar *src = tmp_path ("chelsea.png");
  g_autofree gchar *ref = tmp_path ("coffee.png");
  g_autofree gchar *out = tmp_path ("single.png");
  g_autofree gchar *again = tmp_path ("single-again.png");
  g_autoptr (CliRun) run = cli_run (src, ref, out, NULL);
  g_autoptr (CliRun) run2 = NULL;
  g_autoptr (SobolevImage) in = NULL;
  g_autoptr (SobolevImage) result = NULL;

  assert_success (run);
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
  assert_success (run2);
  g_assert_true (files_equal (out, again));
  g_unlink (out);
  g_unlink (again);
}

static void
test_strength_zero (void)
{
  g_autofree gchar *src = tmp_path ("chelsea.png");
  g_autofree gchar *ref = tmp_path ("coffee.png");
  g_autofree gchar *out = tmp_path ("zero.png");
  g_autoptr (CliRun) run
      = cli_run ("-q", "--strength", "0", src, ref, out, NULL);
  g_autoptr (SobolevImage) in = NULL;
  g_autoptr (SobolevImage) result = NULL;

  assert_success (run);
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
  g_autofree gchar *src = tmp_path ("chelsea.png");
  g_autofree gchar *ref = tmp_path ("coffee.png");
  g_autofree gchar *out = tmp_path ("luts.png");
  g_autofree gchar *cube = tmp_path ("luts.cube");
  g_autofree gchar *hald = tmp_path ("luts-hald.png");
  g_autoptr (CliRun) run
      = cli_run ("-q", "--strength", "0.7", "--fidelity", "1", "--lut-out",
                 cube, "--hald-out", hald, src, ref, out, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  g_autoptr (SobolevLut) lut64 = NULL;
  g_autoptr (SobolevLut) from_hald = NULL;
  g_autoptr (SobolevImage) in = NULL;
  g_autoptr (SobolevImage) result = NULL;
  g_autoptr (SobolevImage) hald_image = NULL;
  gdouble worst = 0.0;

  assert_success (run);
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
    g_autoptr (SobolevImage) small = NULL;

    assert_success (run4);
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
  g_autofree gchar *src16 = tmp_path ("alpha16.png");
  g_autofree gchar *srcf = tmp_path ("float.tif");
  g_autofree gchar *ref = tmp_path ("coffee.png");
  g_autofree gchar *other = tmp_path ("chelsea.png");
  g_autofree gchar *out16 = tmp_path ("alpha16-out.png");
  g_autofree gchar *outf = tmp_path ("float-out.tif");
  g_autofree gchar *outj = tmp_path ("alpha16-out.jpg");
  g_autoptr (SobolevImage) base = cli_load (ref);
  g_autoptr (SobolevImage) in = NULL;
  g_autoptr (SobolevImage) result = NULL;
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
  g_assert_true (sobolev_image_save (base, src16, &error));
  base->bit_depth = 32;
  g_assert_true (sobolev_image_save (base, srcf, &error));
  g_assert_no_error (error);

  run = cli_run ("-q", src16, other, out16, NULL);
  assert_success (run);
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
  g_clear_pointer (&result, sobolev_image_free);

  run = cli_run ("-q", srcf, other, outf, NULL);
  assert_success (run);
  result = cli_load (outf);
  g_assert_cmpuint (result->bit_depth, ==, 32);
  g_assert_true (result->has_alpha);
  g_clear_pointer (&run, cli_run_free);
  g_clear_pointer (&result, sobolev_image_free);

  run = cli_run ("-q", src16, other, outj, NULL);
  assert_success (run);
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
  g_autofree gchar *ref = tmp_path ("coffee.png");
  g_autofree gchar *one = tmp_path ("batch1");
  g_autofree gchar *two = tmp_path ("batch2");
  g_autofree gchar *listing = NULL;
  gchar *sources[3];

  g_assert_cmpint (g_mkdir (one, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (two, 0755), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *name = g_strdup (photos[i]);

      strcpy (strrchr (name, '.'), ".png");
      sources[i] = save_small (photos[i], name);
    }
  {
    g_autoptr (CliRun) run = cli_run ("-q", "-o", one, sources[0], sources[1],
                                      sources[2], ref, NULL);
    g_autoptr (CliRun) run2
        = cli_run ("-q", "--jobs", "3", "-o", two, sources[0], sources[1],
                   sources[2], ref, NULL);

    assert_success (run);
    assert_success (run2);
  }
  listing = cli_dir_listing (two);
  g_assert_cmpstr (listing, ==, "astronaut.png retina.png rocket.png");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree gchar *base = g_path_get_basename (sources[i]);
      g_autofree gchar *a = g_build_filename (one, base, NULL);
      g_autofree gchar *b = g_build_filename (two, base, NULL);
      g_autofree gchar *single = tmp_path ("batch-single.png");
      g_autoptr (CliRun) run = cli_run ("-q", sources[i], ref, single, NULL);

      assert_success (run);
      g_assert_true (files_equal (a, b));
      g_assert_true (files_equal (a, single));
      g_unlink (a);
      g_unlink (b);
      g_unlink (single);
      g_unlink (sources[i]);
      g_free (sources[i]);
    }
  g_rmdir (one);
  g_rmdir (two);
}

/* The mean distance (in 1/255) from each pixel to the nearest of the n
   palette colors (n × 3, in 1/255).  */
static gdouble
mean_distance_to (const SobolevImage *image, const gdouble *colors, guint n)
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
  g_autofree gchar *src = tmp_path ("chelsea.png");
  g_autofree gchar *palette = tmp_path ("warm.gpl");
  g_autofree gchar *out = tmp_path ("palette.png");
  g_autofree gchar *named = tmp_path ("palette-method.png");
  g_autofree gchar *sliced = tmp_path ("palette-sliced.png");
  g_autofree gchar *out_dir = tmp_path ("palette-batch");
  g_autofree gchar *in_dir = NULL;
  g_autoptr (SobolevImage) in = NULL;
  g_autoptr (SobolevImage) result = NULL;
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

    assert_success (run);
    assert_success (run2);
    assert_success (run3);
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
     gradations where it would posterize (101.7 → 56.2 measured).  */
  g_assert_cmpfloat (after, <, before * 0.6);
  g_assert_true (files_equal (out, sliced));
  g_assert_false (files_equal (out, named));
  {
    g_autoptr (SobolevImage) by_palette = cli_load (named);

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

    assert_success (run);
    g_assert_true (files_equal (out, batch_out));
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
  g_autofree gchar *ref = tmp_path ("coffee.png");
  g_autofree gchar *src = tmp_path ("chelsea.png");
  g_autofree gchar *bad = tmp_path ("bad.png");
  g_autofree gchar *out_dir = tmp_path ("partial");
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
static void
test_progress_tty (void)
{
  g_autofree gchar *script = g_find_program_in_path ("script");
  g_autofree gchar *src = tmp_path ("chelsea.png");
  g_autofree gchar *ref = tmp_path ("coffee.png");
  g_autofree gchar *out = tmp_path ("tty.png");
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
  assert_success (run);
  assert_success (quiet);
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
  g_autofree gchar *out = tmp_path ("morph.png");
  g_autoptr (CliRun) run
      = cli_run ("morph", "--frames", "4", "--cell", "64", "--points", "300",
                 "--steps", "40", heart, star, out, NULL);
  g_autoptr (SobolevImage) strip = NULL;

  assert_success (run);
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
    g_autoptr (SobolevImage) states = NULL;

    assert_success (most);
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
  sobolev_image_io_init ();
  dir = cli_tmp_dir ();
  g_free (save_small ("chelsea.png", "chelsea.png"));
  g_free (save_small ("coffee.png", "coffee.png"));
  g_test_add_func ("/cli/run/single", test_single);
  g_test_add_func ("/cli/run/strength-zero", test_strength_zero);
  g_test_add_func ("/cli/run/luts", test_luts);
  g_test_add_func ("/cli/run/depth-and-alpha", test_depth_and_alpha);
  g_test_add_func ("/cli/run/batch", test_batch);
  g_test_add_func ("/cli/run/batch-partial", test_batch_partial);
  g_test_add_func ("/cli/run/palette", test_palette);
  g_test_add_func ("/cli/run/progress-tty", test_progress_tty);
  g_test_add_func ("/cli/run/morph", test_morph);
  status = g_test_run ();
  cli_tmp_dir_remove (dir);
  g_free (dir);
  return status;
}
