/* sobolev-transfer — GIMP drawables in and out of the core.  */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "drawable-io.h"
#include "layer-rules.h"

gboolean
plug_in_drawable_check (gint32 drawable_id, SobolevRecolorInput role,
                        GError **error)
{
  const gchar *what = plug_in_layer_role_name (role == SOBOLEV_RECOLOR_SOURCE);
  PlugInLayerFacts facts = { 0 };
  gchar *name = NULL;
  gboolean ok;

  if (drawable_id < 0 || !gimp_item_is_valid (drawable_id))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s (ID %d) does not exist: it was closed or "
                      "deleted, or the ID is wrong"),
                   what, drawable_id);
      return FALSE;
    }
  facts.id = drawable_id;
  facts.layer = !gimp_item_is_layer_mask (drawable_id)
                && !gimp_item_is_channel (drawable_id)
                && gimp_item_is_layer (drawable_id);
  if (facts.layer)
    {
      facts.name = name = gimp_item_get_name (drawable_id);
      facts.group = gimp_item_is_group (drawable_id);
      facts.rgb = gimp_drawable_is_rgb (drawable_id);
      facts.gray = gimp_drawable_is_gray (drawable_id);
      facts.locked = gimp_item_get_lock_content (drawable_id);
    }
  ok = plug_in_layer_check_facts (&facts, role == SOBOLEV_RECOLOR_SOURCE,
                                  error);
  g_free (name);
  return ok;
}

/* The selection of the drawable's image when it is not empty, its
   layer's offsets with it; else FALSE.  */
static gboolean
selection_get (gint32 drawable_id, PlugInSelection *selection)
{
  gint32 image_id = gimp_item_get_image (drawable_id);

  if (image_id < 0 || gimp_selection_is_empty (image_id))
    return FALSE;
  gimp_drawable_offsets (drawable_id, &selection->x, &selection->y);
  selection->buffer
      = gimp_drawable_get_buffer (gimp_image_get_selection (image_id));
  return TRUE;
}

struct _PlugInPixels
{
  gint32 drawable_id;
  PlugInStrips *strips;
};

/* The host's words for a layer that gives no colors.  */
static void
pixels_explain_error (gint32 drawable_id, gboolean selected, GError *local,
                      GError **error)
{
  gchar *name = gimp_item_get_name (drawable_id);

  if (g_error_matches (local, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   selected ? _ ("The selection covers no visible pixel of "
                                 "layer \"%s\": there are no colors to work "
                                 "with")
                            : _ ("Layer \"%s\" is fully transparent: it has "
                                 "no colors to work with"),
                   name);
      g_error_free (local);
    }
  else
    g_propagate_prefixed_error (error, local, _ ("Layer \"%s\": "), name);
  g_free (name);
}

gboolean
plug_in_pixels_read_quick (gint32 drawable_id, SobolevRecolorInput role,
                           SobolevRecolor *recolor, gboolean use_selection,
                           GError **error)
{
  gint32 image_id;
  gint width = PLUG_IN_QUICK_SIDE, height = PLUG_IN_QUICK_SIDE, bpp = 0;
  g_autofree guchar *data = NULL;
  GError *local = NULL;

  if (!plug_in_drawable_check (drawable_id, role, error))
    return FALSE;
  image_id = gimp_item_get_image (drawable_id);
  if (!plug_in_layer_quick_look (
          gimp_drawable_width (drawable_id), gimp_drawable_height (drawable_id),
          gimp_drawable_is_rgb (drawable_id),
          use_selection && !gimp_selection_is_empty (image_id)))
    return FALSE;
  data = gimp_drawable_get_thumbnail_data (drawable_id, &width, &height, &bpp);
  if (!data || (bpp != 3 && bpp != 4) || width <= 0 || height <= 0)
    return FALSE;
  if (!sobolev_recolor_add_pixels (recolor, role, data, SOBOLEV_PIXEL_U8,
                                   (guint) bpp, (guint) width, (guint) height,
                                   (gsize) width * bpp, NULL, &local)
      || !sobolev_recolor_end_input (recolor, role, &local))
    {
      pixels_explain_error (drawable_id, FALSE, local, error);
      return FALSE;
    }
  return TRUE;
}

PlugInPixels *
plug_in_pixels_read (gint32 drawable_id, SobolevRecolorInput role,
                     SobolevRecolor *recolor, gboolean keep,
                     gboolean use_selection, PlugInProgress progress,
                     gpointer user_data, GError **error)
{
  g_autoptr (PlugInPixels) px = NULL;
  PlugInSelection selection = { NULL, 0, 0 };
  gboolean selected = FALSE;
  gint x = 0, y = 0, width, height;

  if (!plug_in_drawable_check (drawable_id, role, error))
    return NULL;
  width = gimp_drawable_width (drawable_id);
  height = gimp_drawable_height (drawable_id);
  /* The source's pixels outside the selection's bounds weigh nothing and
     do not change; the reference's selection chooses its colors only when
     the user asks for it.  */
  if (role == SOBOLEV_RECOLOR_SOURCE || use_selection)
    {
      if (!gimp_drawable_mask_intersect (drawable_id, &x, &y, &width, &height)
          || width <= 0 || height <= 0)
        {
          gchar *name = gimp_item_get_name (drawable_id);

          plug_in_layer_uncovered_error (name, error);
          g_free (name);
          return NULL;
        }
      if (recolor)
        selected = selection_get (drawable_id, &selection);
    }

  px = g_new0 (PlugInPixels, 1);
  px->drawable_id = drawable_id;
  px->strips = plug_in_strips_new (
      GEGL_RECTANGLE (x, y, width, height),
      plug_in_pixel_format (gimp_drawable_get_format (drawable_id),
                            gimp_drawable_has_alpha (drawable_id)),
      keep && role == SOBOLEV_RECOLOR_SOURCE, selected, error);
  if (px->strips && recolor)
    {
      GeglBuffer *buffer = gimp_drawable_get_buffer (drawable_id);
      GError *local = NULL;

      if (!plug_in_strips_read (px->strips, buffer,
                                selected ? &selection : NULL, recolor, role,
                                progress, user_data, &local))
        {
          pixels_explain_error (drawable_id, selected, local, error);
          g_clear_pointer (&px->strips, plug_in_strips_free);
        }
      g_object_unref (buffer);
    }
  g_clear_object (&selection.buffer);
  if (!px->strips)
    return NULL;
  return g_steal_pointer (&px);
}

gboolean
plug_in_pixels_write (PlugInPixels *px, const SobolevLut *lut, gdouble gain,
                      PlugInProgress progress, gpointer user_data,
                      GError **error)
{
  const GeglRectangle *rect = plug_in_strips_rect (px->strips);
  GeglBuffer *buffer, *shadow;

  if (!plug_in_drawable_check (px->drawable_id, SOBOLEV_RECOLOR_SOURCE, error))
    return FALSE;
  buffer = gimp_drawable_get_buffer (px->drawable_id);
  shadow = gimp_drawable_get_shadow_buffer (px->drawable_id);
  plug_in_strips_write (px->strips, buffer, shadow, lut, gain, progress,
                        user_data);
  g_object_unref (shadow);
  g_object_unref (buffer);

  /* The only step that touches the image: one merge, one undo step.  */
  if (!gimp_drawable_merge_shadow (px->drawable_id, TRUE))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("GIMP refused to write the result: %s"),
                   gimp_get_pdb_error ());
      gimp_drawable_free_shadow (px->drawable_id);
      return FALSE;
    }
  gimp_drawable_update (px->drawable_id, rect->x, rect->y, rect->width,
                        rect->height);
  return TRUE;
}

void
plug_in_pixels_retarget (PlugInPixels *px, gint32 copy_id)
{
  px->drawable_id = copy_id;
}

void
plug_in_pixels_free (PlugInPixels *px)
{
  if (!px)
    return;
  plug_in_strips_free (px->strips);
  g_free (px);
}

gboolean
plug_in_palette_exists (const gchar *name)
{
  gint n = 0;
  gchar **names;
  gboolean found = FALSE;

  if (name == NULL || name[0] == '\0')
    return FALSE;
  /* Asking for a palette that is not there would make GIMP report a
     failed call: look it up in the list instead.  */
  names = gimp_palettes_get_list (NULL, &n);
  for (gint i = 0; i < n && !found; i++)
    found = g_strcmp0 (names[i], name) == 0;
  g_strfreev (names);
  return found;
}

gboolean
plug_in_palette_read (const gchar *name, SobolevRecolor *recolor,
                      GError **error)
{
  g_autofree GimpRGB *rgb = NULL;
  g_autofree gdouble *colors = NULL;
  gint n = 0;

  if (!plug_in_palette_exists (name))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("There is no palette \"%s\" (Windows ▸ Dockable "
                      "Dialogs ▸ Palettes lists them)"),
                   name);
      return FALSE;
    }
  rgb = gimp_palette_get_colors (name, &n);
  if (rgb == NULL || n <= 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The palette \"%s\" has no colors"), name);
      return FALSE;
    }
  if (n > SOBOLEV_PALETTE_MAX_COLORS)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The palette \"%s\" has %d colors, more than %d"), name,
                   n, SOBOLEV_PALETTE_MAX_COLORS);
      return FALSE;
    }
  /* Palette entries are sRGB-encoded, as the core wants them.  */
  colors = g_new (gdouble, (gsize) n * 3);
  for (gint i = 0; i < n; i++)
    {
      colors[i * 3 + 0] = rgb[i].r;
      colors[i * 3 + 1] = rgb[i].g;
      colors[i * 3 + 2] = rgb[i].b;
    }
  if (!sobolev_recolor_set_palette (recolor, colors, NULL, (gsize) n, error))
    {
      g_prefix_error (error, _ ("The palette \"%s\": "), name);
      return FALSE;
    }
  return TRUE;
}
