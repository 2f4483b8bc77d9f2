/* sobolev-transfer — what every subcommand of the command uses.  */
#include "cli.h"
#include "decoder.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t cli_interrupted = 0;

static void
cli_on_signal (int signum)
{
  cli_interrupted = 1;
}

void
cli_catch_signals (void)
{
  struct sigaction action = { 0 };

  action.sa_handler = cli_on_signal;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  /* A decoder child that died while kept for the next file must fail
     the write that asks it for one, not end this process.  */
  signal (SIGPIPE, SIG_IGN);
}

gboolean
cli_cancel (gpointer user_data)
{
  return cli_interrupted != 0;
}

void
cli_print_error (const gchar *message)
{
  g_autofree gchar *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  fprintf (stderr, "sobolev-transfer: %s\n", line);
}

/* GEGL and the libraries under it (libpng, libjpeg, libtiff) print
   warnings about bad files straight to stderr; the command turns a bad
   file into one line of its own.  So stderr is pointed at /dev/null
   around GEGL calls, unless SOBOLEV_VERBOSE is set.  I/O is serialized
   anyway: one GEGL graph at a time.  */
static GMutex cli_io_lock;

static gint
cli_io_begin (void)
{
  gint saved = -1;

  g_mutex_lock (&cli_io_lock);
  if (g_getenv ("SOBOLEV_VERBOSE") == NULL)
    {
      gint null = open ("/dev/null", O_WRONLY | O_CLOEXEC);

      fflush (stderr);
      if (null >= 0)
        {
          saved = dup (STDERR_FILENO);
          if (saved >= 0)
            dup2 (null, STDERR_FILENO);
          close (null);
        }
    }
  return saved;
}

static void
cli_io_end (gint saved)
{
  if (saved >= 0)
    {
      fflush (stderr);
      dup2 (saved, STDERR_FILENO);
      close (saved);
    }
  g_mutex_unlock (&cli_io_lock);
}

CliImageReader *
cli_reader_open (const gchar *path, GError **error)
{
  gint saved = cli_io_begin ();
  CliImageReader *reader = cli_image_reader_open (path, error);

  cli_io_end (saved);
  return reader;
}

CliImage *
cli_load (const gchar *path, GError **error)
{
  g_autoptr (CliDecoder) decoder = cli_decoder_open (path, error);
  g_autoptr (CliImage) image = NULL;
  const CliImageInfo *info;

  if (decoder == NULL)
    return NULL;
  info = cli_decoder_info (decoder);
  image = cli_image_new (info->width, info->height);
  image->bit_depth = info->bit_depth;
  image->has_alpha = info->has_alpha;
  if (!cli_decoder_read (decoder, info->height, image->pixels, error)
      || !cli_decoder_finish (decoder, error))
    return NULL;
  return g_steal_pointer (&image);
}

gboolean
cli_save (const CliImage *image, const gchar *path, GError **error)
{
  gint saved = cli_io_begin ();
  gboolean ok = cli_image_save (image, path, error);

  cli_io_end (saved);
  return ok;
}

/* Rows per strip: about 16 MB of floats.  */
static guint
cli_strip_rows (const CliImageInfo *info)
{
  return (guint) CLAMP ((G_GUINT64_CONSTANT (1) << 22)
                            / ((guint64) info->width * 4),
                        1, info->height);
}

gboolean
cli_decoder_each_strip (CliDecoder *decoder, CliStripFunc func,
                        gpointer user_data, GError **error)
{
  const CliImageInfo *info = cli_decoder_info (decoder);
  guint rows = cli_strip_rows (info);
  g_autofree gfloat *strip = g_new (gfloat, (gsize) info->width * rows * 4);

  for (guint y = 0; y < info->height; y += rows)
    {
      guint n = MIN (rows, info->height - y);

      if (!cli_decoder_read (decoder, n, strip, error)
          || !func (info, y, n, strip, user_data, error))
        return FALSE;
    }
  return cli_decoder_finish (decoder, error);
}

CliImageWriter *
cli_writer_new (const gchar *path, const CliImageInfo *info, GError **error)
{
  gint saved = cli_io_begin ();
  CliImageWriter *writer = cli_image_writer_new (
      path, info->width, info->height, info->bit_depth, info->has_alpha, error);

  cli_io_end (saved);
  return writer;
}

gboolean
cli_writer_commit (CliImageWriter *writer, GError **error)
{
  gint saved = cli_io_begin ();
  gboolean ok = cli_image_writer_commit (writer, error);

  cli_io_end (saved);
  return ok;
}
