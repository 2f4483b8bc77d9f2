/* Every way to call the command wrongly ends in a non-zero status, one
   line on stderr, and no OUTPUT (an existing one left as it was).  */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "options.h"
#include "cli-test.h"
#include "test-util.h"

/* Small inputs, made once: errors should be found before or without
   long work anyway.  */
static gchar *dir;
static gchar *source;    /* 64 px, 8-bit RGB */
static gchar *reference; /* 64 px */
static gchar *output;    /* dir/out.png: must never appear */
static gchar *blank;     /* a white image: no dark pixel, still colors */
static gchar *clear;     /* fully transparent: nothing weighs */
static gchar *not_image; /* text named .png */
static gchar *palette;   /* a good GIMP palette */
static gchar *tiny;      /* a 2 × 2 image */

static gchar *
save_flat (const gchar *name, gfloat value, gfloat alpha)
{
  g_autoptr (CliImage) image = cli_image_new (16, 16);
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);

  for (gsize i = 0; i < 16 * 16; i++)
    {
      image->pixels[i * 4 + 0] = image->pixels[i * 4 + 1] = value;
      image->pixels[i * 4 + 2] = value;
      image->pixels[i * 4 + 3] = alpha;
    }
  image->has_alpha = alpha < 1.0f;
  g_assert_true (cli_image_save (image, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_no_output (void)
{
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

/* Runs argv with "--quiet" and checks the failure.  */
static void
expect_failure (gint status, const gchar *needle, const gchar *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (CliRun) run = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("SOBOLEV_TRANSFER"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  run = cli_run_argv (NULL, (const gchar *const *) argv->pdata);
  cli_assert_one_line_error (run, needle);
  if (status >= 0)
    g_assert_cmpint (run->status, ==, status);
  g_assert_cmpstr (run->out, ==, "");
  assert_no_output ();
}

#define EXPECT(status, needle, ...)                                            \
  do                                                                           \
    {                                                                          \
      const gchar *args_[] = { __VA_ARGS__, NULL };                            \
      expect_failure (status, needle, args_);                                  \
    }                                                                          \
  while (0)

static gchar *
format_value (gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

/* The command's parser on args (after the program's name), as main ()
   runs it: it must refuse them with a message that contains needle.  */
static void
expect_refused (const gchar *needle, const gchar *const *args)
{
  CliOptions options;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) argv = g_new0 (gchar *, g_strv_length ((gchar **) args) + 2);

  argv[0] = g_strdup ("sobolev-transfer");
  for (guint i = 0; args[i] != NULL; i++)
    argv[i + 1] = g_strdup (args[i]);
  cli_options_init (&options);
  context = cli_options_context_new (&options, FALSE);
  if (g_option_context_parse_strv (context, &argv, &error))
    g_error ("the parser took %s %s", args[0], args[1] ? args[1] : "");
  g_assert_nonnull (strstr (error->message, needle));
  cli_options_clear (&options);
}

/* Each option of the table, with a value that is not one, and values
   just outside its range: refused by the parser (in this process: one
   parser serves every option), and, for the first option of each type,
   by the command itself, status 2 and no output.  */
static void
test_param_values (void)
{
  gboolean run_type[SOBOLEV_PARAM_TYPE_ENUM + 1] = { FALSE };

  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      g_autofree gchar *opt = g_strdup_printf ("--%s", spec->name);
      g_autofree gchar *eq = g_strdup_printf ("--%s=", spec->name);
      g_autofree gchar *below
          = format_value (spec->min - MAX (1.0, fabs (spec->min)));
      g_autofree gchar *above
          = format_value (spec->max + MAX (1.0, fabs (spec->max)));
      g_autofree gchar *half = format_value (spec->min + 0.5);
      const gchar *const enum_values[] = { "nonsense", "99", NULL };
      const gchar *const number_values[]
          = { "nonsense", below, above, "nan", "inf", NULL };
      const gchar *const *values
          = spec->type == SOBOLEV_PARAM_TYPE_ENUM ? enum_values : number_values;
      gboolean run;

      /* The array's index: checked before it is read.  */
      g_assert_cmpint (spec->type, <=, SOBOLEV_PARAM_TYPE_ENUM);
      run = !run_type[spec->type];
      run_type[spec->type] = TRUE;
      for (guint v = 0; values[v] != NULL; v++)
        {
          const gchar *const args[]
              = { opt, values[v], source, reference, output, NULL };

          expect_refused (opt, args);
          if (run)
            expect_failure (2, opt, args);
        }
      {
        const gchar *const args[] = { eq, source, reference, output, NULL };

        expect_refused (opt, args);
        if (run)
          expect_failure (2, opt, args);
      }
      if (spec->type == SOBOLEV_PARAM_TYPE_INT)
        {
          const gchar *const args[]
              = { opt, half, source, reference, output, NULL };

          expect_refused ("--", args);
          if (run)
            expect_failure (2, "--", args);
        }
    }
  /* A value missing at the end of the line.  */
  EXPECT (2, "--steps", source, reference, output, "--steps");
}

static void
test_other_options (void)
{
  g_autofree gchar *cube_png = g_build_filename (dir, "map.png", NULL);
  g_autofree gchar *cube_far = g_build_filename (dir, "no", "map.cube", NULL);
  g_autofree gchar *hald_jpg = g_build_filename (dir, "hald.jpg", NULL);
  g_autofree gchar *hald_far = g_build_filename (dir, "no", "hald.png", NULL);
  g_autofree gchar *missing_dir = g_build_filename (dir, "no", NULL);

  EXPECT (2, "--nope", "--nope", source, reference, output);
  EXPECT (2, "--jobs", "--jobs", "0", source, reference, output);
  EXPECT (2, "--jobs", "--jobs", "65", source, reference, output);
  EXPECT (2, "--jobs", "--jobs", "two", source, reference, output);
  EXPECT (2, "--hald-level", "--hald-level", "1", source, reference, output);
  EXPECT (2, "--hald-level", "--hald-level", "17", source, reference, output);
  EXPECT (2, "--hald-level", "--hald-level", "x", source, reference, output);
  EXPECT (2, "--lut-out", "--lut-out", cube_png, source, reference, output);
  EXPECT (2, "--lut-out", "--lut-out", cube_far, source, reference, output);
  EXPECT (2, "--lut-out", "--lut-out", dir, source, reference, output);
  EXPECT (2, "--hald-out", "--hald-out", hald_jpg, source, reference, output);
  EXPECT (2, "--hald-out", "--hald-out", hald_far, source, reference, output);
  EXPECT (2, "-o", "-o", missing_dir, source, reference);
  g_assert_false (g_file_test (cube_png, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (hald_jpg, G_FILE_TEST_EXISTS));
}

static void
test_positional (void)
{
  g_autofree gchar *bmp = g_build_filename (dir, "out.bmp", NULL);
  g_autofree gchar *far = g_build_filename (dir, "no", "out.png", NULL);

  EXPECT (2, "SOURCE REFERENCE OUTPUT", source);
  EXPECT (2, "SOURCE REFERENCE OUTPUT", source, reference);
  EXPECT (2, "-o DIR", source, reference, output, output);
  EXPECT (2, "-o DIR", "-o", dir, source);
  EXPECT (2, "unknown file type", source, reference, bmp);
  EXPECT (2, "no folder", source, reference, far);
  EXPECT (2, "cannot write", source, reference, dir);
  g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));
}

static void
test_batch_errors (void)
{
  g_autofree gchar *out_dir = g_build_filename (dir, "batch", NULL);
  g_autofree gchar *sub = g_build_filename (dir, "sub", NULL);
  g_autofree gchar *twin = g_build_filename (sub, "src.png", NULL);
  g_autofree gchar *cube = g_build_filename (dir, "map.cube", NULL);
  g_autofree gchar *listing = NULL;

  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  {
    g_autoptr (CliImage) image = cli_load (source);
    g_assert_true (cli_image_save (image, twin, NULL));
  }
  /* Two sources with one name; a source that would be overwritten; one
     map for several sources.  */
  EXPECT (2, "both be written", "-o", out_dir, source, twin, reference);
  EXPECT (2, "is the source", "-o", dir, source, reference);
  EXPECT (2, "--lut-out", "-o", out_dir, "--lut-out", cube, source, reference,
          reference);
  listing = cli_dir_listing (out_dir);
  g_assert_cmpstr (listing, ==, "");
  g_unlink (twin);
  g_rmdir (sub);
  g_rmdir (out_dir);
}

static void
test_bad_files (void)
{
  g_autofree gchar *missing = g_build_filename (dir, "missing.png", NULL);

  EXPECT (1, "missing.png", missing, reference, output);
  EXPECT (1, "missing.png", source, missing, output);
  EXPECT (1, "not a PNG", not_image, reference, output);
  EXPECT (1, "not a PNG", source, not_image, output);
  EXPECT (1, "is a folder", dir, reference, output);
  EXPECT (1, "clear.png", clear, reference, output);
  EXPECT (1, "clear.png", source, clear, output);
}

/* A failure after OUTPUT existed leaves it as it was, and no temporary
   file behind.  */
static void
test_output_kept (void)
{
  g_autofree gchar *keep_dir = g_build_filename (dir, "keep", NULL);
  g_autofree gchar *kept = g_build_filename (keep_dir, "out.png", NULL);
  g_autofree gchar *contents = NULL;
  g_autofree gchar *listing = NULL;
  g_autoptr (CliRun) run = NULL;

  g_assert_cmpint (g_mkdir (keep_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (kept, "keep me", -1, NULL));
  run = cli_run ("--quiet", source, not_image, kept, NULL);
  cli_assert_one_line_error (run, "not a PNG");
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep me");
  listing = cli_dir_listing (keep_dir);
  g_assert_cmpstr (listing, ==, "out.png");

  /* A palette that does not parse, and one refused only when the run
     starts (more colors than the source has pixels).  */
  {
    g_autofree gchar *bad = g_build_filename (dir, "kept-bad.gpl", NULL);
    g_autofree gchar *five = g_build_filename (dir, "kept-five.gpl", NULL);
    g_autoptr (CliRun) bad_run = NULL;
    g_autoptr (CliRun) five_run = NULL;

    g_assert_true (
        g_file_set_contents (bad, "GIMP Palette\n1 2 3\n4 5\n", -1, NULL));
    g_assert_true (g_file_set_contents (
        five, "GIMP Palette\n0 0 0\n9 0 0\n0 9 0\n0 0 9\n9 9 9\n", -1, NULL));
    bad_run = cli_run ("--quiet", "--palette", bad, source, kept, NULL);
    cli_assert_one_line_error (bad_run, "line 3");
    g_assert_cmpint (bad_run->status, ==, 1);
    five_run = cli_run ("--quiet", "--palette", five, tiny, kept, NULL);
    cli_assert_one_line_error (five_run, "4 pixels");
    g_assert_cmpint (five_run->status, ==, 1);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "keep me");
    g_clear_pointer (&listing, g_free);
    listing = cli_dir_listing (keep_dir);
    g_assert_cmpstr (listing, ==, "out.png");
    g_unlink (bad);
    g_unlink (five);
  }
  g_unlink (kept);
  g_rmdir (keep_dir);
}

static gchar *
write_palette (const gchar *name, const gchar *contents)
{
  gchar *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* --palette takes REFERENCE's place: both, or neither, is a usage error;
   a palette that cannot be used is a failure naming the file and the
   problem.  Nothing is written either way.  */
static void
test_palette_errors (void)
{
  g_autofree gchar *out_dir = g_build_filename (dir, "palette-out", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "missing.gpl", NULL);
  g_autofree gchar *bad = write_palette (
      "bad.gpl", "GIMP Palette\nName: bad\n10 20 30 ok\n10 20 300 no\n");
  g_autofree gchar *header
      = write_palette ("header.gpl", "Paint Shop Palette\n10 20 30\n");
  g_autofree gchar *one
      = write_palette ("one.gpl", "GIMP Palette\n10 20 30 only\n");
  g_autofree gchar *empty
      = write_palette ("empty.gpl", "GIMP Palette\n# nothing\n");
  g_autofree gchar *five = write_palette (
      "five.gpl", "GIMP Palette\n0 0 0\n50 0 0\n0 50 0\n0 0 50\n9 9 9\n");
  g_autofree gchar *listing = NULL;

  EXPECT (2, "--palette", "--palette", palette, source, reference, output);
  EXPECT (2, "SOURCE REFERENCE OUTPUT", source, output);
  EXPECT (2, "SOURCE OUTPUT", "--palette", palette, source);
  EXPECT (2, "--palette", "--palette");
  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  EXPECT (2, "-o DIR", "-o", out_dir, "--palette", palette);
  EXPECT (1, "missing.gpl", "--palette", missing, source, output);
  EXPECT (1, "line 4", "--palette", bad, source, output);
  EXPECT (1, "GIMP Palette", "--palette", header, source, output);
  EXPECT (1, "GIMP Palette", "--palette", reference, source, output);
  EXPECT (1, "folder", "--palette", dir, source, output);
  EXPECT (1, "only one color", "--palette", one, source, output);
  EXPECT (1, "no colors", "--palette", empty, source, output);
  EXPECT (1, "more than the image's 4 pixels", "--palette", five, tiny, output);
  /* In a batch, each source too small for the palette fails alone.  */
  EXPECT (1, "4 pixels", "-o", out_dir, "--palette", five, tiny);
  /* A REFERENCE summed up in K colors.  */
  EXPECT (2, "between 2 and 256", "--reference-colors", "1", source, reference,
          output);
  EXPECT (2, "between 2 and 256", "--reference-colors", "257", source,
          reference, output);
  EXPECT (2, "a palette is used as it is", "--reference-colors", "4",
          "--palette", palette, source, output);
  EXPECT (1, "only 1 distinct", "--reference-colors", "3", source, blank,
          output);
  listing = cli_dir_listing (out_dir);
  g_assert_cmpstr (listing, ==, "");
  g_rmdir (out_dir);
}

static void
test_morph_errors (void)
{
  g_autofree gchar *heart = test_data_path ("shapes/heart.png");
  g_autofree gchar *star = test_data_path ("shapes/star.png");
  g_autofree gchar *missing = g_build_filename (dir, "missing.png", NULL);

  EXPECT (2, "SHAPE_A SHAPE_B OUTPUT", "morph", heart, star);
  EXPECT (2, "--points", "morph", "--points", "5", heart, star, output);
  EXPECT (2, "--points", "morph", "--points", "100001", heart, star, output);
  EXPECT (2, "--frames", "morph", "--frames", "1", heart, star, output);
  EXPECT (2, "--frames", "morph", "--frames", "65", heart, star, output);
  EXPECT (2, "--cell", "morph", "--cell", "8", heart, star, output);
  EXPECT (2, "--cell", "morph", "--cell", "x", heart, star, output);
  EXPECT (2, "--method", "morph", "--method", "magic", heart, star, output);
  EXPECT (2, "--bandwidth", "morph", "--bandwidth", "0", heart, star, output);
  EXPECT (2, "--lut-out", "morph", "--lut-out", "x.cube", heart, star, output);
  EXPECT (1, "missing.png", "morph", missing, star, output);
  EXPECT (1, "no dark pixel", "morph", heart, blank, output);
  EXPECT (1, "not a PNG", "morph", not_image, star, output);
}

static void
test_help (void)
{
  g_autoptr (CliRun) run = cli_run ("--help", NULL);
  g_autoptr (CliRun) morph = cli_run ("morph", "--help", NULL);
  g_autoptr (CliRun) version = cli_run ("--version", NULL);

  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      g_autofree gchar *opt = g_strdup_printf ("--%s=", spec->name);
      g_autofree gchar *help = sobolev_param_help (spec, spec->blurb, NULL);

      g_assert_nonnull (strstr (run->out, opt));
      g_assert_nonnull (strstr (morph->out, opt));
      /* The help gives the range or the choices, and the default.  */
      g_assert_nonnull (strstr (help, "default"));
      if (spec->type != SOBOLEV_PARAM_TYPE_ENUM)
        g_assert_nonnull (strstr (help, " to "));
    }
  g_assert_nonnull (strstr (run->out, "(0 to 1, default 1)"));
  for (const gchar *const *o
       = (const gchar *const[]){ "--lut-out", "--hald-out", "--hald-level",
                                 "--jobs", "--output-dir", "--quiet",
                                 "--palette", NULL };
       *o != NULL; o++)
    g_assert_nonnull (strstr (run->out, *o));
  g_assert_cmpint (morph->status, ==, 0);
  g_assert_nonnull (strstr (morph->out, "--frames"));
  g_assert_nonnull (strstr (morph->out, "--points"));
  g_assert_cmpint (version->status, ==, 0);
  g_assert_true (g_str_has_prefix (version->out, "sobolev-transfer "));
}

/* Under a German locale the messages are German: the catalogs of this
   build ($SOBOLEV_LOCALEDIR, set by meson) are found and used, in the
   command and in its decoder child (which reports a file that is not an
   image).  */
static void
test_german (void)
{
  g_autoptr (CliRun) bad_file = NULL;
  g_autoptr (CliRun) bad_jobs = NULL;
  g_autoptr (CliRun) help = NULL;
  g_autoptr (CliRun) morph_help = NULL;
  g_autoptr (CliRun) bad_strength = NULL;

  g_setenv ("LANG", "de_DE.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "de", TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  bad_file = cli_run ("--quiet", source, not_image, output, NULL);
  bad_jobs = cli_run ("--quiet", "-j", "0", "-o", dir, source, reference, NULL);
  help = cli_run ("--help", NULL);
  morph_help = cli_run ("morph", "--help", NULL);
  bad_strength
      = cli_run ("--quiet", "--strength", "5", source, reference, output, NULL);
  g_unsetenv ("LANGUAGE");
  g_setenv ("LANG", "C.UTF-8", TRUE);

  g_test_message ("%s%s", bad_file->err, bad_jobs->err);
  cli_assert_one_line_error (bad_file, "kann „");
  g_assert_nonnull (strstr (bad_file->err, "nicht lesen: kein PNG-"));
  g_assert_cmpint (bad_file->status, ==, 1);
  cli_assert_one_line_error (bad_jobs, "--jobs: ungültiger Wert „0“");
  g_assert_cmpint (bad_jobs->status, ==, 2);
  assert_no_output ();
  /* Help texts with numbers in them are translated whole.  */
  g_assert_nonnull (strstr (
      help->out, "Mit -o so viele Dateien gleichzeitig umfärben (1 bis 64, "
                 "Vorgabe 1)"));
  g_assert_nonnull (strstr (morph_help->out,
                            "Seitenlänge des Quadrats eines Zustands in "
                            "Pixeln (16 bis 1024, Vorgabe 128)"));
  /* So are the parameter table's: its help, its ranges.  */
  g_assert_nonnull (strstr (help->out, "Weg bis zur Referenz (0 bis 1, "
                                       "Vorgabe 1)"));
  g_assert_nonnull (strstr (help->out, "; Vorgabe sliced)"));
  cli_assert_one_line_error (bad_strength,
                             "--strength: ungültiger Wert „5“ (0 bis 1)");
  g_assert_cmpint (bad_strength->status, ==, 2);
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  cli_image_io_init ();
  dir = cli_tmp_dir ();
  source = cli_save_small (dir, "chelsea.png", "src.png", 64);
  reference = cli_save_small (dir, "coffee.png", "ref.png", 64);
  output = g_build_filename (dir, "out.png", NULL);
  blank = save_flat ("blank.png", 1.0f, 1.0f);
  clear = save_flat ("clear.png", 0.5f, 0.0f);
  not_image = g_build_filename (dir, "text.png", NULL);
  g_assert_true (g_file_set_contents (not_image, "not an image\n", -1, NULL));
  palette = g_build_filename (dir, "good.gpl", NULL);
  g_assert_true (g_file_set_contents (
      palette, "GIMP Palette\nName: good\n200 40 40 red\n40 40 200 blue\n", -1,
      NULL));
  {
    g_autoptr (CliImage) image = cli_image_new (2, 2);

    for (gsize i = 0; i < 16; i++)
      image->pixels[i] = i % 4 == 3 ? 1.0f : (gfloat) (i % 5) / 4.0f;
    image->bit_depth = 8;
    image->has_alpha = FALSE;
    tiny = g_build_filename (dir, "tiny.png", NULL);
    g_assert_true (cli_image_save (image, tiny, NULL));
  }

  g_test_add_func ("/cli/errors/param-values", test_param_values);
  g_test_add_func ("/cli/errors/other-options", test_other_options);
  g_test_add_func ("/cli/errors/positional", test_positional);
  g_test_add_func ("/cli/errors/batch", test_batch_errors);
  g_test_add_func ("/cli/errors/bad-files", test_bad_files);
  g_test_add_func ("/cli/errors/palette", test_palette_errors);
  g_test_add_func ("/cli/errors/output-kept", test_output_kept);
  g_test_add_func ("/cli/errors/morph", test_morph_errors);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/errors/german", test_german);
  status = g_test_run ();

  cli_tmp_dir_remove (dir);
  g_free (dir);
  g_free (source);
  g_free (reference);
  g_free (output);
  g_free (blank);
  g_free (clear);
  g_free (not_image);
  g_free (palette);
  g_free (tiny);
  return status;
}
