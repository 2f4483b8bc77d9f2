/* Unit tests of GIMP palette (.gpl) files, and of a palette as the
   reference of a recoloring.  */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "sobolev.h"

/* As GIMP writes them: a name, columns, a comment, aligned values, names
   after a tab.  */
static const gchar gimp_written[] = "GIMP Palette\n"
                                    "Name: Test Colors\n"
                                    "Columns: 4\n"
                                    "#\n"
                                    "255   0   0\tRed\n"
                                    "  0 128 255\tSky blue\n"
                                    " 12  34  56\tUntitled\n"
                                    "  0   0   0\n";

static void
assert_test_colors (const SobolevPalette *palette)
{
  static const guint rgb[] = { 255, 0, 0, 0, 128, 255, 12, 34, 56, 0, 0, 0 };

  g_assert_nonnull (palette);
  g_assert_cmpstr (palette->name, ==, "Test Colors");
  g_assert_cmpuint (palette->columns, ==, 4);
  g_assert_cmpuint (palette->n, ==, 4);
  for (guint i = 0; i < 12; i++)
    g_assert_cmpfloat (palette->colors[i], ==, rgb[i] / 255.0);
  g_assert_cmpstr (palette->names[0], ==, "Red");
  g_assert_cmpstr (palette->names[1], ==, "Sky blue");
  g_assert_cmpstr (palette->names[2], ==, "Untitled");
  g_assert_cmpstr (palette->names[3], ==, "");
  g_assert_null (palette->names[4]);
}

static void
test_gimp_written (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette
      = sobolev_palette_from_gpl (gimp_written, -1, &error);

  g_assert_no_error (error);
  assert_test_colors (palette);
}

/* The same palette with Windows line ends, a byte order mark, blank and
   comment lines in between, blanks around everything, and no newline at
   the end, given by length (not NUL-terminated).  */
static void
test_dos_and_blanks (void)
{
  static const gchar text[] = "\xef\xbb\xbfGIMP Palette  \r\n"
                              "Name:   Test Colors \r\n"
                              "\r\n"
                              "Columns: 4\r\n"
                              "# a comment\r\n"
                              "  255 0 0   Red  \r\n"
                              "\t0\t128\t255\tSky blue\r\n"
                              "   # another\r\n"
                              "12 34 56 Untitled\r\n"
                              "\r\n"
                              "0 0 0XXXX";
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette = NULL;

  palette = sobolev_palette_from_gpl (text, sizeof text - 1 - 4, &error);
  g_assert_no_error (error);
  assert_test_colors (palette);
}

/* A "Columns:" GIMP cannot use is ignored, as GIMP ignores it; no name
   is no name; names are made valid UTF-8.  */
static void
test_lenient_parts (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette = sobolev_palette_from_gpl (
      "GIMP Palette\nColumns: many\n1 2 3 caf\xe9\n4 5 6\n", -1, &error);

  g_assert_no_error (error);
  g_assert_null (palette->name);
  g_assert_cmpuint (palette->columns, ==, 0);
  g_assert_cmpuint (palette->n, ==, 2);
  g_assert_true (g_utf8_validate (palette->names[0], -1, NULL));
  g_assert_true (g_str_has_prefix (palette->names[0], "caf"));
}

/* Each malformed text is refused with a message holding needle.  */
static void
assert_refused (const gchar *text, gssize length, const gchar *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette
      = sobolev_palette_from_gpl (text, length, &error);

  g_assert_null (palette);
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
}

static void
test_malformed (void)
{
  static const gchar with_nul[] = "GIMP Palette\n1 2 3\n4 5\0 6\n";

  assert_refused ("", -1, "empty");
  assert_refused ("\n\n", -1, "first line");
  assert_refused ("GIMP Palettes\n1 2 3\n", -1, "first line");
  assert_refused ("# GIMP Palette\n1 2 3\n", -1, "first line");
  assert_refused ("1 2 3\n4 5 6\n", -1, "first line");
  assert_refused ("GIMP Palette\n", -1, "no colors");
  assert_refused ("GIMP Palette\nName: x\n# only words\n", -1, "no colors");
  assert_refused ("GIMP Palette\n1 2 3\n256 0 0 too red\n", -1, "line 3");
  assert_refused ("GIMP Palette\n1 2 3\n4 -5 6\n", -1, "line 3");
  assert_refused ("GIMP Palette\n1 2\n", -1, "three values");
  assert_refused ("GIMP Palette\n1\n", -1, "line 2");
  assert_refused ("GIMP Palette\n1 2 x\n", -1, "0 to 255");
  assert_refused ("GIMP Palette\n1.5 2 3\n", -1, "line 2");
  assert_refused ("GIMP Palette\n1 2 3name\n", -1, "line 2");
  assert_refused ("GIMP Palette\n0x10 2 3\n", -1, "line 2");
  assert_refused ("GIMP Palette\n99999999999999999999 0 0\n", -1, "line 2");
  assert_refused ("GIMP Palette\nRed 255 0 0\n", -1, "line 2");
  assert_refused (with_nul, sizeof with_nul - 1, "NUL");
}

/* More colors than allowed, or more bytes, are refused.  */
static void
test_limits (void)
{
  GString *text = g_string_new ("GIMP Palette\n");
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette = NULL;
  g_autofree gchar *needle = NULL;

  for (guint i = 0; i < SOBOLEV_PALETTE_MAX_COLORS; i++)
    g_string_append_printf (text, "%u %u %u\n", i % 256, i / 256 % 256, 7);
  palette = sobolev_palette_from_gpl (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (palette->n, ==, SOBOLEV_PALETTE_MAX_COLORS);
  g_string_append (text, "1 2 3\n");
  needle = g_strdup_printf ("line %d: more than %d colors",
                            SOBOLEV_PALETTE_MAX_COLORS + 2,
                            SOBOLEV_PALETTE_MAX_COLORS);
  assert_refused (text->str, text->len, needle);

  /* Comments make it long without colors.  */
  g_string_truncate (text, strlen ("GIMP Palette\n1 2 3\n4 5 6\n"));
  while (text->len <= SOBOLEV_PALETTE_MAX_BYTES)
    g_string_append (text, "# padding padding padding padding padding\n");
  assert_refused (text->str, text->len, "larger than");
  g_string_free (text, TRUE);
}

static gchar *
write_temp (const gchar *contents, gssize length)
{
  g_autoptr (GError) error = NULL;
  gchar *path = NULL;
  gint fd = g_file_open_tmp ("sobolev-palette-XXXXXX.gpl", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
  return path;
}

static void
assert_load_refused (const gchar *path, const gchar *needle)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette = sobolev_palette_load (path, &error);

  g_assert_null (palette);
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO);
  /* The message names the file, then the problem.  */
  g_assert_nonnull (strstr (error->message, path));
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
}

static void
test_load (void)
{
  g_autofree gchar *good = write_temp (gimp_written, -1);
  g_autofree gchar *bad = write_temp ("GIMP Palette\n1 2 3\n4 5\n", -1);
  g_autofree gchar *big = write_temp ("GIMP Palette\n1 2 3\n4 5 6\n", -1);
  g_autofree gchar *dir = g_dir_make_tmp ("sobolev-palette-XXXXXX", NULL);
  g_autofree gchar *missing = g_build_filename (dir, "missing.gpl", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette = sobolev_palette_load (good, &error);
  gint fd;

  g_assert_no_error (error);
  assert_test_colors (palette);
  assert_load_refused (bad, "line 3");
  assert_load_refused (missing, "No such file");
  assert_load_refused (dir, "folder");
  assert_load_refused ("/dev/zero", "not a regular file");
  /* A file that says it is huge is refused before it is read: this one
     is sparse, so reading it would take a while.  */
  fd = g_open (big, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 1 << 32), ==, 0);
  close (fd);
  assert_load_refused (big, "larger than");

  g_unlink (good);
  g_unlink (bad);
  g_unlink (big);
  g_rmdir (dir);
}

/* A small RGB image for a recoloring: n pixels of a gradient.  */
static SobolevRecolor *
recolor_with_source (gsize n_pixels)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *pixels = g_new (guint8, n_pixels * 3);
  SobolevParams params;
  SobolevRecolor *recolor;

  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_PALETTE;
  params.steps = 4;
  params.refine = 0;
  params.palette_iterations = 500;
  for (gsize i = 0; i < n_pixels * 3; i++)
    pixels[i] = (guint8) (i * 37 % 256);
  recolor = sobolev_recolor_new (&params, &error);
  g_assert_no_error (error);
  g_assert_true (sobolev_recolor_add_pixels (
      recolor, SOBOLEV_RECOLOR_SOURCE, pixels, SOBOLEV_PIXEL_U8, 3,
      (guint) n_pixels, 1, n_pixels * 3, NULL, &error));
  g_assert_no_error (error);
  return recolor;
}

/* A palette from a file is a reference: it runs, and the bad ones are
   refused with the problem named.  */
static void
test_as_reference (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SobolevPalette) palette
      = sobolev_palette_from_gpl (gimp_written, -1, &error);
  g_autoptr (SobolevRecolor) recolor = recolor_with_source (64);
  g_autoptr (SobolevRecolor) tiny = recolor_with_source (3);
  g_autoptr (SobolevPalette) one
      = sobolev_palette_from_gpl ("GIMP Palette\n10 20 30 only\n", -1, &error);
  g_autoptr (SobolevLut) lut = NULL;

  g_assert_no_error (error);
  g_assert_true (sobolev_recolor_set_palette (recolor, palette->colors, NULL,
                                              palette->n, &error));
  g_assert_no_error (error);
  g_assert_true (sobolev_recolor_run (recolor, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lut = sobolev_recolor_lut (recolor);
  g_assert_nonnull (lut);

  /* One color: every color would go to it.  */
  g_assert_nonnull (one);
  g_assert_false (
      sobolev_recolor_set_palette (tiny, one->colors, NULL, one->n, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "only one color"));
  g_clear_error (&error);

  /* Four colors for three pixels: refused when it runs, nothing made.  */
  g_assert_true (sobolev_recolor_set_palette (tiny, palette->colors, NULL,
                                              palette->n, &error));
  g_assert_false (sobolev_recolor_run (tiny, NULL, NULL, NULL, &error));
  g_assert_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "4 colors"));
  g_assert_nonnull (strstr (error->message, "3 pixels"));
  g_assert_null (sobolev_recolor_lut (tiny));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/palette-file/gimp-written", test_gimp_written);
  g_test_add_func ("/palette-file/dos-and-blanks", test_dos_and_blanks);
  g_test_add_func ("/palette-file/lenient-parts", test_lenient_parts);
  g_test_add_func ("/palette-file/malformed", test_malformed);
  g_test_add_func ("/palette-file/limits", test_limits);
  g_test_add_func ("/palette-file/load", test_load);
  g_test_add_func ("/palette-file/as-reference", test_as_reference);
  return g_test_run ();
}
