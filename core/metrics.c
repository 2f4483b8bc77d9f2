/* sobolev-transfer — distances between color distributions, and SSIM.  */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "colorspace.h"
#include "metrics-features.h"
#include "parallel.h"
#include "rff.h"

gdouble
sobolev_mmd_rff (const SobolevCloud *a, const SobolevCloud *b, gdouble sigma,
                 guint m, guint32 seed)
{
  SobolevRff *rff = sobolev_rff_new (a->dim, m, sigma, seed, NULL);
  gdouble *mu_a, *mu_b, s = 0.0;

  g_return_val_if_fail (rff != NULL && a->dim == b->dim, NAN);
  mu_a = g_new (gdouble, m);
  mu_b = g_new (gdouble, m);
  sobolev_rff_mean_embedding (rff, a, mu_a);
  sobolev_rff_mean_embedding (rff, b, mu_b);
  for (guint j = 0; j < m; j++)
    s += (mu_a[j] - mu_b[j]) * (mu_a[j] - mu_b[j]);
  g_free (mu_a);
  g_free (mu_b);
  sobolev_rff_free (rff);
  return sqrt (s);
}

gdouble
sobolev_mmd (const SobolevCloud *a, const SobolevCloud *b)
{
  return sobolev_mmd_rff (a, b, SOBOLEV_METRIC_SIGMA, SOBOLEV_METRIC_FEATURES,
                          SOBOLEV_METRIC_SEED);
}

/* Draws up to max_points points by weight (systematic resampling, which
   is deterministic given the seed's offset); small clouds are kept as
   they are.  Returns a new cloud with normalized weights.  */
static SobolevCloud *
metrics_subsample (const SobolevCloud *cloud, gsize max_points, GRand *rand)
{
  SobolevCloud *out;
  gdouble total, step, u, acc = 0.0;
  gsize j = 0;

  if (cloud->n <= max_points)
    {
      out = sobolev_cloud_copy (cloud);
      sobolev_cloud_normalize (out);
      return out;
    }
  out = sobolev_cloud_new (cloud->dim, max_points);
  total = sobolev_cloud_total_weight (cloud);
  step = total / max_points;
  u = g_rand_double (rand) * step;
  for (gsize i = 0; i < cloud->n && j < max_points; i++)
    {
      acc += cloud->weights[i];
      while (j < max_points && u < acc)
        {
          memcpy (out->points + j * cloud->dim, cloud->points + i * cloud->dim,
                  cloud->dim * sizeof (gdouble));
          out->weights[j] = 1.0 / max_points;
          j++;
          u += step;
        }
    }
  out->n = j;
  return out;
}

static gdouble
metrics_kernel_sum (const SobolevCloud *a, const SobolevCloud *b, gdouble sigma)
{
  gdouble s = 0.0, inv = -0.5 / (sigma * sigma);

  for (gsize i = 0; i < a->n; i++)
    {
      gdouble row = 0.0;

      for (gsize j = 0; j < b->n; j++)
        {
          gdouble d2 = 0.0;

          for (guint c = 0; c < a->dim; c++)
            {
              gdouble d = a->points[i * a->dim + c] - b->points[j * b->dim + c];
              d2 += d * d;
            }
          row += b->weights[j] * exp (d2 * inv);
        }
      s += a->weights[i] * row;
    }
  return s;
}

gdouble
sobolev_mmd_exact (const SobolevCloud *a, const SobolevCloud *b, gdouble sigma,
                   gsize max_points, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  SobolevCloud *sa = metrics_subsample (a, max_points, rand);
  SobolevCloud *sb = metrics_subsample (b, max_points, rand);
  gdouble mmd2 = metrics_kernel_sum (sa, sa, sigma)
                 + metrics_kernel_sum (sb, sb, sigma)
                 - 2.0 * metrics_kernel_sum (sa, sb, sigma);

  sobolev_cloud_free (sa);
  sobolev_cloud_free (sb);
  g_rand_free (rand);
  return sqrt (MAX (mmd2, 0.0));
}

typedef struct
{
  gdouble x;
  gdouble w;
} Projected;

static int
projected_compare (const void *a, const void *b)
{
  gdouble x = ((const Projected *) a)->x, y = ((const Projected *) b)->x;

  return (x > y) - (x < y);
}

static Projected *
metrics_project (const SobolevCloud *cloud, const gdouble *dir)
{
  Projected *p = g_new (Projected, cloud->n);
  gdouble total = sobolev_cloud_total_weight (cloud);

  for (gsize i = 0; i < cloud->n; i++)
    {
      gdouble s = 0.0;

      for (guint c = 0; c < cloud->dim; c++)
        s += dir[c] * cloud->points[i * cloud->dim + c];
      p[i].x = s;
      p[i].w = cloud->weights[i] / total;
    }
  qsort (p, cloud->n, sizeof (Projected), projected_compare);
  return p;
}

/* W2² between two sorted weighted 1-D distributions: walk both
   quantile functions together.  */
static gdouble
metrics_w2_1d (const Projected *a, gsize na, const Projected *b, gsize nb)
{
  gsize i = 0, j = 0;
  gdouble left_a = na ? a[0].w : 0.0, left_b = nb ? b[0].w : 0.0;
  gdouble s = 0.0;

  while (i < na && j < nb)
    {
      gdouble m = MIN (left_a, left_b);
      gdouble d = a[i].x - b[j].x;

      s += m * d * d;
      left_a -= m;
      left_b -= m;
      if (left_a <= 1e-15)
        {
          if (++i < na)
            left_a = a[i].w;
        }
      if (left_b <= 1e-15)
        {
          if (++j < nb)
            left_b = b[j].w;
        }
    }
  return s;
}

gdouble
sobolev_sliced_w2 (const SobolevCloud *a, const SobolevCloud *b,
                   guint n_directions, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  gdouble *dir = g_new (gdouble, a->dim);
  gdouble s = 0.0;

  for (guint k = 0; k < n_directions; k++)
    {
      gdouble norm = 0.0;
      Projected *pa, *pb;

      do
        {
          norm = 0.0;
          for (guint c = 0; c < a->dim; c++)
            {
              /* Box–Muller: directions uniform on the sphere.  */
              gdouble u = 1.0 - g_rand_double (rand), v = g_rand_double (rand);
              dir[c] = sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
              norm += dir[c] * dir[c];
            }
        }
      while (norm < 1e-12);
      for (guint c = 0; c < a->dim; c++)
        dir[c] /= sqrt (norm);
      pa = metrics_project (a, dir);
      pb = metrics_project (b, dir);
      s += metrics_w2_1d (pa, a->n, pb, b->n);
      g_free (pa);
      g_free (pb);
    }
  g_free (dir);
  g_rand_free (rand);
  return sqrt (s / MAX (n_directions, 1u));
}

/* SSIM at one pixel from the windowed means of a and b (mua, mub) and
   of a², b² and ab (saa, sbb, sab), for values in [0, 1].  */
static inline gdouble
metrics_ssim_at (gdouble mua, gdouble mub, gdouble saa, gdouble sbb,
                 gdouble sab)
{
  const gdouble c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
  gdouble va = saa - mua * mua, vb = sbb - mub * mub;
  gdouble cov = sab - mua * mub;

  return ((2 * mua * mub + c1) * (2 * cov + c2))
         / ((mua * mua + mub * mub + c1) * (va + vb + c2));
}

/* sRGB (encoded, [0, 1]) → CIELAB (D65) with the reference scorer's
   constants (scikit-image's rgb2lab), so that a threshold on the
   gradient counts the same pixels.  */
static void
metrics_srgb_to_lab (const gfloat *rgb, gdouble lab[3])
{
  static const gdouble m[9]
      = { 0.412453, 0.357580, 0.180423, 0.212671, 0.715160,
          0.072169, 0.019334, 0.119193, 0.950227 };
  static const gdouble white[3] = { 0.95047, 1.0, 1.08883 };
  gdouble lin[3], f[3];

  for (int c = 0; c < 3; c++)
    {
      gdouble v = rgb[c];

      lin[c] = v > 0.04045 ? pow ((v + 0.055) / 1.055, 2.4) : v / 12.92;
    }
  for (int c = 0; c < 3; c++)
    {
      gdouble t
          = (m[3 * c] * lin[0] + m[3 * c + 1] * lin[1] + m[3 * c + 2] * lin[2])
            / white[c];

      f[c] = t > 0.008856 ? cbrt (t) : 7.787 * t + 16.0 / 116.0;
    }
  lab[0] = 116.0 * f[1] - 16.0;
  lab[1] = 500.0 * (f[0] - f[1]);
  lab[2] = 200.0 * (f[1] - f[2]);
}

/* Half-sample symmetric border ("reflect"): −1 → 0, n → n − 1.  */
static inline gint
metrics_reflect (gint i, gint n)
{
  if (n == 1)
    return 0;
  while (i < 0 || i >= n)
    i = i < 0 ? -i - 1 : 2 * n - i - 1;
  return i;
}

void
sobolev_lab_gradient (const gdouble *lab, guint w, guint h, gdouble *g)
{
  sobolev_lab_gradient_rows (lab, w, h, 0, h, g);
}

/* The gradient magnitude at the pixel of the rows above (a), at (m) and
   below (b) whose channels start at x, its neighbors' at l and r (the
   three channels interleaved): the norm of each channel's Sobel
   derivatives along x and y, / 8.  */
static inline gdouble
lab_sobel (const gdouble *a, const gdouble *m, const gdouble *b, gsize l,
           gsize x, gsize r)
{
  gdouble s = 0.0;

  for (int c = 0; c < 3; c++)
    {
      const gdouble dx = ((a[r + c] - a[l + c]) + 2.0 * (m[r + c] - m[l + c]))
                         + (b[r + c] - b[l + c]);
      const gdouble dy = ((b[l + c] - a[l + c]) + 2.0 * (b[x + c] - a[x + c]))
                         + (b[r + c] - a[r + c]);

      s += (dx * dx + dy * dy) / 64.0;
    }
  /* CIELAB / 100 in, ΔE out.  */
  return 100.0 * sqrt (s);
}

SOBOLEV_HOT_LOOP void
sobolev_lab_gradient_rows (const gdouble *lab, guint w, guint h, guint y0,
                           guint y1, gdouble *g)
{
  /* Reflection at the borders is clamping for a window of 3; the
     columns inside have both neighbors, with no clamping to vectorize
     around.  */
  for (guint y = y0; y < y1; y++)
    {
      const gdouble *a = lab + (gsize) (y > 0 ? y - 1 : 0) * w * 3;
      const gdouble *m = lab + (gsize) y * w * 3;
      const gdouble *b = lab + (gsize) MIN (y + 1, h - 1) * w * 3;
      gdouble *out = g + (gsize) y * w;

      if (w == 1)
        {
          out[0] = lab_sobel (a, m, b, 0, 0, 0);
          continue;
        }
      out[0] = lab_sobel (a, m, b, 0, 0, 3);
      for (gsize x = 1; x + 1 < w; x++)
        out[x] = lab_sobel (a, m, b, 3 * x - 3, 3 * x, 3 * x + 3);
      out[w - 1] = lab_sobel (a, m, b, 3 * (gsize) w - 6, 3 * (gsize) w - 3,
                              3 * (gsize) w - 3);
    }
}

/* The CIELAB gradient magnitude of an image, per pixel.  */
static gdouble *
metrics_lab_gradient (const gfloat *image, guint channels, guint w, guint h)
{
  const gsize n = (gsize) w * h;
  gdouble *lab = g_new (gdouble, n * 3);
  gdouble *g = g_new0 (gdouble, n);

  for (gsize i = 0; i < n; i++)
    {
      metrics_srgb_to_lab (image + i * channels, lab + 3 * i);
      for (int c = 0; c < 3; c++)
        lab[3 * i + c] /= 100.0;
    }
  sobolev_lab_gradient (lab, w, h, g);
  g_free (lab);
  return g;
}

gdouble
sobolev_false_edges (const gfloat *source, const gfloat *result, guint channels,
                     guint width, guint height)
{
  const gsize n = (gsize) width * height;
  gdouble *gs, *gr;
  gsize count = 0;

  if (n == 0)
    return 0.0;
  gs = metrics_lab_gradient (source, channels, width, height);
  gr = metrics_lab_gradient (result, channels, width, height);
  for (gsize i = 0; i < n; i++)
    count += gr[i] > 3.0 * gs[i] + 2.0;
  g_free (gs);
  g_free (gr);
  return (gdouble) count / n;
}

/* The means of image's color over blocks of block × block pixels, packed
   RGB, (width / block) × (height / block) of them.  */
static gfloat *
metrics_block_means (const gfloat *image, guint channels, guint width,
                     guint block, guint bw, guint bh)
{
  gfloat *means = g_new0 (gfloat, (gsize) bw * bh * 3);
  const gdouble scale = 1.0 / ((gdouble) block * block);

  for (guint by = 0; by < bh; by++)
    for (guint bx = 0; bx < bw; bx++)
      {
        gdouble sum[3] = { 0.0, 0.0, 0.0 };

        for (guint y = by * block; y < (by + 1) * block; y++)
          for (guint x = bx * block; x < (bx + 1) * block; x++)
            for (guint a = 0; a < 3; a++)
              sum[a] += image[((gsize) y * width + x) * channels + a];
        for (guint a = 0; a < 3; a++)
          means[((gsize) by * bw + bx) * 3 + a] = (gfloat) (sum[a] * scale);
      }
  return means;
}

gdouble
sobolev_false_edges_coarse (const gfloat *source, const gfloat *result,
                            guint channels, guint width, guint height,
                            guint block)
{
  guint bw = block ? width / block : 0, bh = block ? height / block : 0;
  gfloat *s, *r;
  gdouble fe;

  if (bw == 0 || bh == 0)
    return 0.0;
  s = metrics_block_means (source, channels, width, block, bw, bh);
  r = metrics_block_means (result, channels, width, block, bw, bh);
  fe = sobolev_false_edges (s, r, 3, bw, bh);
  g_free (s);
  g_free (r);
  return fe;
}

/* Separable Gaussian blur (σ = 1.5, 11 taps), borders reflected.  */
static void
metrics_blur_reflect (const gdouble *in, gdouble *out, gdouble *tmp, guint w,
                      guint h)
{
  gdouble k[11], sum = 0.0;

  for (int i = -5; i <= 5; i++)
    sum += k[i + 5] = exp (-0.5 * i * i / (1.5 * 1.5));
  for (int i = 0; i < 11; i++)
    k[i] /= sum;
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        gdouble s = 0.0;

        for (int i = -5; i <= 5; i++)
          s += k[i + 5] * in[(gsize) y * w + metrics_reflect (x + i, w)];
        tmp[(gsize) y * w + x] = s;
      }
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        gdouble s = 0.0;

        for (int i = -5; i <= 5; i++)
          s += k[i + 5] * tmp[(gsize) metrics_reflect (y + i, h) * w + x];
        out[(gsize) y * w + x] = s;
      }
}

/* Mean SSIM between two planes of values in [0, 1]: Gaussian window
   σ = 1.5 (11 taps, borders reflected), the mean taken away from a
   5-pixel border, as scikit-image's structural_similarity does with
   Wang et al.'s settings.  */
static gdouble
metrics_ssim_planes (const gdouble *ya, const gdouble *yb, guint width,
                     guint height)
{
  const gsize n = (gsize) width * height;
  g_autofree gdouble *buf = g_new (gdouble, n * 7);
  gdouble *prod = buf, *tmp = buf + n, *ma = buf + 2 * n, *mb = buf + 3 * n;
  gdouble *saa = buf + 4 * n, *sbb = buf + 5 * n, *sab = buf + 6 * n;
  gdouble total = 0.0;
  gsize counted = 0;

  metrics_blur_reflect (ya, ma, tmp, width, height);
  metrics_blur_reflect (yb, mb, tmp, width, height);
  for (gsize i = 0; i < n; i++)
    prod[i] = ya[i] * ya[i];
  metrics_blur_reflect (prod, saa, tmp, width, height);
  for (gsize i = 0; i < n; i++)
    prod[i] = yb[i] * yb[i];
  metrics_blur_reflect (prod, sbb, tmp, width, height);
  for (gsize i = 0; i < n; i++)
    prod[i] = ya[i] * yb[i];
  metrics_blur_reflect (prod, sab, tmp, width, height);
  for (guint y = 5; y + 5 < height; y++)
    for (guint x = 5; x + 5 < width; x++)
      {
        gsize i = (gsize) y * width + x;

        total += metrics_ssim_at (ma[i], mb[i], saa[i], sbb[i], sab[i]);
        counted++;
      }
  return counted ? total / counted : 1.0;
}

/* The value of one pixel that an SSIM compares.  */
typedef gdouble (*MetricsPixelValue) (const gfloat *pixel);

static gdouble
metrics_lightness (const gfloat *pixel)
{
  const gdouble rgb[3] = { pixel[0], pixel[1], pixel[2] };

  return sobolev_srgb_lightness (rgb);
}

static gdouble
metrics_luma (const gfloat *pixel)
{
  return 0.2126 * pixel[0] + 0.7152 * pixel[1] + 0.0722 * pixel[2];
}

/* Mean SSIM between the values of two images' pixels.  */
static gdouble
metrics_ssim_images (const gfloat *a, const gfloat *b, guint channels,
                     guint width, guint height, MetricsPixelValue value)
{
  const gsize n = (gsize) width * height;
  g_autofree gdouble *ya = g_new (gdouble, n), *yb = g_new (gdouble, n);

  for (gsize i = 0; i < n; i++)
    {
      ya[i] = value (a + i * channels);
      yb[i] = value (b + i * channels);
    }
  return metrics_ssim_planes (ya, yb, width, height);
}

gdouble
sobolev_ssim_lightness (const gfloat *a, const gfloat *b, guint channels,
                        guint width, guint height)
{
  return metrics_ssim_images (a, b, channels, width, height, metrics_lightness);
}

gdouble
sobolev_ssim_luma (const gfloat *a, const gfloat *b, guint channels,
                   guint width, guint height)
{
  return metrics_ssim_images (a, b, channels, width, height, metrics_luma);
}

static int
metrics_code_compare (const void *a, const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y;
}

/* The mean of the reference scorer's features over the pixels.  8-bit
   colors (the usual case) are collapsed to distinct colors first, which
   changes nothing but the time.  */
static void
metrics_score_embedding (const gfloat *pixels, gsize n, guint channels,
                         gdouble *mu)
{
  const guint m = SOBOLEV_METRIC_SCORE_FEATURES;
  const gdouble scale = sqrt (2.0 / m);
  guint32 *codes = g_new (guint32, n);
  gboolean eight_bit = TRUE;

  memset (mu, 0, m * sizeof (gdouble));
  for (gsize i = 0; i < n && eight_bit; i++)
    {
      guint32 code = 0;

      for (int c = 0; c < 3; c++)
        {
          gdouble v = pixels[i * channels + c] * 255.0, r = rint (v);

          eight_bit = fabs (v - r) < 1e-3 && r >= 0.0 && r <= 255.0;
          code = code << 8 | (guint32) CLAMP (r, 0.0, 255.0);
        }
      codes[i] = code;
    }
  if (eight_bit)
    qsort (codes, n, sizeof *codes, metrics_code_compare);
  for (gsize i = 0; i < n;)
    {
      gdouble x[3], count = 1.0;

      if (eight_bit)
        {
          gsize j = i + 1;

          while (j < n && codes[j] == codes[i])
            j++;
          count = j - i;
          x[0] = (codes[i] >> 16) / 255.0;
          x[1] = (codes[i] >> 8 & 255) / 255.0;
          x[2] = (codes[i] & 255) / 255.0;
          i = j;
        }
      else
        {
          for (int c = 0; c < 3; c++)
            x[c] = pixels[i * channels + c];
          i++;
        }
      for (guint j = 0; j < m; j++)
        mu[j] += count
                 * cos (x[0] * sobolev_metric_score_w[j]
                        + x[1] * sobolev_metric_score_w[m + j]
                        + x[2] * sobolev_metric_score_w[2 * m + j]
                        + sobolev_metric_score_b[j]);
    }
  for (guint j = 0; j < m; j++)
    mu[j] *= scale / n;
  g_free (codes);
}

gdouble
sobolev_mmd_images (const gfloat *a, gsize n_a, const gfloat *b, gsize n_b,
                    guint channels)
{
  gdouble mu_a[SOBOLEV_METRIC_SCORE_FEATURES];
  gdouble mu_b[SOBOLEV_METRIC_SCORE_FEATURES];
  gdouble s = 0.0;

  g_return_val_if_fail (n_a > 0 && n_b > 0, NAN);
  metrics_score_embedding (a, n_a, channels, mu_a);
  metrics_score_embedding (b, n_b, channels, mu_b);
  for (guint j = 0; j < SOBOLEV_METRIC_SCORE_FEATURES; j++)
    s += (mu_a[j] - mu_b[j]) * (mu_a[j] - mu_b[j]);
  return sqrt (s);
}
