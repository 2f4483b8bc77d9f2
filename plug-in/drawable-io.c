/* sobolev-transfer — GIMP drawables in and out of the core.  */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "drawable-io.h"

/* Pixels are moved in strips of whole tile rows, a few tens of MB each:
   big enough that the LUT's threads have work, small enough that a 100 MP
   float layer never sits in memory twice.  */
#define STRIP_BYTES (32 << 20)
#define STRIP_ALIGN 64

/* Largest source region kept in memory between reading and writing;
   SOBOLEV_KEEP_BYTES overrides it (0 makes every run stream, which is how
   the host tests cover that path).  */
#define KEEP_BYTES ((gsize) 768 << 20)

static gsize
keep_bytes (void)
{
  const gchar *env = g_getenv ("SOBOLEV_KEEP_BYTES");

  return env ? g_ascii_strtoull (env, NULL, 10) : KEEP_BYTES;
}

/* How pixels of a drawable are read and written.  */
typedef struct
{
  const Babl *format;
  SobolevPixelType type;
  guint channels;
  guint bpp;
} PixelLayout;

static const gchar *
role_name (SobolevDrawableRole role)
{
  return role == SOBOLEV_DRAWABLE_SOURCE ? _ ("layer to recolor")
                                         : _ ("reference layer");
}

gboolean
sobolev_drawable_check (gint32 drawable_id, SobolevDrawableRole role,
                        GError **error)
{
  const gchar *what = role_name (role);
  gchar *name;

  if (drawable_id < 0 || !gimp_item_is_valid (drawable_id))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s (ID %d) does not exist: it was closed or "
                      "deleted, or the ID is wrong"),
                   what, drawable_id);
      return FALSE;
    }
  if (gimp_item_is_layer_mask (drawable_id)
      || gimp_item_is_channel (drawable_id)
      || !gimp_item_is_layer (drawable_id))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s (ID %d) is not a layer: it is a channel, a "
                      "layer mask or a path"),
                   what, drawable_id);
      return FALSE;
    }

  name = gimp_item_get_name (drawable_id);
  if (gimp_item_is_group (drawable_id))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s \"%s\" is a layer group; choose one of its "
                      "layers"),
                   what, name);
      g_free (name);
      return FALSE;
    }
  if (role == SOBOLEV_DRAWABLE_SOURCE)
    {
      if (!gimp_drawable_is_rgb (drawable_id))
        {
          /* Recoloring toward a color reference cannot be written back
             to a gray or indexed layer without losing the colors it
             computed, so say so rather than pretend.  */
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       _ ("The layer \"%s\" is %s; Sobolev Color Transfer "
                          "recolors RGB layers only.  Convert the image "
                          "with Image ▸ Mode ▸ RGB first"),
                       name,
                       gimp_drawable_is_gray (drawable_id) ? _ ("grayscale")
                                                           : _ ("indexed"));
          g_free (name);
          return FALSE;
        }
      if (gimp_item_get_lock_content (drawable_id))
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       _ ("The pixels of layer \"%s\" are locked"), name);
          g_free (name);
          return FALSE;
        }
    }
  g_free (name);
  return TRUE;
}

/* Integer sRGB layers are read and written in their own format, which
   the core handles directly: no conversion, and pixels the LUT leaves
   alone come back bit for bit.  Everything else (linear, half, double,
   other profiles, gray, indexed) goes through float R'G'B'A in sRGB,
   which babl converts both ways.  */
static PixelLayout
pixel_layout (gint32 drawable_id)
{
  const Babl *native = gimp_drawable_get_format (drawable_id);
  gboolean alpha = gimp_drawable_has_alpha (drawable_id);
  PixelLayout layout;

  layout.format = babl_format (alpha ? "R'G'B'A u8" : "R'G'B' u8");
  layout.type = SOBOLEV_PIXEL_U8;
  layout.channels = alpha ? 4 : 3;
  if (native == layout.format)
    {
      layout.bpp = layout.channels;
      return layout;
    }
  layout.format = babl_format (alpha ? "R'G'B'A u16" : "R'G'B' u16");
  layout.type = SOBOLEV_PIXEL_U16;
  if (native == layout.format)
    {
      layout.bpp = layout.channels * 2;
      return layout;
    }
  layout.format = babl_format ("R'G'B'A float");
  layout.type = SOBOLEV_PIXEL_FLOAT;
  layout.channels = 4;
  layout.bpp = 16;
  return layout;
}

static gint
strip_rows (gint width, guint bpp)
{
  gsize row = (gsize) MAX (width, 1) * bpp;
  gint rows = (gint) MAX ((gsize) 1, STRIP_BYTES / row);

  if (rows > STRIP_ALIGN)
    rows -= rows % STRIP_ALIGN;
  return rows;
}

/* The selection buffer when the drawable's image has a non-empty
   selection, with the layer's offsets in *ox, *oy; else NULL.  */
static GeglBuffer *
selection_buffer (gint32 drawable_id, gint *ox, gint *oy)
{
  gint32 image_id = gimp_item_get_image (drawable_id);

  if (image_id < 0 || gimp_selection_is_empty (image_id))
    return NULL;
  gimp_drawable_offsets (drawable_id, ox, oy);
  return gimp_drawable_get_buffer (gimp_image_get_selection (image_id));
}

SobolevCloud *
sobolev_drawable_cloud_full (gint32 drawable_id, gboolean use_selection,
                             guint bits, SobolevDrawableProgress progress,
                             gpointer user_data, GError **error)
{
  g_autoptr (SobolevHistogram) hist = NULL;
  GeglBuffer *buffer, *selection = NULL;
  PixelLayout layout;
  SobolevCloud *cloud;
  gint width, height, rows, y, ox = 0, oy = 0;
  guint8 *pixels;
  gfloat *mask = NULL;
  GError *local = NULL;
  gboolean ok = TRUE, selected;

  if (!sobolev_drawable_check (drawable_id, SOBOLEV_DRAWABLE_REFERENCE, error))
    return NULL;
  hist = sobolev_histogram_new (bits, error);
  if (!hist)
    return NULL;

  buffer = gimp_drawable_get_buffer (drawable_id);
  width = gegl_buffer_get_width (buffer);
  height = gegl_buffer_get_height (buffer);
  layout = pixel_layout (drawable_id);
  if (use_selection)
    selection = selection_buffer (drawable_id, &ox, &oy);
  selected = selection != NULL;

  rows = strip_rows (width, layout.bpp);
  pixels = g_try_malloc ((gsize) width * rows * layout.bpp);
  if (selection)
    mask = g_try_malloc ((gsize) width * rows * sizeof (gfloat));
  if (!pixels || (selection && !mask))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                   _ ("Out of memory reading the layer"));
      ok = FALSE;
    }

  for (y = 0; ok && y < height; y += rows)
    {
      gint n = MIN (rows, height - y);
      GeglRectangle rect = { 0, y, width, n };

      gegl_buffer_get (buffer, &rect, 1.0, layout.format, pixels,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      if (selection)
        {
          GeglRectangle srect = { ox, oy + y, width, n };

          gegl_buffer_get (selection, &srect, 1.0, babl_format ("Y float"),
                           mask, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
        }
      ok = sobolev_histogram_add_pixels (hist, pixels, layout.type,
                                         layout.channels, (gsize) width * n,
                                         mask, &local);
      if (progress)
        progress ((gdouble) (y + n) / height, user_data);
    }

  g_free (pixels);
  g_free (mask);
  g_clear_object (&selection);
  g_object_unref (buffer);

  if (local)
    {
      gchar *name = gimp_item_get_name (drawable_id);

      g_propagate_prefixed_error (error, local, _ ("Layer \"%s\": "), name);
      g_free (name);
      return NULL;
    }
  if (!ok)
    return NULL;

  cloud = sobolev_histogram_to_cloud (hist, &local);
  if (!cloud)
    {
      gchar *name = gimp_item_get_name (drawable_id);

      if (g_error_matches (local, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD))
        {
          if (selected)
            g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                         _ ("The selection covers no visible pixel of layer "
                            "\"%s\": there are no colors to work with"),
                         name);
          else
            g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                         _ ("Layer \"%s\" is fully transparent: it has no "
                            "colors to work with"),
                         name);
          g_error_free (local);
        }
      else
        {
          g_propagate_prefixed_error (error, local, _ ("Layer \"%s\": "), name);
        }
      g_free (name);
    }
  return cloud;
}

SobolevCloud *
sobolev_drawable_cloud (gint32 drawable_id, gboolean use_selection, guint bits,
                        GError **error)
{
  return sobolev_drawable_cloud_full (drawable_id, use_selection, bits, NULL,
                                      NULL, error);
}

gboolean
sobolev_drawable_apply_lut_full (gint32 drawable_id, const SobolevLut *lut,
                                 SobolevDrawableProgress progress,
                                 gpointer user_data, GError **error)
{
  GeglBuffer *buffer, *shadow;
  PixelLayout layout;
  gint x, y, width, height, rows, row;
  guint8 *pixels;

  g_return_val_if_fail (lut != NULL, FALSE);

  if (!sobolev_drawable_check (drawable_id, SOBOLEV_DRAWABLE_SOURCE, error))
    return FALSE;
  if (!gimp_drawable_mask_intersect (drawable_id, &x, &y, &width, &height)
      || width <= 0 || height <= 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The selection does not touch the layer: nothing to "
                      "recolor"));
      return FALSE;
    }

  layout = pixel_layout (drawable_id);
  rows = strip_rows (width, layout.bpp);
  pixels = g_try_malloc ((gsize) width * rows * layout.bpp);
  if (!pixels)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                   _ ("Out of memory recoloring the layer"));
      return FALSE;
    }

  buffer = gimp_drawable_get_buffer (drawable_id);
  shadow = gimp_drawable_get_shadow_buffer (drawable_id);
  for (row = 0; row < height; row += rows)
    {
      gint n = MIN (rows, height - row);
      GeglRectangle rect = { x, y + row, width, n };
      gsize stride = (gsize) width * layout.bpp;

      gegl_buffer_get (buffer, &rect, 1.0, layout.format, pixels, stride,
                       GEGL_ABYSS_NONE);
      /* The whole rectangle is mapped; the merge below blends it with
         the selection, as GIMP's own filters do.  */
      sobolev_lut_apply (lut, layout.type, layout.channels, pixels, stride,
                         pixels, stride, width, n, NULL, 0);
      gegl_buffer_set (shadow, &rect, 0, layout.format, pixels, stride);
      if (progress)
        progress ((gdouble) (row + n) / height, user_data);
    }
  g_free (pixels);

  gegl_buffer_flush (shadow);
  g_object_unref (shadow);
  g_object_unref (buffer);

  /* The only step that touches the image: one merge, one undo step.  */
  if (!gimp_drawable_merge_shadow (drawable_id, TRUE))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("GIMP refused to write the result: %s"),
                   gimp_get_pdb_error ());
      gimp_drawable_free_shadow (drawable_id);
      return FALSE;
    }
  gimp_drawable_update (drawable_id, x, y, width, height);
  return TRUE;
}

gboolean
sobolev_drawable_apply_lut (gint32 drawable_id, const SobolevLut *lut,
                            GError **error)
{
  return sobolev_drawable_apply_lut_full (drawable_id, lut, NULL, NULL, error);
}

struct _SobolevDrawablePixels
{
  gint32 drawable_id;
  GeglRectangle rect; /* drawable coordinates */
  PixelLayout layout;
  guint8 *pixels;    /* rect's pixels in layout, or NULL: stream */
  gfloat *mask;      /* the selection over rect, or NULL: none */
  gboolean selected; /* the image has a selection */
};

SobolevDrawablePixels *
sobolev_drawable_pixels_read (gint32 drawable_id,
                              SobolevDrawableProgress progress,
                              gpointer user_data, GError **error)
{
  SobolevDrawablePixels *dp;
  GeglBuffer *buffer, *selection;
  gint x, y, width, height, ox = 0, oy = 0, rows, row;
  gsize stride, bytes;

  if (!sobolev_drawable_check (drawable_id, SOBOLEV_DRAWABLE_SOURCE, error))
    return NULL;
  if (!gimp_drawable_mask_intersect (drawable_id, &x, &y, &width, &height)
      || width <= 0 || height <= 0)
    {
      gchar *name = gimp_item_get_name (drawable_id);

      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The selection covers no pixel of layer \"%s\": "
                      "there are no colors to work with"),
                   name);
      g_free (name);
      return NULL;
    }

  dp = g_new0 (SobolevDrawablePixels, 1);
  dp->drawable_id = drawable_id;
  dp->rect = (GeglRectangle){ x, y, width, height };
  dp->layout = pixel_layout (drawable_id);
  if (g_getenv ("SOBOLEV_TIMING"))
    g_printerr ("sobolev-transfer: layer %s, read as %s\n",
                babl_get_name (gimp_drawable_get_format (drawable_id)),
                babl_get_name (dp->layout.format));
  selection = selection_buffer (drawable_id, &ox, &oy);
  dp->selected = selection != NULL;

  /* Pixels outside the selection's bounds weigh nothing and do not
     change, so the bounds are all a run needs.  */
  stride = (gsize) width * dp->layout.bpp;
  bytes = stride * height
          + (selection ? (gsize) width * height * sizeof (gfloat) : 0);
  if (bytes <= keep_bytes ())
    {
      dp->pixels = g_try_malloc (stride * height);
      if (selection)
        dp->mask = g_try_malloc ((gsize) width * height * sizeof (gfloat));
      if (!dp->pixels || (selection && !dp->mask))
        g_clear_pointer (&dp->pixels, g_free);
    }
  if (!dp->pixels)
    {
      g_clear_pointer (&dp->mask, g_free);
      g_clear_object (&selection);
      return dp;
    }

  buffer = gimp_drawable_get_buffer (drawable_id);
  rows = strip_rows (width, dp->layout.bpp);
  for (row = 0; row < height; row += rows)
    {
      gint n = MIN (rows, height - row);

      gegl_buffer_get (buffer, GEGL_RECTANGLE (x, y + row, width, n), 1.0,
                       dp->layout.format, dp->pixels + stride * row, stride,
                       GEGL_ABYSS_NONE);
      if (selection)
        gegl_buffer_get (
            selection, GEGL_RECTANGLE (ox + x, oy + y + row, width, n), 1.0,
            babl_format ("Y float"), dp->mask + (gsize) width * row,
            GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      if (progress)
        progress ((gdouble) (row + n) / height, user_data);
    }
  g_object_unref (buffer);
  g_clear_object (&selection);
  return dp;
}

SobolevCloud *
sobolev_drawable_pixels_cloud (SobolevDrawablePixels *dp, guint bits,
                               SobolevDrawableProgress progress,
                               gpointer user_data, GError **error)
{
  g_autoptr (SobolevHistogram) hist = NULL;
  SobolevCloud *cloud;
  GError *local = NULL;
  gchar *name;

  if (!dp->pixels)
    return sobolev_drawable_cloud_full (dp->drawable_id, TRUE, bits, progress,
                                        user_data, error);
  hist = sobolev_histogram_new (bits, error);
  if (!hist)
    return NULL;
  name = gimp_item_get_name (dp->drawable_id);
  if (sobolev_histogram_add_pixels (
          hist, dp->pixels, dp->layout.type, dp->layout.channels,
          (gsize) dp->rect.width * dp->rect.height, dp->mask, &local))
    cloud = sobolev_histogram_to_cloud (hist, &local);
  else
    cloud = NULL;
  if (progress)
    progress (1.0, user_data);
  if (!cloud)
    {
      if (g_error_matches (local, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD))
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                       dp->selected
                           ? _ ("The selection covers no visible pixel of "
                                "layer \"%s\": there are no colors to work "
                                "with")
                           : _ ("Layer \"%s\" is fully transparent: it has "
                                "no colors to work with"),
                       name);
          g_error_free (local);
        }
      else
        g_propagate_prefixed_error (error, local, _ ("Layer \"%s\": "), name);
    }
  g_free (name);
  return cloud;
}

gboolean
sobolev_drawable_pixels_apply (SobolevDrawablePixels *dp, const SobolevLut *lut,
                               SobolevDrawableProgress progress,
                               gpointer user_data, GError **error)
{
  GeglBuffer *shadow;
  gsize stride;
  gint rows, row;

  if (!dp->pixels)
    return sobolev_drawable_apply_lut_full (dp->drawable_id, lut, progress,
                                            user_data, error);
  if (!sobolev_drawable_check (dp->drawable_id, SOBOLEV_DRAWABLE_SOURCE, error))
    return FALSE;

  stride = (gsize) dp->rect.width * dp->layout.bpp;
  rows = strip_rows (dp->rect.width, dp->layout.bpp);
  shadow = gimp_drawable_get_shadow_buffer (dp->drawable_id);
  for (row = 0; row < dp->rect.height; row += rows)
    {
      gint n = MIN (rows, dp->rect.height - row);
      guint8 *strip = dp->pixels + stride * row;

      /* The whole rectangle is mapped; the merge blends it with the
         selection.  */
      sobolev_lut_apply (lut, dp->layout.type, dp->layout.channels, strip,
                         stride, strip, stride, dp->rect.width, n, NULL, 0);
      gegl_buffer_set (
          shadow,
          GEGL_RECTANGLE (dp->rect.x, dp->rect.y + row, dp->rect.width, n), 0,
          dp->layout.format, strip, stride);
      if (progress)
        progress ((gdouble) (row + n) / dp->rect.height, user_data);
    }
  gegl_buffer_flush (shadow);
  g_object_unref (shadow);
  g_clear_pointer (&dp->pixels, g_free);

  if (!gimp_drawable_merge_shadow (dp->drawable_id, TRUE))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("GIMP refused to write the result: %s"),
                   gimp_get_pdb_error ());
      gimp_drawable_free_shadow (dp->drawable_id);
      return FALSE;
    }
  gimp_drawable_update (dp->drawable_id, dp->rect.x, dp->rect.y, dp->rect.width,
                        dp->rect.height);
  return TRUE;
}

void
sobolev_drawable_pixels_free (SobolevDrawablePixels *dp)
{
  if (!dp)
    return;
  g_free (dp->pixels);
  g_free (dp->mask);
  g_free (dp);
}

gfloat *
sobolev_drawable_read_rgba (gint32 drawable_id, gint x, gint y, gint width,
                            gint height)
{
  GeglBuffer *buffer;
  GeglRectangle rect = { x, y, width, height };
  gfloat *pixels;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  pixels = g_new0 (gfloat, (gsize) width * height * 4);
  if (!gimp_item_is_valid (drawable_id) || !gimp_item_is_drawable (drawable_id))
    return pixels;
  buffer = gimp_drawable_get_buffer (drawable_id);
  gegl_buffer_get (buffer, &rect, 1.0, babl_format ("R'G'B'A float"), pixels,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return pixels;
}

gfloat *
sobolev_drawable_read_selection (gint32 drawable_id, gint x, gint y, gint width,
                                 gint height)
{
  GeglBuffer *selection;
  gfloat *mask;
  gint ox = 0, oy = 0;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  if (!gimp_item_is_valid (drawable_id))
    return NULL;
  selection = selection_buffer (drawable_id, &ox, &oy);
  if (!selection)
    return NULL;
  mask = g_new0 (gfloat, (gsize) width * height);
  gegl_buffer_get (selection, GEGL_RECTANGLE (ox + x, oy + y, width, height),
                   1.0, babl_format ("Y float"), mask, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (selection);
  return mask;
}
