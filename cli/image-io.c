/* sobolev-transfer — reading and writing image files through GEGL.  */
#include "image-io.h"
#include <glib/gi18n.h>

#include <gegl.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image-header.h"
#include "large-buffer.h"
#include "safe-file.h"
#include "sobolev-error.h"

/* Larger images are refused before anything is allocated for them.  */
static guint64 image_io_max_pixels = SOBOLEV_IMAGE_DEFAULT_MAX_PIXELS;

void
cli_image_io_set_max_pixels (guint64 max_pixels)
{
  image_io_max_pixels = max_pixels;
}

guint64
cli_image_io_get_max_pixels (void)
{
  return image_io_max_pixels;
}

static gboolean
image_io_check_size (const gchar *path, guint64 width, guint64 height,
                     GError **error)
{
  if (width == 0 || height == 0 || width > G_MAXINT || height > G_MAXINT)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: the image is damaged (it claims a "
                      "size of %llu × %llu pixels)"),
                   path, (unsigned long long) width,
                   (unsigned long long) height);
      return FALSE;
    }
  if (width * height > image_io_max_pixels)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %llu × %llu pixels is more than the "
                      "limit of %.0f megapixels (raise it with "
                      "--max-megapixels)"),
                   path, (unsigned long long) width,
                   (unsigned long long) height, image_io_max_pixels / 1e6);
      return FALSE;
    }
  return TRUE;
}

static gsize image_io_started = 0;

/* Whether a folder of module links can stand for GEGL's own: it holds
   the common operations and no link is left dangling (GEGL was
   upgraded and renamed a module).  */
static gboolean
image_io_modules_usable (const gchar *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree gchar *common = g_build_filename (folder, "gegl-common.so", NULL);
  const gchar *name;

  if (dir == NULL || !g_file_test (common, G_FILE_TEST_EXISTS))
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree gchar *path = g_build_filename (folder, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return FALSE;
    }
  return TRUE;
}

/* Points GEGL at the folder of the few modules image files need
   (build-aux/gegl-module-links): loading every module GEGL has cost
   most of half a second in each process that reads or writes an image,
   and the decoder children inherit the choice.  A GEGL_PATH the user
   set is kept.  */
static void
image_io_choose_modules (void)
{
  const gchar *folders[]
      = { SOBOLEV_GEGL_MODULES_INSTALLED, SOBOLEV_GEGL_MODULES_BUILD };

  if (g_getenv ("GEGL_PATH") != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    if (image_io_modules_usable (folders[i]))
      {
        g_setenv ("GEGL_PATH", folders[i], TRUE);
        return;
      }
}

/* babl reads its cache of conversions (babl/babl-fishes in the user's
   cache folder) when it starts, and for the 8-bit conversions GIMP
   leaves there babl 0.1.98 times lookup tables at every start: it
   writes 256 MB and takes about half a second of each process.  The
   command's processes need a few conversions, which babl finds again in
   milliseconds, so they do not read the cache (BABL_INHIBIT_CACHE).
   babl still writes what it found when it exits: into a cache folder of
   the command's own, so that the one GIMP reads keeps GIMP's
   conversions.  The decoder children inherit both; a BABL_INHIBIT_CACHE
   the user set leaves everything as it is.  */
static void
image_io_skip_babl_cache (void)
{
  g_autofree gchar *own = NULL;

  if (g_getenv ("BABL_INHIBIT_CACHE") != NULL)
    return;
  own = g_build_filename (g_get_user_cache_dir (), "sobolev-transfer", NULL);
  g_setenv ("XDG_CACHE_HOME", own, TRUE);
  g_setenv ("BABL_INHIBIT_CACHE", "1", TRUE);
}

void
cli_image_io_init (void)
{
  if (g_once_init_enter (&image_io_started))
    {
      image_io_choose_modules ();
      image_io_skip_babl_cache ();
      gegl_init (NULL, NULL);
      g_once_init_leave (&image_io_started, 1);
    }
}

void
cli_image_io_exit (void)
{
  if (g_atomic_pointer_get (&image_io_started) != 0)
    gegl_exit ();
}

CliImage *
cli_image_new (guint width, guint height)
{
  CliImage *image = g_new0 (CliImage, 1);

  image->width = width;
  image->height = height;
  image->pixels = sobolev_large_new0 (gfloat, (gsize) width * height * 4);
  image->bit_depth = 8;
  return image;
}

void
cli_image_free (CliImage *image)
{
  if (image == NULL)
    return;
  g_free (image->pixels);
  g_free (image);
}

/* The GEGL operation that loads format.  */
static const gchar *
image_io_load_operation (SobolevImageFormat format)
{
  switch (format)
    {
    case SOBOLEV_IMAGE_FORMAT_PNG:
      return "gegl:png-load";
    case SOBOLEV_IMAGE_FORMAT_JPEG:
      return "gegl:jpg-load";
    case SOBOLEV_IMAGE_FORMAT_TIFF:
      return "gegl:tiff-load";
    case SOBOLEV_IMAGE_FORMAT_WEBP:
      return "gegl:webp-load";
    case SOBOLEV_IMAGE_FORMAT_GIF:
      return "gegl:gif-load";
    case SOBOLEV_IMAGE_FORMAT_EXR:
      return "gegl:exr-load";
    case SOBOLEV_IMAGE_FORMAT_RGBE:
      return "gegl:rgbe-load";
    case SOBOLEV_IMAGE_FORMAT_PPM:
      return "gegl:ppm-load";
    case SOBOLEV_IMAGE_FORMAT_UNKNOWN:
    default:
      return NULL;
    }
}

/* The file's header, read and checked before a decoder sees the file
   (image-header.h): the format chosen from the first bytes rather than
   the name (GEGL's fallback for unknown files runs an external program
   and can hang on garbage), the size against the limit, a whole file.  */
static gboolean
image_io_read_header (const gchar *path, SobolevImageHeader *header,
                      GError **error)
{
  g_autoptr (GError) local = NULL;
  GMappedFile *file = g_mapped_file_new (path, FALSE, &local);
  gboolean ok;

  if (file == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %s"), path, local->message);
      return FALSE;
    }
  ok = sobolev_image_header_read (
      (const guchar *) g_mapped_file_get_contents (file),
      g_mapped_file_get_length (file), header, &local);
  g_mapped_file_unref (file);
  if (!ok)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %s"), path, local->message);
      return FALSE;
    }
  if (header->width && header->height
      && !image_io_check_size (path, header->width, header->height, error))
    return FALSE;
  return TRUE;
}

guint64
cli_image_peek_pixels (const gchar *path)
{
  GMappedFile *file = g_mapped_file_new (path, FALSE, NULL);
  SobolevImageHeader header = { 0 };
  gboolean ok;

  if (file == NULL)
    return 0;
  ok = sobolev_image_header_read (
      (const guchar *) g_mapped_file_get_contents (file),
      g_mapped_file_get_length (file), &header, NULL);
  g_mapped_file_unref (file);
  return ok ? header.width * header.height : 0;
}

struct _CliImageReader
{
  GeglBuffer *buffer;
  CliImageInfo info;
  const Babl *integer; /* the file's own format when read as integers */
};

/* babl picks among equivalent conversion paths by timing them, and
   their roundings differ in the last bit: integer pixels are moved as
   integers, and turned into floats and back here, so that the same file
   gives the same bytes whatever babl chose or has cached.  */

/* The file's own format when it is R'G'B' or Y' (with or without
   alpha) in 8- or 16-bit integers, which are read as they are (a
   conversion to another integer format would be one of babl's timed
   paths as well); else NULL.  */
static const Babl *
image_io_integer_format (const Babl *format)
{
  static const gchar *const names[]
      = { "R'G'B' u8",  "R'G'B'A u8",  "Y' u8",  "Y'A u8",
          "R'G'B' u16", "R'G'B'A u16", "Y' u16", "Y'A u16" };
  const gchar *name = babl_get_name (format);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return format;
  return NULL;
}

/* n pixels of format (image_io_integer_format's), at the start of
   pixels, to RGBA floats in [0, 1] in place.  */
static void
image_io_integers_to_floats (const Babl *format, gfloat *pixels, gsize n)
{
  const guint components = babl_format_get_n_components (format);
  const guint bytes = babl_format_get_bytes_per_pixel (format) / components;
  const gboolean alpha = babl_format_has_alpha (format);

  /* From the last pixel: each float pixel is wider than its integers.  */
  for (gsize i = n; i-- > 0;)
    {
      gfloat v[4];

      for (guint c = 0; c < components; c++)
        {
          const gsize k = i * components + c;

          v[c] = (bytes == 1 ? ((const guint8 *) pixels)[k]
                             : ((const guint16 *) pixels)[k])
                 / (bytes == 1 ? 255.0f : 65535.0f);
        }
      if (components <= 2) /* gray: the value thrice, then alpha */
        {
          v[3] = alpha ? v[1] : 1.0f;
          v[1] = v[2] = v[0];
        }
      else if (!alpha)
        v[3] = 1.0f;
      memcpy (pixels + i * 4, v, sizeof v);
    }
}

CliImageReader *
cli_image_reader_open (const gchar *path, GError **error)
{
  GeglNode *graph, *load, *sink;
  GeglBuffer *buffer = NULL;
  const GeglRectangle *extent;
  const Babl *format;
  const gchar *operation;
  SobolevImageHeader header;
  CliImageReader *reader;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: it is a folder"), path);
      return NULL;
    }
  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (!image_io_read_header (path, &header, error))
    return NULL;
  cli_image_io_init ();
  operation = image_io_load_operation (header.format);
  if (!gegl_has_operation (operation))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: this GEGL has no %s"), path,
                   operation);
      return NULL;
    }
  graph = gegl_node_new ();
  load
      = gegl_node_new_child (graph, "operation", operation, "path", path, NULL);
  /* A header this tool does not parse is asked of the decoder (which
     reads only the header for this), still before the pixels.  */
  if (!header.width || !header.height)
    {
      GeglRectangle box = gegl_node_get_bounding_box (load);

      if (!image_io_check_size (path, MAX (box.width, 0), MAX (box.height, 0),
                                error))
        {
          g_object_unref (graph);
          return NULL;
        }
    }
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer",
                              &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);

  if (buffer == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot read “%s”: the image is damaged"), path);
      return NULL;
    }
  extent = gegl_buffer_get_extent (buffer);
  if (extent->width <= 0 || extent->height <= 0
      || !image_io_check_size (path, extent->width, extent->height, error))
    {
      g_object_unref (buffer);
      if (error != NULL && *error == NULL)
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                     _ ("cannot read “%s”: the image is damaged"), path);
      return NULL;
    }
  reader = g_new0 (CliImageReader, 1);
  reader->buffer = buffer;
  reader->info.width = extent->width;
  reader->info.height = extent->height;
  format = gegl_buffer_get_format (buffer);
  reader->info.has_alpha = babl_format_has_alpha (format);
  reader->info.bit_depth = 8 * babl_format_get_bytes_per_pixel (format)
                           / babl_format_get_n_components (format);
  reader->integer = image_io_integer_format (format);
  return reader;
}

const CliImageInfo *
cli_image_reader_info (const CliImageReader *reader)
{
  return &reader->info;
}

void
cli_image_reader_read (CliImageReader *reader, guint y, guint n_rows,
                       gfloat *pixels)
{
  const GeglRectangle *extent = gegl_buffer_get_extent (reader->buffer);
  GeglRectangle rows
      = { extent->x, extent->y + (gint) y, extent->width, (gint) n_rows };

  g_return_if_fail (y + n_rows <= reader->info.height);

  /* An integer file holds colors in [0, 1]; a Y'CbCr one (JPEG) converts
     to slightly out-of-range R'G'B' in float, which a decoder to integers
     would clamp.  Do the same, so that what this tool sees is what every
     other tool sees.  Float files keep their values.  */
  if (reader->integer)
    {
      gegl_buffer_get (reader->buffer, &rows, 1.0, reader->integer, pixels,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      image_io_integers_to_floats (reader->integer, pixels,
                                   (gsize) reader->info.width * n_rows);
    }
  else
    {
      gsize n = (gsize) reader->info.width * n_rows * 4;

      gegl_buffer_get (reader->buffer, &rows, 1.0,
                       babl_format ("R'G'B'A float"), pixels,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      if (reader->info.bit_depth <= 16)
        for (gsize i = 0; i < n; i++)
          pixels[i] = CLAMP (pixels[i], 0.0f, 1.0f);
    }
}

void
cli_image_reader_free (CliImageReader *reader)
{
  if (reader == NULL)
    return;
  g_object_unref (reader->buffer);
  g_free (reader);
}

CliImage *
cli_image_load (const gchar *path, GError **error)
{
  g_autoptr (CliImageReader) reader = NULL;
  CliImage *image;

  reader = cli_image_reader_open (path, error);
  if (reader == NULL)
    return NULL;
  image = cli_image_new (reader->info.width, reader->info.height);
  image->bit_depth = reader->info.bit_depth;
  image->has_alpha = reader->info.has_alpha;
  cli_image_reader_read (reader, 0, reader->info.height, image->pixels);
  return image;
}

/* The file a saver wrote to tmp, whole and of the given size.  */
static gboolean
image_io_verify_written (const gchar *tmp, guint width, guint height,
                         const gchar *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  GMappedFile *file;
  SobolevImageHeader header;
  gboolean ok;

  if (!g_file_test (tmp, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot write “%s”: the file was not written"), path);
      return FALSE;
    }
  file = g_mapped_file_new (tmp, FALSE, &local);
  if (file == NULL || g_mapped_file_get_length (file) == 0)
    {
      if (file)
        g_mapped_file_unref (file);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot write “%s”: nothing was written (is the disk "
                      "full?)"),
                   path);
      return FALSE;
    }
  ok = sobolev_image_header_read (
      (const guchar *) g_mapped_file_get_contents (file),
      g_mapped_file_get_length (file), &header, &local);
  g_mapped_file_unref (file);
  if (ok && (header.width != width || header.height != height))
    ok = FALSE;
  if (!ok)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot write “%s”: the file came out incomplete (is the "
                      "disk full?); “%s” was left as it was"),
                   path, path);
      return FALSE;
    }
  return TRUE;
}

static const gchar *
image_io_save_operation (const gchar *path)
{
  const gchar *dot = strrchr (path, '.');

  if (dot == NULL)
    return NULL;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return "gegl:png-save";
  if (g_ascii_strcasecmp (dot, ".jpg") == 0
      || g_ascii_strcasecmp (dot, ".jpeg") == 0)
    return "gegl:jpg-save";
  if (g_ascii_strcasecmp (dot, ".tif") == 0
      || g_ascii_strcasecmp (dot, ".tiff") == 0)
    return "gegl:tiff-save";
  return NULL;
}

gboolean
cli_image_check_save_path (const gchar *path, GError **error)
{
  g_autofree gchar *target = NULL;

  if (image_io_save_operation (path) == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("cannot write “%s”: unknown file type (use .png, .jpg "
                      "or .tif)"),
                   path);
      return FALSE;
    }
  target = sobolev_safe_file_target (path, error);
  return target != NULL;
}

struct _CliImageWriter
{
  gchar *path;   /* as the caller named it, for messages */
  gchar *target; /* where it is written: path through its links */
  GeglBuffer *buffer;
  guint width, height, bit_depth;
};

CliImageWriter *
cli_image_writer_new (const gchar *path, guint width, guint height,
                      guint bit_depth, gboolean has_alpha, GError **error)
{
  const gchar *operation = image_io_save_operation (path);
  GeglRectangle extent = { 0, 0, width, height };
  const gchar *type = bit_depth > 8 ? "u16" : "u8";
  g_autofree gchar *format_name = NULL;
  g_autofree gchar *target = NULL;
  CliImageWriter *writer;

  cli_image_io_init ();
  if (!cli_image_check_save_path (path, error))
    return NULL;
  /* A symbolic link is written through (safe-file.h).  */
  target = sobolev_safe_file_target (path, error);
  if (target == NULL)
    return NULL;
  if (bit_depth > 16 && strcmp (operation, "gegl:tiff-save") == 0)
    type = "float";
  format_name = g_strdup_printf ("R'G'B'%s %s", has_alpha ? "A" : "", type);
  writer = g_new0 (CliImageWriter, 1);
  writer->path = g_strdup (path);
  writer->target = g_steal_pointer (&target);
  /* The pixels wait in the file's own format (a quarter of the floats
     at 8 bits), converted as each strip comes.  */
  writer->buffer = gegl_buffer_new (&extent, babl_format (format_name));
  writer->width = width;
  writer->height = height;
  writer->bit_depth = bit_depth;
  return writer;
}

void
cli_image_writer_write (CliImageWriter *writer, guint y, guint n_rows,
                        const gfloat *pixels)
{
  GeglRectangle rows = { 0, (gint) y, writer->width, (gint) n_rows };
  const Babl *format = gegl_buffer_get_format (writer->buffer);
  const guint channels = babl_format_get_n_components (format);
  const guint bytes = babl_format_get_bytes_per_pixel (format) / channels;

  g_return_if_fail (y + n_rows <= writer->height);
  if (bytes <= 2)
    {
      /* Rounded to the buffer's own integers here: babl then only
         copies them.  */
      const gsize n = (gsize) writer->width * n_rows;
      const gboolean wide = bytes == 2;
      const gfloat top = wide ? 65535.0f : 255.0f;
      gpointer out = g_malloc (n * channels * (wide ? 2 : 1));

      for (gsize i = 0; i < n; i++)
        for (guint c = 0; c < channels; c++)
          {
            const gfloat v = CLAMP (pixels[i * 4 + c], 0.0f, 1.0f) * top + 0.5f;

            if (wide)
              ((guint16 *) out)[i * channels + c] = (guint16) v;
            else
              ((guint8 *) out)[i * channels + c] = (guint8) v;
          }
      gegl_buffer_set (writer->buffer, &rows, 0, format, out,
                       GEGL_AUTO_ROWSTRIDE);
      g_free (out);
    }
  else
    gegl_buffer_set (writer->buffer, &rows, 0, babl_format ("R'G'B'A float"),
                     pixels, GEGL_AUTO_ROWSTRIDE);
}

gboolean
cli_image_writer_commit (CliImageWriter *writer, GError **error)
{
  const gchar *operation = image_io_save_operation (writer->path);
  g_autofree gchar *tmp = NULL;
  GeglNode *graph, *source, *save;

  /* Keeps the real extension last: GEGL's savers look at it.  */
  tmp = sobolev_safe_file_temporary (writer->target);
  graph = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                "buffer", writer->buffer, NULL);
  save = gegl_node_new_child (graph, "operation", operation, "path", tmp, NULL);
  if (strcmp (operation, "gegl:png-save") == 0)
    gegl_node_set (save, "bitdepth", writer->bit_depth > 8 ? 16 : 8, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_object_unref (graph);
  g_clear_object (&writer->buffer);

  /* GEGL's savers do not report failed writes (a full disk leaves a cut
     file behind them): the file on disk is checked instead, after it
     reached the disk, and only a whole one replaces the target.  */
  if (!image_io_verify_written (tmp, writer->width, writer->height,
                                writer->path, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  return sobolev_safe_file_commit (tmp, writer->target, writer->path, error);
}

void
cli_image_writer_free (CliImageWriter *writer)
{
  if (writer == NULL)
    return;
  g_clear_object (&writer->buffer);
  g_free (writer->target);
  g_free (writer->path);
  g_free (writer);
}

gboolean
cli_image_save (const CliImage *image, const gchar *path, GError **error)
{
  g_autoptr (CliImageWriter) writer
      = cli_image_writer_new (path, image->width, image->height,
                              image->bit_depth, image->has_alpha, error);

  if (writer == NULL)
    return FALSE;
  cli_image_writer_write (writer, 0, image->height, image->pixels);
  return cli_image_writer_commit (writer, error);
}
