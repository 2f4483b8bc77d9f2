/* sobolev-transfer — tests of the exact optimal-transport baseline
   (tests/bench/exact-ot.c).  */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "../bench/exact-ot.h"

/* ---------------------------------------------------------------------- */
/* Helpers.                                                                */

static gboolean
is_permutation (const gsize *perm, gsize n)
{
  gboolean *seen = g_new0 (gboolean, n);
  gboolean ok = TRUE;
  for (gsize i = 0; i < n && ok; i++)
    {
      if (perm[i] >= n || seen[perm[i]])
        ok = FALSE;
      else
        seen[perm[i]] = TRUE;
    }
  g_free (seen);
  return ok;
}

static gdouble
perm_cost (const gdouble *cost, gsize n, const gsize *perm)
{
  gdouble total = 0.0;
  for (gsize i = 0; i < n; i++)
    total += cost[i * n + perm[i]];
  return total;
}

/* Minimum over all n! permutations (Heap's algorithm).  */
static gdouble
brute_force (const gdouble *cost, gsize n)
{
  gsize perm[8], c[8] = { 0 };
  gdouble best;
  gsize k = 1;

  g_assert_cmpuint (n, <=, 8);
  for (gsize i = 0; i < n; i++)
    perm[i] = i;
  best = perm_cost (cost, n, perm);
  while (k < n)
    {
      if (c[k] < k)
        {
          gsize a = (k % 2 == 0) ? 0 : c[k];
          gsize t = perm[a];
          perm[a] = perm[k];
          perm[k] = t;
          best = MIN (best, perm_cost (cost, n, perm));
          c[k]++;
          k = 1;
        }
      else
        c[k++] = 0;
    }
  return best;
}

/* An independent reference: the textbook O(n³) Hungarian method with row
   and column potentials, one row added at a time (1-based inside).  */
static gdouble
hungarian (const gdouble *cost, gsize n)
{
  gdouble *u = g_new0 (gdouble, n + 1), *v = g_new0 (gdouble, n + 1);
  gdouble *minv = g_new (gdouble, n + 1);
  gsize *match = g_new0 (gsize, n + 1), *way = g_new0 (gsize, n + 1);
  gboolean *used = g_new (gboolean, n + 1);
  gdouble total = 0.0;

  for (gsize i = 1; i <= n; i++)
    {
      gsize j0 = 0;
      match[0] = i;
      for (gsize j = 0; j <= n; j++)
        {
          minv[j] = INFINITY;
          used[j] = FALSE;
        }
      do
        {
          gsize i0 = match[j0], j1 = 0;
          gdouble delta = INFINITY;
          used[j0] = TRUE;
          for (gsize j = 1; j <= n; j++)
            if (!used[j])
              {
                gdouble cur = cost[(i0 - 1) * n + (j - 1)] - u[i0] - v[j];
                if (cur < minv[j])
                  {
                    minv[j] = cur;
                    way[j] = j0;
                  }
                if (minv[j] < delta)
                  {
                    delta = minv[j];
                    j1 = j;
                  }
              }
          for (gsize j = 0; j <= n; j++)
            if (used[j])
              {
                u[match[j]] += delta;
                v[j] -= delta;
              }
            else
              minv[j] -= delta;
          j0 = j1;
        }
      while (match[j0] != 0);
      do
        {
          gsize j1 = way[j0];
          match[j0] = match[j1];
          j0 = j1;
        }
      while (j0 != 0);
    }
  for (gsize j = 1; j <= n; j++)
    total += cost[(match[j] - 1) * n + (j - 1)];
  g_free (u);
  g_free (v);
  g_free (minv);
  g_free (match);
  g_free (way);
  g_free (used);
  return total;
}

static gdouble *
squared_distances (const gdouble *a, const gdouble *b, gsize n)
{
  gdouble *cost = g_new (gdouble, n * n);
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      {
        gdouble s = 0.0;
        for (guint c = 0; c < 3; c++)
          {
            gdouble d = a[3 * i + c] - b[3 * j + c];
            s += d * d;
          }
        cost[i * n + j] = s;
      }
  return cost;
}

/* Kinds of random matrices: uniform reals, small integers (many ties and
   many optimal permutations), negative and large values, and squared
   distances between 8-bit-quantized colors from two different clusters
   (the shape of the real problem, duplicates included).  */
enum
{
  KIND_UNIFORM,
  KIND_SMALL_INT,
  KIND_SIGNED_LARGE,
  KIND_COLORS,
  N_KINDS
};

static gdouble *
random_matrix (GRand *rand, gsize n, guint kind)
{
  gdouble *cost;
  if (kind == KIND_COLORS)
    {
      gdouble *a = g_new (gdouble, 3 * n), *b = g_new (gdouble, 3 * n);
      for (gsize i = 0; i < 3 * n; i++)
        {
          a[i] = g_rand_int_range (rand, 0, 96) / 255.0;
          b[i] = g_rand_int_range (rand, 128, 256) / 255.0;
        }
      cost = squared_distances (a, b, n);
      g_free (a);
      g_free (b);
      return cost;
    }
  cost = g_new (gdouble, n * n);
  for (gsize k = 0; k < n * n; k++)
    switch (kind)
      {
      case KIND_UNIFORM:
        cost[k] = g_rand_double (rand);
        break;
      case KIND_SMALL_INT:
        cost[k] = g_rand_int_range (rand, 0, 4);
        break;
      default:
        cost[k] = g_rand_double_range (rand, -1e6, 1e6);
        break;
      }
  return cost;
}

static gfloat *
new_image (gsize n_pixels)
{
  return g_new0 (gfloat, 4 * n_pixels);
}

static void
set_pixel (gfloat *img, gsize p, gfloat r, gfloat g, gfloat b, gfloat a)
{
  img[4 * p] = r;
  img[4 * p + 1] = g;
  img[4 * p + 2] = b;
  img[4 * p + 3] = a;
}

/* ---------------------------------------------------------------------- */
/* Assignment.                                                             */

static void
test_assign_brute_force (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  for (gsize n = 1; n <= 8; n++)
    for (guint kind = 0; kind < N_KINDS; kind++)
      for (guint trial = 0; trial < (n <= 6 ? 200u : 25u); trial++)
        {
          gdouble *cost = random_matrix (rand, n, kind);
          gsize perm[8];
          gdouble got = exact_ot_assign (cost, n, perm);
          gdouble want = brute_force (cost, n);
          gdouble tol = 1e-9 * (1.0 + fabs (want));
          g_assert_true (is_permutation (perm, n));
          g_assert_cmpfloat_with_epsilon (got, want, tol);
          g_assert_cmpfloat_with_epsilon (perm_cost (cost, n, perm), got, tol);
          g_free (cost);
        }
  g_rand_free (rand);
}

static void
test_assign_reference (void)
{
  GRand *rand = g_rand_new_with_seed (12);
  const gsize sizes[] = { 9, 40, 150, 400 };
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint kind = 0; kind < N_KINDS; kind++)
      {
        gsize n = sizes[s];
        gdouble *cost = random_matrix (rand, n, kind);
        gsize *perm = g_new (gsize, n);
        gdouble got = exact_ot_assign (cost, n, perm);
        gdouble want = hungarian (cost, n);
        gdouble tol = 1e-9 * (1.0 + fabs (want));
        g_assert_true (is_permutation (perm, n));
        g_assert_cmpfloat_with_epsilon (got, want, tol);
        g_assert_cmpfloat_with_epsilon (perm_cost (cost, n, perm), got, tol);
        g_free (perm);
        g_free (cost);
      }
  g_rand_free (rand);
}

static void
test_assign_edge_cases (void)
{
  gsize perm[2] = { 7, 7 };
  gdouble one = 3.5;
  gdouble same[4] = { 2.0, 2.0, 2.0, 2.0 };
  gdouble anti[4] = { 5.0, 1.0, 1.0, 5.0 };

  g_assert_cmpfloat (exact_ot_assign (NULL, 0, NULL), ==, 0.0);
  g_assert_cmpfloat (exact_ot_assign (&one, 1, perm), ==, 3.5);
  g_assert_cmpuint (perm[0], ==, 0);
  g_assert_cmpfloat (exact_ot_assign (same, 2, perm), ==, 4.0);
  g_assert_true (is_permutation (perm, 2));
  g_assert_cmpfloat (exact_ot_assign (anti, 2, perm), ==, 2.0);
  g_assert_cmpuint (perm[0], ==, 1);
  g_assert_cmpuint (perm[1], ==, 0);
}

/* Points on a line with squared cost: the sorted (monotone) matching is
   the unique optimum when the values are distinct.  */
static void
test_assign_line (void)
{
  GRand *rand = g_rand_new_with_seed (13);
  const gsize n = 600;
  gdouble *a = g_new0 (gdouble, 3 * n), *b = g_new0 (gdouble, 3 * n);
  gsize *rank_a = g_new (gsize, n), *rank_b = g_new (gsize, n);
  gsize *perm = g_new (gsize, n);
  gdouble *cost;

  for (gsize i = 0; i < n; i++)
    {
      a[3 * i] = g_rand_double (rand);
      b[3 * i] = 0.5 + 2.0 * g_rand_double (rand) * g_rand_double (rand);
    }
  /* Ranks by counting (n is small).  */
  for (gsize i = 0; i < n; i++)
    {
      rank_a[i] = rank_b[i] = 0;
      for (gsize k = 0; k < n; k++)
        {
          rank_a[i] += a[3 * k] < a[3 * i];
          rank_b[i] += b[3 * k] < b[3 * i];
        }
    }
  cost = squared_distances (a, b, n);
  exact_ot_assign (cost, n, perm);
  g_assert_true (is_permutation (perm, n));
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint (rank_a[i], ==, rank_b[perm[i]]);

  g_free (cost);
  g_free (perm);
  g_free (rank_a);
  g_free (rank_b);
  g_free (a);
  g_free (b);
  g_rand_free (rand);
}

/* A pure translation of a point set: matching each point to its own
   translate is optimal (cost n·|t|²) when the points are distinct.  */
static void
test_assign_translation (void)
{
  GRand *rand = g_rand_new_with_seed (14);
  const gsize n = 500;
  const gdouble t[3] = { 0.3, -0.2, 0.1 };
  gdouble *a = g_new (gdouble, 3 * n), *b = g_new (gdouble, 3 * n);
  gsize *shuffle = g_new (gsize, n), *perm = g_new (gsize, n);
  gdouble *cost, total;

  for (gsize i = 0; i < n; i++)
    shuffle[i] = i;
  for (gsize i = n - 1; i > 0; i--)
    {
      gsize k = g_rand_int_range (rand, 0, (gint32) i + 1), tmp = shuffle[i];
      shuffle[i] = shuffle[k];
      shuffle[k] = tmp;
    }
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < 3; c++)
      a[3 * i + c] = g_rand_double (rand);
  for (gsize i = 0; i < n; i++)
    for (guint c = 0; c < 3; c++)
      b[3 * shuffle[i] + c] = a[3 * i + c] + t[c];
  cost = squared_distances (a, b, n);
  total = exact_ot_assign (cost, n, perm);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpuint (perm[i], ==, shuffle[i]);
  g_assert_cmpfloat_with_epsilon (total, n * 0.14, 1e-9);

  g_free (cost);
  g_free (perm);
  g_free (shuffle);
  g_free (a);
  g_free (b);
  g_rand_free (rand);
}

/* ---------------------------------------------------------------------- */
/* Nearest neighbor and the recipe.                                        */

static void
test_nearest_brute_force (void)
{
  GRand *rand = g_rand_new_with_seed (15);
  const gsize n_points = 700, n_pixels = 5000;
  gdouble *points = g_new (gdouble, 3 * n_points);
  gfloat *pixels = new_image (n_pixels);
  gsize *nearest = g_new (gsize, n_pixels);

  /* 8-bit levels in a narrow range: many exact duplicates and ties.  */
  for (gsize k = 0; k < 3 * n_points; k++)
    points[k] = (gfloat) (g_rand_int_range (rand, 100, 120) / 255.0);
  for (gsize p = 0; p < n_pixels; p++)
    {
      gboolean coarse = p % 2 == 0;
      for (guint c = 0; c < 3; c++)
        pixels[4 * p + c]
            = coarse ? (gfloat) (g_rand_int_range (rand, 95, 125) / 255.0)
                     : (gfloat) g_rand_double (rand);
      pixels[4 * p + 3] = 1.0f;
    }
  exact_ot_nearest (points, n_points, pixels, n_pixels, nearest);
  for (gsize p = 0; p < n_pixels; p++)
    {
      gsize best = 0;
      gdouble best_d = INFINITY;
      for (gsize k = 0; k < n_points; k++)
        {
          gdouble d = 0.0;
          for (guint c = 0; c < 3; c++)
            {
              gdouble x = (gdouble) pixels[4 * p + c] - points[3 * k + c];
              d += x * x;
            }
          if (d < best_d)
            {
              best_d = d;
              best = k;
            }
        }
      g_assert_cmpuint (nearest[p], ==, best);
    }

  g_free (nearest);
  g_free (pixels);
  g_free (points);
  g_rand_free (rand);
}

/* A one-color source and a one-color reference: every pixel takes the
   reference color, under both extensions; alpha is copied.  */
static void
test_recolor_single_colors (void)
{
  const gsize n = 50;
  gfloat *src = new_image (n), *ref = new_image (n), *out = new_image (n);
  for (gsize p = 0; p < n; p++)
    {
      set_pixel (src, p, 0.2f, 0.4f, 0.6f, p == 3 ? 0.0f : 0.5f);
      set_pixel (ref, p, 0.9f, 0.1f, 0.3f, 1.0f);
    }
  for (guint disp = 0; disp < 2; disp++)
    {
      exact_ot_recolor (src, n, ref, n, 64, 5, disp, out);
      for (gsize p = 0; p < n; p++)
        {
          g_assert_cmpfloat_with_epsilon (out[4 * p], 0.9f, 1e-6);
          g_assert_cmpfloat_with_epsilon (out[4 * p + 1], 0.1f, 1e-6);
          g_assert_cmpfloat_with_epsilon (out[4 * p + 2], 0.3f, 1e-6);
          g_assert_cmpfloat (out[4 * p + 3], ==, src[4 * p + 3]);
        }
    }
  g_free (src);
  g_free (ref);
  g_free (out);
}

/* Two-color images whose proportions are swapped: source 75 % dark, 25 %
   bright; reference 25 % dark, 75 % bright.  Transport must send about
   two thirds of the dark pixels to bright (a nearest-color mapping would
   send none), and the output's proportions must follow the reference.  */
static void
test_recolor_swapped_proportions (void)
{
  GRand *rand = g_rand_new_with_seed (16);
  const gsize n = 4000;
  gfloat *src = new_image (n), *ref = new_image (n), *out = new_image (n);
  gsize out_bright = 0, dark_to_bright = 0, n_dark = 0;

  for (gsize p = 0; p < n; p++)
    {
      /* Small jitter keeps source colors distinct.  */
      gfloat j = (gfloat) g_rand_double_range (rand, -0.02, 0.02);
      gboolean dark = p % 4 != 0;
      gfloat s = dark ? 0.2f + j : 0.8f + j;
      gfloat r = p % 4 == 0 ? 0.1f : 0.9f;
      set_pixel (src, p, s, s, s, 1.0f);
      set_pixel (ref, p, r, r, r, 1.0f);
    }
  exact_ot_recolor (src, n, ref, n, 1000, 17, FALSE, out);
  for (gsize p = 0; p < n; p++)
    {
      gboolean bright = out[4 * p] > 0.5f;
      /* Simple extension: every output color is a reference color.  */
      g_assert_true (out[4 * p] == 0.1f || out[4 * p] == 0.9f);
      g_assert_true (out[4 * p] == out[4 * p + 1]
                     && out[4 * p] == out[4 * p + 2]);
      out_bright += bright;
      if (p % 4 != 0)
        {
          n_dark++;
          dark_to_bright += bright;
        }
      else
        g_assert_true (bright); /* bright stays bright */
    }
  g_assert_cmpfloat_with_epsilon ((gdouble) out_bright / n, 0.75, 0.06);
  g_assert_cmpfloat_with_epsilon ((gdouble) dark_to_bright / n_dark, 2.0 / 3.0,
                                  0.08);
  /* Monotone: the darkest source pixels stay dark, the brightest of the
     dark cluster turn bright.  */
  for (gsize p = 0; p < n; p++)
    if (p % 4 != 0 && src[4 * p] < 0.185f)
      g_assert_cmpfloat (out[4 * p], ==, 0.1f);
    else if (p % 4 != 0 && src[4 * p] > 0.21f)
      g_assert_cmpfloat (out[4 * p], ==, 0.9f);

  g_free (src);
  g_free (ref);
  g_free (out);
  g_rand_free (rand);
}

/* Displacement extension: with a one-color reference, out − p is the
   same as (reference − nearest sample), so out keeps the source's
   variation around the sample; with every pixel sampled (a tiny image
   and many samples) each pixel is its own nearest sample and lands on the
   reference color exactly.  Also checks the clamp to [0, 1].  */
static void
test_recolor_displacement (void)
{
  GRand *rand = g_rand_new_with_seed (18);
  const gsize n = 16;
  gfloat *src = new_image (n), *ref = new_image (1), *out = new_image (n);
  gfloat *simple = new_image (n);

  for (gsize p = 0; p < n; p++)
    set_pixel (src, p, (gfloat) g_rand_double (rand),
               (gfloat) g_rand_double (rand), (gfloat) g_rand_double (rand),
               1.0f);
  set_pixel (ref, 0, 0.5f, 0.25f, 0.75f, 1.0f);
  exact_ot_recolor (src, n, ref, 1, 2000, 3, TRUE, out);
  for (gsize p = 0; p < n; p++)
    {
      g_assert_cmpfloat_with_epsilon (out[4 * p], 0.5f, 1e-6);
      g_assert_cmpfloat_with_epsilon (out[4 * p + 1], 0.25f, 1e-6);
      g_assert_cmpfloat_with_epsilon (out[4 * p + 2], 0.75f, 1e-6);
    }

  /* One sample: every pixel moves by ref − that sample.  Source 0.1 and
     0.9 in red; whichever is sampled, the other is displaced by ±0.8 and
     the result must be clamped.  */
  set_pixel (src, 0, 0.1f, 0.5f, 0.5f, 1.0f);
  set_pixel (src, 1, 0.9f, 0.5f, 0.5f, 1.0f);
  set_pixel (ref, 0, 0.95f, 0.5f, 0.5f, 1.0f);
  exact_ot_recolor (src, 2, ref, 1, 1, 4, TRUE, out);
  exact_ot_recolor (src, 2, ref, 1, 1, 4, FALSE, simple);
  g_assert_cmpfloat (simple[0], ==, 0.95f);
  g_assert_cmpfloat (simple[4], ==, 0.95f);
  /* Sampled 0.1: 0.9 + 0.85 clamps to 1.  Sampled 0.9: 0.1 + 0.05.  */
  g_assert_true (
      (fabsf (out[0] - 0.95f) < 1e-6f && out[4] == 1.0f)
      || (fabsf (out[0] - 0.15f) < 1e-6f && fabsf (out[4] - 0.95f) < 1e-6f));

  g_free (simple);
  g_free (src);
  g_free (ref);
  g_free (out);
  g_rand_free (rand);
}

/* A source of a few colors, each repeated many times and all sampled:
   every pixel's nearest sample has its very color, so the displacement
   extension p + (r − s) equals the simple one, r, and each output is a
   reference color.  Large enough to run the extension on two threads
   and through its color cache.  */
static void
test_recolor_repeated_colors (void)
{
  GRand *rand = g_rand_new_with_seed (20);
  const gsize n = 70000, n_ref = 500;
  gfloat *src = new_image (n), *ref = new_image (n_ref);
  gfloat *simple = new_image (n), *disp = new_image (n);
  gfloat palette[8][3];

  for (guint k = 0; k < 8; k++)
    for (guint c = 0; c < 3; c++)
      palette[k][c] = (gfloat) g_rand_double (rand);
  for (gsize p = 0; p < n; p++)
    {
      const gfloat *col = palette[g_rand_int_range (rand, 0, 8)];
      set_pixel (src, p, col[0], col[1], col[2], 1.0f);
    }
  for (gsize p = 0; p < n_ref; p++)
    set_pixel (ref, p, (gfloat) g_rand_double (rand),
               (gfloat) g_rand_double (rand), (gfloat) g_rand_double (rand),
               1.0f);
  exact_ot_recolor (src, n, ref, n_ref, 2000, 21, FALSE, simple);
  exact_ot_recolor (src, n, ref, n_ref, 2000, 21, TRUE, disp);
  for (gsize p = 0; p < n; p++)
    {
      gboolean in_ref = FALSE;
      for (guint c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (disp[4 * p + c], simple[4 * p + c],
                                        1e-6);
      for (gsize q = 0; q < n_ref && !in_ref; q++)
        in_ref = memcmp (simple + 4 * p, ref + 4 * q, 3 * sizeof (gfloat)) == 0;
      g_assert_true (in_ref);
    }

  g_free (src);
  g_free (ref);
  g_free (simple);
  g_free (disp);
  g_rand_free (rand);
}

/* Pixels with alpha 0 are never sampled, in either image.  */
static void
test_recolor_transparent (void)
{
  const gsize n = 400;
  gfloat *src = new_image (n), *ref = new_image (n), *out = new_image (n);

  for (gsize p = 0; p < n; p++)
    {
      /* Transparent reference pixels are red, opaque ones green.  */
      if (p % 2)
        set_pixel (ref, p, 1.0f, 0.0f, 0.0f, 0.0f);
      else
        set_pixel (ref, p, 0.0f, 1.0f, 0.0f, 1.0f);
      /* The one opaque source pixel is blue; transparent ones are white,
         and would be nearest to themselves if sampled.  */
      if (p == 123)
        set_pixel (src, p, 0.0f, 0.0f, 1.0f, 1.0f);
      else
        set_pixel (src, p, 1.0f, 1.0f, 1.0f, 0.0f);
    }
  exact_ot_recolor (src, n, ref, n, 300, 9, TRUE, out);
  for (gsize p = 0; p < n; p++)
    {
      /* Every sample is the blue pixel matched to green: white pixels
         move by green − blue and clamp to (1, 1, 0).  */
      const gfloat want_blue[3] = { 0.0f, 1.0f, 0.0f };
      const gfloat want_white[3] = { 1.0f, 1.0f, 0.0f };
      const gfloat *want = p == 123 ? want_blue : want_white;
      for (guint c = 0; c < 3; c++)
        g_assert_cmpfloat (out[4 * p + c], ==, want[c]);
      g_assert_cmpfloat (out[4 * p + 3], ==, src[4 * p + 3]);
    }

  /* No opaque reference pixel: the output is the source.  */
  for (gsize p = 0; p < n; p++)
    ref[4 * p + 3] = 0.0f;
  exact_ot_recolor (src, n, ref, n, 300, 9, FALSE, out);
  g_assert_cmpmem (out, 4 * n * sizeof (gfloat), src, 4 * n * sizeof (gfloat));

  g_free (src);
  g_free (ref);
  g_free (out);
}

/* Same seed, same output (bit for bit); another seed, another sample.
   The simple extension's output lies in the reference's color box (the
   source's does not) and its mean is the reference's.  */
static void
test_recolor_determinism (void)
{
  GRand *rand = g_rand_new_with_seed (19);
  const gsize n = 100000;
  gfloat *src = new_image (n), *ref = new_image (n);
  gfloat *a = new_image (n), *b = new_image (n), *c = new_image (n);
  gdouble mean_out[3] = { 0 }, mean_ref[3] = { 0 };

  for (gsize p = 0; p < n; p++)
    {
      set_pixel (src, p, g_rand_int_range (rand, 0, 128) / 255.0f,
                 g_rand_int_range (rand, 0, 256) / 255.0f,
                 g_rand_int_range (rand, 64, 192) / 255.0f, 1.0f);
      set_pixel (ref, p, (gfloat) g_rand_double_range (rand, 0.5, 1.0),
                 (gfloat) g_rand_double_range (rand, 0.0, 0.5),
                 (gfloat) g_rand_double (rand), 1.0f);
    }
  for (gint disp = 1; disp >= 0; disp--)
    {
      exact_ot_recolor (src, n, ref, n, 1500, 42, disp, a);
      exact_ot_recolor (src, n, ref, n, 1500, 42, disp, b);
      exact_ot_recolor (src, n, ref, n, 1500, 43, disp, c);
      g_assert_cmpmem (a, 4 * n * sizeof (gfloat), b, 4 * n * sizeof (gfloat));
      g_assert_true (memcmp (a, c, 4 * n * sizeof (gfloat)) != 0);
    }
  /* a now holds the simple extension.  */
  for (gsize p = 0; p < n; p++)
    {
      g_assert_cmpfloat (a[4 * p], >=, 0.5f);
      g_assert_cmpfloat (a[4 * p + 1], <=, 0.5f);
      for (guint k = 0; k < 3; k++)
        {
          mean_out[k] += a[4 * p + k] / (gdouble) n;
          mean_ref[k] += ref[4 * p + k] / (gdouble) n;
        }
    }
  for (guint k = 0; k < 3; k++)
    g_assert_cmpfloat_with_epsilon (mean_out[k], mean_ref[k], 0.03);

  g_free (src);
  g_free (ref);
  g_free (a);
  g_free (b);
  g_free (c);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exact-ot/assign/brute-force", test_assign_brute_force);
  g_test_add_func ("/exact-ot/assign/reference", test_assign_reference);
  g_test_add_func ("/exact-ot/assign/edge-cases", test_assign_edge_cases);
  g_test_add_func ("/exact-ot/assign/line", test_assign_line);
  g_test_add_func ("/exact-ot/assign/translation", test_assign_translation);
  g_test_add_func ("/exact-ot/nearest/brute-force", test_nearest_brute_force);
  g_test_add_func ("/exact-ot/recolor/single-colors",
                   test_recolor_single_colors);
  g_test_add_func ("/exact-ot/recolor/swapped-proportions",
                   test_recolor_swapped_proportions);
  g_test_add_func ("/exact-ot/recolor/displacement", test_recolor_displacement);
  g_test_add_func ("/exact-ot/recolor/repeated-colors",
                   test_recolor_repeated_colors);
  g_test_add_func ("/exact-ot/recolor/transparent", test_recolor_transparent);
  g_test_add_func ("/exact-ot/recolor/determinism", test_recolor_determinism);
  return g_test_run ();
}
