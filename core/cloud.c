/* sobolev-transfer — weighted point clouds in any dimension.  */
#include "cloud.h"

#include <math.h>
#include <string.h>

#include "sobolev-error.h"

SobolevCloud *
sobolev_cloud_new (guint dim, gsize n)
{
  SobolevCloud *cloud = g_new0 (SobolevCloud, 1);

  cloud->dim = dim;
  cloud->n = n;
  cloud->points = g_new0 (gdouble, MAX (n * dim, 1));
  cloud->weights = g_new0 (gdouble, MAX (n, 1));
  return cloud;
}

SobolevCloud *
sobolev_cloud_new_from_data (guint dim, gsize n, const gdouble *points,
                             const gdouble *weights, GError **error)
{
  SobolevCloud *cloud;

  if (dim == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "a cloud needs a dimension of at least 1");
      return NULL;
    }
  if (n == 0 || points == NULL)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                   "the cloud has no points");
      return NULL;
    }
  cloud = sobolev_cloud_new (dim, n);
  memcpy (cloud->points, points, n * dim * sizeof (gdouble));
  for (gsize i = 0; i < n; i++)
    cloud->weights[i] = weights ? weights[i] : 1.0;
  if (!sobolev_cloud_check (cloud, "the cloud", error))
    {
      sobolev_cloud_free (cloud);
      return NULL;
    }
  return cloud;
}

SobolevCloud *
sobolev_cloud_copy (const SobolevCloud *cloud)
{
  SobolevCloud *copy = sobolev_cloud_new (cloud->dim, cloud->n);

  memcpy (copy->points, cloud->points,
          cloud->n * cloud->dim * sizeof (gdouble));
  memcpy (copy->weights, cloud->weights, cloud->n * sizeof (gdouble));
  return copy;
}

void
sobolev_cloud_free (SobolevCloud *cloud)
{
  if (cloud == NULL)
    return;
  g_free (cloud->points);
  g_free (cloud->weights);
  g_free (cloud);
}

gdouble
sobolev_cloud_total_weight (const SobolevCloud *cloud)
{
  gdouble total = 0.0;

  for (gsize i = 0; i < cloud->n; i++)
    total += cloud->weights[i];
  return total;
}

gdouble
sobolev_cloud_cumulate (const SobolevCloud *cloud, gdouble *cum)
{
  gdouble total = 0.0;

  for (gsize i = 0; i < cloud->n; i++)
    cum[i] = total += cloud->weights[i];
  return total;
}

gsize
sobolev_cloud_draw (const gdouble *cum, gsize n, gdouble u)
{
  gsize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (cum[mid] <= u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

void
sobolev_cloud_normalize (SobolevCloud *cloud)
{
  gdouble total = sobolev_cloud_total_weight (cloud);

  if (total <= 0.0)
    return;
  for (gsize i = 0; i < cloud->n; i++)
    cloud->weights[i] /= total;
}

gboolean
sobolev_cloud_check (const SobolevCloud *cloud, const gchar *what,
                     GError **error)
{
  gdouble total = 0.0;

  if (cloud == NULL || cloud->n == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                   "%s has no colors", what);
      return FALSE;
    }
  if (cloud->dim == 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   "%s has dimension 0", what);
      return FALSE;
    }
  for (gsize i = 0; i < cloud->n; i++)
    {
      gdouble w = cloud->weights[i];

      if (!isfinite (w) || w < 0.0)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                       "%s has a negative or non-finite weight (%g at "
                       "point %" G_GSIZE_FORMAT ")",
                       what, w, i);
          return FALSE;
        }
      for (guint a = 0; a < cloud->dim; a++)
        if (!isfinite (cloud->points[i * cloud->dim + a]))
          {
            g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                         "%s has a non-finite coordinate at point "
                         "%" G_GSIZE_FORMAT,
                         what, i);
            return FALSE;
          }
      total += w;
    }
  if (!(total > 0.0) || !isfinite (total))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_EMPTY_CLOUD,
                   "%s has zero total weight (fully transparent or "
                   "unselected?)",
                   what);
      return FALSE;
    }
  return TRUE;
}
