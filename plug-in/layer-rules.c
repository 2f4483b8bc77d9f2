/* sobolev-transfer — what both GIMP hosts require of a layer, and the
   rules they share.  */
#include "layer-rules.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

const gchar *
plug_in_layer_role_name (gboolean source)
{
  return source ? _ ("layer to recolor") : _ ("reference layer");
}

gboolean
plug_in_layer_check_facts (const PlugInLayerFacts *facts, gboolean source,
                           GError **error)
{
  if (!facts->layer)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s (ID %d) is not a layer: it is a channel, a "
                      "layer mask or a path"),
                   plug_in_layer_role_name (source), facts->id);
      return FALSE;
    }
  if (facts->group)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s \"%s\" is a layer group; choose one of its "
                      "layers"),
                   plug_in_layer_role_name (source), facts->name);
      return FALSE;
    }
  if (!source)
    return TRUE;
  if (!facts->rgb)
    {
      /* Recoloring toward a color reference cannot be written back to a
         gray or indexed layer without losing the colors it computed, so
         say so rather than pretend.  */
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The layer \"%s\" is %s; Sobolev Color Transfer "
                      "recolors RGB layers only.  Convert the image "
                      "with Image ▸ Mode ▸ RGB first"),
                   facts->name, facts->gray ? _ ("grayscale") : _ ("indexed"));
      return FALSE;
    }
  if (facts->locked)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The pixels of layer \"%s\" are locked"), facts->name);
      return FALSE;
    }
  return TRUE;
}

void
plug_in_layer_uncovered_error (const gchar *name, GError **error)
{
  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
               _ ("The selection covers no pixel of layer \"%s\": "
                  "there are no colors to work with"),
               name);
}

PlugInPixelFormat
plug_in_pixel_format (const Babl *native, gboolean alpha)
{
  PlugInPixelFormat f;

  f.format = babl_format (alpha ? "R'G'B'A u8" : "R'G'B' u8");
  f.type = SOBOLEV_PIXEL_U8;
  f.channels = alpha ? 4 : 3;
  f.bpp = f.channels;
  if (native == f.format)
    return f;
  f.format = babl_format (alpha ? "R'G'B'A u16" : "R'G'B' u16");
  f.type = SOBOLEV_PIXEL_U16;
  f.bpp = f.channels * 2;
  if (native == f.format)
    return f;
  f.format = babl_format ("R'G'B'A float");
  f.type = SOBOLEV_PIXEL_FLOAT;
  f.channels = 4;
  f.bpp = 16;
  return f;
}

gboolean
plug_in_save_finish (gboolean whole, const gchar *tmp, const gchar *target,
                     const gchar *output, GError **error)
{
  if (!whole)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("Could not save \"%s\": the file came out incomplete "
                      "(is the disk full?); it was left as it was"),
                   output);
      g_unlink (tmp);
      return FALSE;
    }
  return sobolev_safe_file_commit (tmp, target, output, error);
}

/* Layers below this many pixels are read whole even for a first look.  */
#define QUICK_MIN_PIXELS (4 * 1000 * 1000)

SobolevLut *
plug_in_look_map (const gchar *path, gdouble strength,
                  gdouble preserve_lightness, GError **error)
{
  g_autoptr (SobolevLut) look = NULL;

  if (!path || !path[0])
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("No saved look is chosen: choose its .cube file"));
      return NULL;
    }
  look = sobolev_lut_load_cube (path, error);
  return look ? sobolev_lut_look_at (look, strength, preserve_lightness) : NULL;
}

gboolean
plug_in_layer_quick_look (gint64 width, gint64 height, gboolean rgb,
                          gboolean selection_weighs)
{
  return width * height >= QUICK_MIN_PIXELS && rgb && !selection_weighs;
}

void
plug_in_gegl_without_modules (void)
{
  if (g_getenv ("GEGL_PATH") == NULL)
    g_setenv ("GEGL_PATH", "/nonexistent/sobolev-transfer/no-gegl-modules",
              TRUE);
}

void
plug_in_mask_read (GeglBuffer *selection, const GeglRectangle *rect,
                   gfloat *mask)
{
  const Babl *stored = gegl_buffer_get_format (selection);
  const gsize n = (gsize) rect->width * rect->height;
  guint bytes;

  if (stored == babl_format ("Y u8"))
    bytes = 1;
  else if (stored == babl_format ("Y u16"))
    bytes = 2;
  else
    {
      gegl_buffer_get (selection, rect, 1.0, babl_format ("Y float"), mask,
                       GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      return;
    }
  {
    g_autofree guint8 *raw = g_malloc (n * bytes);

    gegl_buffer_get (selection, rect, 1.0, stored, raw, GEGL_AUTO_ROWSTRIDE,
                     GEGL_ABYSS_NONE);
    if (bytes == 1)
      for (gsize k = 0; k < n; k++)
        mask[k] = (gfloat) (raw[k] / 255.0);
    else
      for (gsize k = 0; k < n; k++)
        mask[k] = (gfloat) (((const guint16 *) raw)[k] / 65535.0);
  }
}
