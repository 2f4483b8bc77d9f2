/* sobolev-transfer — 3-D lookup tables: the transport map, and applying it.  */
#include "lut.h"

#include <math.h>
#include <string.h>

#include "colorspace.h"
#include "sobolev-error.h"

SobolevLut *
sobolev_lut_new_identity (guint size, GError **error)
{
  SobolevLut *lut;
  gsize i = 0;

  if (size < 2 || size > 256)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "a LUT needs between 2 and 256 nodes per side (got %u)",
                   size);
      return NULL;
    }
  lut = g_new0 (SobolevLut, 1);
  lut->size = size;
  lut->data = g_new (gfloat, (gsize) size * size * size * 3);
  for (guint b = 0; b < size; b++)
    for (guint g = 0; g < size; g++)
      for (guint r = 0; r < size; r++)
        {
          lut->data[i++] = (gfloat) r / (size - 1);
          lut->data[i++] = (gfloat) g / (size - 1);
          lut->data[i++] = (gfloat) b / (size - 1);
        }
  return lut;
}

SobolevLut *
sobolev_lut_copy (const SobolevLut *lut)
{
  SobolevLut *copy = g_new0 (SobolevLut, 1);

  copy->size = lut->size;
  copy->data = g_memdup2 (lut->data, (gsize) lut->size * lut->size * lut->size
                                         * 3 * sizeof (gfloat));
  return copy;
}

void
sobolev_lut_free (SobolevLut *lut)
{
  if (lut == NULL)
    return;
  g_free (lut->data);
  g_free (lut);
}

void
sobolev_lut_mix (const SobolevLut *a, const SobolevLut *b, gdouble t,
                 SobolevLut *out)
{
  gsize n = (gsize) a->size * a->size * a->size * 3;

  g_return_if_fail (a->size == b->size && a->size == out->size);
  for (gsize i = 0; i < n; i++)
    out->data[i] = (gfloat) ((1.0 - t) * a->data[i] + t * b->data[i]);
}

void
sobolev_lut_preserve_lightness (SobolevLut *lut, gdouble amount)
{
  const guint n = lut->size;
  gsize i = 0;

  if (amount <= 0.0)
    return;
  for (guint b = 0; b < n; b++)
    for (guint g = 0; g < n; g++)
      for (guint r = 0; r < n; r++, i += 3)
        {
          gdouble in[3] = { (gdouble) r / (n - 1), (gdouble) g / (n - 1),
                            (gdouble) b / (n - 1) };
          gdouble cur[3] = { lut->data[i], lut->data[i + 1], lut->data[i + 2] };
          gdouble mixed[3];

          sobolev_srgb_mix_lightness (cur, in, amount, mixed);
          for (int c = 0; c < 3; c++)
            lut->data[i + c] = (gfloat) CLAMP (mixed[c], 0.0, 1.0);
        }
}

/* Tetrahedral interpolation inside the cube, x already in [0, 1].  */
static inline void
lut_tetrahedral (const SobolevLut *lut, gfloat r, gfloat g, gfloat b,
                 gfloat out[3])
{
  const guint n = lut->size;
  const gfloat scale = (gfloat) (n - 1);
  gfloat x = r * scale, y = g * scale, z = b * scale;
  guint i = (guint) x, j = (guint) y, k = (guint) z;
  gfloat fr, fg, fb;
  const gsize sr = 3, sg = (gsize) 3 * n, sb = (gsize) 3 * n * n;
  const gfloat *c000, *c111, *p1, *p2;
  gfloat w0, w1, w2, w3;

  i = MIN (i, n - 2);
  j = MIN (j, n - 2);
  k = MIN (k, n - 2);
  fr = x - i;
  fg = y - j;
  fb = z - k;
  c000 = lut->data + k * sb + j * sg + i * sr;
  c111 = c000 + sr + sg + sb;
  /* The tetrahedron is chosen by the order of the fractions; p1 and p2
     are its two middle corners.  */
  if (fr > fg)
    {
      if (fg > fb)
        p1 = c000 + sr, p2 = c000 + sr + sg, w1 = fr - fg, w2 = fg - fb,
        w3 = fb, w0 = 1 - fr;
      else if (fr > fb)
        p1 = c000 + sr, p2 = c000 + sr + sb, w1 = fr - fb, w2 = fb - fg,
        w3 = fg, w0 = 1 - fr;
      else
        p1 = c000 + sb, p2 = c000 + sr + sb, w1 = fb - fr, w2 = fr - fg,
        w3 = fg, w0 = 1 - fb;
    }
  else
    {
      if (fb > fg)
        p1 = c000 + sb, p2 = c000 + sg + sb, w1 = fb - fg, w2 = fg - fr,
        w3 = fr, w0 = 1 - fb;
      else if (fb > fr)
        p1 = c000 + sg, p2 = c000 + sg + sb, w1 = fg - fb, w2 = fb - fr,
        w3 = fr, w0 = 1 - fg;
      else
        p1 = c000 + sg, p2 = c000 + sr + sg, w1 = fg - fr, w2 = fr - fb,
        w3 = fb, w0 = 1 - fg;
    }
  for (int c = 0; c < 3; c++)
    out[c] = w0 * c000[c] + w1 * p1[c] + w2 * p2[c] + w3 * c111[c];
}

void
sobolev_lut_eval (const SobolevLut *lut, const gfloat in[3], gfloat out[3])
{
  gfloat clamped[3];
  gboolean inside = TRUE;

  for (int c = 0; c < 3; c++)
    {
      if (isnan (in[c]))
        {
          out[0] = in[0], out[1] = in[1], out[2] = in[2];
          return;
        }
      clamped[c] = in[c] < 0.0f ? 0.0f : (in[c] > 1.0f ? 1.0f : in[c]);
      inside = inside && clamped[c] == in[c];
    }
  lut_tetrahedral (lut, clamped[0], clamped[1], clamped[2], out);
  if (!inside)
    for (int c = 0; c < 3; c++)
      out[c] += in[c] - clamped[c];
}

typedef struct
{
  const SobolevLut *lut;
  SobolevPixelType type;
  guint channels;
  const guint8 *in;
  gsize in_stride;
  guint8 *out;
  gsize out_stride;
  guint width;
  guint row_start, row_end;
  const gfloat *mask;
} ApplyChunk;

static inline gfloat
lut_quantize (gfloat v, gfloat max)
{
  v = v * max + 0.5f;
  return v < 0.0f ? 0.0f : (v > max ? max : v);
}

/* One row range for one pixel type and channel count; called with
   constants so the compiler specializes the inner loop.  */
static inline __attribute__ ((always_inline)) void
lut_apply_rows_typed (const ApplyChunk *ch, SobolevPixelType type,
                      const guint nc)
{
  for (guint y = ch->row_start; y < ch->row_end; y++)
    {
      const guint8 *src = ch->in + (gsize) y * ch->in_stride;
      guint8 *dst = ch->out + (gsize) y * ch->out_stride;
      const gfloat *mask = ch->mask ? ch->mask + (gsize) y * ch->width : NULL;

      for (guint x = 0; x < ch->width; x++)
        {
          gfloat in[4] = { 0.0f, 0.0f, 0.0f, 1.0f }, res[3];
          gfloat m = mask ? CLAMP (mask[x], 0.0f, 1.0f) : 1.0f;

          for (guint c = 0; c < nc; c++)
            {
              if (type == SOBOLEV_PIXEL_U8)
                in[c] = src[x * nc + c] * (1.0f / 255.0f);
              else if (type == SOBOLEV_PIXEL_U16)
                in[c] = ((const guint16 *) src)[x * nc + c] * (1.0f / 65535.0f);
              else
                in[c] = ((const gfloat *) src)[x * nc + c];
            }
          if (type != SOBOLEV_PIXEL_FLOAT
              || (in[0] >= 0.0f && in[0] <= 1.0f && in[1] >= 0.0f
                  && in[1] <= 1.0f && in[2] >= 0.0f && in[2] <= 1.0f))
            lut_tetrahedral (ch->lut, in[0], in[1], in[2], res);
          else
            sobolev_lut_eval (ch->lut, in, res);
          if (mask)
            for (int c = 0; c < 3; c++)
              res[c] = in[c] + m * (res[c] - in[c]);

          for (int c = 0; c < 3; c++)
            {
              if (type == SOBOLEV_PIXEL_U8)
                dst[x * nc + c] = (guint8) lut_quantize (res[c], 255.0f);
              else if (type == SOBOLEV_PIXEL_U16)
                ((guint16 *) dst)[x * nc + c]
                    = (guint16) lut_quantize (res[c], 65535.0f);
              else
                ((gfloat *) dst)[x * nc + c] = res[c];
            }
          if (nc == 4)
            {
              if (type == SOBOLEV_PIXEL_U8)
                dst[x * nc + 3] = src[x * nc + 3];
              else if (type == SOBOLEV_PIXEL_U16)
                ((guint16 *) dst)[x * nc + 3]
                    = ((const guint16 *) src)[x * nc + 3];
              else
                ((gfloat *) dst)[x * nc + 3] = in[3];
            }
        }
    }
}

static void
lut_apply_rows (const ApplyChunk *ch)
{
  switch (ch->type)
    {
    case SOBOLEV_PIXEL_U8:
      if (ch->channels == 4)
        lut_apply_rows_typed (ch, SOBOLEV_PIXEL_U8, 4);
      else
        lut_apply_rows_typed (ch, SOBOLEV_PIXEL_U8, 3);
      break;
    case SOBOLEV_PIXEL_U16:
      if (ch->channels == 4)
        lut_apply_rows_typed (ch, SOBOLEV_PIXEL_U16, 4);
      else
        lut_apply_rows_typed (ch, SOBOLEV_PIXEL_U16, 3);
      break;
    default:
      if (ch->channels == 4)
        lut_apply_rows_typed (ch, SOBOLEV_PIXEL_FLOAT, 4);
      else
        lut_apply_rows_typed (ch, SOBOLEV_PIXEL_FLOAT, 3);
      break;
    }
}

static gpointer
lut_apply_thread (gpointer data)
{
  lut_apply_rows (data);
  return NULL;
}

void
sobolev_lut_apply (const SobolevLut *lut, SobolevPixelType type, guint channels,
                   const void *in, gsize in_stride, void *out, gsize out_stride,
                   guint width, guint height, const gfloat *mask,
                   guint n_threads)
{
  ApplyChunk *chunks;
  GThread **threads;

  g_return_if_fail (lut != NULL && (channels == 3 || channels == 4));
  if (width == 0 || height == 0)
    return;
  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  /* Threads only pay for themselves on more than a few rows.  */
  n_threads
      = MIN (n_threads, MAX (1u, (guint) (((gsize) width * height) / 65536)));
  n_threads = MAX (1u, MIN (n_threads, height));
  chunks = g_new (ApplyChunk, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    {
      chunks[t] = (ApplyChunk){ lut,
                                type,
                                channels,
                                in,
                                in_stride,
                                out,
                                out_stride,
                                width,
                                height * t / n_threads,
                                height * (t + 1) / n_threads,
                                mask };
      if (t > 0)
        threads[t] = g_thread_new ("lut-apply", lut_apply_thread, &chunks[t]);
    }
  lut_apply_rows (&chunks[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  g_free (threads);
  g_free (chunks);
}
