/* --lut-in: a saved look (.cube) applied to SOURCE without a reference.
   At --fidelity 1 the map applied is the file's, to the 8-bit rounding
   of OUTPUT; --strength and --preserve-lightness apply to it as in the
   dialog, and at the default fidelity the edge guard cleans a look that
   paints false edges.  A bad file or a command line that mixes it with a
   transport is refused with one line and leaves every file as it
   was.  */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "cli-test.h"
#include "test-util.h"

static gchar *dir;
static gchar *source;    /* 64 px PNG */
static gchar *reference; /* 64 px PNG */
static gchar *invert;    /* .cube: x ↦ 1 − x, 2 nodes a side */

/* The largest difference, in 1/255, between f (in) and out, channel by
   channel, where f is x ↦ a x + b on every channel of color.  */
static gdouble
affine_error (const CliImage *in, const CliImage *out, const gdouble a[3],
              const gdouble b[3])
{
  gsize n = (gsize) in->width * in->height;
  gdouble worst = 0.0;

  g_assert_cmpuint (in->width, ==, out->width);
  g_assert_cmpuint (in->height, ==, out->height);
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < 3; c++)
      {
        gdouble want = a[c] * in->pixels[i * 4 + c] + b[c];
        gdouble d = fabs (want - out->pixels[i * 4 + c]) * 255.0;

        if (!(d <= worst))
          worst = d;
      }
  return worst;
}

static void
test_affine_maps (void)
{
  static const gdouble minus[3] = { -1.0, -1.0, -1.0 }, one[3] = { 1, 1, 1 };
  static const gdouble half_red[3] = { 0.5, 1.0, 1.0 }, zero[3] = { 0 };
  g_autofree gchar *out = g_build_filename (dir, "inverted.png", NULL);
  g_autofree gchar *crlf
      = g_build_filename (g_getenv ("SOBOLEV_DATA_DIR"), "..", "tests", "fuzz",
                          "corpus", "cube", "crlf-no-final-newline.cube", NULL);
  g_autoptr (CliImage) in = cli_load (source);
  g_autofree gchar *before = cli_file_sha1 (source);
  g_autofree gchar *after = NULL;

  {
    g_autoptr (CliRun) run = cli_run ("-q", "--lut-in", invert, "--fidelity",
                                      "1", source, out, NULL);
    g_autoptr (CliImage) result = NULL;

    cli_assert_success (run);
    result = cli_load (out);
    /* A linear map is interpolated exactly: only OUTPUT's rounding.  */
    g_assert_cmpfloat (affine_error (in, result, minus, one), <=, 0.5 + 1e-3);
  }
  {
    /* Half strength: half way from each color to its inverse.  */
    static const gdouble none[3] = { 0 }, half[3] = { 0.5, 0.5, 0.5 };
    g_autoptr (CliRun) run
        = cli_run ("-q", "--lut-in", invert, "--strength", "0.5", "--fidelity",
                   "1", source, out, NULL);
    g_autoptr (CliImage) result = NULL;

    cli_assert_success (run);
    result = cli_load (out);
    g_assert_cmpfloat (affine_error (in, result, none, half), <=, 0.5 + 1e-3);
  }
  {
    /* A file with CRLF lines and no newline at its end: out = (r/2, g, b).  */
    g_autoptr (CliRun) run = cli_run ("-q", "--lut-in", crlf, "--fidelity", "1",
                                      source, out, NULL);
    g_autoptr (CliImage) result = NULL;

    cli_assert_success (run);
    result = cli_load (out);
    g_assert_cmpfloat (affine_error (in, result, half_red, zero), <=,
                       0.5 + 1e-3);
  }
  after = cli_file_sha1 (source);
  g_assert_cmpstr (after, ==, before);
  g_unlink (out);
}

/* A look that paints edges the photo does not have (every channel
   stretched tenfold around its middle): at the default fidelity the edge
   guard takes most of them out, as it does for a transfer; at
   --fidelity 1 they stay.  */
static void
test_guarded (void)
{
  g_autofree gchar *steep = g_build_filename (dir, "steep.cube", NULL);
  g_autofree gchar *plain = g_build_filename (dir, "steep-plain.png", NULL);
  g_autofree gchar *guarded = g_build_filename (dir, "steep-guarded.png", NULL);
  g_autoptr (SobolevLut) lut = sobolev_lut_new_identity (17, NULL);
  g_autoptr (CliImage) in = cli_load (source);
  g_autoptr (CliImage) a = NULL;
  g_autoptr (CliImage) b = NULL;
  gdouble fe_plain, fe_guarded;

  for (guint i = 0; i < 17 * 17 * 17 * 3; i++)
    lut->data[i] = CLAMP ((lut->data[i] - 0.5f) * 10.0f + 0.5f, 0.0f, 1.0f);
  g_assert_true (sobolev_lut_save_cube (lut, steep, "steep", NULL));
  {
    g_autoptr (CliRun) run = cli_run ("-q", "--lut-in", steep, "--fidelity",
                                      "1", source, plain, NULL);

    cli_assert_success (run);
  }
  {
    g_autoptr (CliRun) run
        = cli_run ("-q", "--lut-in", steep, source, guarded, NULL);

    cli_assert_success (run);
  }
  a = cli_load (plain);
  b = cli_load (guarded);
  fe_plain
      = sobolev_false_edges (in->pixels, a->pixels, 4, in->width, in->height);
  fe_guarded
      = sobolev_false_edges (in->pixels, b->pixels, 4, in->width, in->height);
  g_test_message ("false edges of a steep look: %.4f as it is, %.4f guarded",
                  fe_plain, fe_guarded);
  g_assert_cmpfloat (fe_plain, >, 0.02);
  g_assert_cmpfloat (fe_guarded, <, 0.5 * fe_plain);
  g_unlink (steep);
  g_unlink (plain);
  g_unlink (guarded);
}

/* What --lut-out saved, --lut-in applies the same way.  */
static void
test_round_trip (void)
{
  g_autofree gchar *cube = g_build_filename (dir, "look.cube", NULL);
  g_autofree gchar *first = g_build_filename (dir, "first.png", NULL);
  g_autofree gchar *second = g_build_filename (dir, "second.png", NULL);
  g_autoptr (CliImage) a = NULL;
  g_autoptr (CliImage) b = NULL;
  g_autoptr (CliImage) in = cli_load (source);

  {
    /* At fidelity 1 OUTPUT is the LUT's alone (no edge guard).  */
    g_autoptr (CliRun) run
        = cli_run ("-q", "--steps", "30", "--fidelity", "1", "--lut-out", cube,
                   source, reference, first, NULL);

    cli_assert_success (run);
  }
  {
    g_autoptr (CliRun) run = cli_run ("-q", "--lut-in", cube, "--fidelity", "1",
                                      source, second, NULL);

    cli_assert_success (run);
  }
  a = cli_load (first);
  b = cli_load (second);
  g_assert_cmpfloat (cli_max_difference (a, b), <=, 1e-3);
  /* And it did recolor.  */
  g_assert_cmpfloat (cli_mean_difference (in, b), >, 1.0);
  g_unlink (cube);
  g_unlink (first);
  g_unlink (second);
}

/* Several sources into a folder, and the map converted to a HALD.  */
static void
test_batch_and_hald (void)
{
  static const gdouble minus[3] = { -1.0, -1.0, -1.0 }, one[3] = { 1, 1, 1 };
  g_autofree gchar *out_dir = g_build_filename (dir, "batch", NULL);
  g_autofree gchar *hald = g_build_filename (dir, "invert-hald.png", NULL);
  g_autofree gchar *listing = NULL;
  g_autoptr (CliRun) run = NULL;
  g_autoptr (CliImage) hald_image = NULL;
  g_autoptr (SobolevLut) from_hald = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  run = cli_run ("-q", "--lut-in", invert, "--fidelity", "1", "--hald-out",
                 hald, "--hald-level", "4", "-o", out_dir, source, reference,
                 NULL);
  cli_assert_success (run);
  listing = cli_dir_listing (out_dir);
  g_assert_cmpstr (listing, ==, "reference.png source.png");
  for (guint k = 0; k < 2; k++)
    {
      const gchar *name = k ? "source.png" : "reference.png";
      g_autofree gchar *in_path = g_build_filename (dir, name, NULL);
      g_autofree gchar *out_path = g_build_filename (out_dir, name, NULL);
      g_autoptr (CliImage) in = cli_load (in_path);
      g_autoptr (CliImage) result = cli_load (out_path);

      g_assert_cmpfloat (affine_error (in, result, minus, one), <=, 0.5 + 1e-3);
      g_unlink (out_path);
    }
  hald_image = cli_load (hald);
  g_assert_cmpuint (hald_image->width, ==, 64);
  from_hald = sobolev_lut_from_hald (hald_image->pixels, 4, 64, 64, &error);
  g_assert_no_error (error);
  {
    const gfloat probe[3] = { 0.2f, 0.7f, 0.9f };
    gfloat got[3];

    sobolev_lut_eval (from_hald, probe, got);
    for (guint c = 0; c < 3; c++)
      g_assert_cmpfloat (fabs (got[c] - (1.0f - probe[c])), <, 1e-4);
  }
  g_unlink (hald);
  g_rmdir (out_dir);
}

#define REFUSED(status, needle, ...)                                           \
  cli_expect_refused (dir, NULL, status, needle,                               \
                      (const gchar *const[]){ __VA_ARGS__, NULL })

static void
test_refused (void)
{
  g_autofree gchar *out = g_build_filename (dir, "out.png", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "missing.cube", NULL);
  g_autofree gchar *missing_png = g_build_filename (dir, "missing.png", NULL);
  g_autofree gchar *one_d = g_build_filename (dir, "one-d.cube", NULL);
  g_autofree gchar *short_cube = g_build_filename (dir, "short.cube", NULL);
  g_autofree gchar *nan_cube = g_build_filename (dir, "nan.cube", NULL);
  g_autofree gchar *image_cube = g_build_filename (dir, "image.cube", NULL);

  g_assert_true (
      g_file_set_contents (one_d, "LUT_1D_SIZE 2\n0 0 0\n1 1 1\n", -1, NULL));
  g_assert_true (g_file_set_contents (
      short_cube, "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n", -1, NULL));
  g_assert_true (g_file_set_contents (
      nan_cube,
      "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\nnan 1 1\n"
      "1 1 1\n",
      -1, NULL));
  {
    g_autofree gchar *png = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (source, &png, &length, NULL));
    g_assert_true (g_file_set_contents (image_cube, png, length, NULL));
  }

  REFUSED (1, "missing.cube", "--lut-in", missing, source, out);
  REFUSED (1, "one-d.cube", "--lut-in", one_d, source, out);
  REFUSED (1, "3 values where LUT_3D_SIZE 2 needs 8", "--lut-in", short_cube,
           source, out);
  REFUSED (1, "line 8", "--lut-in", nan_cube, source, out);
  REFUSED (1, "image.cube", "--lut-in", image_cube, source, out);
  REFUSED (1, "it is a folder", "--lut-in", dir, source, out);
  REFUSED (2, "no REFERENCE", "--lut-in", invert, source, reference, out);
  REFUSED (2, "SOURCE OUTPUT", "--lut-in", invert, source);
  REFUSED (2, "--steps", "--lut-in", invert, "--steps", "5", source, out);
  REFUSED (2, "--method", "--lut-in", invert, "--method", "sliced", source,
           out);
  REFUSED (2, "SOURCE…", "--lut-in", invert, "-o", dir);
  REFUSED (1, "missing.png", "--lut-in", invert, missing_png, out);
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  dir = cli_tmp_dir ();
  source = cli_save_small (dir, "chelsea.png", "source.png", 64);
  reference = cli_save_small (dir, "coffee.png", "reference.png", 64);
  invert = g_build_filename (dir, "invert.cube", NULL);
  {
    g_autoptr (SobolevLut) lut = sobolev_lut_new_identity (2, NULL);

    for (guint i = 0; i < 8 * 3; i++)
      lut->data[i] = 1.0f - lut->data[i];
    g_assert_true (sobolev_lut_save_cube (lut, invert, "invert", NULL));
  }

  g_test_add_func ("/cli/lut-in/affine-maps", test_affine_maps);
  g_test_add_func ("/cli/lut-in/guarded", test_guarded);
  g_test_add_func ("/cli/lut-in/round-trip", test_round_trip);
  g_test_add_func ("/cli/lut-in/batch-and-hald", test_batch_and_hald);
  g_test_add_func ("/cli/lut-in/refused", test_refused);
  status = g_test_run ();
  cli_tmp_dir_remove (dir);
  return status;
}
