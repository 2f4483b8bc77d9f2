/* sobolev-transfer — colors placed in Oklab (the chroma plane and
   lightness), for a picture of where the colors start, go and should be.  */
#ifndef SOBOLEV_CHROMA_POINTS_H
#define SOBOLEV_CHROMA_POINTS_H

#include <glib.h>
#include "cloud.h"

G_BEGIN_DECLS

/* The heaviest points of a color cloud, heaviest first.  */
typedef struct
{
  gsize n;
  gdouble *ab;        /* n × 2: Oklab a, b */
  gdouble *lightness; /* n: Oklab L, 0 … 1 */
  gdouble *rgb;       /* n × 3: encoded sRGB, clamped, to paint with */
  gdouble *w;         /* n weights, relative to the heaviest */
} SobolevChromaPoints;

/* The heaviest max_points points of a 3-D cloud (encoded sRGB); NULL for
   a NULL or empty cloud.  */
SobolevChromaPoints *sobolev_chroma_points_new (const SobolevCloud *cloud,
                                                gsize max_points);
void sobolev_chroma_points_free (SobolevChromaPoints *points);

/* The largest |a| or |b| of the points (0 for NULL).  */
gdouble sobolev_chroma_points_extent (const SobolevChromaPoints *points);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevChromaPoints, sobolev_chroma_points_free)

G_END_DECLS

#endif
