/* sobolev-transfer — reading and writing image files through GEGL.  */
#include "image-io.h"

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
#include "sobolev-error.h"

/* Larger images are refused before anything is allocated for them.  */
static guint64 image_io_max_pixels = SOBOLEV_IMAGE_DEFAULT_MAX_PIXELS;

void
sobolev_image_io_set_max_pixels (guint64 max_pixels)
{
  image_io_max_pixels = max_pixels;
}

guint64
sobolev_image_io_get_max_pixels (void)
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
                   "cannot read “%s”: the image is damaged (it claims a "
                   "size of %" G_GUINT64_FORMAT " × %" G_GUINT64_FORMAT
                   " pixels)",
                   path, width, height);
      return FALSE;
    }
  if (width * height > image_io_max_pixels)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: %" G_GUINT64_FORMAT
                   " × %" G_GUINT64_FORMAT
                   " pixels is more than the limit of %.0f "
                   "megapixels (raise it with --max-megapixels)",
                   path, width, height, image_io_max_pixels / 1e6);
      return FALSE;
    }
  return TRUE;
}

static gsize image_io_started = 0;

void
sobolev_image_io_init (void)
{
  if (g_once_init_enter (&image_io_started))
    {
      gegl_init (NULL, NULL);
      g_once_init_leave (&image_io_started, 1);
    }
}

void
sobolev_image_io_exit (void)
{
  if (g_atomic_pointer_get (&image_io_started) != 0)
    gegl_exit ();
}

SobolevImage *
sobolev_image_new (guint width, guint height)
{
  SobolevImage *image = g_new0 (SobolevImage, 1);

  image->width = width;
  image->height = height;
  image->pixels = g_new0 (gfloat, (gsize) width * height * 4);
  image->bit_depth = 8;
  return image;
}

void
sobolev_image_free (SobolevImage *image)
{
  if (image == NULL)
    return;
  g_free (image->pixels);
  g_free (image);
}

/* The file's header, read and checked before a decoder sees the file
   (image-header.h): the format chosen from the first bytes rather than
   the name (GEGL's fallback for unknown files runs an external program
   and can hang on garbage), the size against the limit, a whole file.  */
static gboolean
image_io_read_header (const gchar *path, ImageHeader *header, GError **error)
{
  g_autoptr (GError) local = NULL;
  GMappedFile *file = g_mapped_file_new (path, FALSE, &local);
  gboolean ok;

  if (file == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: %s", path, local->message);
      return FALSE;
    }
  ok = image_header_read ((const guchar *) g_mapped_file_get_contents (file),
                          g_mapped_file_get_length (file), header, &local);
  g_mapped_file_unref (file);
  if (!ok)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: %s", path, local->message);
      return FALSE;
    }
  if (header->width && header->height
      && !image_io_check_size (path, header->width, header->height, error))
    return FALSE;
  return TRUE;
}

SobolevImage *
sobolev_image_load (const gchar *path, GError **error)
{
  GeglNode *graph, *load, *sink;
  GeglBuffer *buffer = NULL;
  const GeglRectangle *extent;
  const Babl *format;
  const gchar *operation;
  ImageHeader header;
  SobolevImage *image;
  gsize n, i;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: it is a folder", path);
      return NULL;
    }
  if (g_access (path, R_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: %s", path, g_strerror (saved));
      return NULL;
    }
  if (!image_io_read_header (path, &header, error))
    return NULL;
  sobolev_image_io_init ();
  operation = image_header_load_operation (header.format);
  if (!gegl_has_operation (operation))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: this GEGL has no %s", path, operation);
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
                   "cannot read “%s”: the image is damaged", path);
      return NULL;
    }
  extent = gegl_buffer_get_extent (buffer);
  if (extent->width <= 0 || extent->height <= 0)
    {
      g_object_unref (buffer);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: the image is damaged", path);
      return NULL;
    }
  image = sobolev_image_new (extent->width, extent->height);
  format = gegl_buffer_get_format (buffer);
  image->has_alpha = babl_format_has_alpha (format);
  image->bit_depth = 8 * babl_format_get_bytes_per_pixel (format)
                     / babl_format_get_n_components (format);
  gegl_buffer_get (buffer, extent, 1.0, babl_format ("R'G'B'A float"),
                   image->pixels, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);

  /* An integer file holds colors in [0, 1]; a Y'CbCr one (JPEG) converts
     to slightly out-of-range R'G'B' in float, which a decoder to integers
     would clamp.  Do the same, so that what this tool sees is what every
     other tool sees.  Float files keep their values.  */
  if (image->bit_depth <= 16)
    {
      n = (gsize) image->width * image->height * 4;
      for (i = 0; i < n; i++)
        image->pixels[i] = CLAMP (image->pixels[i], 0.0f, 1.0f);
    }
  return image;
}

/* Flushes path to the disk; FALSE (errno set) when that fails, as it
   does when the disk filled up under buffered writes.  */
static gboolean
image_io_sync_file (const gchar *path)
{
  int fd = open (path, O_RDONLY);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* So the rename itself survives a crash.  */
static void
image_io_sync_folder (const gchar *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

/* The file a saver wrote to tmp, flushed, whole and of the image's size.  */
static gboolean
image_io_verify_written (const gchar *tmp, const SobolevImage *image,
                         const gchar *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  GMappedFile *file;
  ImageHeader header;
  gboolean ok;

  if (!g_file_test (tmp, G_FILE_TEST_IS_REGULAR) || !image_io_sync_file (tmp))
    {
      int saved = errno;

      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: %s", path,
                   saved ? g_strerror (saved) : "the file was not written");
      return FALSE;
    }
  file = g_mapped_file_new (tmp, FALSE, &local);
  if (file == NULL || g_mapped_file_get_length (file) == 0)
    {
      if (file)
        g_mapped_file_unref (file);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: nothing was written (is the disk "
                   "full?)",
                   path);
      return FALSE;
    }
  ok = image_header_read ((const guchar *) g_mapped_file_get_contents (file),
                          g_mapped_file_get_length (file), &header, &local);
  g_mapped_file_unref (file);
  if (ok && (header.width != image->width || header.height != image->height))
    ok = FALSE;
  if (!ok)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: the file came out incomplete (is the "
                   "disk full?); “%s” was left as it was",
                   path, path);
      return FALSE;
    }
  return TRUE;
}

/* Removes the temporary files of earlier runs that were killed while
   saving over path (".NAME.PID-N.tmp.EXT" whose PID is gone).  */
static void
image_io_remove_stale_temporaries (const gchar *dir, const gchar *base)
{
  g_autofree gchar *prefix = g_strdup_printf (".%s.", base);
  GDir *folder = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (folder == NULL)
    return;
  while ((name = g_dir_read_name (folder)))
    {
      const gchar *rest;
      gchar *end;
      glong pid;

      if (!g_str_has_prefix (name, prefix))
        continue;
      rest = name + strlen (prefix);
      pid = strtol (rest, &end, 10);
      if (end == rest || *end != '-' || !strstr (end, ".tmp") || pid <= 0)
        continue;
      if (kill ((pid_t) pid, 0) != 0 && errno == ESRCH)
        {
          g_autofree gchar *stale = g_build_filename (dir, name, NULL);

          g_unlink (stale);
        }
    }
  g_dir_close (folder);
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
sobolev_image_check_save_path (const gchar *path, GError **error)
{
  const gchar *operation = image_io_save_operation (path);
  g_autofree gchar *dir = g_path_get_dirname (path);

  if (operation == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: unknown file type (use .png, .jpg "
                   "or .tif)",
                   path);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: no folder “%s”", path, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: it is a folder", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
sobolev_image_save (const SobolevImage *image, const gchar *path,
                    GError **error)
{
  const gchar *operation = image_io_save_operation (path);
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_autofree gchar *base = g_path_get_basename (path);
  g_autofree gchar *tmp = NULL;
  GeglRectangle extent = { 0, 0, image->width, image->height };
  GeglBuffer *buffer;
  GeglNode *graph, *source, *save;
  const Babl *format;
  const gchar *type = image->bit_depth > 8 ? "u16" : "u8";
  g_autofree gchar *format_name = NULL;
  static gint save_count = 0;

  sobolev_image_io_init ();
  if (!sobolev_image_check_save_path (path, error))
    return FALSE;
  if (image->bit_depth > 16 && strcmp (operation, "gegl:tiff-save") == 0)
    type = "float";
  format_name
      = g_strdup_printf ("R'G'B'%s %s", image->has_alpha ? "A" : "", type);
  format = babl_format (format_name);
  buffer = gegl_buffer_new (&extent, format);
  gegl_buffer_set (buffer, &extent, 0, babl_format ("R'G'B'A float"),
                   image->pixels, GEGL_AUTO_ROWSTRIDE);

  image_io_remove_stale_temporaries (dir, base);
  /* Keep the real extension last: GEGL's savers look at it.  */
  tmp = g_strdup_printf ("%s/.%s.%u-%d.tmp%s", dir, base, (guint) getpid (),
                         g_atomic_int_add (&save_count, 1),
                         strrchr (path, '.'));
  graph = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", operation, "path", tmp, NULL);
  if (strcmp (operation, "gegl:png-save") == 0)
    gegl_node_set (save, "bitdepth", image->bit_depth > 8 ? 16 : 8, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_object_unref (graph);
  g_object_unref (buffer);

  /* GEGL's savers do not report failed writes (a full disk leaves a cut
     file behind them): the file on disk is checked instead, after it
     reached the disk, and only a whole one replaces path.  */
  if (!image_io_verify_written (tmp, image, path, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }
  image_io_sync_folder (dir);
  return TRUE;
}
