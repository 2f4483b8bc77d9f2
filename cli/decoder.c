/* sobolev-transfer — decoding image files in a child process.  */
#include "decoder.h"
#include <glib/gi18n.h>

#include <errno.h>
#include <malloc.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* The protocol.  This process asks for a file by writing its path (as
   cli_decoder_write_text does).  The child answers 'E' and a message for
   a file it refused, or 'I', the header below, the rows as floats and
   'D'; then it waits for the next path, and exits with status 0 when its
   input ends.  */
#define CLI_DECODER_MAGIC 0x534f4249u /* "SOBI" */

typedef struct
{
  guint32 magic;
  guint32 width, height, bit_depth, has_alpha;
} CliDecoderHeader;

/* A decoder process and the two ends of its pipes.  */
typedef struct
{
  GPid pid;
  gint to_child;   /* its standard input */
  gint from_child; /* its standard output */
} CliDecoderChild;

struct _CliDecoder
{
  gchar *path;
  CliImageInfo info;
  guint row; /* rows read so far */
  /* In a child (pid 0 once the child is kept for the next file or
     ended): */
  CliDecoderChild child;
  /* Or in this process, without a program to start: */
  CliImageReader *reader;
};

static gchar *cli_decoder_program = NULL;

/* A child that answered its last file in full, waiting for the next:
   starting one costs GEGL's start-up (a fifth of a second, more than
   decoding a small photo), so the files of a command share it.  */
static GMutex cli_decoder_idle_lock;
static CliDecoderChild cli_decoder_idle = { 0, -1, -1 };
static gboolean cli_decoder_keep = TRUE; /* cli_decoder_set_keep */
/* The wait status of the first child that ended badly after a file it
   answered in full (0: none), for cli_decoder_stop_all.  */
static gint cli_decoder_bad_end = 0;

void
cli_decoder_set_program (const gchar *program)
{
  g_free (cli_decoder_program);
  cli_decoder_program = g_strdup (program);
}

void
cli_decoder_set_keep (gboolean keep)
{
  cli_decoder_keep = keep;
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

/* A path or a message goes through a pipe as its length (a guint32) and
   its bytes.  */
#define CLI_DECODER_MAX_TEXT 65536

static gboolean
cli_decoder_write_text (gint fd, const gchar *text)
{
  guint32 length = MIN (strlen (text), CLI_DECODER_MAX_TEXT);

  return cli_decoder_write_full (fd, &length, sizeof length)
         && cli_decoder_write_full (fd, text, length);
}

/* Reads what cli_decoder_write_text wrote into *text; returns as
   cli_decoder_read_full (0 when the pipe ended before it).  */
static gint
cli_decoder_read_text (gint fd, gchar **text, gboolean *cancelled)
{
  guint32 length;
  gint got = cli_decoder_read_full (fd, &length, sizeof length, cancelled);

  if (got != 1)
    return got;
  if (length > CLI_DECODER_MAX_TEXT)
    return -1;
  *text = g_malloc0 (length + 1);
  return cli_decoder_read_full (fd, *text, length, cancelled) == 1 ? 1 : -1;
}

/* Ends child (killing it unless it is to end on its own, which it does
   when its input closes); returns its wait status, 0 if it had none.  */
static gint
cli_decoder_child_end (CliDecoderChild *child, gboolean kill_it)
{
  gint status = 0;

  if (child->to_child >= 0)
    {
      close (child->to_child);
      child->to_child = -1;
    }
  if (child->from_child >= 0)
    {
      close (child->from_child);
      child->from_child = -1;
    }
  if (child->pid <= 0)
    return 0;
  if (kill_it)
    kill (child->pid, SIGKILL);
  while (waitpid (child->pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (child->pid);
  child->pid = 0;
  return kill_it ? 0 : status;
}

/* Keeps status, a child's wait status after its last file, if it is the
   first that is not a clean exit.  */
static void
cli_decoder_note_end (gint status)
{
  g_mutex_lock (&cli_decoder_idle_lock);
  if (cli_decoder_bad_end == 0)
    cli_decoder_bad_end = status;
  g_mutex_unlock (&cli_decoder_idle_lock);
}

/* Ends decoder's child and says how it ended, in the words of an error
   about its file; NULL when it ended well.  */
static gchar *
cli_decoder_reap (CliDecoder *decoder, gboolean kill_it)
{
  gint status = cli_decoder_child_end (&decoder->child, kill_it);

  if (WIFSIGNALED (status))
    return g_strdup_printf (_ ("the decoder crashed on it (%s): the file "
                               "is damaged or hostile"),
                            g_strsignal (WTERMSIG (status)));
  if (WIFEXITED (status) && WEXITSTATUS (status) != 0)
    return g_strdup_printf (_ ("the decoder gave up on it (exit status %d): "
                               "the file is damaged"),
                            WEXITSTATUS (status));
  return NULL;
}

/* Hands decoder's child, which has answered in full, to the next file,
   or ends it if another is kept already.  */
static void
cli_decoder_release (CliDecoder *decoder)
{
  gboolean kept = FALSE;

  g_mutex_lock (&cli_decoder_idle_lock);
  if (cli_decoder_keep && cli_decoder_idle.pid == 0)
    {
      cli_decoder_idle = decoder->child;
      kept = TRUE;
    }
  g_mutex_unlock (&cli_decoder_idle_lock);
  if (kept)
    {
      decoder->child.pid = 0;
      decoder->child.to_child = decoder->child.from_child = -1;
      return;
    }
  cli_decoder_note_end (cli_decoder_child_end (&decoder->child, FALSE));
}

/* An idle child, or a new one.  */
static gboolean
cli_decoder_acquire (CliDecoder *decoder, GError **error)
{
  g_autofree gchar *max_pixels = NULL;
  GSpawnFlags flags = G_SPAWN_DO_NOT_REAP_CHILD;
  gboolean taken = FALSE;

  g_mutex_lock (&cli_decoder_idle_lock);
  if (cli_decoder_idle.pid != 0)
    {
      decoder->child = cli_decoder_idle;
      cli_decoder_idle = (CliDecoderChild){ 0, -1, -1 };
      taken = TRUE;
    }
  g_mutex_unlock (&cli_decoder_idle_lock);
  if (taken)
    return TRUE;

  max_pixels
      = g_strdup_printf ("%" G_GUINT64_FORMAT, cli_image_io_get_max_pixels ());
  {
    const gchar *argv[]
        = { cli_decoder_program, CLI_DECODER_COMMAND, max_pixels, NULL };

    /* The libraries' own warnings about a bad file are kept off the
       terminal, as cli_load does in this process.  */
    if (g_getenv ("SOBOLEV_VERBOSE") == NULL)
      flags |= G_SPAWN_STDERR_TO_DEV_NULL;
    if (!g_spawn_async_with_pipes (
            NULL, (gchar **) argv, NULL, flags, NULL, NULL, &decoder->child.pid,
            &decoder->child.to_child, &decoder->child.from_child, NULL, error))
      return FALSE;
  }
  g_debug ("decoder process %d started", (gint) decoder->child.pid);
  return TRUE;
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

/* Asks decoder's child for its file; a kept child may have died since
   its last file, and is then replaced once.  */
static gboolean
cli_decoder_request (CliDecoder *decoder, GError **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      if (!cli_decoder_acquire (decoder, error))
        return FALSE;
      if (cli_decoder_write_text (decoder->child.to_child, decoder->path))
        return TRUE;
      g_free (cli_decoder_reap (decoder, TRUE));
    }
  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
               _ ("cannot read “%s”: the decoder did not start"),
               decoder->path);
  return FALSE;
}

CliDecoder *
cli_decoder_open (const gchar *path, GError **error)
{
  g_autoptr (CliDecoder) decoder = g_new0 (CliDecoder, 1);
  CliDecoderHeader header;
  gboolean cancelled = FALSE;
  gchar tag;
  gint got;

  decoder->path = g_strdup (path);
  decoder->child.to_child = decoder->child.from_child = -1;
  if (cli_decoder_program == NULL)
    {
      decoder->reader = cli_reader_open (path, error);
      if (decoder->reader == NULL)
        return NULL;
      decoder->info = *cli_image_reader_info (decoder->reader);
      return g_steal_pointer (&decoder);
    }
  if (!cli_decoder_request (decoder, error))
    return NULL;

  got = cli_decoder_read_full (decoder->child.from_child, &tag, 1, &cancelled);
  if (got == 1 && tag == 'E')
    {
      /* The child's own message: a file it refused.  */
      g_autofree gchar *message = NULL;

      if (cli_decoder_read_text (decoder->child.from_child, &message,
                                 &cancelled)
          != 1)
        {
          cli_decoder_fail (decoder, cancelled, error);
          return NULL;
        }
      cli_decoder_release (decoder);
      g_set_error_literal (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, message);
      return NULL;
    }
  if (got != 1 || tag != 'I'
      || cli_decoder_read_full (decoder->child.from_child, &header,
                                sizeof header, &cancelled)
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
  else if (cli_decoder_read_full (decoder->child.from_child, pixels,
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
  gboolean cancelled = FALSE;
  gchar end;

  if (decoder->reader != NULL)
    return TRUE;
  /* The last row must be followed by the end mark, and nothing else.  */
  if (cli_decoder_read_full (decoder->child.from_child, &end, 1, &cancelled)
          != 1
      || end != 'D')
    {
      cli_decoder_fail (decoder, cancelled, error);
      return FALSE;
    }
  cli_decoder_release (decoder);
  return TRUE;
}

void
cli_decoder_free (CliDecoder *decoder)
{
  if (decoder == NULL)
    return;
  /* A child still attached has not sent all of its file.  */
  g_free (cli_decoder_reap (decoder, TRUE));
  g_clear_pointer (&decoder->reader, cli_image_reader_free);
  g_free (decoder->path);
  g_free (decoder);
}

gboolean
cli_decoder_stop_all (GError **error)
{
  CliDecoderChild child;
  gint worst;

  g_mutex_lock (&cli_decoder_idle_lock);
  child = cli_decoder_idle;
  cli_decoder_idle = (CliDecoderChild){ 0, -1, -1 };
  g_mutex_unlock (&cli_decoder_idle_lock);
  /* Its input closed, the child ends on its own.  */
  cli_decoder_note_end (cli_decoder_child_end (&child, FALSE));
  g_mutex_lock (&cli_decoder_idle_lock);
  worst = cli_decoder_bad_end;
  g_mutex_unlock (&cli_decoder_idle_lock);
  /* Ctrl-C reaches the whole process group: the children it ended are
     not at fault.  */
  if (cli_cancel (NULL))
    return TRUE;
  if (WIFSIGNALED (worst))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("the image decoder crashed after its last file (%s)"),
                   g_strsignal (WTERMSIG (worst)));
      return FALSE;
    }
  if (WIFEXITED (worst) && WEXITSTATUS (worst) != 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("the image decoder ended with exit status %d after its "
                      "last file"),
                   WEXITSTATUS (worst));
      return FALSE;
    }
  return TRUE;
}

/* The child's side of one file: FALSE when this process can no longer
   answer (its output is gone).  */
static gboolean
cli_decoder_child_decode (gint out, const gchar *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CliImageReader) reader = NULL;
  g_autofree gfloat *strip = NULL;
  const CliImageInfo *info;
  CliDecoderHeader header = { CLI_DECODER_MAGIC };
  guint rows;

  reader = cli_image_reader_open (path, &error);
  if (reader == NULL)
    return cli_decoder_write_full (out, "E", 1)
           && cli_decoder_write_text (out, error->message);
  info = cli_image_reader_info (reader);
  header.width = info->width;
  header.height = info->height;
  header.bit_depth = info->bit_depth;
  header.has_alpha = info->has_alpha;
  if (!cli_decoder_write_full (out, "I", 1)
      || !cli_decoder_write_full (out, &header, sizeof header))
    return FALSE;
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
        return FALSE;
    }
  return cli_decoder_write_full (out, "D", 1);
}

gint
cli_decoder_child_main (const gchar *max_pixels)
{
  guint64 limit = g_ascii_strtoull (max_pixels, NULL, 10);
  gboolean cancelled = FALSE;
  gint status = 0;
  gint out;

  /* The pipe is this program's alone: whatever a library prints goes to
     standard error instead.  */
  out = dup (STDOUT_FILENO);
  if (out < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return 1;
  signal (SIGPIPE, SIG_DFL);
  if (limit > 0)
    cli_image_io_set_max_pixels (limit);

  for (;;)
    {
      g_autofree gchar *path = NULL;
      gint got = cli_decoder_read_text (STDIN_FILENO, &path, &cancelled);

      if (got == 0)
        break;
      if (got < 0 || !cli_decoder_child_decode (out, path))
        {
          status = 1;
          break;
        }
      /* While it waits, the process gives back what the file took.  */
      malloc_trim (0);
    }
  close (out);
  cli_image_io_exit ();
  return status;
}
