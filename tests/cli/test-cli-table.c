/* Every bad input the command takes, as one table: each row is a command
   line, the exit status it must end with and a piece of its one-line
   message.  Around every row the test folder is compared file by file
   (bytes and permissions): an existing OUTPUT, the inputs and everything
   else are as they were, and nothing was added.  The PDB's table is
   tests/host/test-hostile.scm.  */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "cli-test.h"
#include "test-util.h"

static gchar *dir;

typedef struct
{
  const gchar *name;
  gint status;
  const gchar *needle;
  /* Arguments; "@NAME" is dir/NAME.  */
  const gchar *args[12];
} Row;

static const Row rows[] = {
  /* Files that cannot be read.  */
  { "missing source",
    1,
    "missing.png",
    { "@missing.png", "@ref.png", "@kept.png" } },
  { "missing reference",
    1,
    "missing.png",
    { "@src.png", "@missing.png", "@kept.png" } },
  { "a folder as source",
    1,
    "it is a folder",
    { "@sub", "@ref.png", "@kept.png" } },
  { "text named .png",
    1,
    "not a PNG",
    { "@text.png", "@ref.png", "@kept.png" } },
  { "a PNG cut in half",
    1,
    "cut short",
    { "@half.png", "@ref.png", "@kept.png" } },
  { "a PNG cut in half as reference",
    1,
    "cut short",
    { "@src.png", "@half.png", "@kept.png" } },
  { "three bytes of JPEG",
    1,
    "cut short",
    { "@three.jpg", "@ref.png", "@kept.png" } },
  { "a header claiming 10¹⁰ pixels",
    1,
    "megapixels",
    { "@huge.png", "@ref.png", "@kept.png" } },
  { "a header claiming 10¹⁰ pixels as reference",
    1,
    "megapixels",
    { "@src.png", "@huge.png", "@kept.png" } },
  { "a fully transparent source",
    1,
    "transparent",
    { "@clear.png", "@ref.png", "@kept.png" } },
  { "a fully transparent reference",
    1,
    "transparent",
    { "@src.png", "@clear.png", "@kept.png" } },
  { "3e38 in a float source",
    1,
    "out of range",
    { "@floats.tif", "@ref.png", "@kept.png" } },
  { "3e38 in a float reference",
    1,
    "floats.tif”: pixel 0 has a value out of range",
    { "@src.png", "@floats.tif", "@kept.png" } },
  { "a JPEG that makes libjpeg exit",
    1,
    "the decoder gave up",
    { "@exits.jpg", "@ref.png", "@kept.png" } },
  { "an RGBE file that crashes GEGL",
    1,
    "the decoder crashed",
    { "--max-megapixels", "1000000", "@crashes.png", "@ref.png",
      "@kept.png" } },
  /* Values out of range.  */
  { "strength 2",
    2,
    "strength",
    { "--strength", "2", "@src.png", "@ref.png", "@kept.png" } },
  { "steps 0",
    2,
    "--steps: bad value “0” (1 to 100000)",
    { "--steps", "0", "@src.png", "@ref.png", "@kept.png" } },
  { "seed -1",
    2,
    "--seed: bad value “-1” (0 to 2147483647)",
    { "--seed", "-1", "@src.png", "@ref.png", "@kept.png" } },
  { "bandwidth 0.001",
    2,
    "bandwidth",
    { "--bandwidth", "0.001", "@src.png", "@ref.png", "@kept.png" } },
  { "bandwidth NaN",
    2,
    "bandwidth",
    { "--bandwidth", "nan", "@src.png", "@ref.png", "@kept.png" } },
  { "unknown method",
    2,
    "magic",
    { "--method", "magic", "@src.png", "@ref.png", "@kept.png" } },
  { "unknown space",
    2,
    "hsv",
    { "--space", "hsv", "@src.png", "@ref.png", "@kept.png" } },
  { "max-megapixels 0",
    2,
    "--max-megapixels",
    { "--max-megapixels", "0", "@src.png", "@ref.png", "@kept.png" } },
  { "jobs 0",
    2,
    "--jobs",
    { "-j", "0", "-o", "@sub", "@src.png", "@ref.png" } },
  { "hald-level 17",
    2,
    "--hald-level",
    { "--hald-level", "17", "@src.png", "@ref.png", "@kept.png" } },
  { "an unknown option",
    2,
    "--frobnicate",
    { "--frobnicate", "@src.png", "@ref.png", "@kept.png" } },
  /* Where results would go.  */
  { "OUTPUT is SOURCE",
    2,
    "is the source",
    { "@src.png", "@ref.png", "@src.png" } },
  { "OUTPUT links to SOURCE",
    2,
    "is the source",
    { "@src.png", "@ref.png", "@link-to-src.png" } },
  { "OUTPUT is REFERENCE",
    2,
    "is REFERENCE",
    { "--overwrite-source", "@src.png", "@ref.png", "@ref.png" } },
  { "a read-only OUTPUT",
    2,
    "read-only",
    { "@src.png", "@ref.png", "@read-only.png" } },
  { "OUTPUT links to nothing",
    2,
    "does not exist",
    { "@src.png", "@ref.png", "@dangling.png" } },
  { "OUTPUT of an unknown type",
    2,
    "unknown file type",
    { "@src.png", "@ref.png", "@out.bmp" } },
  { "OUTPUT in a missing folder",
    2,
    "no folder",
    { "@src.png", "@ref.png", "@no/out.png" } },
  { "--lut-out not .cube",
    2,
    "--lut-out",
    { "--lut-out", "@map.png", "@src.png", "@ref.png", "@kept.png" } },
  { "--hald-out is REFERENCE",
    2,
    "is REFERENCE",
    { "--hald-out", "@ref.png", "@src.png", "@ref.png", "@kept.png" } },
  { "too few files", 2, "SOURCE REFERENCE OUTPUT", { "@src.png", "@ref.png" } },
  /* A saved look.  */
  { "--lut-in that is not a .cube",
    1,
    "bad.cube",
    { "--lut-in", "@bad.cube", "@src.png", "@kept.png" } },
  { "--lut-in with a transport option",
    2,
    "--steps",
    { "--lut-in", "@bad.cube", "--steps", "5", "@src.png", "@kept.png" } },
  { "--lut-in with a REFERENCE",
    2,
    "no REFERENCE",
    { "--lut-in", "@bad.cube", "@src.png", "@ref.png", "@kept.png" } },
  /* morph.  */
  { "morph: more frames than steps",
    2,
    "--frames 30 needs at least 29 steps",
    { "morph", "--frames", "30", "--steps", "20", "@src.png", "@ref.png",
      "@kept.png" } },
  { "morph: frames 1",
    2,
    "--frames",
    { "morph", "--frames", "1", "@src.png", "@ref.png", "@kept.png" } },
};

static gchar *
path_in_dir (const gchar *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
write_bytes (const gchar *name, const void *data, gsize length)
{
  g_autofree gchar *path = path_in_dir (name);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
}

static void
save_small (const gchar *photo, const gchar *name)
{
  g_autoptr (CliImage) full = test_load_photo (photo);
  g_autoptr (CliImage) small = test_downscale (full, 48);
  g_autofree gchar *path = path_in_dir (name);

  small->bit_depth = 8;
  small->has_alpha = FALSE;
  g_assert_true (cli_image_save (small, path, NULL));
}

/* The inputs of every row, made once.  */
static void
make_files (void)
{
  static const guchar three[] = { 0xff, 0xd8, 0xff };
  guchar png[57] = { 0x89, 'P', 'N',  'G',  '\r', '\n', 0x1a, '\n', 0,    0,
                     0,    13,  'I',  'H',  'D',  'R',  0,    1,    0x86, 0xa0,
                     0,    1,   0x86, 0xa0, 8,    2,    0,    0,    0 };
  g_autofree gchar *data = NULL;
  g_autofree gchar *sub = path_in_dir ("sub");
  g_autofree gchar *src = path_in_dir ("src.png");
  gsize length;

  save_small ("chelsea.png", "src.png");
  save_small ("coffee.png", "ref.png");
  save_small ("astronaut.png", "kept.png");
  save_small ("astronaut.png", "read-only.png");
  {
    g_autofree gchar *ro = path_in_dir ("read-only.png");

    g_assert_cmpint (g_chmod (ro, 0444), ==, 0);
  }
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  write_bytes ("text.png", "not an image\n", 13);
  write_bytes ("bad.cube", "LUT_3D_SIZE 2\n0 0 0\n", 20);
  g_assert_true (g_file_get_contents (src, &data, &length, NULL));
  write_bytes ("half.png", data, length / 2);
  write_bytes ("three.jpg", three, sizeof three);
  memcpy (png + 37, "IDAT", 4);
  memcpy (png + 49, "IEND", 4);
  write_bytes ("huge.png", png, sizeof png);
  g_free (cli_write_crashing_rgbe (dir, "crashes.png"));
  {
    /* libjpeg exits on a Huffman table with more codes than room.  */
    g_autoptr (CliImage) image = cli_load (src);
    g_autofree gchar *jpg = path_in_dir ("exits.jpg");
    g_autofree gchar *bytes = NULL;
    gchar *dht;

    g_assert_true (cli_image_save (image, jpg, NULL));
    g_assert_true (g_file_get_contents (jpg, &bytes, &length, NULL));
    dht = memmem (bytes, length, "\xff\xc4", 2);
    g_assert_nonnull (dht);
    memset (dht + 5, 0xff, 16);
    write_bytes ("exits.jpg", bytes, length);
  }
  {
    g_autoptr (CliImage) clear = cli_image_new (8, 8);
    g_autoptr (CliImage) floats = cli_image_new (16, 16);
    g_autofree gchar *clear_path = path_in_dir ("clear.png");
    g_autofree gchar *floats_path = path_in_dir ("floats.tif");

    clear->has_alpha = TRUE; /* every alpha 0 */
    g_assert_true (cli_image_save (clear, clear_path, NULL));
    floats->bit_depth = 32;
    for (guint i = 0; i < 16 * 16 * 4; i++)
      floats->pixels[i] = (i % 4 == 3) ? 1.0f : (i % 7) / 7.0f;
    floats->pixels[0] = 3e38f;
    g_assert_true (cli_image_save (floats, floats_path, NULL));
  }
  {
    g_autofree gchar *link_path = path_in_dir ("link-to-src.png");
    g_autofree gchar *dangling = path_in_dir ("dangling.png");
    g_autofree gchar *nowhere = path_in_dir ("nowhere.png");

    g_assert_cmpint (symlink (src, link_path), ==, 0);
    g_assert_cmpint (symlink (nowhere, dangling), ==, 0);
  }
}

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *before = cli_folder_state (dir);
  g_autofree gchar *after = NULL;
  g_autoptr (CliRun) run = NULL;
  guint first = 0;

  g_ptr_array_add (argv, g_strdup (g_getenv ("SOBOLEV_TRANSFER")));
  /* A subcommand comes first.  */
  if (row->args[0] && strcmp (row->args[0], "morph") == 0)
    {
      g_ptr_array_add (argv, g_strdup ("morph"));
      first = 1;
    }
  g_ptr_array_add (argv, g_strdup ("--quiet"));
  for (guint i = first; row->args[i] != NULL; i++)
    g_ptr_array_add (argv, row->args[i][0] == '@'
                               ? path_in_dir (row->args[i] + 1)
                               : g_strdup (row->args[i]));
  g_ptr_array_add (argv, NULL);
  run = cli_run_argv (NULL, (const gchar *const *) argv->pdata);
  g_test_message ("%s", run->err);
  cli_assert_one_line_error (run, row->needle);
  g_assert_cmpint (run->status, ==, row->status);
  g_assert_cmpstr (run->out, ==, "");
  after = cli_folder_state (dir);
  g_assert_cmpstr (after, ==, before);
}

int
main (int argc, char **argv)
{
  gint status;

  g_test_init (&argc, &argv, NULL);
  dir = cli_tmp_dir ();
  make_files ();
  g_assert_cmpuint (G_N_ELEMENTS (rows), >=, 40);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree gchar *path
          = g_strdup_printf ("/cli/table/%02u %s", i + 1, rows[i].name);

      g_test_add_data_func (path, &rows[i], test_row);
    }
  status = g_test_run ();
  {
    g_autofree gchar *ro = path_in_dir ("read-only.png");

    g_chmod (ro, 0644);
  }
  cli_tmp_dir_remove (dir);
  return status;
}
