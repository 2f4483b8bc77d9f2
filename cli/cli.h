/* sobolev-transfer — what every subcommand of the command uses: exit
   statuses, error lines, quiet image I/O and Ctrl-C.  */
#ifndef CLI_H
#define CLI_H

#include <glib.h>
#include "sobolev.h"
#include "image-io.h"

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

/* From now on SIGINT and SIGTERM ask the work to stop.  */
void cli_catch_signals (void);

/* TRUE once SIGINT or SIGTERM arrived: a SobolevCancelFunc.  */
gboolean cli_cancel (gpointer user_data);

/* Loads and saves image files with the warnings of GEGL and the
   libraries under it kept off stderr (unless SOBOLEV_VERBOSE is set):
   a bad file is one line of the command's own.  Loads go through a
   decoder child (decoder.h) once main has named the program, so a
   decoder that ends or crashes its process fails only that file.  */
SobolevImage *cli_load (const gchar *path, GError **error);
/* sobolev_image_reader_open in this process, quietly as above.  */
SobolevImageReader *cli_reader_open (const gchar *path, GError **error);
gboolean cli_save (const SobolevImage *image, const gchar *path,
                   GError **error);

G_END_DECLS

#endif
