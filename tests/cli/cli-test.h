/* Helpers for the command-line tests: running programs, temporary folders,
   comparing images.  */
#ifndef SOBOLEV_CLI_TEST_H
#define SOBOLEV_CLI_TEST_H

#include <glib.h>
#include "image-io.h"

G_BEGIN_DECLS

/* What a program did.  */
typedef struct
{
  gint status; /* exit status, or −1 when killed by a signal */
  gchar *out;
  gchar *err;
} CliRun;

void cli_run_free (CliRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

/* Runs argv (NULL-terminated; argv[0] a path) in the folder cwd (NULL:
   this one) and waits for it.  */
CliRun *cli_run_argv (const gchar *cwd, const gchar *const *argv);

/* Runs sobolev-transfer (the path in $SOBOLEV_TRANSFER) with the
   arguments given, NULL-terminated.  */
CliRun *cli_run (const gchar *first, ...) G_GNUC_NULL_TERMINATED;

/* A new empty folder under the system's temporary folder.  */
gchar *cli_tmp_dir (void);

/* Removes a folder made by cli_tmp_dir and what is in it (flat).  */
void cli_tmp_dir_remove (const gchar *dir);

/* The names in a folder, sorted, as one string "a b c".  */
gchar *cli_dir_listing (const gchar *dir);

/* The checksums of every file in a folder (flat), "name:sha1 …", and
   the permissions of each: two states compare equal only when no file
   was added, removed, changed or re-permissioned.  */
gchar *cli_folder_state (const gchar *dir);

/* The SHA-1 of a file's bytes (NULL when it cannot be read).  */
gchar *cli_file_sha1 (const gchar *path);

/* Asserts that a failed run printed exactly n_lines lines, each starting
   with the program's name, and that each needle (NULL-terminated list)
   is in one of them.  */
void cli_assert_error_lines (const CliRun *run, guint n_lines,
                             const gchar *const *needles);

/* The largest difference between two images of the same size, in 1/255
   units, over the color channels (and alpha when both have it).  */
gdouble cli_max_difference (const CliImage *a, const CliImage *b);

/* The mean absolute difference of the color channels, in 1/255 units.  */
gdouble cli_mean_difference (const CliImage *a, const CliImage *b);

/* The fraction of channel values (colors only) of two images of the same
   size that differ by more than tolerance, in 1/255 units.  */
gdouble cli_fraction_over (const CliImage *a, const CliImage *b,
                           gdouble tolerance);

/* Loads a file or fails the test.  */
CliImage *cli_load (const gchar *path);

/* Asserts that a failed run printed exactly one line starting with the
   program's name, containing needle (if not NULL).  */
void cli_assert_one_line_error (const CliRun *run, const gchar *needle);

/* A bundled photo (test_load_photo) scaled down to size pixels on its
   longer side, saved as an 8-bit RGB PNG dir/name; returns its path.  */
gchar *cli_save_small (const gchar *dir, const gchar *photo, const gchar *name,
                       guint size);

/* An RGBE file, dir/name, on which GEGL's loader dies every time: it
   claims 65535 × 65535 pixels (under --max-megapixels 1000000), the
   loader's size arithmetic overflows, and GLib ends the process asking
   for 2⁶⁴ bytes less a little (SIGTRAP).  Returns its path.  */
gchar *cli_write_crashing_rgbe (const gchar *dir, const gchar *name);

/* Fails the test, with the command's stderr, unless run ended with
   status 0 and printed nothing on stderr.  */
void cli_assert_success (const CliRun *run);

/* TRUE when two files hold the same bytes (both must be readable).  */
gboolean cli_files_equal (const gchar *a, const gchar *b);

/* Runs sobolev-transfer --quiet with args (NULL-terminated) and expects
   a refusal: exit status, one error line containing needle, and the
   folder dir (and sub, if not NULL) left exactly as they were.  */
void cli_expect_refused (const gchar *dir, const gchar *sub, gint status,
                         const gchar *needle, const gchar *const *args);

G_END_DECLS

#endif
