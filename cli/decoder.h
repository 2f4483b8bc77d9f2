/* sobolev-transfer — decoding image files in a child process.

   The decoders under GEGL trust their input: libjpeg ends the process on
   a malformed Huffman table, GEGL's RGBE loader crashes on a huge one.
   So files are decoded by a copy of this program, which sends the pixels
   back through a pipe in strips of rows; whatever the decoder does to
   that process, this one reports the file as failed and carries on with
   the next in a new copy.  A copy that answered a file in full is kept
   for the next one (see cli_decoder_set_keep).  */
#ifndef CLI_DECODER_H
#define CLI_DECODER_H

#include <glib.h>
#include "image-io.h"

G_BEGIN_DECLS

/* The first argument that makes the program a decoder child.  */
#define CLI_DECODER_COMMAND "--decoder-child"

typedef struct _CliDecoder CliDecoder;

/* The program to start as the decoder (this one's own file); without it
   files are decoded in this process.  */
void cli_decoder_set_program (const gchar *program);

/* Whether a child that answered a file in full waits for the next (the
   default) or ends: jobs that run together would keep as many children,
   each holding memory while the jobs do.  */
void cli_decoder_set_keep (gboolean keep);

/* Starts decoding path and waits for its size.  A decoder that is freed
   before cli_decoder_finish stops its child.  */
CliDecoder *cli_decoder_open (const gchar *path, GError **error);

const CliImageInfo *cli_decoder_info (const CliDecoder *decoder);

/* The next n_rows rows, top to bottom, as packed float R'G'B'A.  */
gboolean cli_decoder_read (CliDecoder *decoder, guint n_rows, gfloat *pixels,
                           GError **error);

/* After the last row: checks that the decoder ended well, and keeps its
   child for the next file.  */
gboolean cli_decoder_finish (CliDecoder *decoder, GError **error);

/* Stops the child if it still runs, and frees.  */
void cli_decoder_free (CliDecoder *decoder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliDecoder, cli_decoder_free)

/* Ends the child kept for more files; FALSE with error if it, or any
   child that ended after a file it answered in full, did not end well
   (as a sanitizer's report at exit makes it).  Not after Ctrl-C, which
   ends the children too.  */
gboolean cli_decoder_stop_all (GError **error);

/* The child's side: decodes each path asked on its standard input
   (refusing more than max_pixels, a decimal number) and writes it to
   its standard output, until its input ends.  Returns the process's
   exit status.  */
gint cli_decoder_child_main (const gchar *max_pixels);

G_END_DECLS

#endif
