/* Unit tests of .cube and HALD CLUT I/O.  */
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "sobolev.h"

/* A LUT with awkward values: negatives, above one, tiny, many digits.  */
static SobolevLut *
make_awkward_lut (guint size)
{
  SobolevLut *lut = sobolev_lut_new_identity (size, NULL);
  gsize n = (gsize) size * size * size * 3;

  g_assert_nonnull (lut);
  for (gsize i = 0; i < n; i++)
    lut->data[i] = (gfloat) (1.3 * sin (0.731 * i + 0.2) + 1e-7 * i);
  lut->data[0] = 1e-30f;
  lut->data[1] = -0.0f;
  lut->data[2] = 123456.789f;
  return lut;
}

static void
assert_luts_equal (const SobolevLut *a, const SobolevLut *b)
{
  g_assert_cmpuint (a->size, ==, b->size);
  g_assert_cmpmem (
      a->data, (gsize) a->size * a->size * a->size * 3 * sizeof (gfloat),
      b->data, (gsize) b->size * b->size * b->size * 3 * sizeof (gfloat));
}

static void
test_cube_round_trip_exact (void)
{
  for (guint size = 2; size <= 17; size += 5)
    {
      g_autoptr (SobolevLut) lut = make_awkward_lut (size);
      g_autofree gchar *text = sobolev_lut_to_cube (lut, "round \"trip\"");
      g_autoptr (GError) error = NULL;
      g_autoptr (SobolevLut) back = sobolev_lut_from_cube (text, -1, &error);

      g_assert_no_error (error);
      assert_luts_equal (lut, back);
    }
}

static void
test_cube_layout (void)
{
  g_autoptr (SobolevLut) lut = sobolev_lut_new_identity (5, NULL);
  g_autofree gchar *text = sobolev_lut_to_cube (lut, "id");
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint first = 0;

  g_assert_cmpstr (lines[0], ==, "TITLE \"id\"");
  g_assert_nonnull (strstr (text, "\nLUT_3D_SIZE 5\n"));
  g_assert_nonnull (strstr (text, "\nDOMAIN_MIN 0 0 0\n"));
  g_assert_nonnull (strstr (text, "\nDOMAIN_MAX 1 1 1\n"));
  while (lines[first] != NULL && !g_ascii_isdigit (lines[first][0]))
    first++;
  /* Red varies fastest, then green, then blue.  */
  g_assert_cmpstr (lines[first], ==, "0 0 0");
  g_assert_cmpstr (lines[first + 1], ==, "0.25 0 0");
  g_assert_cmpstr (lines[first + 5], ==, "0 0.25 0");
  g_assert_cmpstr (lines[first + 25], ==, "0 0 0.25");
  g_assert_cmpstr (lines[first + 124], ==, "1 1 1");
  g_assert_cmpstr (lines[first + 125], ==, "");
  g_assert_null (lines[first + 126]);
}

static void
test_cube_lenient (void)
{
  const gchar *text = "# made by hand\r\n"
                      "TITLE \"hand made\"\r\n"
                      "\r\n"
                      "  LUT_3D_SIZE 2\r\n"
                      "LUT_3D_INPUT_RANGE 0.0 1.0\r\n"
                      "DOMAIN_MIN 0.0 0 0\r\n"
                      "SOME_OTHER_KEYWORD 12\r\n"
                      "0 0 0\r\n"
                      "1.0 0 0 \r\n"
                      "# a comment among the values\r\n"
                      "\t0 1 0\r\n"
                      "1 1 0\r\n"
                      "0 0 1\r\n"
                      "1 0 1\r\n"
                      "0 1 1\r\n"
                      "1e0 1 1.0e-0";
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevLut) lut = sobolev_lut_from_cube (text, -1, &error);
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (2, NULL);

  g_assert_no_error (error);
  assert_luts_equal (lut, id);
}

static void
test_cube_errors (void)
{
  static const struct
  {
    const gchar *text;
    const gchar *message;
  } cases[] = {
    { "", "no LUT_3D_SIZE" },
    { "# nothing\n", "no LUT_3D_SIZE" },
    { "0 0 0\n", "line 1: values before LUT_3D_SIZE" },
    { "LUT_1D_SIZE 4\n", "line 1: 1-D LUTs are not supported" },
    { "LUT_3D_SIZE 1\n", "line 1: LUT_3D_SIZE must be a whole number" },
    { "LUT_3D_SIZE 257\n", "LUT_3D_SIZE must be a whole number" },
    { "LUT_3D_SIZE 2.5\n", "LUT_3D_SIZE must be a whole number" },
    { "LUT_3D_SIZE\n", "LUT_3D_SIZE must be a whole number" },
    { "LUT_3D_SIZE two\n", "LUT_3D_SIZE must be a whole number" },
    { "LUT_3D_SIZE 2\nLUT_3D_SIZE 2\n", "line 2: LUT_3D_SIZE given twice" },
    { "LUT_3D_SIZE 2\nDOMAIN_MIN 0 0\n", "line 2: DOMAIN_MIN needs three" },
    { "LUT_3D_SIZE 2\nDOMAIN_MAX 2 2 2\n", "line 2: only the domain 0" },
    { "LUT_3D_SIZE 2\nDOMAIN_MIN -1 0 0\n", "only the domain 0" },
    { "LUT_3D_SIZE 2\nLUT_3D_INPUT_RANGE 0 4\n", "only the input range" },
    { "LUT_3D_SIZE 2\n0 0\n", "line 2: expected three finite numbers" },
    { "LUT_3D_SIZE 2\n0 0 0 0\n", "line 2: expected three finite" },
    { "LUT_3D_SIZE 2\n0 0 x\n", "line 2: expected three finite" },
    { "LUT_3D_SIZE 2\n0 0 0x\n", "line 2: expected three finite" },
    { "LUT_3D_SIZE 2\n0 0 nan\n", "line 2: expected three finite" },
    { "LUT_3D_SIZE 2\n0 inf 0\n", "line 2: expected three finite" },
    { "LUT_3D_SIZE 2\n0 1e300 0\n", "line 2: value too large" },
    { "LUT_3D_SIZE 2\n0 0 0\n1 1 1\n", "2 values where LUT_3D_SIZE 2 needs 8" },
    { "LUT_3D_SIZE 2\n0 0 0\nTITLE \"late\"\n",
      "line 3: keyword after the table's values" },
    { "LUT_3D_SIZE 2\n0 0 0\n0 0 0\n0 0 0\n0 0 0\n0 0 0\n0 0 0\n0 0 0\n"
      "0 0 0\n0 0 0\n",
      "line 10: more values than LUT_3D_SIZE 2 holds" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      SobolevLut *lut = sobolev_lut_from_cube (cases[i].text, -1, &error);

      g_assert_null (lut);
      g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message,
                 cases[i].message);
      g_assert_null (strchr (error->message, '\n'));
    }
}

static guint
count_files (const gchar *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_cube_files (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("lut-io-XXXXXX", &error);
  g_autofree gchar *path = g_build_filename (dir, "map.cube", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "no", "map.cube", NULL);
  g_autofree gchar *bad = g_build_filename (dir, "bad.cube", NULL);
  g_autoptr (SobolevLut) lut = make_awkward_lut (9);
  g_autoptr (SobolevLut) back = NULL;

  g_assert_no_error (error);
  g_assert_true (sobolev_lut_save_cube (lut, path, "files", &error));
  g_assert_no_error (error);
  /* Only the file itself: no temporary left beside it.  */
  g_assert_cmpuint (count_files (dir), ==, 1);
  back = sobolev_lut_load_cube (path, &error);
  g_assert_no_error (error);
  assert_luts_equal (lut, back);

  g_assert_false (sobolev_lut_save_cube (lut, missing, NULL, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO);
  g_clear_error (&error);
  g_assert_null (sobolev_lut_load_cube (missing, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (bad, "LUT_3D_SIZE 2\n1 2\n", -1, NULL));
  g_assert_null (sobolev_lut_load_cube (bad, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "bad.cube"));
  g_assert_nonnull (strstr (error->message, "line 2"));

  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_resample (void)
{
  g_autoptr (SobolevLut) lut = make_awkward_lut (4);
  g_autoptr (SobolevLut) same = sobolev_lut_resample (lut, 4, NULL);
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (3, NULL);
  g_autoptr (SobolevLut) id9 = sobolev_lut_resample (id, 9, NULL);
  g_autoptr (SobolevLut) id9_ref = sobolev_lut_new_identity (9, NULL);

  assert_luts_equal (lut, same);
  /* Interpolating the identity gives the identity.  */
  for (gsize i = 0; i < 9 * 9 * 9 * 3; i++)
    g_assert_cmpfloat_with_epsilon (id9->data[i], id9_ref->data[i], 1e-6);
}

static void
test_hald (void)
{
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (4, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree gfloat *pixels = NULL;
  g_autofree gfloat *rgba = NULL;
  g_autoptr (SobolevLut) back = NULL;
  g_autoptr (SobolevLut) back4 = NULL;
  guint side = 0;

  /* Level 2: 8 × 8 pixels, 4 nodes per side, pixel i is node i.  */
  pixels = sobolev_lut_to_hald (id, 2, &side, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (side, ==, 8);
  for (guint i = 0; i < 64; i++)
    {
      g_assert_cmpfloat_with_epsilon (pixels[i * 3 + 0], (i % 4) / 3.0, 1e-6);
      g_assert_cmpfloat_with_epsilon (pixels[i * 3 + 1], (i / 4 % 4) / 3.0,
                                      1e-6);
      g_assert_cmpfloat_with_epsilon (pixels[i * 3 + 2], (i / 16) / 3.0, 1e-6);
    }
  back = sobolev_lut_from_hald (pixels, 3, 8, 8, &error);
  g_assert_no_error (error);
  assert_luts_equal (id, back);

  /* RGBA works too, alpha is ignored.  */
  rgba = g_new (gfloat, 64 * 4);
  for (guint i = 0; i < 64; i++)
    {
      memcpy (rgba + i * 4, pixels + i * 3, 3 * sizeof (gfloat));
      rgba[i * 4 + 3] = 0.5f;
    }
  back4 = sobolev_lut_from_hald (rgba, 4, 8, 8, &error);
  g_assert_no_error (error);
  assert_luts_equal (id, back4);

  /* Outputs outside [0, 1] are clamped in an image.  */
  {
    g_autoptr (SobolevLut) awkward = make_awkward_lut (4);
    g_autofree gfloat *clamped = sobolev_lut_to_hald (awkward, 2, &side, NULL);
    for (guint i = 0; i < 64 * 3; i++)
      g_assert_cmpfloat (clamped[i], ==, CLAMP (awkward->data[i], 0.0f, 1.0f));
  }

  /* Level 8 is the usual 512 × 512.  */
  {
    g_autofree gfloat *big
        = sobolev_lut_to_hald (id, SOBOLEV_HALD_DEFAULT_LEVEL, &side, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (side, ==, 512);
  }
}

static void
test_hald_errors (void)
{
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (4, NULL);
  g_autofree gfloat *pixels = g_new0 (gfloat, 27 * 27 * 4);
  g_autoptr (GError) error = NULL;
  guint side;

  g_assert_null (sobolev_lut_to_hald (id, 1, &side, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sobolev_lut_to_hald (id, 17, &side, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (sobolev_lut_from_hald (pixels, 3, 26, 26, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sobolev_lut_from_hald (pixels, 3, 27, 8, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sobolev_lut_from_hald (pixels, 2, 27, 27, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  pixels[7] = NAN;
  g_assert_null (sobolev_lut_from_hald (pixels, 3, 27, 27, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  pixels[7] = 0.0f;
  {
    g_autoptr (SobolevLut) ok
        = sobolev_lut_from_hald (pixels, 3, 27, 27, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ok->size, ==, 9);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lut-io/cube/round-trip-exact", test_cube_round_trip_exact);
  g_test_add_func ("/lut-io/cube/layout", test_cube_layout);
  g_test_add_func ("/lut-io/cube/lenient", test_cube_lenient);
  g_test_add_func ("/lut-io/cube/errors", test_cube_errors);
  g_test_add_func ("/lut-io/cube/files", test_cube_files);
  g_test_add_func ("/lut-io/resample", test_resample);
  g_test_add_func ("/lut-io/hald", test_hald);
  g_test_add_func ("/lut-io/hald/errors", test_hald_errors);
  return g_test_run ();
}
