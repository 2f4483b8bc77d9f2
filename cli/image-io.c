/* sobolev-transfer — reading and writing image files through GEGL.  */
#include "image-io.h"

#include <gegl.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sobolev-error.h"

void
sobolev_image_io_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      gegl_init (NULL, NULL);
      g_once_init_leave (&once, 1);
    }
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

SobolevImage *
sobolev_image_load (const gchar *path, GError **error)
{
  GeglNode *graph, *load, *sink;
  GeglBuffer *buffer = NULL;
  const GeglRectangle *extent;
  const Babl *format;
  SobolevImage *image;

  sobolev_image_io_init ();
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: no such file", path);
      return NULL;
    }
  graph = gegl_node_new ();
  load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path,
                              NULL);
  sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink",
                              "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);

  if (buffer == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: not an image GEGL can load", path);
      return NULL;
    }
  extent = gegl_buffer_get_extent (buffer);
  if (extent->width <= 0 || extent->height <= 0)
    {
      g_object_unref (buffer);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: not an image GEGL can load", path);
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
  return image;
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

  sobolev_image_io_init ();
  if (operation == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”: unknown file type (use .png, .jpg "
                   "or .tif)",
                   path);
      return FALSE;
    }
  if (image->bit_depth > 16 && strcmp (operation, "gegl:tiff-save") == 0)
    type = "float";
  format_name = g_strdup_printf ("R'G'B'%s %s", image->has_alpha ? "A" : "",
                                 type);
  format = babl_format (format_name);
  buffer = gegl_buffer_new (&extent, format);
  gegl_buffer_set (buffer, &extent, 0, babl_format ("R'G'B'A float"),
                   image->pixels, GEGL_AUTO_ROWSTRIDE);

  /* Keep the real extension last: GEGL's savers look at it.  */
  tmp = g_strdup_printf ("%s/.%s.%u.tmp%s", dir, base, (guint) getpid (),
                         strrchr (path, '.'));
  graph = gegl_node_new ();
  source = gegl_node_new_child (graph, "operation", "gegl:buffer-source",
                                "buffer", buffer, NULL);
  save = gegl_node_new_child (graph, "operation", operation, "path", tmp,
                              NULL);
  if (strcmp (operation, "gegl:png-save") == 0)
    gegl_node_set (save, "bitdepth", image->bit_depth > 8 ? 16 : 8, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_object_unref (graph);
  g_object_unref (buffer);

  if (!g_file_test (tmp, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot write “%s”", path);
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
  return TRUE;
}
