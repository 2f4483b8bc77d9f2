/* sobolev-transfer — decoding image files in a child process.  */
#include "decoder.h"
#include <glib/gi18n.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* What the child writes: 'E' and a message, or 'I', the header below and
   the rows as floats; then it exits with status 0.  */
#define CLI_DECODER_MAGIC 0x534f4249u /* "SOBI" */

typedef struct
{
  guint32 magic;
  guint32 width, height, bit_depth, has_alpha;
} CliDecoderHeader;

struct _CliDecoder
{
  gchar *path;
  CliImageInfo info;
  guint row; /* rows read so far */
  /* In a child: */
  GPid pid;
  gint fd;
  /* Or in this process, without a program to start: */
  CliImageReader *reader;
};

static gchar *cli_decoder_program = NULL;

void
cli_decoder_set_program (const gchar *program)
{
  g_free (cli_decoder_program);
  cli_decoder_program = g_strdup (program);
}

/* Reads length bytes; 0 on a clean end before the first byte, −1 on
   an error (errno) or an end in the middle, 1 when all came.  */
static gint
cli_decoder_read_full (gint fd, void *data, gsize length, gboolean *cancelled)
{
  guint8 *p = data;
  gsize done = 0;

  while (done < length)
    {
      gssize n = read (fd, p + done, length - done);

      if (n < 0 && errno == EINTR)
        {
          if (cli_cancel (NULL))
            {
              *cancelled = TRUE;
              return -1;
            }
          continue;
        }
      if (n < 0)
        return -1;
      if (n == 0)
        {
          errno = 0;
          return done == 0 ? 0 : -1;
        }
      done += n;
    }
  return 1;
}

/* Ends the child (killing it unless it has exited) and says how it
   ended, in the words of an error about path; NULL when it ended well.  */
static gchar *
cli_decoder_reap (CliDecoder *decoder, gboolean kill_it)
{
  gint status = 0;
  gchar *why = NULL;

  if (decoder->fd >= 0)
    {
      close (decoder->fd);
      decoder->fd = -1;
    }
  if (decoder->pid <= 0)
    return NULL;
  if (kill_it)
    kill (decoder->pid, SIGKILL);
  while (waitpid (decoder->pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!kill_it)
    {
      if (WIFSIGNALED (status))
        why = g_strdup_printf (_ ("the decoder crashed on it (%s): the file "
                                  "is damaged or hostile"),
                               g_strsignal (WTERMSIG (status)));
      else if (WIFEXITED (status) && WEXITSTATUS (status) != 0)
        why = g_strdup_printf (_ ("the decoder gave up on it (exit status %d): "
                                  "the file is damaged"),
                               WEXITSTATUS (status));
    }
  g_spawn_close_pid (decoder->pid);
  decoder->pid = 0;
  return why;
}

/* Sets error after the child failed on its own or sent less than it
   promised.  */
static void
cli_decoder_fail (CliDecoder *decoder, gboolean cancelled, GError **error)
{
  g_autofree gchar *why = NULL;

  if (cancelled || cli_cancel (NULL))
    {
      cli_decoder_reap (decoder, TRUE);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED,
                   _ ("interrupted"));
      return;
    }
  why = cli_decoder_reap (decoder, FALSE);
  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
               _ ("cannot read “%s”: %s"), decoder->path,
               why ? why
                   : _ ("the decoder stopped before the end of the image"));
}

CliDecoder *
cli_decoder_open (const gchar *path, GError **error)
{
  g_autoptr (CliDecoder) decoder = g_new0 (CliDecoder, 1);
  g_autofree gchar *max_pixels = NULL;
  CliDecoderHeader header;
  gboolean cancelled = FALSE;
  gchar tag;
  gint got;

  decoder->path = g_strdup (path);
  decoder->fd = -1;
  if (cli_decoder_program == NULL)
    {
      decoder->reader = cli_reader_open (path, error);
      if (decoder->reader == NULL)
        return NULL;
      decoder->info = *cli_image_reader_info (decoder->reader);
      return g_steal_pointer (&decoder);
    }

  max_pixels
      = g_strdup_printf ("%" G_GUINT64_FORMAT, cli_image_io_get_max_pixels ());
  {
    const gchar *argv[]
        = { cli_decoder_program, CLI_DECODER_COMMAND, path, max_pixels, NULL };
    GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL;

    /* The libraries' own warnings about a bad file are kept off the
       terminal, as cli_load does in this process.  */
    if (g_getenv ("SOBOLEV_VERBOSE") == NULL)
      flags |= G_SPAWN_STDERR_TO_DEV_NULL;
    if (!g_spawn_async_with_pipes (NULL, (gchar **) argv, NULL, flags, NULL,
                                   NULL, &decoder->pid, NULL, &decoder->fd,
                                   NULL, error))
      return NULL;
  }

  got = cli_decoder_read_full (decoder->fd, &tag, 1, &cancelled);
  if (got == 1 && tag == 'E')
    {
      /* The child's own message: a file it refused.  */
      GString *message = g_string_new (NULL);
      gchar buffer[512];
      gssize n;

      while ((n = read (decoder->fd, buffer, sizeof buffer)) > 0
             || (n < 0 && errno == EINTR && !cli_cancel (NULL)))
        if (n > 0)
          g_string_append_len (message, buffer, n);
      cli_decoder_reap (decoder, FALSE);
      g_set_error_literal (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                           message->str);
      g_string_free (message, TRUE);
      return NULL;
    }
  if (got != 1 || tag != 'I'
      || cli_decoder_read_full (decoder->fd, &header, sizeof header, &cancelled)
             != 1
      || header.magic != CLI_DECODER_MAGIC)
    {
      cli_decoder_fail (decoder, cancelled, error);
      return NULL;
    }
  if (header.width == 0 || header.height == 0
      || (guint64) header.width * header.height
             > cli_image_io_get_max_pixels ())
    {
      cli_decoder_reap (decoder, TRUE);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: the decoder sent a size of %u × %u "
                      "pixels"),
                   path, header.width, header.height);
      return NULL;
    }
  decoder->info.width = header.width;
  decoder->info.height = header.height;
  decoder->info.bit_depth = header.bit_depth;
  decoder->info.has_alpha = header.has_alpha != 0;
  return g_steal_pointer (&decoder);
}

const CliImageInfo *
cli_decoder_info (const CliDecoder *decoder)
{
  return &decoder->info;
}

gboolean
cli_decoder_read (CliDecoder *decoder, guint n_rows, gfloat *pixels,
                  GError **error)
{
  gboolean cancelled = FALSE;

  g_return_val_if_fail (decoder->row + n_rows <= decoder->info.height, FALSE);

  if (decoder->reader != NULL)
    cli_image_reader_read (decoder->reader, decoder->row, n_rows, pixels);
  else if (cli_decoder_read_full (decoder->fd, pixels,
                                  (gsize) decoder->info.width * n_rows * 4
                                      * sizeof (gfloat),
                                  &cancelled)
           != 1)
    {
      cli_decoder_fail (decoder, cancelled, error);
      return FALSE;
    }
  decoder->row += n_rows;
  return TRUE;
}

gboolean
cli_decoder_finish (CliDecoder *decoder, GError **error)
{
  g_autofree gchar *why = NULL;
  gboolean cancelled = FALSE;
  gchar extra;

  if (decoder->reader != NULL)
    return TRUE;
  /* Nothing may follow the last row, and the child must end well.  */
  if (cli_decoder_read_full (decoder->fd, &extra, 1, &cancelled) != 0)
    {
      cli_decoder_fail (decoder, cancelled, error);
      return FALSE;
    }
  why = cli_decoder_reap (decoder, FALSE);
  if (why != NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %s"), decoder->path, why);
      return FALSE;
    }
  return TRUE;
}

void
cli_decoder_free (CliDecoder *decoder)
{
  if (decoder == NULL)
    return;
  g_free (cli_decoder_reap (decoder, TRUE));
  g_clear_pointer (&decoder->reader, cli_image_reader_free);
  g_free (decoder->path);
  g_free (decoder);
}

static gboolean
cli_decoder_write_full (gint fd, const void *data, gsize length)
{
  const guint8 *p = data;

  while (length > 0)
    {
      gssize n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      length -= n;
    }
  return TRUE;
}

gint
cli_decoder_child_main (const gchar *path, const gchar *max_pixels)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliImageReader) reader = NULL;
  g_autofree gfloat *strip = NULL;
  const CliImageInfo *info;
  CliDecoderHeader header = { CLI_DECODER_MAGIC };
  guint64 limit = g_ascii_strtoull (max_pixels, NULL, 10);
  guint rows;
  gint out;

  /* The pipe is this program's alone: whatever a library prints goes to
     standard error instead.  */
  out = dup (STDOUT_FILENO);
  if (out < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return 1;
  signal (SIGPIPE, SIG_DFL);
  if (limit > 0)
    cli_image_io_set_max_pixels (limit);

  reader = cli_image_reader_open (path, &error);
  if (reader == NULL)
    {
      gboolean ok = cli_decoder_write_full (out, "E", 1)
                    && cli_decoder_write_full (out, error->message,
                                               strlen (error->message));

      cli_image_io_exit ();
      return ok ? 0 : 1;
    }
  info = cli_image_reader_info (reader);
  header.width = info->width;
  header.height = info->height;
  header.bit_depth = info->bit_depth;
  header.has_alpha = info->has_alpha;
  if (!cli_decoder_write_full (out, "I", 1)
      || !cli_decoder_write_full (out, &header, sizeof header))
    return 1;
  /* Strips of about 16 MB.  */
  rows = (guint) CLAMP ((G_GUINT64_CONSTANT (1) << 22)
                            / ((guint64) info->width * 4),
                        1, info->height);
  strip = g_new (gfloat, (gsize) info->width * rows * 4);
  for (guint y = 0; y < info->height; y += rows)
    {
      guint n = MIN (rows, info->height - y);

      cli_image_reader_read (reader, y, n, strip);
      if (!cli_decoder_write_full (
              out, strip, (gsize) info->width * n * 4 * sizeof (gfloat)))
        return 1;
    }
  g_clear_pointer (&reader, cli_image_reader_free);
  close (out);
  cli_image_io_exit ();
  return 0;
}
