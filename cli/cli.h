/* sobolev-transfer — what every subcommand of the command uses: exit
   statuses, error lines, quiet image I/O and Ctrl-C.  */
#ifndef CLI_H
#define CLI_H

#include <glib.h>
#include "sobolev.h"
#include "image-io.h"
#include "decoder.h"

G_BEGIN_DECLS

/* Exit statuses.  */
enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_INTERRUPTED = 130
};

/* Prints message to stderr as one line, after the command's name.  */
void cli_print_error (const gchar *message);

/* From now on SIGINT and SIGTERM ask the work to stop, and SIGPIPE is
   ignored.  */
void cli_catch_signals (void);

/* TRUE once SIGINT or SIGTERM arrived: a SobolevCancelFunc.  */
gboolean cli_cancel (gpointer user_data);

/* Loads and saves image files with the warnings of GEGL and the
   libraries under it kept off stderr (unless SOBOLEV_VERBOSE is set):
   a bad file is one line of the command's own.  Loads go through a
   decoder child (decoder.h) once main has named the program, so a
   decoder that ends or crashes its process fails only that file.  */
CliImage *cli_load (const gchar *path, GError **error);
/* cli_image_reader_open in this process, quietly as above.  */
CliImageReader *cli_reader_open (const gchar *path, GError **error);
gboolean cli_save (const CliImage *image, const gchar *path, GError **error);

/* Called with each strip of rows y … y + n_rows − 1 of a file being
   read, top to bottom, as packed float R'G'B'A that the function may
   change; returns FALSE with error set to stop.  */
typedef gboolean (*CliStripFunc) (const CliImageInfo *info, guint y,
                                  guint n_rows, gfloat *pixels,
                                  gpointer user_data, GError **error);

/* Reads the rest of decoder's rows in strips of about 16 MB, hands each
   to func, and checks that the decoder ended well: the image is never
   whole in memory as floats.  */
gboolean cli_decoder_each_strip (CliDecoder *decoder, CliStripFunc func,
                                 gpointer user_data, GError **error);

/* cli_image_writer_new and _commit, quietly as cli_save.  */
CliImageWriter *cli_writer_new (const gchar *path, const CliImageInfo *info,
                                GError **error);
gboolean cli_writer_commit (CliImageWriter *writer, GError **error);

G_END_DECLS

#endif
