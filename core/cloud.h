/* sobolev-transfer — weighted point clouds in any dimension.  */
#ifndef SOBOLEV_CLOUD_H
#define SOBOLEV_CLOUD_H

#include <glib.h>

G_BEGIN_DECLS

/* A weighted cloud of n points in dimension dim.  Points are row-major
   (point i is points[i * dim .. i * dim + dim - 1]).  Weights are
   non-negative; most functions treat them as relative (they normalize).  */
typedef struct
{
  guint dim;
  gsize n;
  gdouble *points;
  gdouble *weights;
} SobolevCloud;

/* A cloud of n points, all zero, with zero weights.  */
SobolevCloud *sobolev_cloud_new (guint dim, gsize n);

/* A cloud that copies points (n × dim) and weights (n, or NULL for equal
   weights).  Fails on dim = 0, n = 0, non-finite values, negative weights
   or zero total weight.  */
SobolevCloud *sobolev_cloud_new_from_data (guint dim, gsize n,
                                           const gdouble *points,
                                           const gdouble *weights,
                                           GError **error);

SobolevCloud *sobolev_cloud_copy (const SobolevCloud *cloud);
void sobolev_cloud_free (SobolevCloud *cloud);

/* Sum of the weights.  */
gdouble sobolev_cloud_total_weight (const SobolevCloud *cloud);

/* Scales the weights so they sum to one.  */
void sobolev_cloud_normalize (SobolevCloud *cloud);

/* The running sums of the weights into cum (cloud->n values), for
   drawing points by weight; returns the total.  */
gdouble sobolev_cloud_cumulate (const SobolevCloud *cloud, gdouble *cum);

/* The point that u draws by weight: the index of the first of the n
   ascending running sums cum that is above u (n − 1 when none is).  */
gsize sobolev_cloud_draw (const gdouble *cum, gsize n, gdouble u);

/* Checks that the cloud can be transported: non-empty, finite points,
   non-negative finite weights with a positive sum.  what names the cloud
   in the message ("source", "reference").  */
gboolean sobolev_cloud_check (const SobolevCloud *cloud, const gchar *what,
                              GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevCloud, sobolev_cloud_free)

G_END_DECLS

#endif
