/* sobolev-transfer — a layer's GEGL buffer in and out of a recoloring,
   in strips.  */
#include "buffer-strips.h"

#include <glib/gi18n-lib.h>

/* Pixels are moved in strips of whole tile rows, a few tens of MB each:
   big enough that the LUT's threads have work, small enough that a 100 MP
   float layer never sits in memory twice.  SOBOLEV_STRIP_BYTES overrides
   it: the host tests' images fit in one strip, and a few hundred bytes
   make them cross many.  */
#define STRIP_BYTES ((gsize) 32 << 20)
#define STRIP_ALIGN 64

/* Largest region kept in memory between reading and writing;
   SOBOLEV_KEEP_BYTES overrides it (0 makes every run stream, which is how
   the host tests cover that path).  */
#define KEEP_BYTES ((gsize) 768 << 20)

struct _PlugInStrips
{
  GeglRectangle rect; /* buffer coordinates */
  PlugInPixelFormat format;
  gint rows;     /* per strip */
  guint8 *kept;  /* rect's pixels in format, or NULL: read again */
  guint8 *strip; /* one strip's pixels, when not kept */
  gfloat *mask;  /* one strip's selection coverage, when masked */
};

static gsize
keep_bytes (void)
{
  const gchar *env = g_getenv ("SOBOLEV_KEEP_BYTES");

  return env ? g_ascii_strtoull (env, NULL, 10) : KEEP_BYTES;
}

static gsize
strip_bytes (void)
{
  const gchar *env = g_getenv ("SOBOLEV_STRIP_BYTES");

  return env ? g_ascii_strtoull (env, NULL, 10) : STRIP_BYTES;
}

static gint
strip_rows (gint width, guint bpp)
{
  gsize row = (gsize) MAX (width, 1) * bpp;
  gint rows = (gint) CLAMP (strip_bytes () / row, 1, G_MAXINT);

  if (rows > STRIP_ALIGN)
    rows -= rows % STRIP_ALIGN;
  return rows;
}

static gsize
strips_stride (const PlugInStrips *strips)
{
  return (gsize) strips->rect.width * strips->format.bpp;
}

/* Where strip `row` of the region lives: in the kept pixels, or read
   into the strip buffer now.  */
static guint8 *
strips_pixels (PlugInStrips *strips, GeglBuffer *buffer, gint row, gint n,
               gboolean read)
{
  gsize stride = strips_stride (strips);
  guint8 *pixels = strips->kept ? strips->kept + stride * row : strips->strip;

  if (read)
    gegl_buffer_get (buffer,
                     GEGL_RECTANGLE (strips->rect.x, strips->rect.y + row,
                                     strips->rect.width, n),
                     1.0, strips->format.format, pixels, stride,
                     GEGL_ABYSS_NONE);
  return pixels;
}

PlugInStrips *
plug_in_strips_new (const GeglRectangle *rect, PlugInPixelFormat format,
                    gboolean keep, gboolean masked, GError **error)
{
  g_autoptr (PlugInStrips) strips = g_new0 (PlugInStrips, 1);
  gsize stride;

  strips->rect = *rect;
  strips->format = format;
  strips->rows = strip_rows (rect->width, format.bpp);
  stride = strips_stride (strips);
  if (keep && stride * rect->height <= keep_bytes ())
    strips->kept = sobolev_large_try_alloc (rect->height, stride, FALSE);
  if (!strips->kept)
    strips->strip = g_try_malloc (stride * strips->rows);
  if (masked)
    strips->mask
        = g_try_malloc ((gsize) rect->width * strips->rows * sizeof (gfloat));
  if ((!strips->kept && !strips->strip) || (masked && !strips->mask))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                   _ ("Out of memory reading the layer"));
      return NULL;
    }
  return g_steal_pointer (&strips);
}

gboolean
plug_in_strips_read (PlugInStrips *strips, GeglBuffer *buffer,
                     const PlugInSelection *selection, SobolevRecolor *recolor,
                     SobolevRecolorInput input, PlugInProgress progress,
                     gpointer user_data, GError **error)
{
  const GeglRectangle *r = &strips->rect;
  const PlugInPixelFormat *f = &strips->format;

  g_return_val_if_fail (!selection || strips->mask, FALSE);
  for (gint row = 0; row < r->height; row += strips->rows)
    {
      gint n = MIN (strips->rows, r->height - row);
      guint8 *pixels = strips_pixels (strips, buffer, row, n, TRUE);

      if (selection)
        plug_in_mask_read (selection->buffer,
                           GEGL_RECTANGLE (selection->x + r->x,
                                           selection->y + r->y + row, r->width,
                                           n),
                           strips->mask);
      if (!sobolev_recolor_add_pixels (
              recolor, input, pixels, f->type, f->channels, r->width, n,
              strips_stride (strips), selection ? strips->mask : NULL, error))
        return FALSE;
      if (progress)
        progress ((gdouble) (row + n) / r->height, user_data);
    }
  return sobolev_recolor_end_input (recolor, input, error);
}

const GeglRectangle *
plug_in_strips_rect (const PlugInStrips *strips)
{
  return &strips->rect;
}

void
plug_in_strips_write (PlugInStrips *strips, GeglBuffer *buffer,
                      GeglBuffer *shadow, const SobolevLut *lut, gdouble gain,
                      PlugInProgress progress, gpointer user_data)
{
  g_autoptr (SobolevLutApplier) applier = sobolev_lut_applier_new (lut);
  g_autoptr (SobolevEdgeGuard) guard = NULL;
  const GeglRectangle *r = &strips->rect;
  const PlugInPixelFormat *f = &strips->format;
  gsize stride = strips_stride (strips);

  /* The guard sees the whole region before the first strip is written.  */
  guard = sobolev_edge_guard_new (r->width, r->height);
  if (gain > 0.0)
    {
      for (gint row = 0; row < r->height; row += strips->rows)
        {
          gint n = MIN (strips->rows, r->height - row);
          guint8 *pixels
              = strips_pixels (strips, buffer, row, n, strips->kept == NULL);

          sobolev_edge_guard_add_pixels (guard, f->type, f->channels, pixels,
                                         stride, 0, row, r->width, n, 0);
        }
      sobolev_edge_guard_solve (guard, lut, gain, 0);
    }
  for (gint row = 0; row < r->height; row += strips->rows)
    {
      gint n = MIN (strips->rows, r->height - row);
      guint8 *pixels
          = strips_pixels (strips, buffer, row, n, strips->kept == NULL);

      /* The whole rectangle is mapped; the merge blends it with the
         selection, as GIMP's own filters do.  */
      sobolev_edge_guard_apply (guard, applier, f->type, f->channels, pixels,
                                stride, pixels, stride, 0, row, r->width, n, 0);
      gegl_buffer_set (shadow, GEGL_RECTANGLE (r->x, r->y + row, r->width, n),
                       0, f->format, pixels, stride);
      if (progress)
        progress ((gdouble) (row + n) / r->height, user_data);
    }
  gegl_buffer_flush (shadow);
  /* The kept pixels now hold the result, and the host's merge may need
     the memory.  */
  g_clear_pointer (&strips->kept, g_free);
}

void
plug_in_strips_free (PlugInStrips *strips)
{
  if (!strips)
    return;
  g_free (strips->kept);
  g_free (strips->strip);
  g_free (strips->mask);
  g_free (strips);
}
