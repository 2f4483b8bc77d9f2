/* sobolev-transfer — GIMP 3 layers in and out of a recoloring.  */
#include "gimp3-drawable.h"
#include "buffer-strips.h"
#include "layer-rules.h"

#include <glib/gi18n-lib.h>

struct _SobolevGimp3Layer
{
  GimpDrawable *drawable;
  PlugInStrips *strips;
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

static SobolevRecolorInput
role_input (SobolevGimp3Role role)
{
  return role == SOBOLEV_GIMP3_SOURCE ? SOBOLEV_RECOLOR_SOURCE
                                      : SOBOLEV_RECOLOR_REFERENCE;
}

/* The host's words for a layer's pixels the core refused.  */
static void
explain_input_error (SobolevGimp3Role role, GError *local, GError **error)
{
  const gchar *what = plug_in_layer_role_name (role == SOBOLEV_GIMP3_SOURCE);

  if (g_error_matches (local, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s has no visible pixel (fully transparent, or "
                      "outside the selection): there are no colors to work "
                      "with"),
                   what);
      g_error_free (local);
    }
  else
    g_propagate_prefixed_error (error, local, "%s: ", what);
}

/* The selection of the drawable's image when it is not empty, with the
   drawable's offsets; else FALSE.  */
static gboolean
selection_get (GimpDrawable *drawable, PlugInSelection *selection)
{
  GimpImage *image = gimp_item_get_image (GIMP_ITEM (drawable));

  if (!image || gimp_selection_is_empty (image))
    return FALSE;
  gimp_drawable_get_offsets (drawable, &selection->x, &selection->y);
  selection->buffer = gimp_drawable_get_buffer (
      GIMP_DRAWABLE (gimp_image_get_selection (image)));
  return TRUE;
}

gboolean
sobolev_gimp3_layer_read_quick (GimpDrawable *drawable, SobolevGimp3Role role,
                                SobolevRecolor *recolor, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  GimpImage *image;
  gint width = 0, height = 0, bpp = 0;
  GError *local = NULL;

  if (!sobolev_gimp3_drawable_check (drawable, role, error))
    return FALSE;
  image = gimp_item_get_image (GIMP_ITEM (drawable));
  if (!plug_in_layer_quick_look (
          gimp_drawable_get_width (drawable),
          gimp_drawable_get_height (drawable), gimp_drawable_is_rgb (drawable),
          role != SOBOLEV_GIMP3_REFERENCE && !gimp_selection_is_empty (image)))
    return FALSE;
  bytes = gimp_drawable_get_thumbnail_data (
      drawable, PLUG_IN_QUICK_SIDE, PLUG_IN_QUICK_SIDE, &width, &height, &bpp);
  if (!bytes || (bpp != 3 && bpp != 4) || width <= 0 || height <= 0
      || g_bytes_get_size (bytes) < (gsize) width * height * bpp)
    return FALSE;
  if (!sobolev_recolor_add_pixels (
          recolor, role_input (role), g_bytes_get_data (bytes, NULL),
          SOBOLEV_PIXEL_U8, (guint) bpp, (guint) width, (guint) height,
          (gsize) width * bpp, NULL, &local)
      || !sobolev_recolor_end_input (recolor, role_input (role), &local))
    {
      explain_input_error (role, local, error);
      return FALSE;
    }
  return TRUE;
}

SobolevGimp3Layer *
sobolev_gimp3_layer_read (GimpDrawable *drawable, SobolevGimp3Role role,
                          SobolevRecolor *recolor, gboolean keep,
                          PlugInProgress progress, gpointer user_data,
                          GError **error)
{
  g_autoptr (SobolevGimp3Layer) layer = NULL;
  PlugInSelection selection = { NULL, 0, 0 };
  gboolean selected = FALSE;
  gint x = 0, y = 0, width, height;

  if (!sobolev_gimp3_drawable_check (drawable, role, error))
    return NULL;

  /* The source's pixels outside the selection's bounds weigh nothing
     and do not change; the reference's selection chooses its colors only
     when the user asks for it: a selection in its image is about that
     image, not about this run.  */
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
      if (recolor)
        selected = selection_get (drawable, &selection);
    }
  else
    {
      width = gimp_drawable_get_width (drawable);
      height = gimp_drawable_get_height (drawable);
    }

  layer = g_new0 (SobolevGimp3Layer, 1);
  layer->drawable = g_object_ref (drawable);
  layer->strips = plug_in_strips_new (
      GEGL_RECTANGLE (x, y, width, height),
      plug_in_pixel_format (gimp_drawable_get_format (drawable),
                            gimp_drawable_has_alpha (drawable)),
      keep && role == SOBOLEV_GIMP3_SOURCE, selected, error);
  if (layer->strips && recolor)
    {
      GeglBuffer *buffer = gimp_drawable_get_buffer (drawable);
      GError *local = NULL;

      if (!plug_in_strips_read (layer->strips, buffer,
                                selected ? &selection : NULL, recolor,
                                role_input (role), progress, user_data, &local))
        {
          explain_input_error (role, local, error);
          g_clear_pointer (&layer->strips, plug_in_strips_free);
        }
      g_object_unref (buffer);
    }
  g_clear_object (&selection.buffer);
  if (!layer->strips)
    return NULL;
  return g_steal_pointer (&layer);
}

gboolean
sobolev_gimp3_layer_write (SobolevGimp3Layer *layer, const SobolevLut *lut,
                           gdouble gain, PlugInProgress progress,
                           gpointer user_data, GError **error)
{
  const GeglRectangle *r = plug_in_strips_rect (layer->strips);
  GeglBuffer *buffer, *shadow;

  if (!sobolev_gimp3_drawable_check (layer->drawable, SOBOLEV_GIMP3_SOURCE,
                                     error))
    return FALSE;
  buffer = gimp_drawable_get_buffer (layer->drawable);
  shadow = gimp_drawable_get_shadow_buffer (layer->drawable);
  plug_in_strips_write (layer->strips, buffer, shadow, lut, gain, progress,
                        user_data);
  g_object_unref (shadow);
  g_object_unref (buffer);

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

gboolean
sobolev_gimp3_palette_read (const gchar *name, SobolevRecolor *recolor,
                            GError **error)
{
  GimpPalette *palette
      = name && name[0] ? gimp_palette_get_by_name (name) : NULL;
  GeglColor **entries;
  g_autofree gdouble *colors = NULL;
  gsize i, n;

  if (!palette)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("There is no palette \"%s\" (Windows ▸ Dockable "
                      "Dialogs ▸ Palettes lists them)"),
                   name ? name : "");
      return FALSE;
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
      return FALSE;
    }
  /* Encoded sRGB, as the core wants a palette's colors.  */
  colors = g_new (gdouble, n * 3);
  for (i = 0; i < n; i++)
    gegl_color_get_pixel (entries[i], babl_format ("R'G'B' double"),
                          colors + i * 3);
  gimp_color_array_free (entries);
  if (sobolev_recolor_set_palette (recolor, colors, NULL, n, error))
    return TRUE;
  /* A palette the core refuses is the caller's input that is wrong.  */
  (*error)->code = SOBOLEV_ERROR_INVALID_ARGUMENT;
  g_prefix_error (error, _ ("The palette \"%s\": "), name);
  return FALSE;
}

void
sobolev_gimp3_layer_retarget (SobolevGimp3Layer *layer, GimpDrawable *copy)
{
  g_set_object (&layer->drawable, copy);
}

void
sobolev_gimp3_layer_free (SobolevGimp3Layer *layer)
{
  if (!layer)
    return;
  g_clear_object (&layer->drawable);
  plug_in_strips_free (layer->strips);
  g_free (layer);
}
