/* sobolev-transfer — the streaming builder of weighted color clouds.  */
#include "histogram.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "large-buffer.h"
#include "sobolev-error.h"

struct _SobolevHistogram
{
  guint bits;
  guint side;   /* 2^bits */
  gsize n_bins; /* side³ */
  /* Per bin, 1 + its slot among the bins that hold weight (0: none
     yet): a fine histogram has millions of bins and an image fills a
     few percent of them, so the sums are kept per occupied bin, in the
     order first reached, and the index is the only array as large as
     the bins (zero pages until written).  */
  guint32 *slot;
  GArray *sums;     /* per occupied bin: weight, Σ w r, Σ w g, Σ w b */
  GArray *occupied; /* guint32: the bin of each slot */
  gdouble total;
};

SobolevHistogram *
sobolev_histogram_new (guint bits, GError **error)
{
  SobolevHistogram *hist;

  if (bits < 1 || bits > 7)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "histogram bits must be between 1 and 7 (got %u)", bits);
      return NULL;
    }
  hist = g_new0 (SobolevHistogram, 1);
  hist->bits = bits;
  hist->side = 1u << bits;
  hist->n_bins = (gsize) hist->side * hist->side * hist->side;
  hist->slot = sobolev_large_new0 (guint32, hist->n_bins);
  hist->sums = g_array_new (FALSE, FALSE, 4 * sizeof (gdouble));
  hist->occupied = g_array_new (FALSE, FALSE, sizeof (guint32));
  return hist;
}

void
sobolev_histogram_free (SobolevHistogram *hist)
{
  if (hist == NULL)
    return;
  g_free (hist->slot);
  g_array_unref (hist->sums);
  g_array_unref (hist->occupied);
  g_free (hist);
}

static inline guint
histogram_bin_1d (const SobolevHistogram *hist, gdouble v)
{
  gdouble x = v * hist->side;

  if (!(x > 0.0))
    return 0;
  if (x >= hist->side - 1)
    return hist->side - 1;
  return (guint) x;
}

/* The sums of bin (weight, Σ w r, Σ w g, Σ w b), made when the bin is
   first reached.  Valid until the next bin is made.  */
static inline gdouble *
histogram_bin_sums (SobolevHistogram *hist, gsize bin)
{
  if (hist->slot[bin] == 0)
    {
      const gdouble zero[4] = { 0.0 };
      guint32 index = (guint32) bin;

      g_array_append_val (hist->occupied, index);
      g_array_append_vals (hist->sums, zero, 1);
      hist->slot[bin] = hist->occupied->len;
    }
  return (gdouble *) hist->sums->data + 4 * (gsize) (hist->slot[bin] - 1);
}

/* Adds color (r, g, b) of weight w, if it weighs, to the bin it falls
   in.  */
static inline void
histogram_add (SobolevHistogram *hist, gdouble r, gdouble g, gdouble b,
               gdouble w)
{
  gdouble *s;

  if (!(w > 0.0))
    return;
  s = histogram_bin_sums (hist, ((gsize) histogram_bin_1d (hist, b) * hist->side
                                 + histogram_bin_1d (hist, g))
                                        * hist->side
                                    + histogram_bin_1d (hist, r));
  s[0] += w;
  s[1] += w * r;
  s[2] += w * g;
  s[3] += w * b;
  hist->total += w;
}

static inline gdouble
histogram_mask_value (const gfloat *mask, gsize i)
{
  gdouble m;

  if (mask == NULL)
    return 1.0;
  m = mask[i];
  return m > 1.0 ? 1.0 : (m > 0.0 ? m : 0.0);
}

/* 16-bit pixels.  */
static void
histogram_add_words (SobolevHistogram *hist, const guint16 *pixels,
                     guint channels, gsize n_pixels, const gfloat *mask)
{
  for (gsize i = 0; i < n_pixels; i++)
    {
      const guint16 *p = pixels + i * channels;

      histogram_add (hist, p[0] / 65535.0, p[1] / 65535.0, p[2] / 65535.0,
                     (channels == 4 ? p[3] / 65535.0 : 1.0)
                         * histogram_mask_value (mask, i));
    }
}

/* 8-bit pixels, through tables of the 256 values and their bins.  The
   sums of the last pixel's bin stay in registers while the pixels that
   follow fall in the same bin, as neighboring pixels of a photo mostly
   do.  The additions are histogram_add's, in the same order, so the
   sums are the same, in half the time or less (bench-core's 8 MP
   histogram).  Float colors, whose bins take longer to find, gained
   nothing this way.  */
static void
histogram_add_bytes (SobolevHistogram *hist, const guint8 *pixels,
                     guint channels, gsize n_pixels, const gfloat *mask)
{
  gdouble value[256], sum[4] = { 0.0 }, total = hist->total;
  guint bin[256];
  gdouble *sums = NULL; /* where sum goes back; NULL before a pixel */
  gsize current = 0;

  for (guint v = 0; v < 256; v++)
    {
      value[v] = v / 255.0;
      bin[v] = histogram_bin_1d (hist, value[v]);
    }
  for (gsize i = 0; i < n_pixels; i++)
    {
      const guint8 *p = pixels + i * channels;
      gdouble w = (channels == 4 ? value[p[3]] : 1.0)
                  * histogram_mask_value (mask, i);
      gsize k;

      if (!(w > 0.0))
        continue;
      k = ((gsize) bin[p[2]] * hist->side + bin[p[1]]) * hist->side + bin[p[0]];
      if (sums == NULL || k != current)
        {
          if (sums)
            memcpy (sums, sum, sizeof sum);
          sums = histogram_bin_sums (hist, k);
          memcpy (sum, sums, sizeof sum);
          current = k;
        }
      sum[0] += w;
      sum[1] += w * value[p[0]];
      sum[2] += w * value[p[1]];
      sum[3] += w * value[p[2]];
      total += w;
    }
  if (sums)
    memcpy (sums, sum, sizeof sum);
  hist->total = total;
}

/* Float pixels, every value finite.  */
static void
histogram_add_floats (SobolevHistogram *hist, const gfloat *pixels,
                      guint channels, gsize n_pixels, const gfloat *mask)
{
  for (gsize i = 0; i < n_pixels; i++)
    {
      const gfloat *p = pixels + i * channels;
      gdouble a = channels == 4 ? CLAMP (p[3], 0.0, 1.0) : 1.0;

      histogram_add (hist, p[0], p[1], p[2],
                     a * histogram_mask_value (mask, i));
    }
}

gboolean
sobolev_histogram_add_pixels (SobolevHistogram *hist, const void *pixels,
                              SobolevPixelType type, guint channels,
                              gsize n_pixels, const gfloat *mask,
                              GError **error)
{
  if (channels != 3 && channels != 4)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "pixels must have 3 (RGB) or 4 (RGBA) channels, not %u",
                   channels);
      return FALSE;
    }
  if (n_pixels > 0 && pixels == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "no pixel data");
      return FALSE;
    }

  switch (type)
    {
    case SOBOLEV_PIXEL_U8:
      histogram_add_bytes (hist, pixels, channels, n_pixels, mask);
      break;
    case SOBOLEV_PIXEL_U16:
      histogram_add_words (hist, pixels, channels, n_pixels, mask);
      break;
    case SOBOLEV_PIXEL_FLOAT:
      {
        const gfloat *p = pixels;

        /* Check first, so a bad pixel leaves the histogram as it was.  */
        for (gsize i = 0; i < n_pixels * channels; i++)
          if (!isfinite (p[i]))
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                           "pixel %" G_GSIZE_FORMAT
                           " has a value that is not a finite number "
                           "(NaN or infinity)",
                           i / channels);
              return FALSE;
            }
          else if (fabsf (p[i]) > SOBOLEV_HISTOGRAM_MAX_FLOAT)
            {
              g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                           "pixel %" G_GSIZE_FORMAT
                           " has a value out of range (%g; colors must lie "
                           "within ±%g)",
                           i / channels, (gdouble) p[i],
                           SOBOLEV_HISTOGRAM_MAX_FLOAT);
              return FALSE;
            }
        histogram_add_floats (hist, pixels, channels, n_pixels, mask);
        break;
      }
    default:
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "unknown pixel type %d", (int) type);
      return FALSE;
    }
  return TRUE;
}

void
sobolev_histogram_add_points (SobolevHistogram *hist, const gdouble *points,
                              const gdouble *weights, gsize n)
{
  for (gsize i = 0; i < n; i++)
    histogram_add (hist, points[3 * i], points[3 * i + 1], points[3 * i + 2],
                   weights[i]);
}

gdouble
sobolev_histogram_total_weight (const SobolevHistogram *hist)
{
  return hist->total;
}

static gint
histogram_compare_bins (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

SobolevCloud *
sobolev_histogram_to_cloud (const SobolevHistogram *hist, GError **error)
{
  g_autofree guint32 *bins = NULL;
  SobolevCloud *cloud;
  gsize n = hist->occupied->len;

  if (n == 0 || !(hist->total > 0.0))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                   "no pixel has any weight: the image is empty, fully "
                   "transparent, or outside the selection");
      return NULL;
    }
  /* In bin order, whatever order the pixels came in.  */
  bins = g_memdup2 (hist->occupied->data, n * sizeof (guint32));
  qsort (bins, n, sizeof (guint32), histogram_compare_bins);
  cloud = sobolev_cloud_new (3, n);
  for (gsize j = 0; j < n; j++)
    {
      const gdouble *s = (const gdouble *) hist->sums->data
                         + 4 * (gsize) (hist->slot[bins[j]] - 1);

      cloud->points[j * 3 + 0] = s[1] / s[0];
      cloud->points[j * 3 + 1] = s[2] / s[0];
      cloud->points[j * 3 + 2] = s[3] / s[0];
      cloud->weights[j] = s[0] / hist->total;
    }
  return cloud;
}

SobolevCloud *
sobolev_cloud_rebin (const SobolevCloud *cloud, guint bits, GError **error)
{
  g_autoptr (SobolevHistogram) hist = sobolev_histogram_new (bits, error);

  if (hist == NULL)
    return NULL;
  g_return_val_if_fail (cloud->dim == 3, NULL);
  sobolev_histogram_add_points (hist, cloud->points, cloud->weights, cloud->n);
  return sobolev_histogram_to_cloud (hist, error);
}
