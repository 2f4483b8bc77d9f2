/* sobolev-transfer — GIMP drawables in and out of the core.  */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "drawable-io.h"
#include "layer-rules.h"

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

struct _PlugInPixels
{
  gint32 drawable_id;
  GeglRectangle rect; /* drawable coordinates */
  PlugInPixelFormat layout;
  gint rows;     /* per strip */
  guint8 *kept;  /* rect's pixels in layout, or NULL: read again */
  guint8 *strip; /* one strip's pixels, when not kept */
};

/* Where strip `row` of the region lives: in the kept pixels, or read
   into the strip buffer now.  */
static guint8 *
pixels_strip (PlugInPixels *px, GeglBuffer *buffer, gint row, gint n,
              gboolean read)
{
  gsize stride = (gsize) px->rect.width * px->layout.bpp;
  guint8 *pixels = px->kept ? px->kept + stride * row : px->strip;

  if (read)
    gegl_buffer_get (
        buffer,
        GEGL_RECTANGLE (px->rect.x, px->rect.y + row, px->rect.width, n), 1.0,
        px->layout.format, pixels, stride, GEGL_ABYSS_NONE);
  return pixels;
}

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
  GeglBuffer *buffer, *selection = NULL;
  g_autofree gfloat *mask = NULL;
  GError *local = NULL;
  gint x = 0, y = 0, width, height, ox = 0, oy = 0;
  gsize stride;

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
        selection = selection_buffer (drawable_id, &ox, &oy);
    }

  px = g_new0 (PlugInPixels, 1);
  px->drawable_id = drawable_id;
  px->rect = (GeglRectangle){ x, y, width, height };
  px->layout = plug_in_pixel_format (gimp_drawable_get_format (drawable_id),
                                     gimp_drawable_has_alpha (drawable_id));
  px->rows = strip_rows (width, px->layout.bpp);
  stride = (gsize) width * px->layout.bpp;
  if (keep && role == SOBOLEV_RECOLOR_SOURCE
      && stride * height <= keep_bytes ())
    px->kept = sobolev_large_try_alloc (height, stride, FALSE);
  if (!px->kept)
    px->strip = g_try_malloc (stride * px->rows);
  if (selection)
    mask = g_try_malloc ((gsize) width * px->rows * sizeof (gfloat));
  if ((!px->kept && !px->strip) || (selection && !mask))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                   _ ("Out of memory reading the layer"));
      g_clear_object (&selection);
      return NULL;
    }

  if (!recolor)
    return g_steal_pointer (&px);

  buffer = gimp_drawable_get_buffer (drawable_id);
  for (gint row = 0; row < height && !local; row += px->rows)
    {
      gint n = MIN (px->rows, height - row);
      guint8 *pixels = pixels_strip (px, buffer, row, n, TRUE);

      if (selection)
        plug_in_mask_read (
            selection, GEGL_RECTANGLE (ox + x, oy + y + row, width, n), mask);
      sobolev_recolor_add_pixels (recolor, role, pixels, px->layout.type,
                                  px->layout.channels, width, n, stride, mask,
                                  &local);
      if (progress)
        progress ((gdouble) (row + n) / height, user_data);
    }
  g_object_unref (buffer);
  if (!local)
    sobolev_recolor_end_input (recolor, role, &local);
  if (local)
    {
      pixels_explain_error (drawable_id, selection != NULL, local, error);
      g_clear_object (&selection);
      return NULL;
    }
  g_clear_object (&selection);
  return g_steal_pointer (&px);
}

gboolean
plug_in_pixels_write (PlugInPixels *px, const SobolevLut *lut, gdouble gain,
                      PlugInProgress progress, gpointer user_data,
                      GError **error)
{
  g_autoptr (SobolevLutApplier) applier = NULL;
  g_autoptr (SobolevEdgeGuard) guard = NULL;
  GeglBuffer *buffer, *shadow;
  gsize stride = (gsize) px->rect.width * px->layout.bpp;

  if (!plug_in_drawable_check (px->drawable_id, SOBOLEV_RECOLOR_SOURCE, error))
    return FALSE;
  applier = sobolev_lut_applier_new (lut);
  buffer = gimp_drawable_get_buffer (px->drawable_id);
  shadow = gimp_drawable_get_shadow_buffer (px->drawable_id);
  /* The guard sees the whole region before the first strip is written.  */
  guard = sobolev_edge_guard_new (px->rect.width, px->rect.height);
  if (gain > 0.0)
    {
      for (gint row = 0; row < px->rect.height; row += px->rows)
        {
          gint n = MIN (px->rows, px->rect.height - row);
          guint8 *pixels = pixels_strip (px, buffer, row, n, px->kept == NULL);

          sobolev_edge_guard_add_pixels (guard, px->layout.type,
                                         px->layout.channels, pixels, stride, 0,
                                         row, px->rect.width, n, 0);
        }
      sobolev_edge_guard_solve (guard, lut, gain, 0);
    }
  for (gint row = 0; row < px->rect.height; row += px->rows)
    {
      gint n = MIN (px->rows, px->rect.height - row);
      guint8 *pixels = pixels_strip (px, buffer, row, n, px->kept == NULL);

      /* The whole rectangle is mapped; the merge blends it with the
         selection, as GIMP's own filters do.  */
      sobolev_edge_guard_apply (guard, applier, px->layout.type,
                                px->layout.channels, pixels, stride, pixels,
                                stride, 0, row, px->rect.width, n, 0);
      gegl_buffer_set (
          shadow,
          GEGL_RECTANGLE (px->rect.x, px->rect.y + row, px->rect.width, n), 0,
          px->layout.format, pixels, stride);
      if (progress)
        progress ((gdouble) (row + n) / px->rect.height, user_data);
    }
  gegl_buffer_flush (shadow);
  g_object_unref (shadow);
  g_object_unref (buffer);
  /* The kept pixels now hold the result: a second write would map them
     twice.  */
  g_clear_pointer (&px->kept, g_free);

  /* The only step that touches the image: one merge, one undo step.  */
  if (!gimp_drawable_merge_shadow (px->drawable_id, TRUE))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("GIMP refused to write the result: %s"),
                   gimp_get_pdb_error ());
      gimp_drawable_free_shadow (px->drawable_id);
      return FALSE;
    }
  gimp_drawable_update (px->drawable_id, px->rect.x, px->rect.y, px->rect.width,
                        px->rect.height);
  return TRUE;
}

void
plug_in_pixels_free (PlugInPixels *px)
{
  if (!px)
    return;
  g_free (px->kept);
  g_free (px->strip);
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
