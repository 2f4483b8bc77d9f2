/* sobolev-transfer — a cloud of colors summed up in k of them.

   Weighted k-means: the first center is the heaviest point, each next
   one drawn with probability proportional to weight × squared distance
   to the centers so far (k-means++), then Lloyd's iterations move each
   center to the weighted mean of its points until no point changes
   center.  */
#include "color-summary.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sobolev-error.h"

/* Lloyd's iterations at most: on histograms of photos the assignment
   settles in a few dozen.  */
#define SUMMARY_ITERATIONS 100
#define SUMMARY_SEED 1

static inline gdouble
summary_distance2 (const gdouble *a, const gdouble *b, guint dim)
{
  gdouble d = 0.0;

  for (guint c = 0; c < dim; c++)
    d += (a[c] - b[c]) * (a[c] - b[c]);
  return d;
}

/* k-means++ seeding into centers (k × dim).  */
static void
summary_seed (const SobolevCloud *cloud, guint k, gdouble *centers)
{
  const guint dim = cloud->dim;
  g_autoptr (GRand) rand = g_rand_new_with_seed (SUMMARY_SEED);
  g_autofree gdouble *d2 = g_new (gdouble, cloud->n);
  gsize heaviest = 0;

  for (gsize i = 1; i < cloud->n; i++)
    if (cloud->weights[i] > cloud->weights[heaviest])
      heaviest = i;
  memcpy (centers, cloud->points + heaviest * dim, dim * sizeof (gdouble));
  for (gsize i = 0; i < cloud->n; i++)
    d2[i] = G_MAXDOUBLE;
  for (guint c = 1; c < k; c++)
    {
      gdouble total = 0.0, u;
      gsize pick;

      for (gsize i = 0; i < cloud->n; i++)
        {
          d2[i] = MIN (d2[i], summary_distance2 (cloud->points + i * dim,
                                                 centers + (c - 1) * dim, dim));
          total += cloud->weights[i] * d2[i];
        }
      /* Every point sits on a center already (fewer distinct colors
         than k): take the next point in order.  */
      if (!(total > 0.0))
        {
          memcpy (centers + c * dim, cloud->points + (c % cloud->n) * dim,
                  dim * sizeof (gdouble));
          continue;
        }
      u = g_rand_double (rand) * total;
      for (pick = 0; pick + 1 < cloud->n; pick++)
        if ((u -= cloud->weights[pick] * d2[pick]) <= 0.0)
          break;
      memcpy (centers + c * dim, cloud->points + pick * dim,
              dim * sizeof (gdouble));
    }
}

SobolevCloud *
sobolev_cloud_summarize (const SobolevCloud *cloud, guint k, GError **error)
{
  const guint dim = cloud->dim;
  g_autofree gdouble *centers = NULL, *sums = NULL;
  g_autofree guint *label = NULL;
  SobolevCloud *summary;
  gsize used = 0;

  if (k < 2 || k > SOBOLEV_SUMMARY_MAX_COLORS)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("a summary has 2 to %d colors (asked for %u)"),
                   SOBOLEV_SUMMARY_MAX_COLORS, k);
      return NULL;
    }
  if (!sobolev_cloud_check (cloud, "the colors to summarize", error))
    return NULL;
  if (cloud->n < k)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("%u colors were asked for, but there are only %zu "
                      "distinct ones"),
                   k, cloud->n);
      return NULL;
    }
  centers = g_new (gdouble, (gsize) k * dim);
  sums = g_new (gdouble, (gsize) k * (dim + 1));
  label = g_new (guint, cloud->n);
  summary_seed (cloud, k, centers);
  for (gsize i = 0; i < cloud->n; i++)
    label[i] = G_MAXUINT;
  for (int it = 0; it < SUMMARY_ITERATIONS; it++)
    {
      gboolean changed = FALSE;

      memset (sums, 0, (gsize) k * (dim + 1) * sizeof (gdouble));
      for (gsize i = 0; i < cloud->n; i++)
        {
          const gdouble *x = cloud->points + i * dim;
          gdouble best = G_MAXDOUBLE;
          guint nearest = 0;

          for (guint c = 0; c < k; c++)
            {
              gdouble d = summary_distance2 (x, centers + c * dim, dim);

              if (d < best)
                best = d, nearest = c;
            }
          changed |= label[i] != nearest;
          label[i] = nearest;
          for (guint a = 0; a < dim; a++)
            sums[nearest * (dim + 1) + a] += cloud->weights[i] * x[a];
          sums[nearest * (dim + 1) + dim] += cloud->weights[i];
        }
      for (guint c = 0; c < k; c++)
        if (sums[c * (dim + 1) + dim] > 0.0)
          for (guint a = 0; a < dim; a++)
            centers[c * dim + a]
                = sums[c * (dim + 1) + a] / sums[c * (dim + 1) + dim];
      if (!changed)
        break;
    }
  /* A center that lost all its points is no color of the cloud.  */
  for (guint c = 0; c < k; c++)
    used += sums[c * (dim + 1) + dim] > 0.0;
  summary = sobolev_cloud_new (dim, used);
  used = 0;
  for (guint c = 0; c < k; c++)
    if (sums[c * (dim + 1) + dim] > 0.0)
      {
        memcpy (summary->points + used * dim, centers + c * dim,
                dim * sizeof (gdouble));
        summary->weights[used++] = sums[c * (dim + 1) + dim];
      }
  return summary;
}
