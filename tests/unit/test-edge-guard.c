/* The edge guard: it leaves a clean map's result alone, removes the
   edges a map that tears neighboring colors apart paints, works the same
   strip by strip, and is deterministic.  */
#include <math.h>
#include <string.h>

#include "test-util.h"

#define W 120
#define H 80

/* A smooth gray ramp from 0.2 to 0.8 with a faint, fixed texture and one
   sharp vertical edge (a dark bar) that is the photo's own.  */
static gfloat *
ramp_image (void)
{
  gfloat *img = g_new (gfloat, W * H * 4);
  guint32 seed = 7;

  for (guint y = 0; y < H; y++)
    for (guint x = 0; x < W; x++)
      {
        gfloat v = 0.2f + 0.6f * x / (W - 1.0f);
        gfloat *p = img + ((gsize) y * W + x) * 4;

        seed = seed * 1664525u + 1013904223u;
        v += ((seed >> 8) / 16777216.0f - 0.5f) * 0.004f;
        if (x >= 80 && x < 88)
          v = 0.1f;
        p[0] = p[1] = p[2] = v;
        p[3] = 1.0f;
      }
  return img;
}

/* Grays to colors that cycle quickly with lightness: neighboring grays
   go to distant colors, a rainbow over a smooth ramp.  */
static SobolevLut *
rainbow_lut (void)
{
  SobolevLut *lut = sobolev_lut_new_identity (33, NULL);
  guint s = lut->size;

  for (guint b = 0; b < s; b++)
    for (guint g = 0; g < s; g++)
      for (guint r = 0; r < s; r++)
        {
          gfloat *o = lut->data + (((gsize) b * s + g) * s + r) * 3;
          gfloat v = (r + g + b) / (3.0f * (s - 1));

          for (int c = 0; c < 3; c++)
            o[c] = 0.5f + 0.4f * sinf (40.0f * v + 2.0f * c);
        }
  return lut;
}

/* A clean map: contrast doubled around mid-gray.  */
static SobolevLut *
stretch_lut (void)
{
  SobolevLut *lut = sobolev_lut_new_identity (33, NULL);
  gsize n = (gsize) lut->size * lut->size * lut->size * 3;

  for (gsize i = 0; i < n; i++)
    lut->data[i] = CLAMP (0.5f + 2.0f * (lut->data[i] - 0.5f), 0.0f, 1.0f);
  return lut;
}

static gfloat *
guarded (const SobolevLut *lut, gdouble gain, const gfloat *src,
         guint n_threads)
{
  gfloat *out = g_new (gfloat, W * H * 4);

  sobolev_edge_guard_apply_image (lut, gain, SOBOLEV_PIXEL_FLOAT, 4, src,
                                  W * 4 * sizeof (gfloat), out,
                                  W * 4 * sizeof (gfloat), W, H, n_threads);
  return out;
}

static gfloat *
plain (const SobolevLut *lut, const gfloat *src)
{
  gfloat *out = g_new (gfloat, W * H * 4);

  sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 4, src, W * 4 * sizeof (gfloat),
                     out, W * 4 * sizeof (gfloat), W, H, NULL, 1);
  return out;
}

static gdouble
max_difference_n (const gfloat *a, const gfloat *b, gsize n)
{
  gdouble worst = 0.0;

  for (gsize i = 0; i < n; i++)
    worst = MAX (worst, fabs (a[i] - b[i]));
  return worst;
}

static gdouble
max_difference (const gfloat *a, const gfloat *b)
{
  return max_difference_n (a, b, (gsize) W * H * 4);
}

/* Nothing to distrust: the map's result exactly.  */
static void
test_identity (void)
{
  g_autofree gfloat *src = ramp_image ();
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (33, NULL);
  g_autofree gfloat *want = plain (id, src);
  g_autofree gfloat *out = guarded (id, 3.0, src, 1);

  g_assert_cmpfloat (max_difference (src, out), <, 1e-4);
  g_assert_cmpfloat (max_difference (want, out), ==, 0.0);
}

static void
test_clean_map_kept (void)
{
  g_autofree gfloat *src = ramp_image ();
  g_autoptr (SobolevLut) lut = stretch_lut ();
  g_autofree gfloat *want = plain (lut, src);
  g_autofree gfloat *out = guarded (lut, 3.0, src, 1);

  g_assert_cmpfloat (sobolev_false_edges (src, want, 4, W, H), ==, 0.0);
  /* Within one level of 8 bits: where the doubled texture comes near the
     gradient the guard allows (the dark end, where CIELAB stretches
     sRGB), its trust eases off and the fit trims a fraction of a
     level.  */
  g_assert_cmpfloat (max_difference (want, out), <, 1.0 / 255);
}

static void
test_rainbow_removed (void)
{
  g_autofree gfloat *src = ramp_image ();
  g_autoptr (SobolevLut) lut = rainbow_lut ();
  g_autofree gfloat *raw = plain (lut, src);
  g_autofree gfloat *out = guarded (lut, 3.0, src, 1);
  g_autofree gfloat *off = guarded (lut, 0.0, src, 1);
  gdouble fe_raw = sobolev_false_edges (src, raw, 4, W, H);
  gdouble fe = sobolev_false_edges (src, out, 4, W, H);

  g_test_message ("false edges: map %.3f, guarded %.4f", fe_raw, fe);
  g_assert_cmpfloat (fe_raw, >, 0.3);
  g_assert_cmpfloat (fe, <=, 0.02);
  /* The result still moved the colors (not left as they were).  */
  g_assert_cmpfloat (max_difference (src, out), >, 0.1);
  /* Gain 0: the plain LUT.  */
  g_assert_cmpfloat (max_difference (raw, off), ==, 0.0);
}

/* A photo one pixel tall, or one pixel wide: the ramp's first row laid
   along x or along y.  The guard's neighborhoods and gradients clamp at
   borders on both sides of the same cell, and still clean the rainbow.  */
static void
test_thin_images (void)
{
  g_autofree gfloat *src = ramp_image ();
  g_autoptr (SobolevLut) lut = rainbow_lut ();
  const gsize stride = 4 * sizeof (gfloat);

  for (int along_y = 0; along_y < 2; along_y++)
    {
      const guint w = along_y ? 1 : W, h = along_y ? W : 1;
      g_autofree gfloat *raw = g_new (gfloat, W * 4);
      g_autofree gfloat *out = g_new (gfloat, W * 4);
      gdouble fe_raw, fe;

      /* Along x or along y, the same pixels in memory.  */
      sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 4, src, w * stride, raw,
                         w * stride, w, h, NULL, 1);
      sobolev_edge_guard_apply_image (lut, 3.0, SOBOLEV_PIXEL_FLOAT, 4, src,
                                      w * stride, out, w * stride, w, h, 1);
      fe_raw = sobolev_false_edges (src, raw, 4, w, h);
      fe = sobolev_false_edges (src, out, 4, w, h);
      g_test_message ("%u x %u: false edges: map %.3f, guarded %.4f", w, h,
                      fe_raw, fe);
      g_assert_cmpfloat (fe_raw, >, 0.3);
      g_assert_cmpfloat (fe, <=, 0.02);
      g_assert_cmpfloat (max_difference_n (src, out, W * 4), >, 0.1);
    }
}

/* The second map a refine hands back: every color moved by SHIFT in
   red (a move that amplifies nothing), and how often it was asked.  */
#define SHIFT 0.15f

static SobolevLut *
shift_refine (gpointer data, const gfloat *colors, const gfloat *weights,
              guint width, guint height)
{
  SobolevLut *lut = sobolev_lut_new_identity (17, NULL);
  gsize n = (gsize) lut->size * lut->size * lut->size;
  guint *calls = data;

  /* The grid of the guard's first stage: here the image itself.  */
  g_assert_cmpuint (width, ==, W);
  g_assert_cmpuint (height, ==, H);
  g_assert_cmpfloat (weights[0], >, 0.0f);
  g_assert_cmpfloat (colors[0], >=, 0.0f);
  (*calls)++;
  for (gsize i = 0; i < n; i++)
    lut->data[i * 3] = MIN (1.0f, lut->data[i * 3] + SHIFT);
  return lut;
}

/* A map that can be refined: after cleaning, the guard asks once for a
   second map from its first result and applies it, itself guarded; a
   clean map is never refined.  */
static void
test_refine (void)
{
  g_autofree gfloat *src = ramp_image ();
  g_autoptr (SobolevLut) lut = rainbow_lut ();
  g_autoptr (SobolevLut) refined = rainbow_lut ();
  g_autoptr (SobolevLut) clean = stretch_lut ();
  g_autofree gfloat *first = guarded (lut, 3.0, src, 1);
  g_autofree gfloat *out = NULL, *clean_out = NULL, *plain_clean = NULL;
  guint calls = 0, clean_calls = 0;
  gdouble red = 0.0, other = 0.0;
  gsize n = 0;

  sobolev_lut_set_refine (refined, shift_refine, &calls, NULL);
  out = guarded (refined, 3.0, src, 1);
  g_assert_cmpuint (calls, ==, 1);
  g_assert_cmpfloat (sobolev_false_edges (src, out, 4, W, H), <=, 0.02);
  for (gsize i = 0; i < (gsize) W * H; i++)
    if (first[i * 4] < 1.0f - SHIFT)
      {
        red += out[i * 4] - first[i * 4];
        other += fabs (out[i * 4 + 1] - first[i * 4 + 1]);
        n++;
      }
  g_test_message ("refined: red moved %.4f, green %.4f", red / n, other / n);
  g_assert_cmpuint (n, >, (gsize) W * H / 4);
  g_assert_cmpfloat (fabs (red / n - SHIFT), <, 0.02);
  g_assert_cmpfloat (other / n, <, 0.01);

  sobolev_lut_set_refine (clean, shift_refine, &clean_calls, NULL);
  clean_out = guarded (clean, 3.0, src, 1);
  plain_clean = plain (clean, src);
  g_assert_cmpuint (clean_calls, ==, 0);
  /* Within a level, as in test_clean_map_kept.  */
  g_assert_cmpfloat (max_difference (plain_clean, clean_out), <, 1.0 / 255);
}

/* Fed and applied in strips, in any order, the guard gives the same
   bytes as on the whole image, with any number of threads.  */
static void
test_strips_and_threads (void)
{
  g_autofree gfloat *src = ramp_image ();
  g_autoptr (SobolevLut) lut = rainbow_lut ();
  g_autofree gfloat *whole = guarded (lut, 3.0, src, 1);
  g_autofree gfloat *threaded = guarded (lut, 3.0, src, 3);
  g_autofree gfloat *strips = g_new (gfloat, W * H * 4);
  g_autoptr (SobolevEdgeGuard) guard = sobolev_edge_guard_new (W, H);
  g_autoptr (SobolevLutApplier) applier = sobolev_lut_applier_new (lut);
  const gsize stride = W * 4 * sizeof (gfloat);
  const guint rows = 17;

  for (gint y = (H - 1) / rows * rows; y >= 0; y -= rows)
    sobolev_edge_guard_add_pixels (guard, SOBOLEV_PIXEL_FLOAT, 4,
                                   src + (gsize) y * W * 4, stride, 0, y, W,
                                   MIN (rows, (guint) (H - y)), 2);
  sobolev_edge_guard_solve (guard, lut, 3.0, 2);
  for (guint y = 0; y < H; y += rows)
    sobolev_edge_guard_apply (
        guard, applier, SOBOLEV_PIXEL_FLOAT, 4, src + (gsize) y * W * 4, stride,
        strips + (gsize) y * W * 4, stride, 0, y, W, MIN (rows, H - y), 1);
  g_assert_cmpint (memcmp (whole, threaded, W * H * 4 * sizeof (gfloat)), ==,
                   0);
  g_assert_cmpint (memcmp (whole, strips, W * H * 4 * sizeof (gfloat)), ==, 0);
}

/* On a grid coarser than the image (4 × 4 pixels a cell), pixels fed in
   tiles that cut across cells, rows and columns, in any order, on one
   thread, give the guard of the whole image fed at once (which is summed
   on two threads, by bands of cell rows), byte for byte.  */
static void
test_tiles_across_cells (void)
{
  enum
  {
    TW = 40,
    TH = 3300
  };
  const gsize stride = TW * 4 * sizeof (gfloat);
  const guint cuts_x[] = { 0, 7, 13, 33, TW },
              cuts_y[] = { 0, 3, 1001, 1002, 2999, TH };
  g_autofree gfloat *src = g_new (gfloat, TW * TH * 4);
  g_autofree gfloat *want = g_new (gfloat, TW * TH * 4);
  g_autofree gfloat *got = g_new (gfloat, TW * TH * 4);
  g_autofree gfloat *unguarded = g_new (gfloat, TW * TH * 4);
  g_autoptr (SobolevLut) lut = rainbow_lut ();
  g_autoptr (SobolevLutApplier) applier = sobolev_lut_applier_new (lut);
  g_autoptr (SobolevEdgeGuard) whole
      = sobolev_edge_guard_new_with_grid (TW, TH, (TW / 4) * (TH / 4));
  g_autoptr (SobolevEdgeGuard) tiled
      = sobolev_edge_guard_new_with_grid (TW, TH, (TW / 4) * (TH / 4));
  g_autoptr (SobolevEdgeGuard) banded
      = sobolev_edge_guard_new_with_grid (TW, TH, (TW / 4) * (TH / 4));

  for (guint y = 0; y < TH; y++)
    for (guint x = 0; x < TW; x++)
      {
        gfloat *p = src + ((gsize) y * TW + x) * 4;

        p[0] = p[1] = p[2] = 0.2f + 0.3f * x / TW + 0.3f * y / TH;
        p[3] = 1.0f;
      }
  sobolev_edge_guard_add_pixels (whole, SOBOLEV_PIXEL_FLOAT, 4, src, stride, 0,
                                 0, TW, TH, 2);
  for (gint b = G_N_ELEMENTS (cuts_y) - 2; b >= 0; b--)
    for (guint a = 0; a + 1 < G_N_ELEMENTS (cuts_x); a++)
      sobolev_edge_guard_add_pixels (
          tiled, SOBOLEV_PIXEL_FLOAT, 4,
          src + ((gsize) cuts_y[b] * TW + cuts_x[a]) * 4, stride, cuts_x[a],
          cuts_y[b], cuts_x[a + 1] - cuts_x[a], cuts_y[b + 1] - cuts_y[b], 1);
  /* Two full strips, the second (summed on threads) starting mid-cell.  */
  sobolev_edge_guard_add_pixels (banded, SOBOLEV_PIXEL_FLOAT, 4,
                                 src + 3 * TW * 4, stride, 0, 3, TW, TH - 3, 2);
  sobolev_edge_guard_add_pixels (banded, SOBOLEV_PIXEL_FLOAT, 4, src, stride, 0,
                                 0, TW, 3, 2);
  sobolev_edge_guard_solve (whole, lut, 3.0, 2);
  sobolev_edge_guard_solve (banded, lut, 3.0, 2);
  sobolev_edge_guard_solve (tiled, lut, 3.0, 1);
  sobolev_edge_guard_apply (whole, applier, SOBOLEV_PIXEL_FLOAT, 4, src, stride,
                            want, stride, 0, 0, TW, TH, 1);
  sobolev_edge_guard_apply (tiled, applier, SOBOLEV_PIXEL_FLOAT, 4, src, stride,
                            got, stride, 0, 0, TW, TH, 2);
  /* The guard did work here: the result is not the map alone.  */
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 4, src, stride, unguarded,
                     stride, TW, TH, NULL, 1);
  g_assert_cmpint (memcmp (want, unguarded, TW * TH * 4 * sizeof (gfloat)), !=,
                   0);
  g_assert_cmpint (memcmp (want, got, TW * TH * 4 * sizeof (gfloat)), ==, 0);
  sobolev_edge_guard_apply (banded, applier, SOBOLEV_PIXEL_FLOAT, 4, src,
                            stride, got, stride, 0, 0, TW, TH, 2);
  g_assert_cmpint (memcmp (want, got, TW * TH * 4 * sizeof (gfloat)), ==, 0);
}

/* Level i of integer pixels of the given bytes per channel (1 or 2).  */
static guint
level_get (const guint8 *px, gsize i, gsize bytes)
{
  return bytes == 1 ? px[i] : ((const guint16 *) px)[i];
}

static void
level_set (guint8 *px, gsize i, gsize bytes, guint level)
{
  if (bytes == 1)
    px[i] = (guint8) level;
  else
    ((guint16 *) px)[i] = (guint16) level;
}

/* 8- and 16-bit pixels, with alpha (8-bit in place, 16-bit beside the
   input) and without: each pixel's color is the float path's on the
   same integer colors, rounded, and its alpha is kept (every level, in
   a fixed order).  */
static void
test_integer_pixels (void)
{
  g_autoptr (SobolevLut) lut = rainbow_lut ();

  for (gsize bytes = 1; bytes <= 2; bytes++)
    {
      const guint max = bytes == 1 ? 255 : 65535;
      const SobolevPixelType type
          = bytes == 1 ? SOBOLEV_PIXEL_U8 : SOBOLEV_PIXEL_U16;
      g_autofree gfloat *src = ramp_image ();
      g_autofree gfloat *want = NULL;
      g_autofree guint8 *px = g_new (guint8, W * H * 4 * bytes);
      g_autofree guint8 *out = g_new0 (guint8, W * H * 4 * bytes);
      g_autofree guint8 *rgb = g_new (guint8, W * H * 3 * bytes);
      g_autofree guint8 *rgb_out = g_new0 (guint8, W * H * 3 * bytes);
      gdouble worst = 0.0, worst_rgb = 0.0;

      for (gsize i = 0; i < (gsize) W * H * 4; i++)
        {
          const guint level = i % 4 == 3 ? (guint) (i / 4 * 7 % (max + 1))
                                         : (guint) lrintf (src[i] * max);

          level_set (px, i, bytes, level);
          if (i % 4 != 3)
            level_set (rgb, i / 4 * 3 + i % 4, bytes, level);
          /* As the guard reads an integer pixel, to the last bit: the
             fit's trust turns sharply, and a difference of one bit in a
             color can move a result by a few 16-bit levels.  */
          src[i] = i % 4 == 3 ? 1.0f : level * (1.0f / max);
        }
      want = guarded (lut, 3.0, src, 1);
      if (bytes == 1)
        memcpy (out, px, W * H * 4);
      sobolev_edge_guard_apply_image (lut, 3.0, type, 4, bytes == 1 ? out : px,
                                      W * 4 * bytes, out, W * 4 * bytes, W, H,
                                      1);
      sobolev_edge_guard_apply_image (lut, 3.0, type, 3, rgb, W * 3 * bytes,
                                      rgb_out, W * 3 * bytes, W, H, 1);
      for (gsize i = 0; i < (gsize) W * H * 4; i++)
        if (i % 4 == 3)
          g_assert_cmpuint (level_get (out, i, bytes), ==,
                            level_get (px, i, bytes));
        else
          {
            const gdouble v = CLAMP (want[i], 0.0, 1.0);

            worst = MAX (worst,
                         fabs ((gdouble) level_get (out, i, bytes) / max - v));
            worst_rgb = MAX (
                worst_rgb,
                fabs ((gdouble) level_get (rgb_out, i / 4 * 3 + i % 4, bytes)
                          / max
                      - v));
          }
      g_test_message ("%u levels: worst %.3g, without alpha %.3g", max + 1,
                      worst, worst_rgb);
      g_assert_cmpfloat (worst, <=, 0.5 / max + 1e-6);
      g_assert_cmpfloat (worst_rgb, <=, 0.5 / max + 1e-6);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/edge-guard/identity", test_identity);
  g_test_add_func ("/edge-guard/clean-map-kept", test_clean_map_kept);
  g_test_add_func ("/edge-guard/rainbow-removed", test_rainbow_removed);
  g_test_add_func ("/edge-guard/thin-images", test_thin_images);
  g_test_add_func ("/edge-guard/refine", test_refine);
  g_test_add_func ("/edge-guard/strips-and-threads", test_strips_and_threads);
  g_test_add_func ("/edge-guard/tiles-across-cells", test_tiles_across_cells);
  g_test_add_func ("/edge-guard/integer-pixels", test_integer_pixels);
  return g_test_run ();
}
