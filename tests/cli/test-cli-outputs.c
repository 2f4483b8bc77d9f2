/* Where results go: an OUTPUT that is a file the run reads (by any name:
   the same spelling, another spelling, a symbolic or a hard link) is
   refused before any work unless --overwrite-source asks for exactly
   that; a symbolic link as OUTPUT is written through to its file; a
   read-only file or folder is refused.  Every refusal is one line, exit
   status 2, and every file byte-identical after.  */
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "cli-test.h"
#include "test-util.h"

static gchar *dir;
static gchar *source;    /* 64 px PNG */
static gchar *reference; /* 64 px PNG */
static gchar *out;       /* dir/out.png: never written here */

#define REFUSED(status, needle, ...)                                           \
  cli_expect_refused (dir, NULL, status, needle,                               \
                      (const gchar *const[]){ __VA_ARGS__, NULL })
#define REFUSED_IN(sub, status, needle, ...)                                   \
  cli_expect_refused (dir, sub, status, needle,                                \
                      (const gchar *const[]){ __VA_ARGS__, NULL })

static void
test_output_is_an_input (void)
{
  g_autofree gchar *base = g_path_get_basename (source);
  g_autofree gchar *sub = g_build_filename (dir, "sub", NULL);
  g_autofree gchar *respelled
      = g_build_filename (dir, "sub", "..", ".", base, NULL);
  g_autofree gchar *symlink_to_source = g_build_filename (dir, "sym.png", NULL);
  g_autofree gchar *hardlink_to_source
      = g_build_filename (dir, "hard.png", NULL);
  g_autofree gchar *symlink_to_reference
      = g_build_filename (dir, "refsym.png", NULL);
  g_autofree gchar *cube = g_build_filename (dir, "look.cube", NULL);

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (symlink (source, symlink_to_source), ==, 0);
  g_assert_cmpint (link (source, hardlink_to_source), ==, 0);
  g_assert_cmpint (symlink (reference, symlink_to_reference), ==, 0);

  REFUSED (2, "is the source", source, reference, source);
  REFUSED (2, "--overwrite-source", source, reference, source);
  REFUSED (2, "is the source", source, reference, respelled);
  REFUSED (2, "is the source", source, reference, symlink_to_source);
  REFUSED (2, "is the source", source, reference, hardlink_to_source);
  REFUSED (2, "is the source", hardlink_to_source, reference, source);
  /* REFERENCE is never replaced, even when asked to replace the source.  */
  REFUSED (2, "is REFERENCE", source, reference, reference);
  REFUSED (2, "is REFERENCE", source, reference, symlink_to_reference);
  REFUSED (2, "is REFERENCE", "--overwrite-source", source, reference,
           symlink_to_reference);
  /* The maps written beside OUTPUT, too.  */
  REFUSED (2, "is REFERENCE", "--hald-out", reference, source, reference, out);
  REFUSED (2, "is the source", "--hald-out", symlink_to_source, source,
           reference, out);
  REFUSED (2, "both be written", "--hald-out", out, source, reference, out);
  /* A batch whose folder holds a source; a source that is another's
     output.  */
  REFUSED (2, "is the source", "-o", dir, source, reference);
  {
    g_autofree gchar *in_sub = g_build_filename (sub, base, NULL);

    g_assert_cmpint (symlink (source, in_sub), ==, 0);
    REFUSED_IN (sub, 2, "is the source", "-o", sub, source, reference);
    REFUSED_IN (sub, 2, "still to be read", "--overwrite-source", "-o", dir,
                in_sub, source, reference);
    g_unlink (in_sub);
  }
  /* --lut-in's file is an input like the others.  */
  {
    g_autoptr (SobolevLut) identity = sobolev_lut_new_identity (2, NULL);
    g_autofree gchar *cube_png = g_build_filename (dir, "cube.png", NULL);

    g_assert_true (sobolev_lut_save_cube (identity, cube, NULL, NULL));
    g_assert_true (sobolev_lut_save_cube (identity, cube_png, NULL, NULL));
    REFUSED (2, "is --lut-in", "--lut-in", cube_png, source, cube_png);
    REFUSED (2, "is --lut-in", "--lut-in", cube, "--lut-out", cube, source,
             out);
    g_unlink (cube_png);
    g_unlink (cube);
  }
  g_unlink (symlink_to_source);
  g_unlink (hardlink_to_source);
  g_unlink (symlink_to_reference);
  g_rmdir (sub);
}

/* --overwrite-source replaces SOURCE with its recolored version, whole,
   with SOURCE's permissions, and nothing else left behind.  */
static void
test_overwrite_source (void)
{
  g_autofree gchar *copy = g_build_filename (dir, "in-place.png", NULL);
  g_autofree gchar *before = NULL;
  g_autofree gchar *after = NULL;
  g_autofree gchar *listing_before = NULL;
  g_autofree gchar *listing_after = NULL;
  g_autoptr (CliImage) original = NULL;
  g_autoptr (CliImage) result = NULL;
  g_autoptr (CliRun) run = NULL;
  GStatBuf st;

  {
    g_autoptr (CliImage) image = cli_load (source);
    g_assert_true (cli_image_save (image, copy, NULL));
  }
  g_assert_cmpint (g_chmod (copy, 0640), ==, 0);
  before = cli_file_sha1 (copy);
  original = cli_load (copy);
  listing_before = cli_dir_listing (dir);
  run = cli_run ("--quiet", "--overwrite-source", "--steps", "20", copy,
                 reference, copy, NULL);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  after = cli_file_sha1 (copy);
  g_assert_cmpstr (after, !=, before);
  result = cli_load (copy);
  g_assert_cmpuint (result->width, ==, original->width);
  g_assert_cmpfloat (cli_mean_difference (original, result), >, 1.0);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  listing_after = cli_dir_listing (dir);
  g_assert_cmpstr (listing_after, ==, listing_before);
  g_unlink (copy);
}

/* A symbolic link as OUTPUT is written through: the link stays, the file
   it points to gets the result.  A link to nothing is refused.  */
static void
test_symlink_output (void)
{
  g_autofree gchar *target_dir = g_build_filename (dir, "target", NULL);
  g_autofree gchar *target = g_build_filename (target_dir, "result.png", NULL);
  g_autofree gchar *link_path = g_build_filename (dir, "link.png", NULL);
  g_autofree gchar *dangling = g_build_filename (dir, "dangling.png", NULL);
  g_autofree gchar *nowhere = g_build_filename (dir, "nowhere.png", NULL);
  g_autofree gchar *dangling_cube
      = g_build_filename (dir, "dangling.cube", NULL);
  g_autofree gchar *link_text = NULL;
  g_autofree gchar *target_listing = NULL;
  g_autoptr (CliImage) written = NULL;
  g_autoptr (CliRun) run = NULL;
  GStatBuf st;

  g_assert_cmpint (g_mkdir (target_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink (target, link_path), ==, 0);
  run = cli_run ("--quiet", "--steps", "20", source, reference, link_path,
                 NULL);
  g_assert_cmpstr (run->err, ==, "");
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpint (g_lstat (link_path, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  link_text = g_file_read_link (link_path, NULL);
  g_assert_cmpstr (link_text, ==, target);
  written = cli_load (target);
  {
    g_autoptr (CliImage) in = cli_load (source);

    g_assert_cmpuint (written->width, ==, in->width);
    g_assert_cmpuint (written->height, ==, in->height);
  }
  /* No temporary file beside the link or the target.  */
  target_listing = cli_dir_listing (target_dir);
  g_assert_cmpstr (target_listing, ==, "result.png");

  g_assert_cmpint (symlink (nowhere, dangling), ==, 0);
  g_assert_cmpint (symlink (nowhere, dangling_cube), ==, 0);
  REFUSED (2, "does not exist", source, reference, dangling);
  REFUSED (2, "does not exist", "--lut-out", dangling_cube, source, reference,
           out);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  g_unlink (dangling);
  g_unlink (dangling_cube);
  g_unlink (link_path);
  g_unlink (target);
  g_rmdir (target_dir);
}

/* Read-only files and folders are left alone, even by root.  */
static void
test_read_only (void)
{
  g_autofree gchar *ro_file = g_build_filename (dir, "ro.png", NULL);
  g_autofree gchar *ro_cube = g_build_filename (dir, "ro.cube", NULL);
  g_autofree gchar *ro_dir = g_build_filename (dir, "ro-dir", NULL);
  g_autofree gchar *in_ro_dir = g_build_filename (ro_dir, "out.png", NULL);
  g_autofree gchar *cube_in_ro_dir = g_build_filename (ro_dir, "x.cube", NULL);
  g_autofree gchar *kept = g_build_filename (ro_dir, "kept.png", NULL);

  g_assert_true (g_file_set_contents (ro_file, "keep me", -1, NULL));
  g_assert_true (g_file_set_contents (ro_cube, "keep me", -1, NULL));
  g_assert_cmpint (g_chmod (ro_file, 0444), ==, 0);
  g_assert_cmpint (g_chmod (ro_cube, 0444), ==, 0);
  g_assert_cmpint (g_mkdir (ro_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (kept, "keep me", -1, NULL));
  g_assert_cmpint (g_chmod (ro_dir, 0555), ==, 0);

  REFUSED (2, "read-only", source, reference, ro_file);
  REFUSED (2, "ro.png", source, reference, ro_file);
  REFUSED (2, "read-only", "--lut-out", ro_cube, source, reference, out);
  REFUSED (2, "read-only", "--hald-out", ro_file, source, reference, out);
  REFUSED_IN (ro_dir, 2, "read-only", source, reference, in_ro_dir);
  REFUSED_IN (ro_dir, 2, "read-only", source, reference, kept);
  REFUSED_IN (ro_dir, 2, "read-only", "--lut-out", cube_in_ro_dir, source,
              reference, out);
  REFUSED_IN (ro_dir, 2, "read-only", "-o", ro_dir, source, reference);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_chmod (ro_dir, 0755), ==, 0);
  g_unlink (kept);
  g_rmdir (ro_dir);
  g_chmod (ro_file, 0644);
  g_chmod (ro_cube, 0644);
  g_unlink (ro_file);
  g_unlink (ro_cube);
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  dir = cli_tmp_dir ();
  source = cli_save_small (dir, "chelsea.png", "source.png", 64);
  reference = cli_save_small (dir, "coffee.png", "reference.png", 64);
  out = g_build_filename (dir, "out.png", NULL);

  g_test_add_func ("/cli/outputs/output-is-an-input", test_output_is_an_input);
  g_test_add_func ("/cli/outputs/overwrite-source", test_overwrite_source);
  g_test_add_func ("/cli/outputs/symlink-output", test_symlink_output);
  g_test_add_func ("/cli/outputs/read-only", test_read_only);
  status = g_test_run ();
  cli_tmp_dir_remove (dir);
  return status;
}
