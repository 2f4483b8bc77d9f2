/* The exported maps, applied by other programs, give the command's own
   output on the sample photos.

   ffmpeg's lut3d filter interpolates the .cube tetrahedrally, as the
   command does: every channel of every pixel is within 2/255.

   ImageMagick's -hald-clut interpolates trilinearly on the HALD's own
   grid (64 nodes at level 8, where the map has 33): on a steep map the
   two interpolations of the same nodes part by more than rounding where
   the map bends inside a cell.  So the HALD is checked twice: the image
   ImageMagick makes is the HALD's nodes interpolated trilinearly, within
   rounding (the file holds the map exactly); and on average it is the
   command's output within rounding.  At level 16, which has a node for
   every 8-bit value, ImageMagick gives the command's output within 2/255
   everywhere.  */
#include <string.h>

#include "cli-test.h"
#include "test-util.h"

#define CLI_TOLERANCE 2.0 /* in 1/255 */
/* For ImageMagick's trilinear lookup of the HALD (see above): how far
   the two interpolations part where the map bends depends on the pair,
   the LUT size and the map's steepness (ffmpeg's own trilinear mode on
   the very same .cube parts as far), so the largest difference is
   reported, not bounded.  What is bounded is the mean, by the same
   2/255.  That the HALD holds the map exactly is checked strictly.  */
#define CLI_HALD_MEAN 2.0

static const gchar *
cli_tool (const gchar *variable)
{
  const gchar *path = g_getenv (variable);

  if (path == NULL || *path == '\0')
    {
      /* CI installs them: there a missing tool is a failure.  */
      if (g_getenv ("CI") != NULL)
        g_error ("%s is not set: install ffmpeg and imagemagick", variable);
      g_test_skip ("ffmpeg or ImageMagick is not installed");
      return NULL;
    }
  return path;
}

/* Copies a sample photo to dir/name as an 8-bit PNG, decoded by GEGL, so
   that every program reads the very same pixels (JPEG decoders differ
   by a level here and there).  */
static gchar *
cli_png_copy (const gchar *photo, const gchar *dir)
{
  g_autoptr (CliImage) image = test_load_photo (photo);
  g_autofree gchar *base = g_strdup (photo);
  g_autoptr (GError) error = NULL;
  gchar *path;

  *strrchr (base, '.') = '\0';
  path = g_strdup_printf ("%s/%s-src.png", dir, base);
  image->bit_depth = 8;
  image->has_alpha = FALSE;
  g_assert_true (cli_image_save (image, path, &error));
  g_assert_no_error (error);
  return path;
}

/* Trilinear interpolation in lut at in: what ImageMagick does.  */
static void
cli_trilinear (const SobolevLut *lut, const gfloat in[3], gfloat out[3])
{
  guint s = lut->size, i0[3];
  gdouble f[3];

  for (guint c = 0; c < 3; c++)
    {
      gdouble x = CLAMP (in[c], 0.0f, 1.0f) * (s - 1);

      i0[c] = MIN ((guint) x, s - 2);
      f[c] = x - i0[c];
    }
  for (guint c = 0; c < 3; c++)
    {
      gdouble acc = 0.0;

      for (guint k = 0; k < 8; k++)
        {
          guint dr = k & 1, dg = (k >> 1) & 1, db = (k >> 2) & 1;
          gdouble w = (dr ? f[0] : 1 - f[0]) * (dg ? f[1] : 1 - f[1])
                      * (db ? f[2] : 1 - f[2]);
          gsize node = ((gsize) (i0[2] + db) * s + i0[1] + dg) * s + i0[0] + dr;

          acc += w * lut->data[node * 3 + c];
        }
      out[c] = (gfloat) acc;
    }
}

static CliImage *
cli_apply_trilinear (const CliImage *image, const SobolevLut *lut)
{
  CliImage *out = cli_image_new (image->width, image->height);
  gsize n = (gsize) image->width * image->height;

  for (gsize i = 0; i < n; i++)
    {
      cli_trilinear (lut, image->pixels + i * 4, out->pixels + i * 4);
      out->pixels[i * 4 + 3] = 1.0f;
    }
  return out;
}

/* Runs a program in dir; a failure ends the test with its message.  */
static void
cli_run_or_die (const gchar *dir, const gchar *const *argv, const gchar *what)
{
  g_autoptr (CliRun) run = cli_run_argv (dir, argv);

  if (run->status != 0)
    g_error ("%s failed: %s", what, run->err);
}

/* The sample pair's reference photo.  */
static gchar *
cli_reference_path (const TestPair *pair)
{
  g_autofree gchar *rel = g_build_filename ("photos", pair->reference, NULL);

  return test_data_path (rel);
}

/* dir/SOURCE's basename recolored by ImageMagick with dir/hald, as read
   back.  */
static CliImage *
cli_magick_hald (const gchar *magick, const gchar *dir, const gchar *source,
                 const gchar *hald)
{
  g_autofree gchar *src = g_path_get_basename (source);
  g_autofree gchar *out = g_build_filename (dir, "magick.ppm", NULL);
  const gchar *argv[]
      = { magick, src, hald, "-hald-clut", "-depth", "8", "magick.ppm", NULL };

  cli_run_or_die (dir, argv, "ImageMagick");
  return cli_load (out);
}

static void
test_external (gconstpointer data)
{
  const TestPair *pair = data;
  const gchar *ffmpeg = cli_tool ("FFMPEG");
  const gchar *magick = ffmpeg != NULL ? cli_tool ("IMAGEMAGICK") : NULL;
  g_autofree gchar *dir = NULL;
  g_autofree gchar *source = NULL;
  g_autofree gchar *reference = NULL;
  g_autofree gchar *output = NULL;
  g_autofree gchar *cube = NULL;
  g_autofree gchar *hald = NULL;
  g_autofree gchar *filter = NULL;
  g_autoptr (CliRun) run = NULL;
  g_autoptr (CliImage) ours = NULL;
  g_autoptr (CliImage) by_ffmpeg = NULL;
  g_autoptr (CliImage) by_magick = NULL;
  g_autoptr (CliImage) source_image = NULL;
  g_autoptr (CliImage) hald_image = NULL;
  g_autoptr (CliImage) trilinear = NULL;
  g_autoptr (SobolevLut) hald_lut = NULL;
  g_autoptr (GError) error = NULL;
  gdouble d_ffmpeg, d_magick, f_magick, d_hald, m_magick;

  if (magick == NULL)
    return;
  dir = cli_tmp_dir ();
  source = cli_png_copy (pair->source, dir);
  reference = cli_reference_path (pair);
  output = g_build_filename (dir, "ours.png", NULL);
  cube = g_build_filename (dir, "map.cube", NULL);
  hald = g_build_filename (dir, "hald.png", NULL);

  /* At fidelity 1 OUTPUT is the LUT's alone: the edge guard works in the
     image, and no LUT can hold it.  */
  run = cli_run ("--quiet", "--fidelity", "1", "--lut-out", cube, "--hald-out",
                 hald, source, reference, output, NULL);
  if (run->status != 0)
    g_error ("sobolev-transfer failed: %s", run->err);
  g_clear_pointer (&run, cli_run_free);

  /* ffmpeg: names relative to dir keep the filter string free of quoting
     troubles.  PPM output carries no gamma tag for a reader to apply.  */
  {
    g_autofree gchar *src = g_path_get_basename (source);
    const gchar *argv[] = {
      ffmpeg,      "-nostdin", "-y",
      "-loglevel", "error",    "-i",
      src,         "-vf",      "lut3d=file=map.cube:interp=tetrahedral",
      "-pix_fmt",  "rgb24",    "ffmpeg.ppm",
      NULL,
    };

    cli_run_or_die (dir, argv, "ffmpeg");
  }
  ours = cli_load (output);
  {
    g_autofree gchar *p1 = g_build_filename (dir, "ffmpeg.ppm", NULL);

    by_ffmpeg = cli_load (p1);
  }
  by_magick = cli_magick_hald (magick, dir, source, "hald.png");
  source_image = cli_load (source);
  hald_image = cli_load (hald);
  g_assert_cmpuint (hald_image->width, ==, 512);
  g_assert_cmpuint (hald_image->bit_depth, ==, 16);
  hald_lut = sobolev_lut_from_hald (hald_image->pixels, 4, hald_image->width,
                                    hald_image->height, &error);
  g_assert_no_error (error);
  trilinear = cli_apply_trilinear (source_image, hald_lut);
  d_hald = cli_max_difference (trilinear, by_magick);

  d_ffmpeg = cli_max_difference (ours, by_ffmpeg);
  d_magick = cli_max_difference (ours, by_magick);
  f_magick = cli_fraction_over (ours, by_magick, CLI_TOLERANCE);
  m_magick = cli_mean_difference (ours, by_magick);
  g_test_message ("%s → %s: ffmpeg lut3d at most %.0f/255; ImageMagick "
                  "hald-clut at most %.0f/255, mean %.2f/255, %.3f %% of "
                  "values over %.0f, at most %.2f/255 from the HALD's "
                  "trilinear lookup",
                  pair->source, pair->reference, d_ffmpeg, d_magick, m_magick,
                  100.0 * f_magick, CLI_TOLERANCE, d_hald);
  g_assert_cmpfloat (d_ffmpeg, <=, CLI_TOLERANCE + 1e-3);
  /* Half a level of rounding each way, and ImageMagick's own 16 bits.  */
  g_assert_cmpfloat (d_hald, <=, 1.0);
  g_assert_cmpfloat (m_magick, <=, CLI_HALD_MEAN);
  cli_tmp_dir_remove (dir);
}

/* At level 16 the HALD has a node at every 8-bit value, so ImageMagick
   interpolates nothing for an 8-bit image: its result is the command's
   own output within rounding, however steep the map.  Checked on the
   pair where level 8 parts most.  */
static void
test_hald_level16 (void)
{
  const TestPair *pair = &test_pairs[4]; /* chelsea → retina */
  const gchar *magick = cli_tool ("IMAGEMAGICK");
  g_autofree gchar *dir = NULL;
  g_autofree gchar *source = NULL;
  g_autofree gchar *reference = NULL;
  g_autofree gchar *output = NULL;
  g_autofree gchar *hald = NULL;
  g_autoptr (CliRun) run = NULL;
  g_autoptr (CliImage) ours = NULL;
  g_autoptr (CliImage) by_magick = NULL;
  gdouble d_magick;

  if (magick == NULL)
    return;
  dir = cli_tmp_dir ();
  source = cli_png_copy (pair->source, dir);
  reference = cli_reference_path (pair);
  output = g_build_filename (dir, "ours.png", NULL);
  hald = g_build_filename (dir, "hald16.png", NULL);
  run = cli_run ("--quiet", "--fidelity", "1", "--hald-level", "16",
                 "--hald-out", hald, source, reference, output, NULL);
  if (run->status != 0)
    g_error ("sobolev-transfer failed: %s", run->err);
  g_clear_pointer (&run, cli_run_free);
  ours = cli_load (output);
  by_magick = cli_magick_hald (magick, dir, source, "hald16.png");
  d_magick = cli_max_difference (ours, by_magick);
  g_test_message ("%s → %s, HALD level 16: ImageMagick at most %.0f/255",
                  pair->source, pair->reference, d_magick);
  g_assert_cmpfloat (d_magick, <=, CLI_TOLERANCE + 1e-3);
  cli_tmp_dir_remove (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli_image_io_init ();
  for (guint i = 0; i < test_n_pairs; i++)
    {
      g_autofree gchar *name
          = g_strdup_printf ("/cli/external/%s-to-%s", test_pairs[i].source,
                             test_pairs[i].reference);
      g_test_add_data_func (name, &test_pairs[i], test_external);
    }
  g_test_add_func ("/cli/external/hald-level-16", test_hald_level16);
  return g_test_run ();
}
