/* sobolev-transfer — 3-D lookup tables: the transport map, and applying it.  */
#include "lut.h"

#include <math.h>
#include <string.h>

#include "colorspace.h"
#include "large-buffer.h"
#include "parallel.h"
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
  /* One float past the last node, so that any node can be read as a
     16-byte vector (see lut_node).  */
  lut->data = sobolev_large_new0 (gfloat, (gsize) size * size * size * 3 + 1);
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

struct _SobolevLutRefine
{
  gint ref; /* atomic */
  SobolevLutRefineFunc func;
  gpointer data;
  GDestroyNotify destroy;
};

static void
lut_refine_unref (SobolevLutRefine *refine)
{
  if (refine == NULL || !g_atomic_int_dec_and_test (&refine->ref))
    return;
  if (refine->destroy)
    refine->destroy (refine->data);
  g_free (refine);
}

SobolevLut *
sobolev_lut_copy (const SobolevLut *lut)
{
  SobolevLut *copy = g_new0 (SobolevLut, 1);

  copy->size = lut->size;
  copy->data = sobolev_large_new (
      gfloat, (gsize) lut->size * lut->size * lut->size * 3 + 1);
  memcpy (copy->data, lut->data,
          ((gsize) lut->size * lut->size * lut->size * 3 + 1)
              * sizeof (gfloat));
  copy->refine = lut->refine;
  if (copy->refine)
    g_atomic_int_inc (&copy->refine->ref);
  return copy;
}

void
sobolev_lut_free (SobolevLut *lut)
{
  if (lut == NULL)
    return;
  lut_refine_unref (lut->refine);
  g_free (lut->data);
  g_free (lut);
}

void
sobolev_lut_set_refine (SobolevLut *lut, SobolevLutRefineFunc func,
                        gpointer data, GDestroyNotify destroy)
{
  SobolevLutRefine *refine = NULL;

  if (func)
    {
      refine = g_new0 (SobolevLutRefine, 1);
      refine->ref = 1;
      refine->func = func;
      refine->data = data;
      refine->destroy = destroy;
    }
  lut_refine_unref (lut->refine);
  lut->refine = refine;
}

SobolevLut *
sobolev_lut_refine (const SobolevLut *lut, const gfloat *colors,
                    const gfloat *weights, guint width, guint height)
{
  if (lut->refine == NULL)
    return NULL;
  return lut->refine->func (lut->refine->data, colors, weights, width, height);
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

/* LUT evaluations at many colors, from floats or doubles to floats
   (clamped to the cube, for a LUT's nodes) or doubles (as they come).  */
typedef struct
{
  const SobolevLut *lut;
  const gfloat *in_float;
  const gdouble *in_double;
  gfloat *out_float;
  gdouble *out_double;
} LutEvalJob;

static void
lut_eval_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const LutEvalJob *job = data;

  (void) chunk;
  for (gsize i = start; i < end; i++)
    {
      gfloat in[3], out[3];

      for (int c = 0; c < 3; c++)
        in[c] = job->in_float ? job->in_float[3 * i + c]
                              : (gfloat) job->in_double[3 * i + c];
      sobolev_lut_eval (job->lut, in, out);
      for (int c = 0; c < 3; c++)
        if (job->out_float)
          job->out_float[3 * i + c] = CLAMP (out[c], 0.0f, 1.0f);
        else
          job->out_double[3 * i + c] = out[c];
    }
}

/* Each color is evaluated on its own: the same bytes on any number of
   threads.  */
static void
lut_eval_job_run (const LutEvalJob *job, gsize n, guint n_threads)
{
  sobolev_parallel_for (n, 16384, n_threads, lut_eval_range, (gpointer) job);
}

SobolevLut *
sobolev_lut_compose (const SobolevLut *outer, const SobolevLut *inner)
{
  SobolevLut *composed = sobolev_lut_copy (inner);
  LutEvalJob job
      = { .lut = outer, .in_float = inner->data, .out_float = composed->data };

  lut_eval_job_run (
      &job, (gsize) composed->size * composed->size * composed->size, 0);
  return composed;
}

void
sobolev_lut_eval_points (const SobolevLut *lut, const gdouble *in, gdouble *out,
                         gsize n, guint n_threads)
{
  LutEvalJob job = { .lut = lut, .in_double = in, .out_double = out };

  lut_eval_job_run (&job, n, n_threads);
}

SobolevCloud *
sobolev_lut_map_cloud (const SobolevLut *lut, const SobolevCloud *cloud)
{
  SobolevCloud *mapped = sobolev_cloud_copy (cloud);

  sobolev_lut_eval_points (lut, mapped->points, mapped->points, mapped->n, 0);
  return mapped;
}

typedef struct
{
  SobolevLut *lut;
  gdouble amount;
} LutLightnessJob;

/* Nodes per pass through the color space: the working colors stay a
   few tens of kilobytes however large the LUT (a 256³ look is 16.7
   million nodes).  */
#define LUT_LIGHTNESS_BLOCK 1024

static void
lut_lightness_range (gsize start, gsize end, guint chunk, gpointer data)
{
  const LutLightnessJob *job = data;
  const guint n = job->lut->size;
  gdouble *colors = g_new (gdouble, LUT_LIGHTNESS_BLOCK * 3);
  gdouble *nodes = g_new (gdouble, LUT_LIGHTNESS_BLOCK * 3);

  (void) chunk;
  for (gsize first = start; first < end; first += LUT_LIGHTNESS_BLOCK)
    {
      const gsize count = MIN (end - first, LUT_LIGHTNESS_BLOCK);
      gfloat *data_out = job->lut->data + 3 * first;

      for (gsize k = first, i = 0; k < first + count; k++, i += 3)
        {
          nodes[i] = (gdouble) (k % n) / (n - 1);
          nodes[i + 1] = (gdouble) (k / n % n) / (n - 1);
          nodes[i + 2] = (gdouble) (k / n / n) / (n - 1);
          for (int c = 0; c < 3; c++)
            colors[i + c] = data_out[i + c];
        }
      sobolev_srgb_mix_lightness (colors, nodes, job->amount, count);
      for (gsize i = 0; i < count * 3; i++)
        data_out[i] = (gfloat) CLAMP (colors[i], 0.0, 1.0);
    }
  g_free (colors);
  g_free (nodes);
}

void
sobolev_lut_preserve_lightness (SobolevLut *lut, gdouble amount)
{
  LutLightnessJob job = { lut, amount };

  if (amount <= 0.0)
    return;
  /* Four colors at a time through the color space's vector code, on
     every processor: a 65³ LUT took a tenth of a second node by node.  */
  sobolev_parallel_for ((gsize) lut->size * lut->size * lut->size, 8192, 0,
                        lut_lightness_range, &job);
}

SobolevLut *
sobolev_lut_look_at (const SobolevLut *lut, gdouble strength,
                     gdouble preserve_lightness)
{
  SobolevLut *look = sobolev_lut_new_identity (lut->size, NULL);

  /* The identity's own nodes at strength 0, lut's bytes at 1: no
     rounding through the mix at either end.  */
  if (strength >= 1.0)
    memcpy (look->data, lut->data,
            (gsize) lut->size * lut->size * lut->size * 3 * sizeof (gfloat));
  else if (strength > 0.0)
    sobolev_lut_mix (look, lut, strength, look);
  sobolev_lut_preserve_lightness (look, preserve_lightness);
  return look;
}

/* A node read as four floats (the fourth is the next node's red, or the
   LUT's padding, and is ignored): one 16-byte load, and the blend of four
   nodes is four vector multiply-adds.  */
typedef gfloat LutNode __attribute__ ((vector_size (16)));

static inline LutNode
lut_node (const gfloat *p)
{
  LutNode v;

  memcpy (&v, p, sizeof v);
  return v;
}

/* Tetrahedral interpolation in cell (i, j, k) at fractions (fr, fg, fb),
   branch-free: the tetrahedron is the one whose path from corner 000 to
   111 steps first along the axis of the largest fraction, then the
   middle one.  Photos make the order of fractions unpredictable, so
   branches on it would mispredict about half the time.  */
static inline LutNode
lut_tetrahedral_cell (const gfloat *nodes, gsize n, guint i, guint j, guint k,
                      gfloat fr, gfloat fg, gfloat fb)
{
  const gsize sr = 3, sg = 3 * n, sb = 3 * n * n;
  const gfloat *c = nodes + k * sb + j * sg + i * sr;
  gfloat hi = MAX (fr, MAX (fg, fb)), lo = MIN (fr, MIN (fg, fb));
  gfloat mid = fr + fg + fb - hi - lo;
  /* The axis of the largest fraction (ties in r, g, b order) and of the
     smallest (ties in b, g, r order), so the two always differ.  */
  gsize r_hi = (gsize) 0 - ((fr >= fg) & (fr >= fb));
  gsize g_hi = ~r_hi & ((gsize) 0 - (fg >= fb));
  gsize b_lo = (gsize) 0 - ((fb <= fg) & (fb <= fr));
  gsize g_lo = ~b_lo & ((gsize) 0 - (fg <= fr));
  /* Selected by masks, not by ?:, which the compiler makes branches.  */
  gsize first = (sr & r_hi) | (sg & g_hi) | (sb & ~(r_hi | g_hi));
  gsize last = (sb & b_lo) | (sg & g_lo) | (sr & ~(b_lo | g_lo));
  gsize both = sr + sg + sb - last;

  return lut_node (c) * (1.0f - hi) + lut_node (c + first) * (hi - mid)
         + lut_node (c + both) * (mid - lo) + lut_node (c + sr + sg + sb) * lo;
}

/* Tetrahedral interpolation at a color already in [0, 1]³ (the fourth
   lane is ignored); the cell and fractions are found on vector lanes.  */
typedef gint32 LutCell __attribute__ ((vector_size (16)));

static inline LutNode
lut_tetrahedral (const gfloat *nodes, guint size, LutNode rgb)
{
  const gfloat scale = (gfloat) (size - 1);
  const gint32 top = (gint32) size - 2;
  LutNode x = rgb * scale;
  LutCell cell = __builtin_convertvector(x, LutCell);
  LutNode frac;

  LutCell tops = { top, top, top, top };
  LutCell over = cell > tops; /* −1 where over the last cell */

  cell = (cell & ~over) | (tops & over);
  frac = x - __builtin_convertvector(cell, LutNode);
  return lut_tetrahedral_cell (nodes, size, (guint) cell[0], (guint) cell[1],
                               (guint) cell[2], frac[0], frac[1], frac[2]);
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
  {
    LutNode v = lut_tetrahedral (
        lut->data, lut->size,
        (LutNode){ clamped[0], clamped[1], clamped[2], 0.0f });

    out[0] = v[0], out[1] = v[1], out[2] = v[2];
  }
  if (!inside)
    for (int c = 0; c < 3; c++)
      out[c] += in[c] - clamped[c];
}

struct _SobolevLutApplier
{
  const SobolevLut *lut;
  guint size;
  const gfloat *nodes;
  /* For 8-bit input: the cell index (offset in nodes along one axis) and
     the fraction inside the cell of each of the 256 values.  */
  guint16 u8_cell[256];
  gfloat u8_frac[256];
};

SobolevLutApplier *
sobolev_lut_applier_new (const SobolevLut *lut)
{
  SobolevLutApplier *ap = g_new0 (SobolevLutApplier, 1);
  const guint n = lut->size;

  ap->lut = lut;
  ap->size = n;
  ap->nodes = lut->data;
  for (guint v = 0; v < 256; v++)
    {
      gfloat x = v * (gfloat) (n - 1) / 255.0f;
      guint cell = MIN ((guint) x, n - 2);

      ap->u8_cell[v] = (guint16) cell;
      ap->u8_frac[v] = x - cell;
    }
  return ap;
}

void
sobolev_lut_applier_free (SobolevLutApplier *ap)
{
  if (ap == NULL)
    return;
  g_free (ap);
}

typedef struct
{
  const SobolevLutApplier *ap;
  SobolevPixelType type;
  guint channels;
  const guint8 *in;
  gsize in_stride;
  guint8 *out;
  gsize out_stride;
  guint width;
  const gfloat *mask;
} ApplyJob;

/* Whether every lane of rgb is in [0, 1] (FALSE for NaN), in one test.  */
static inline gboolean
lut_in_unit_cube (LutNode rgb)
{
  const LutNode zero = { 0.0f, 0.0f, 0.0f, 0.0f };
  const LutNode one = { 1.0f, 1.0f, 1.0f, 1.0f };
  LutCell inside = (rgb >= zero) & (rgb <= one);

  return (inside[0] & inside[1] & inside[2] & inside[3]) != 0;
}

/* v scaled to [0, max], rounded to the nearest integer, on every lane:
   the clamp is done on the floats, so no lane ever converts a value out
   of the integers' range.  */
static inline LutCell
lut_quantize (LutNode v, gfloat max)
{
  const LutNode zero = { 0.0f, 0.0f, 0.0f, 0.0f };
  const LutNode top = { max, max, max, max };
  LutCell below, above;

  v = v * max + 0.5f;
  below = v < zero;
  v = (LutNode) ((LutCell) v & ~below);
  above = v > top;
  v = (LutNode) (((LutCell) v & ~above) | ((LutCell) top & above));
  return __builtin_convertvector(v, LutCell);
}

/* Rows [start, end) for one pixel type and channel count; called with
   constants so the compiler specializes the inner loop.  The color stays
   on vector lanes from the interpolation to the store.  */
static inline __attribute__ ((always_inline)) void
lut_apply_rows_typed (const ApplyJob *job, gsize start, gsize end,
                      SobolevPixelType type, const guint nc)
{
  /* Held in locals: the pixels' bytes may alias anything, so fields read
     through ap or job would be loaded again after every store.  */
  const SobolevLutApplier *ap = job->ap;
  const gfloat *const nodes = ap->nodes;
  const gsize size = ap->size;
  const guint16 *const u8_cell = ap->u8_cell;
  const gfloat *const u8_frac = ap->u8_frac;
  const guint width = job->width;

  for (gsize y = start; y < end; y++)
    {
      const guint8 *src = job->in + y * job->in_stride;
      guint8 *dst = job->out + y * job->out_stride;
      const gfloat *mask = job->mask ? job->mask + y * width : NULL;

      for (guint x = 0; x < width; x++)
        {
          LutNode in = { 0.0f, 0.0f, 0.0f, 1.0f }, v;

          if (type == SOBOLEV_PIXEL_U8)
            {
              const guint8 *p = src + (gsize) x * nc;

              v = lut_tetrahedral_cell (
                  nodes, size, u8_cell[p[0]], u8_cell[p[1]], u8_cell[p[2]],
                  u8_frac[p[0]], u8_frac[p[1]], u8_frac[p[2]]);
              if (mask)
                for (int c = 0; c < 3; c++)
                  in[c] = p[c] * (1.0f / 255.0f);
            }
          else
            {
              const LutCell rgb_lanes = { -1, -1, -1, 0 };
              LutNode rgb;

              /* Built whole, not lane by lane through memory, which
                 would stall the vector's load on the lanes' stores.  */
              if (type == SOBOLEV_PIXEL_FLOAT && nc == 4)
                memcpy (&in, src + (gsize) x * 4 * sizeof (gfloat), sizeof in);
              else if (type == SOBOLEV_PIXEL_FLOAT)
                {
                  const gfloat *p = (const gfloat *) src + (gsize) x * 3;

                  in = (LutNode){ p[0], p[1], p[2], 1.0f };
                }
              else
                {
                  const guint16 *p = (const guint16 *) src + (gsize) x * nc;

                  in = (LutNode){ p[0], p[1], p[2], 65535.0f }
                       * (1.0f / 65535.0f);
                }
              /* The color without its alpha, which may hold anything.  */
              rgb = (LutNode) ((LutCell) in & rgb_lanes);
              if (type == SOBOLEV_PIXEL_U16 || lut_in_unit_cube (rgb))
                v = lut_tetrahedral (nodes, size, rgb);
              else
                {
                  gfloat color[3] = { in[0], in[1], in[2] }, res[3];

                  sobolev_lut_eval (ap->lut, color, res);
                  v = (LutNode){ res[0], res[1], res[2], 0.0f };
                }
            }
          if (mask)
            {
              gfloat m = CLAMP (mask[x], 0.0f, 1.0f);

              v = in + m * (v - in);
            }

          if (type == SOBOLEV_PIXEL_U8)
            {
              LutCell q = lut_quantize (v, 255.0f);

              if (nc == 4)
                {
                  /* One 4-byte store; the bytes in memory order.  */
                  guint8 px[4] = { (guint8) q[0], (guint8) q[1], (guint8) q[2],
                                   src[x * 4 + 3] };

                  memcpy (dst + (gsize) x * 4, px, 4);
                }
              else
                for (int c = 0; c < 3; c++)
                  dst[x * nc + c] = (guint8) q[c];
            }
          else if (type == SOBOLEV_PIXEL_U16)
            {
              LutCell q = lut_quantize (v, 65535.0f);

              for (int c = 0; c < 3; c++)
                ((guint16 *) dst)[x * nc + c] = (guint16) q[c];
              if (nc == 4)
                ((guint16 *) dst)[x * nc + 3]
                    = ((const guint16 *) src)[x * nc + 3];
            }
          else if (nc == 4)
            {
              v[3] = in[3];
              memcpy (dst + (gsize) x * 4 * sizeof (gfloat), &v, sizeof v);
            }
          else
            for (int c = 0; c < 3; c++)
              ((gfloat *) dst)[x * nc + c] = v[c];
        }
    }
}

SOBOLEV_HOT_LOOP static void
lut_apply_rows (gsize start, gsize end, guint chunk, gpointer data)
{
  const ApplyJob *job = data;

  switch (job->type)
    {
    case SOBOLEV_PIXEL_U8:
      if (job->channels == 4)
        lut_apply_rows_typed (job, start, end, SOBOLEV_PIXEL_U8, 4);
      else
        lut_apply_rows_typed (job, start, end, SOBOLEV_PIXEL_U8, 3);
      break;
    case SOBOLEV_PIXEL_U16:
      if (job->channels == 4)
        lut_apply_rows_typed (job, start, end, SOBOLEV_PIXEL_U16, 4);
      else
        lut_apply_rows_typed (job, start, end, SOBOLEV_PIXEL_U16, 3);
      break;
    default:
      if (job->channels == 4)
        lut_apply_rows_typed (job, start, end, SOBOLEV_PIXEL_FLOAT, 4);
      else
        lut_apply_rows_typed (job, start, end, SOBOLEV_PIXEL_FLOAT, 3);
      break;
    }
}

void
sobolev_lut_applier_apply (const SobolevLutApplier *ap, SobolevPixelType type,
                           guint channels, const void *in, gsize in_stride,
                           void *out, gsize out_stride, guint width,
                           guint height, const gfloat *mask, guint n_threads)
{
  ApplyJob job
      = { ap, type, channels, in, in_stride, out, out_stride, width, mask };

  g_return_if_fail (ap != NULL && (channels == 3 || channels == 4));
  if (width == 0 || height == 0)
    return;
  /* Threads pay for themselves from about 64k pixels a piece.  */
  sobolev_parallel_for (height, MAX (1u, 65536 / width), n_threads,
                        lut_apply_rows, &job);
}

void
sobolev_lut_apply (const SobolevLut *lut, SobolevPixelType type, guint channels,
                   const void *in, gsize in_stride, void *out, gsize out_stride,
                   guint width, guint height, const gfloat *mask,
                   guint n_threads)
{
  SobolevLutApplier *ap;

  g_return_if_fail (lut != NULL && (channels == 3 || channels == 4));
  if (width == 0 || height == 0)
    return;
  ap = sobolev_lut_applier_new (lut);
  sobolev_lut_applier_apply (ap, type, channels, in, in_stride, out, out_stride,
                             width, height, mask, n_threads);
  sobolev_lut_applier_free (ap);
}
