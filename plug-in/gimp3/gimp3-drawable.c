/* sobolev-transfer — GIMP 3 layers in and out of plain pixel arrays.  */
#include "gimp3-drawable.h"
#include "layer-rules.h"

#include <glib/gi18n-lib.h>

/* Rows written to the shadow per call: progress and memory both stay
   smooth on a large layer.  */
#define WRITE_ROWS 256

struct _SobolevGimp3Layer
{
  GimpDrawable *drawable;
  GeglRectangle rect; /* drawable coordinates */
  const Babl *format;
  SobolevPixelType type;
  guint channels;
  guint bpp;
  guint8 *data; /* rect's pixels in format */
  gfloat *mask; /* the selection's coverage over rect, or NULL */
};

gboolean
sobolev_gimp3_drawable_check (GimpDrawable *drawable, SobolevGimp3Role role,
                              GError **error)
{
  GimpItem *item = GIMP_ITEM (drawable);
  const gchar *what = plug_in_layer_role_name (role == SOBOLEV_GIMP3_SOURCE);
  PlugInLayerFacts facts = { 0 };
  gchar *name = NULL;
  gboolean ok;

  if (!drawable || !gimp_item_is_valid (item))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s does not exist: it was closed or deleted"), what);
      return FALSE;
    }
  facts.id = gimp_item_get_id (item);
  facts.layer = gimp_item_is_layer (item);
  if (facts.layer)
    {
      facts.name = name = gimp_item_get_name (item);
      facts.group = gimp_item_is_group (item);
      facts.rgb = gimp_drawable_is_rgb (drawable);
      facts.gray = gimp_drawable_is_gray (drawable);
      facts.locked = gimp_item_get_lock_content (item);
    }
  ok = plug_in_layer_check_facts (&facts, role == SOBOLEV_GIMP3_SOURCE, error);
  g_free (name);
  return ok;
}

/* The selection's coverage over the layer's rect, or NULL when nothing
   is selected (then every pixel counts).  */
static gfloat *
read_selection (SobolevGimp3Layer *layer)
{
  GimpImage *image = gimp_item_get_image (GIMP_ITEM (layer->drawable));
  GimpSelection *selection;
  GeglBuffer *buffer;
  GeglRectangle rect = layer->rect;
  gint ox = 0, oy = 0;
  gfloat *mask;

  if (!image || gimp_selection_is_empty (image))
    return NULL;
  selection = gimp_image_get_selection (image);
  gimp_drawable_get_offsets (layer->drawable, &ox, &oy);
  rect.x += ox;
  rect.y += oy;
  mask = g_try_malloc ((gsize) rect.width * rect.height * sizeof (gfloat));
  if (!mask)
    return NULL;
  buffer = gimp_drawable_get_buffer (GIMP_DRAWABLE (selection));
  plug_in_mask_read (buffer, &rect, mask);
  g_object_unref (buffer);
  return mask;
}

GBytes *
sobolev_gimp3_layer_read_quick (GimpDrawable *drawable, SobolevGimp3Role role,
                                SobolevGimp3Pixels *pixels, GError **error)
{
  GimpImage *image;
  GBytes *bytes;
  gint width = 0, height = 0, bpp = 0;

  if (!sobolev_gimp3_drawable_check (drawable, role, error))
    return NULL;
  image = gimp_item_get_image (GIMP_ITEM (drawable));
  if (!plug_in_layer_quick_look (
          gimp_drawable_get_width (drawable),
          gimp_drawable_get_height (drawable), gimp_drawable_is_rgb (drawable),
          role != SOBOLEV_GIMP3_REFERENCE && !gimp_selection_is_empty (image)))
    return NULL;
  bytes = gimp_drawable_get_thumbnail_data (
      drawable, PLUG_IN_QUICK_SIDE, PLUG_IN_QUICK_SIDE, &width, &height, &bpp);
  if (!bytes || (bpp != 3 && bpp != 4) || width <= 0 || height <= 0
      || g_bytes_get_size (bytes) < (gsize) width * height * bpp)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      return NULL;
    }
  *pixels = (SobolevGimp3Pixels){ .data = g_bytes_get_data (bytes, NULL),
                                  .type = SOBOLEV_PIXEL_U8,
                                  .channels = (guint) bpp,
                                  .n_pixels = (gsize) width * height,
                                  .mask = NULL };
  return bytes;
}

SobolevGimp3Layer *
sobolev_gimp3_layer_read (GimpDrawable *drawable, SobolevGimp3Role role,
                          GError **error)
{
  g_autoptr (SobolevGimp3Layer) layer = NULL;
  PlugInPixelFormat format;
  GeglBuffer *buffer;
  gint x = 0, y = 0, width, height;

  if (!sobolev_gimp3_drawable_check (drawable, role, error))
    return NULL;

  /* The source's pixels outside the selection's bounds weigh nothing
     and do not change; the reference's selection chooses its colors only
     when the user asks for it.  */
  if (role != SOBOLEV_GIMP3_REFERENCE)
    {
      if (!gimp_drawable_mask_intersect (drawable, &x, &y, &width, &height)
          || width <= 0 || height <= 0)
        {
          gchar *name = gimp_item_get_name (GIMP_ITEM (drawable));

          plug_in_layer_uncovered_error (name, error);
          g_free (name);
          return NULL;
        }
    }
  else
    {
      width = gimp_drawable_get_width (drawable);
      height = gimp_drawable_get_height (drawable);
    }

  layer = g_new0 (SobolevGimp3Layer, 1);
  layer->drawable = g_object_ref (drawable);
  layer->rect = (GeglRectangle){ x, y, width, height };
  format = plug_in_pixel_format (gimp_drawable_get_format (drawable),
                                 gimp_drawable_has_alpha (drawable));
  layer->format = format.format;
  layer->type = format.type;
  layer->channels = format.channels;
  layer->bpp = format.bpp;
  layer->data
      = sobolev_large_try_alloc ((gsize) width * height, layer->bpp, FALSE);
  if (!layer->data)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                   _ ("Out of memory reading the layer"));
      return NULL;
    }
  buffer = gimp_drawable_get_buffer (drawable);
  gegl_buffer_get (buffer, &layer->rect, 1.0, layer->format, layer->data,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);

  /* Unless asked, the reference's colors are all of its visible pixels:
     a selection in its image is about that image, not about this run.  */
  if (role != SOBOLEV_GIMP3_REFERENCE)
    {
      GimpImage *image = gimp_item_get_image (GIMP_ITEM (drawable));

      layer->mask = read_selection (layer);
      if (!layer->mask && image && !gimp_selection_is_empty (image))
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                       _ ("Out of memory reading the selection"));
          return NULL;
        }
    }
  return g_steal_pointer (&layer);
}

void
sobolev_gimp3_layer_pixels (const SobolevGimp3Layer *layer,
                            SobolevGimp3Pixels *pixels)
{
  pixels->data = layer->data;
  pixels->type = layer->type;
  pixels->channels = layer->channels;
  pixels->n_pixels = (gsize) layer->rect.width * layer->rect.height;
  pixels->mask = layer->mask;
}

gboolean
sobolev_gimp3_layer_write (SobolevGimp3Layer *layer, const SobolevLut *lut,
                           gdouble gain, GError **error)
{
  g_autoptr (SobolevLutApplier) applier = sobolev_lut_applier_new (lut);
  g_autoptr (SobolevEdgeGuard) guard = NULL;
  GeglRectangle *r = &layer->rect;
  gsize stride = (gsize) r->width * layer->bpp;
  GeglBuffer *shadow;
  gint row;

  if (!sobolev_gimp3_drawable_check (layer->drawable, SOBOLEV_GIMP3_SOURCE,
                                     error))
    return FALSE;
  guard = sobolev_edge_guard_new (r->width, r->height);
  if (gain > 0.0)
    {
      sobolev_edge_guard_add_pixels (guard, layer->type, layer->channels,
                                     layer->data, stride, 0, 0, r->width,
                                     r->height, 0);
      sobolev_edge_guard_solve (guard, lut, gain, 0);
    }

  shadow = gimp_drawable_get_shadow_buffer (layer->drawable);
  for (row = 0; row < r->height; row += WRITE_ROWS)
    {
      gint n = MIN (WRITE_ROWS, r->height - row);
      GeglRectangle strip = { r->x, r->y + row, r->width, n };
      guint8 *pixels = layer->data + (gsize) row * stride;

      /* The whole rectangle is mapped; the merge blends it with the
         selection, as GIMP's own filters do.  */
      sobolev_edge_guard_apply (guard, applier, layer->type, layer->channels,
                                pixels, stride, pixels, stride, 0, row,
                                r->width, n, 0);
      gegl_buffer_set (shadow, &strip, 0, layer->format, pixels, stride);
      gimp_progress_update ((gdouble) (row + n) / r->height);
    }
  gegl_buffer_flush (shadow);
  g_object_unref (shadow);

  /* The only step that touches the image: one merge, one undo step.  */
  if (!gimp_drawable_merge_shadow (layer->drawable, TRUE))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("GIMP refused to write the result: %s"),
                   gimp_pdb_get_last_error (gimp_get_pdb ()));
      gimp_drawable_free_shadow (layer->drawable);
      return FALSE;
    }
  gimp_drawable_update (layer->drawable, r->x, r->y, r->width, r->height);
  return TRUE;
}

gdouble *
sobolev_gimp3_palette_read (const gchar *name, gsize *n_colors, GError **error)
{
  GimpPalette *palette
      = name && name[0] ? gimp_palette_get_by_name (name) : NULL;
  GeglColor **entries;
  gdouble *colors;
  gsize i, n;

  if (!palette)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("There is no palette \"%s\" (Windows ▸ Dockable "
                      "Dialogs ▸ Palettes lists them)"),
                   name ? name : "");
      return NULL;
    }
  entries = gimp_palette_get_colors (palette);
  for (n = 0; entries && entries[n]; n++)
    ;
  if (n == 0 || n > SOBOLEV_PALETTE_MAX_COLORS)
    {
      if (n == 0)
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     _ ("The palette \"%s\" has no colors"), name);
      else
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     _ ("The palette \"%s\" has %d colors, more than %d"), name,
                     (gint) n, SOBOLEV_PALETTE_MAX_COLORS);
      gimp_color_array_free (entries);
      return NULL;
    }
  /* Encoded sRGB, as the core wants a palette's colors.  */
  colors = g_new (gdouble, n * 3);
  for (i = 0; i < n; i++)
    gegl_color_get_pixel (entries[i], babl_format ("R'G'B' double"),
                          colors + i * 3);
  gimp_color_array_free (entries);
  *n_colors = n;
  return colors;
}

void
sobolev_gimp3_layer_free (SobolevGimp3Layer *layer)
{
  if (!layer)
    return;
  g_clear_object (&layer->drawable);
  g_free (layer->data);
  g_free (layer->mask);
  g_free (layer);
}
