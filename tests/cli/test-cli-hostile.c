/* Hostile and damaged files given to the command: each is refused with
   one line naming the problem and the file, exit status 1, no OUTPUT
   written, and every file that was there before byte-identical after.
   A full disk never replaces a good file with a cut one.  */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "cli-test.h"
#include "test-util.h"

static gchar *dir;
static gchar *source;    /* 64 px PNG */
static gchar *reference; /* 64 px PNG */
static gchar *output;    /* must never appear */

static gchar *
write_bytes (const gchar *name, const void *data, gsize length)
{
  gchar *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

/* The first half of a file (the rest lost, as in a broken download).  */
static gchar *
write_first_half (const gchar *name, const gchar *of)
{
  g_autofree gchar *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (of, &data, &length, NULL));
  return write_bytes (name, data, length / 2);
}

static gchar *
save_small (const gchar *photo, const gchar *name, guint bit_depth, guint width)
{
  g_autoptr (CliImage) full = test_load_photo (photo);
  g_autoptr (CliImage) small = test_downscale (full, width);
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);

  small->bit_depth = bit_depth;
  small->has_alpha = FALSE;
  g_assert_true (cli_image_save (small, path, &error));
  g_assert_no_error (error);
  return path;
}

/* The checksums of every file in the folder, "name:sha1 …".  */
static gchar *
folder_state (const gchar *folder)
{
  g_autofree gchar *names = cli_dir_listing (folder);
  g_auto (GStrv) list = g_strsplit (names, " ", -1);
  GString *state = g_string_new ("");

  for (guint i = 0; list[i] && list[i][0]; i++)
    {
      g_autofree gchar *path = g_build_filename (folder, list[i], NULL);
      g_autofree gchar *data = NULL;
      gsize length;
      g_autofree gchar *sum = NULL;

      if (!g_file_get_contents (path, &data, &length, NULL))
        continue;
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA1, (guchar *) data,
                                         length);
      g_string_append_printf (state, "%s:%s ", list[i], sum);
    }
  return g_string_free (state, FALSE);
}

static void
expect_refused (const gchar *needle, const gchar *src, const gchar *ref)
{
  g_autofree gchar *before = folder_state (dir);
  g_autofree gchar *after = NULL;
  g_autoptr (CliRun) run = cli_run ("--quiet", src, ref, output, NULL);

  g_test_message ("%s", run->err);
  cli_assert_one_line_error (run, needle);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);
}

static void
test_cut_files (void)
{
  g_autofree gchar *png = write_first_half ("half.png", source);
  g_autofree gchar *jpg_whole = save_small ("coffee.png", "whole.jpg", 8, 64);
  g_autofree gchar *jpg = write_first_half ("half.jpg", jpg_whole);
  g_autofree gchar *tif_whole = save_small ("coffee.png", "whole.tif", 16, 64);
  g_autofree gchar *tif = write_first_half ("half.tif", tif_whole);

  expect_refused ("half.png", png, reference);
  expect_refused ("cut short", png, reference);
  expect_refused ("cut short", source, png);
  expect_refused ("half.jpg", jpg, reference);
  expect_refused ("cut short", source, jpg);
  expect_refused ("half.tif", tif, reference);
  expect_refused ("cut short", source, tif);
}

static void
test_broken_headers (void)
{
  static const guchar jpeg_head[] = { 0xff, 0xd8, 0xff };
  /* A PNG signature and a header chunk, then nothing.  */
  static const guchar png_head[]
      = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0,    0,    0,
          13,   'I', 'H', 'D', 'R',  0,    0,    0,    16,   0,    0,
          0,    16,  8,   2,   0,    0,    0,    0x90, 0x91, 0x68, 0x36 };
  g_autofree gchar *jpg = write_bytes ("three.jpg", jpeg_head, 3);
  g_autofree gchar *png = write_bytes ("header.png", png_head, sizeof png_head);

  /* libjpeg ends the process on this one if it ever sees it.  */
  expect_refused ("three.jpg", jpg, reference);
  expect_refused ("three.jpg", source, jpg);
  expect_refused ("header.png", png, reference);
}

/* As expect_refused, with the palette instead of a REFERENCE.  */
static void
expect_palette_refused (const gchar *needle, const gchar *palette)
{
  g_autofree gchar *before = folder_state (dir);
  g_autofree gchar *after = NULL;
  g_autoptr (CliRun) run
      = cli_run ("--quiet", "--palette", palette, source, output, NULL);

  g_test_message ("%s", run->err);
  cli_assert_one_line_error (run, needle);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  after = folder_state (dir);
  g_assert_cmpstr (after, ==, before);
}

/* Palette files that are not: bytes of anything, an image, a device, a
   file claiming gigabytes (refused before it is read: this one is
   sparse, reading it would take minutes), too many colors.  */
static void
test_hostile_palettes (void)
{
  g_autofree gchar *garbage = NULL;
  g_autofree gchar *header_garbage = NULL;
  g_autofree gchar *huge = NULL;
  g_autofree gchar *sparse = g_build_filename (dir, "sparse", NULL);
  g_autofree gchar *many = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (5);
  guint8 bytes[4096];
  GString *text = g_string_new ("GIMP Palette\n");
  gint64 t0;
  gint fd;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  garbage = write_bytes ("garbage.gpl", bytes, sizeof bytes);
  expect_palette_refused ("garbage.gpl", garbage);
  /* The right first line, then bytes of anything (a NUL among them).  */
  memcpy (bytes, "GIMP Palette\n", 13);
  bytes[100] = '\0';
  header_garbage = write_bytes ("header-garbage.gpl", bytes, sizeof bytes);
  expect_palette_refused ("line", header_garbage);
  expect_palette_refused ("GIMP Palette", reference);
  expect_palette_refused ("not a regular file", "/dev/zero");

  /* In a folder of its own: the checks of the folder read every file.  */
  huge = g_build_filename (dir, "sparse", "huge.gpl", NULL);
  g_assert_cmpint (g_mkdir (sparse, 0755), ==, 0);
  g_assert_true (g_file_set_contents (huge, "GIMP Palette\n1 2 3\n", -1, NULL));
  fd = g_open (huge, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 8 << 30), ==, 0);
  close (fd);
  t0 = g_get_monotonic_time ();
  expect_palette_refused ("larger than", huge);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 30 * G_USEC_PER_SEC);

  for (guint i = 0; i <= SOBOLEV_PALETTE_MAX_COLORS; i++)
    g_string_append_printf (text, "%u %u %u\n", i % 256, i / 256, 9);
  many = write_bytes ("many.gpl", text->str, text->len);
  expect_palette_refused ("more than 8192 colors", many);
  g_string_free (text, TRUE);

  g_unlink (garbage);
  g_unlink (header_garbage);
  g_unlink (huge);
  g_rmdir (sparse);
  g_unlink (many);
}

static void
test_huge_headers (void)
{
  /* A whole PNG of 57 bytes (signature, header, an empty data chunk, the
     end) that claims 100000 × 100000 pixels; an RGBE header as large.  */
  static const guchar signature[]
      = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guchar ihdr[]
      = { 0,    0, 0, 13,   'I',  'H', 'D', 'R', 0, 1, 0x86,
          0xa0, 0, 1, 0x86, 0xa0, 8,   2,   0,   0, 0 };
  guchar png[57] = { 0 };
  static const gchar rgbe[] = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n"
                              "-Y 200000 +X 200000\n";
  g_autofree gchar *huge_png = NULL;
  g_autofree gchar *huge_hdr = NULL;

  memcpy (png, signature, 8);
  memcpy (png + 8, ihdr, sizeof ihdr); /* its CRC left zero */
  memcpy (png + 37, "IDAT", 4);        /* length 0 at 33, CRC at 41 */
  memcpy (png + 49, "IEND", 4);        /* length 0 at 45, CRC at 53 */
  huge_png = write_bytes ("huge.png", png, 57);
  huge_hdr = write_bytes ("huge.hdr", rgbe, sizeof rgbe - 1);
  expect_refused ("megapixels", huge_png, reference);
  expect_refused ("megapixels", source, huge_png);
  expect_refused ("huge.hdr", huge_hdr, reference);
  expect_refused ("megapixels", source, huge_hdr);
  /* The limit is the user's to set: a 64 × 42 photo over 0.001 MP.  */
  {
    g_autoptr (CliRun) run = cli_run ("--quiet", "--max-megapixels", "0.001",
                                      source, reference, output, NULL);

    cli_assert_one_line_error (run, "megapixels");
    g_assert_cmpint (run->status, ==, 1);
    g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  }
  {
    g_autoptr (CliRun) run = cli_run ("--quiet", "--max-megapixels", "0",
                                      source, reference, output, NULL);

    cli_assert_one_line_error (run, "--max-megapixels");
    g_assert_cmpint (run->status, ==, 2);
  }
}

static void
test_cmyk_jpeg (void)
{
  const gchar *magick = g_getenv ("IMAGEMAGICK");
  g_autofree gchar *cmyk = g_build_filename (dir, "cmyk.jpg", NULL);
  const gchar *argv[] = { magick, source, "-colorspace", "CMYK", cmyk, NULL };
  g_autoptr (CliRun) made = NULL;

  g_assert_nonnull (magick);
  g_assert_cmpstr (magick, !=, "");
  made = cli_run_argv (NULL, argv);
  g_assert_cmpint (made->status, ==, 0);
  expect_refused ("CMYK", cmyk, reference);
  expect_refused ("convert it to RGB", source, cmyk);
}

/* A 32 × 32 float TIFF, a gradient with an 8 × 8 patch of value.  */
static gchar *
save_float_patch (const gchar *name, gfloat value)
{
  g_autoptr (CliImage) image = cli_image_new (32, 32);
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (dir, name, NULL);

  image->bit_depth = 32;
  image->has_alpha = FALSE;
  for (guint y = 0; y < 32; y++)
    for (guint x = 0; x < 32; x++)
      {
        gfloat *p = image->pixels + (y * 32 + x) * 4;

        p[0] = x / 31.0f;
        p[1] = y / 31.0f;
        p[2] = 0.5f;
        p[3] = 1.0f;
        if (x < 8 && y < 8)
          p[0] = p[1] = p[2] = value;
      }
  g_assert_true (cli_image_save (image, path, &error));
  g_assert_no_error (error);
  return path;
}

/* A float file with absurd values is refused as such, naming the file
   that has them (not a numerical failure of the descent named after the
   source); bright HDR values are recolored.  */
static void
test_extreme_floats (void)
{
  g_autofree gchar *huge = save_float_patch ("huge-floats.tif", 3e38f);
  g_autofree gchar *hdr = save_float_patch ("hdr.tif", 1000.0f);
  g_autofree gchar *hdr_out = g_build_filename (dir, "hdr-out.tif", NULL);

  expect_refused ("huge-floats.tif”: pixel 0 has a value out of range", huge,
                  reference);
  expect_refused ("huge-floats.tif”: pixel 0 has a value out of range", source,
                  huge);
  {
    g_autoptr (CliRun) run
        = cli_run ("--quiet", "--steps", "20", hdr, reference, hdr_out, NULL);

    g_assert_cmpstr (run->err, ==, "");
    g_assert_cmpint (run->status, ==, 0);
  }
  g_unlink (hdr_out);
  g_unlink (hdr);
  g_unlink (huge);
}

/* A JPEG whose Huffman table counts more codes than there are: it passes
   every header check (the table's length is right), and libjpeg ends the
   process on it ("Bogus Huffman table definition").  */
static gchar *
write_exiting_jpeg (const gchar *name)
{
  g_autofree gchar *whole = save_small ("coffee.png", "dht.jpg", 8, 32);
  g_autofree gchar *data = NULL;
  gsize length;
  gchar *dht;

  g_assert_true (g_file_get_contents (whole, &data, &length, NULL));
  g_unlink (whole);
  dht = memmem (data, length, "\xff\xc4", 2);
  g_assert_nonnull (dht);
  g_assert_cmpuint (dht - data + 21, <, length);
  memset (dht + 5, 0xff, 16); /* after marker, length, class/id */
  return write_bytes (name, data, length);
}

/* A decoder that exits or crashes fails its file, with a message naming
   it, and the batch goes on: the good files are written.  */
static void
test_decoder_contained (void)
{
  g_autofree gchar *exits = write_exiting_jpeg ("exits.jpg");
  g_autofree gchar *crashes = cli_write_crashing_rgbe (dir, "crashes.png");
  g_autofree gchar *source2 = g_build_filename (dir, "source2.png", NULL);
  g_autofree gchar *out_dir = g_build_filename (dir, "batch", NULL);
  static const gchar *const needles[]
      = { "cannot read “", "exits.jpg”: the decoder gave up on it",
          "crashes.png”: the decoder crashed on it", NULL };

  {
    g_autoptr (CliImage) image = cli_image_load (source, NULL);

    g_assert_true (cli_image_save (image, source2, NULL));
  }
  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  for (guint jobs = 1; jobs <= 2; jobs++)
    {
      g_autofree gchar *before = folder_state (dir);
      g_autofree gchar *after = NULL;
      g_autofree gchar *listing = NULL;
      g_autofree gchar *j = g_strdup_printf ("%u", jobs);
      g_autoptr (CliRun) run = cli_run (
          "--quiet", "--steps", "20", "-j", j, "--max-megapixels", "1000000",
          "-o", out_dir, source, exits, crashes, source2, reference, NULL);

      /* Two lines, one per bad file; status 1, not a signal.  */
      cli_assert_error_lines (run, 2, needles);
      g_assert_cmpint (run->status, ==, 1);
      listing = cli_dir_listing (out_dir);
      g_assert_cmpstr (listing, ==, "source.png source2.png");
      for (guint k = 0; k < 2; k++)
        {
          g_autofree gchar *written = g_build_filename (
              out_dir, k ? "source2.png" : "source.png", NULL);
          g_autoptr (CliImage) image = cli_image_load (written, NULL);

          g_assert_nonnull (image);
          g_unlink (written);
        }
      after = folder_state (dir);
      g_assert_cmpstr (after, ==, before);
    }
  /* As the reference, and alone: the same line, status 1.  */
  expect_refused ("the decoder gave up", source, exits);
  {
    g_autoptr (CliRun) run = cli_run ("--quiet", "--max-megapixels", "1000000",
                                      crashes, reference, output, NULL);

    cli_assert_one_line_error (run, "crashes.png”: the decoder crashed on it");
    g_assert_cmpint (run->status, ==, 1);
    g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  }
  g_rmdir (out_dir);
  g_unlink (source2);
  g_unlink (exits);
  g_unlink (crashes);
}

/* The command in a private mount namespace whose OUTPUT folder is a tiny
   tmpfs: the result cannot fit, the old file there must survive.  */
static void
test_full_disk (void)
{
  g_autofree gchar *mount_point = g_build_filename (dir, "small-disk", NULL);
  g_autofree gchar *script = NULL;
  g_autoptr (CliRun) run = NULL;
  g_autofree gchar *big = save_small ("astronaut.png", "big.png", 16, 256);
  g_autofree gchar *unshare = g_find_program_in_path ("unshare");
  const gchar *argv[] = { unshare, "-m", "/bin/sh", "-c", NULL, NULL };
  g_auto (GStrv) lines = NULL;

  g_assert_nonnull (unshare); /* util-linux, essential in Debian */
  g_assert_cmpint (g_mkdir (mount_point, 0755), ==, 0);
  /* In the namespace: 48 KiB of disk, a good old PNG on it, then the
     command told to write over it (the 16-bit result needs more).  Prints
     the old file's checksum before and after, the status, and what is
     left in the folder.  */
  script = g_strdup_printf (
      "set -u; mount -t tmpfs -o size=48k tmpfs '%s' || exit 77; "
      "cp '%s' '%s/out.png'; sha1sum < '%s/out.png'; "
      "'%s' --quiet '%s' '%s' '%s/out.png' 2>'%s/err.txt'; echo status $?; "
      "sha1sum < '%s/out.png'; ls -A '%s'",
      mount_point, reference, mount_point, mount_point,
      g_getenv ("SOBOLEV_TRANSFER"), big, reference, mount_point, dir,
      mount_point, mount_point);
  argv[4] = script;
  run = cli_run_argv (NULL, argv);
  if (run->status == 77 || (run->status != 0 && strstr (run->err, "unshare")))
    {
      /* Visible, and only where the kernel refuses a mount namespace.  */
      g_test_skip ("the kernel refuses a private mount namespace here");
      return;
    }
  g_test_message ("%s", run->out);
  lines = g_strsplit (run->out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  /* The checksum is the same before and after; the command failed; only
     the old file is left (no temporary one).  */
  g_assert_cmpstr (lines[0], ==, lines[2]);
  g_assert_cmpstr (lines[1], ==, "status 1");
  g_assert_cmpstr (lines[3], ==, "out.png");
  {
    g_autofree gchar *err_path = g_build_filename (dir, "err.txt", NULL);
    g_autofree gchar *err = NULL;

    g_assert_true (g_file_get_contents (err_path, &err, NULL, NULL));
    g_assert_nonnull (strstr (err, "out.png"));
    g_assert_nonnull (strstr (err, "left as it was")
                          ? strstr (err, "left as it was")
                          : strstr (err, "No space left"));
    g_unlink (err_path);
  }
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  dir = cli_tmp_dir ();
  source = save_small ("chelsea.png", "source.png", 8, 64);
  reference = save_small ("coffee.png", "reference.png", 8, 64);
  output = g_build_filename (dir, "out.png", NULL);

  g_test_add_func ("/cli/hostile/cut-files", test_cut_files);
  g_test_add_func ("/cli/hostile/broken-headers", test_broken_headers);
  g_test_add_func ("/cli/hostile/huge-headers", test_huge_headers);
  g_test_add_func ("/cli/hostile/palettes", test_hostile_palettes);
  g_test_add_func ("/cli/hostile/cmyk-jpeg", test_cmyk_jpeg);
  g_test_add_func ("/cli/hostile/extreme-floats", test_extreme_floats);
  g_test_add_func ("/cli/hostile/decoder-contained", test_decoder_contained);
  g_test_add_func ("/cli/hostile/full-disk", test_full_disk);
  status = g_test_run ();
  cli_tmp_dir_remove (dir);
  return status;
}
