/* LUTs: identity, exactness on affine maps, apply in every pixel type,
   masks, alpha, threads, out-of-range inputs, lightness preservation.  */
#include <math.h>
#include <string.h>

#include "sobolev.h"

/* A LUT holding the affine map x ↦ A x + c (no clamping needed for the
   values used).  */
static SobolevLut *
affine_lut (guint size)
{
  SobolevLut *lut = sobolev_lut_new_identity (size, NULL);
  gsize n = (gsize) size * size * size;

  for (gsize i = 0; i < n; i++)
    {
      gfloat *v = lut->data + 3 * i;
      gfloat r = v[0], g = v[1], b = v[2];

      v[0] = 0.5f * r + 0.2f * g + 0.1f;
      v[1] = 0.3f * g + 0.4f * b + 0.05f;
      v[2] = 0.6f * b + 0.1f * r + 0.2f;
    }
  return lut;
}

static void
test_identity (void)
{
  g_autoptr (SobolevLut) lut = sobolev_lut_new_identity (17, NULL);
  guint8 u8[256 * 3];
  guint8 out8[256 * 3];
  gfloat f[300 * 3], outf[300 * 3];
  GRand *rand = g_rand_new_with_seed (1);

  for (guint i = 0; i < 256 * 3; i++)
    u8[i] = (guint8) ((i * 37 + i / 3) & 255);
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_U8, 3, u8, 256 * 3, out8, 256 * 3, 256,
                     1, NULL, 1);
  g_assert_cmpmem (u8, sizeof u8, out8, sizeof out8);
  for (guint i = 0; i < 300 * 3; i++)
    f[i] = (gfloat) g_rand_double (rand);
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 3, f, sizeof f, outf,
                     sizeof outf, 300, 1, NULL, 1);
  for (guint i = 0; i < 300 * 3; i++)
    g_assert_cmpfloat (fabsf (outf[i] - f[i]), <=,
                       4 * G_MINFLOAT + 2e-7f * fabsf (f[i]));
  g_rand_free (rand);
}

/* Tetrahedral interpolation reproduces affine maps exactly: a check of
   the six tetrahedra and their weights.  */
static void
test_affine_exact (void)
{
  g_autoptr (SobolevLut) lut = affine_lut (5);
  GRand *rand = g_rand_new_with_seed (2);

  for (int i = 0; i < 20000; i++)
    {
      gfloat in[3], out[3];

      for (int c = 0; c < 3; c++)
        in[c] = (gfloat) g_rand_double (rand);
      sobolev_lut_eval (lut, in, out);
      g_assert_cmpfloat (fabsf (out[0] - (0.5f * in[0] + 0.2f * in[1] + 0.1f)),
                         <, 2e-6f);
      g_assert_cmpfloat (fabsf (out[1] - (0.3f * in[1] + 0.4f * in[2] + 0.05f)),
                         <, 2e-6f);
      g_assert_cmpfloat (fabsf (out[2] - (0.6f * in[2] + 0.1f * in[0] + 0.2f)),
                         <, 2e-6f);
    }
  g_rand_free (rand);
}

static void
test_out_of_range (void)
{
  g_autoptr (SobolevLut) lut = affine_lut (9);
  gfloat in[3] = { 1.5f, -0.25f, 0.5f }, edge[3] = { 1.0f, 0.0f, 0.5f };
  gfloat out[3], out_edge[3], nan_in[3] = { NAN, 0.2f, 0.3f };

  sobolev_lut_eval (lut, in, out);
  sobolev_lut_eval (lut, edge, out_edge);
  /* The move at the border carries on outside it.  */
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat (fabsf (out[c] - (out_edge[c] + in[c] - edge[c])), <,
                       1e-6f);
  sobolev_lut_eval (lut, nan_in, out);
  g_assert_true (isnan (out[0]));
  g_assert_cmpfloat (out[1], ==, 0.2f);
}

/* u8, u16 and float agree; alpha is copied; a mask blends; threads and
   in-place writes give the same bytes as one thread.  */
static void
test_apply_types (void)
{
  const guint w = 301, h = 257;
  const gsize n = (gsize) w * h;
  g_autoptr (SobolevLut) lut = affine_lut (17);
  guint8 *u8 = g_new (guint8, n * 4), *o8 = g_new (guint8, n * 4);
  guint8 *o8t = g_new (guint8, n * 4);
  guint16 *u16 = g_new (guint16, n * 4), *o16 = g_new (guint16, n * 4);
  gfloat *f = g_new (gfloat, n * 4), *of = g_new (gfloat, n * 4);
  gfloat *mask = g_new (gfloat, n);
  GRand *rand = g_rand_new_with_seed (3);

  for (gsize i = 0; i < n * 4; i++)
    {
      u8[i] = (guint8) g_rand_int_range (rand, 0, 256);
      u16[i] = u8[i] * 257;
      f[i] = u8[i] / 255.0f;
    }
  for (gsize i = 0; i < n; i++)
    mask[i] = (i % w) < w / 2 ? 0.0f : ((i % w) < 3 * w / 4 ? 0.5f : 1.0f);

  sobolev_lut_apply (lut, SOBOLEV_PIXEL_U8, 4, u8, w * 4, o8, w * 4, w, h, mask,
                     1);
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_U8, 4, u8, w * 4, o8t, w * 4, w, h,
                     mask, 4);
  g_assert_cmpmem (o8, n * 4, o8t, n * 4);
  memcpy (o8t, u8, n * 4);
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_U8, 4, o8t, w * 4, o8t, w * 4, w, h,
                     mask, 3);
  g_assert_cmpmem (o8, n * 4, o8t, n * 4);
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_U16, 4, u16, w * 8, o16, w * 8, w, h,
                     mask, 0);
  sobolev_lut_apply (lut, SOBOLEV_PIXEL_FLOAT, 4, f, w * 16, of, w * 16, w, h,
                     mask, 0);
  for (gsize i = 0; i < n; i++)
    {
      gfloat m = mask[i];

      g_assert_cmpuint (o8[i * 4 + 3], ==, u8[i * 4 + 3]);
      g_assert_cmpuint (o16[i * 4 + 3], ==, u16[i * 4 + 3]);
      g_assert_cmpfloat (of[i * 4 + 3], ==, f[i * 4 + 3]);
      for (int c = 0; c < 3; c++)
        {
          gfloat in = f[i * 4 + c];
          gfloat full[3], x[3] = { f[i * 4], f[i * 4 + 1], f[i * 4 + 2] };
          gfloat want;

          sobolev_lut_eval (lut, x, full);
          want = in + m * (full[c] - in);
          g_assert_cmpfloat (fabsf (of[i * 4 + c] - want), <, 1e-6f);
          g_assert_cmpfloat (fabsf (o16[i * 4 + c] / 65535.0f - want), <=,
                             0.5f / 65535.0f + 1e-6f);
          g_assert_cmpfloat (fabsf (o8[i * 4 + c] / 255.0f - want), <=,
                             0.5f / 255.0f + 1e-6f);
          if (m == 0.0f)
            g_assert_cmpuint (o8[i * 4 + c], ==, u8[i * 4 + c]);
        }
    }
  g_rand_free (rand);
  g_free (u8), g_free (o8), g_free (o8t), g_free (u16), g_free (o16);
  g_free (f), g_free (of), g_free (mask);
}

static void
test_mix_and_lightness (void)
{
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (9, NULL);
  g_autoptr (SobolevLut) aff = affine_lut (9);
  g_autoptr (SobolevLut) half = sobolev_lut_copy (id);
  g_autoptr (SobolevLut) keep = sobolev_lut_copy (aff);
  gsize n = 9 * 9 * 9 * 3;

  sobolev_lut_mix (id, aff, 0.5, half);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (
        fabsf (half->data[i] - 0.5f * (id->data[i] + aff->data[i])), <, 1e-6f);
  sobolev_lut_preserve_lightness (keep, 1.0);
  for (gsize i = 0; i < n; i += 3)
    {
      gdouble in[3] = { id->data[i], id->data[i + 1], id->data[i + 2] };
      gdouble out[3] = { keep->data[i], keep->data[i + 1], keep->data[i + 2] };
      gboolean clipped = FALSE;

      for (int c = 0; c < 3; c++)
        clipped = clipped || out[c] <= 0.0 || out[c] >= 1.0;
      /* Where the mixed color is in gamut, its lightness is the input's. */
      if (!clipped)
        g_assert_cmpfloat (
            fabs (sobolev_srgb_lightness (out) - sobolev_srgb_lightness (in)),
            <, 1e-5);
    }
}

/* A saved look part way: the identity at 0, the file's nodes to the byte
   at 1, the mix between, and the lightness kept as for a transport.  */
static void
test_look_at (void)
{
  g_autoptr (SobolevLut) id = sobolev_lut_new_identity (7, NULL);
  g_autoptr (SobolevLut) aff = affine_lut (7);
  g_autoptr (SobolevLut) none = sobolev_lut_look_at (aff, 0.0, 0.0);
  g_autoptr (SobolevLut) full = sobolev_lut_look_at (aff, 1.0, 0.0);
  g_autoptr (SobolevLut) part = sobolev_lut_look_at (aff, 0.25, 0.0);
  g_autoptr (SobolevLut) kept = sobolev_lut_look_at (aff, 0.25, 0.6);
  g_autoptr (SobolevLut) expected = sobolev_lut_copy (id);
  gsize bytes = 7 * 7 * 7 * 3 * sizeof (gfloat);

  g_assert_cmpuint (full->size, ==, 7);
  g_assert_true (memcmp (none->data, id->data, bytes) == 0);
  g_assert_true (memcmp (full->data, aff->data, bytes) == 0);
  sobolev_lut_mix (id, aff, 0.25, expected);
  g_assert_true (memcmp (part->data, expected->data, bytes) == 0);
  sobolev_lut_preserve_lightness (expected, 0.6);
  g_assert_true (memcmp (kept->data, expected->data, bytes) == 0);
  g_assert_true (memcmp (kept->data, part->data, bytes) != 0);
}

/* Many colors at once: each one as sobolev_lut_eval gives it, the same
   on one thread and on all, in place too; and a composition is the
   outer map at the inner's nodes, clamped to the cube.  */
static void
test_eval_points (void)
{
  g_autoptr (SobolevLut) outer = affine_lut (9);
  g_autoptr (SobolevLut) inner = affine_lut (17);
  g_autoptr (SobolevLut) composed = NULL;
  const gsize n = 50000;
  g_autofree gdouble *in = g_new (gdouble, n * 3);
  g_autofree gdouble *one = g_new (gdouble, n * 3);
  g_autofree gdouble *all = g_new (gdouble, n * 3);
  GRand *rand = g_rand_new_with_seed (7);
  guint clamped = 0;

  /* An inner map that leaves the cube, so that the clamp has work.  */
  for (gsize i = 0; i < (gsize) inner->size * inner->size * inner->size * 3;
       i++)
    inner->data[i] = 1.6f * inner->data[i] - 0.3f;
  for (gsize i = 0; i < n * 3; i++)
    in[i] = g_rand_double_range (rand, -0.1, 1.1);
  sobolev_lut_eval_points (outer, in, one, n, 1);
  sobolev_lut_eval_points (outer, in, all, n, 0);
  g_assert_cmpmem (one, n * 3 * sizeof (gdouble), all,
                   n * 3 * sizeof (gdouble));
  for (gsize i = 0; i < n; i += 97)
    {
      gfloat x[3], y[3];

      for (int c = 0; c < 3; c++)
        x[c] = (gfloat) in[3 * i + c];
      sobolev_lut_eval (outer, x, y);
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat (one[3 * i + c], ==, y[c]);
    }
  sobolev_lut_eval_points (outer, in, in, n, 0);
  g_assert_cmpmem (one, n * 3 * sizeof (gdouble), in, n * 3 * sizeof (gdouble));

  composed = sobolev_lut_compose (outer, inner);
  g_assert_cmpuint (composed->size, ==, inner->size);
  for (gsize k = 0; k < (gsize) inner->size * inner->size * inner->size; k++)
    {
      gfloat y[3];

      sobolev_lut_eval (outer, inner->data + 3 * k, y);
      for (int c = 0; c < 3; c++)
        {
          g_assert_cmpfloat (composed->data[3 * k + c], ==,
                             CLAMP (y[c], 0.0f, 1.0f));
          clamped += y[c] < 0.0f || y[c] > 1.0f;
        }
    }
  g_assert_cmpuint (clamped, >, 0);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lut/identity", test_identity);
  g_test_add_func ("/lut/affine-exact", test_affine_exact);
  g_test_add_func ("/lut/out-of-range", test_out_of_range);
  g_test_add_func ("/lut/apply-types", test_apply_types);
  g_test_add_func ("/lut/mix-and-lightness", test_mix_and_lightness);
  g_test_add_func ("/lut/look-at", test_look_at);
  g_test_add_func ("/lut/eval-points", test_eval_points);
  return g_test_run ();
}
