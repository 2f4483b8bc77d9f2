/* sobolev-transfer — reading and writing image files through GEGL.  */
#include "image-io.h"

#include <gegl.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sobolev-error.h"

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

/* The GEGL loader for a file, chosen from its first bytes rather than its
   name: GEGL's fallback for unknown files (gegl:magick-load) runs an
   external program and can hang on garbage.  NULL when unknown.  */
static const gchar *
image_io_load_operation (const gchar *path)
{
  static const struct
  {
    const gchar *magic;
    gsize offset, length;
    const gchar *operation;
  } magics[] = {
    { "\x89PNG\r\n\x1a\n", 0, 8, "gegl:png-load" },
    { "\xff\xd8\xff", 0, 3, "gegl:jpg-load" },
    { "II*\0", 0, 4, "gegl:tiff-load" },
    { "MM\0*", 0, 4, "gegl:tiff-load" },
    { "WEBP", 8, 4, "gegl:webp-load" },
    { "GIF8", 0, 4, "gegl:gif-load" },
    { "\x76\x2f\x31\x01", 0, 4, "gegl:exr-load" },
    { "#?RADIANCE", 0, 10, "gegl:rgbe-load" },
    { "#?RGBE", 0, 6, "gegl:rgbe-load" },
    { "P3", 0, 2, "gegl:ppm-load" },
    { "P6", 0, 2, "gegl:ppm-load" },
  };
  guchar head[16] = { 0 };
  gsize got;
  FILE *file = fopen (path, "rb");

  if (file == NULL)
    return NULL;
  got = fread (head, 1, sizeof head, file);
  fclose (file);
  /* GEGL starts only for a file that looks like an image: a wrong name on
     the command line is answered at once.  */
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (got >= magics[i].offset + magics[i].length
        && memcmp (head + magics[i].offset, magics[i].magic, magics[i].length)
               == 0)
      break;
    else if (i + 1 == G_N_ELEMENTS (magics))
      return NULL;
  sobolev_image_io_init ();
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (got >= magics[i].offset + magics[i].length
        && memcmp (head + magics[i].offset, magics[i].magic, magics[i].length)
               == 0
        && gegl_has_operation (magics[i].operation))
      return magics[i].operation;
  return NULL;
}

SobolevImage *
sobolev_image_load (const gchar *path, GError **error)
{
  GeglNode *graph, *load, *sink;
  GeglBuffer *buffer = NULL;
  const GeglRectangle *extent;
  const Babl *format;
  const gchar *operation;
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
  operation = image_io_load_operation (path);
  if (operation == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   "cannot read “%s”: not a PNG, JPEG, TIFF, WebP, GIF, "
                   "OpenEXR, RGBE or PPM image",
                   path);
      return NULL;
    }
  graph = gegl_node_new ();
  load
      = gegl_node_new_child (graph, "operation", operation, "path", path, NULL);
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

static goffset
image_io_file_size (const gchar *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : 0;
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

  if (!g_file_test (tmp, G_FILE_TEST_IS_REGULAR)
      || image_io_file_size (tmp) == 0)
    {
      g_unlink (tmp);
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO, "cannot write “%s”",
                   path);
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
