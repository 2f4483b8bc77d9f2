/* sobolev-transfer — a cloud of colors summed up in k of them.  */
#ifndef SOBOLEV_COLOR_SUMMARY_H
#define SOBOLEV_COLOR_SUMMARY_H

#include <glib.h>
#include "cloud.h"

G_BEGIN_DECLS

/* The most colors a summary may have: as many as a GIMP palette
   usually holds.  */
#define SOBOLEV_SUMMARY_MAX_COLORS 256

/* The k colors that sum cloud up best in the least-squares sense, by
   weighted k-means (k-means++ seeding from a fixed seed, then Lloyd's
   iterations): a new cloud of k points (fewer in the rare case that a
   center ends with no point), each weighing the share of cloud's
   weight nearest to it.  Deterministic.  Fails when k is not in
   2 … SOBOLEV_SUMMARY_MAX_COLORS or cloud has fewer than k points.  */
SobolevCloud *sobolev_cloud_summarize (const SobolevCloud *cloud, guint k,
                                       GError **error);

G_END_DECLS

#endif
