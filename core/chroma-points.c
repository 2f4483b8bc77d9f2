/* sobolev-transfer — colors placed on the Oklab chroma plane.  */
#include "chroma-points.h"

#include <math.h>

#include "colorspace.h"

static gint
compare_weight_desc (gconstpointer a, gconstpointer b, gpointer data)
{
  const gdouble *w = data;
  gdouble wa = w[*(const gsize *) a];
  gdouble wb = w[*(const gsize *) b];

  return (wa < wb) - (wa > wb);
}

SobolevChromaPoints *
sobolev_chroma_points_new (const SobolevCloud *cloud, gsize max_points)
{
  SobolevChromaPoints *p;
  gsize *order;
  gdouble *lab;
  gdouble wmax = 0.0;
  gsize n;

  if (!cloud || cloud->n == 0 || cloud->dim != 3)
    return NULL;

  order = g_new (gsize, cloud->n);
  for (gsize i = 0; i < cloud->n; i++)
    order[i] = i;
  g_qsort_with_data (order, cloud->n, sizeof (gsize), compare_weight_desc,
                     cloud->weights);
  n = MIN (cloud->n, max_points);

  p = g_new0 (SobolevChromaPoints, 1);
  p->n = n;
  /* One block: ab, then lightness, then rgb, then w.  */
  p->ab = g_new (gdouble, n * 7);
  p->lightness = p->ab + n * 2;
  p->rgb = p->lightness + n;
  p->w = p->rgb + n * 3;
  lab = g_new (gdouble, n * 3);
  for (gsize k = 0; k < n; k++)
    {
      gsize i = order[k];

      for (guint c = 0; c < 3; c++)
        {
          gdouble v = cloud->points[i * 3 + c];

          lab[k * 3 + c] = v;
          p->rgb[k * 3 + c] = CLAMP (v, 0.0, 1.0);
        }
      p->w[k] = cloud->weights[i];
      wmax = MAX (wmax, p->w[k]);
    }
  sobolev_colorspace_from_srgb (SOBOLEV_SPACE_OKLAB, lab, lab, n);
  for (gsize k = 0; k < n; k++)
    {
      p->lightness[k] = lab[k * 3];
      p->ab[k * 2] = lab[k * 3 + 1];
      p->ab[k * 2 + 1] = lab[k * 3 + 2];
      p->w[k] = wmax > 0.0 ? p->w[k] / wmax : 0.0;
    }
  g_free (lab);
  g_free (order);
  return p;
}

void
sobolev_chroma_points_free (SobolevChromaPoints *p)
{
  if (!p)
    return;
  g_free (p->ab);
  g_free (p);
}

gdouble
sobolev_chroma_points_extent (const SobolevChromaPoints *p)
{
  gdouble e = 0.0;

  for (gsize k = 0; p && k < p->n * 2; k++)
    e = MAX (e, fabs (p->ab[k]));
  return e;
}
