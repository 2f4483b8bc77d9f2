/* sobolev-transfer — the streaming builder of weighted color clouds.  */
#ifndef SOBOLEV_HISTOGRAM_H
#define SOBOLEV_HISTOGRAM_H

#include <glib.h>
#include "cloud.h"

G_BEGIN_DECLS

typedef enum
{
  SOBOLEV_PIXEL_U8,
  SOBOLEV_PIXEL_U16,
  SOBOLEV_PIXEL_FLOAT
} SobolevPixelType;

/* A 3-D histogram over encoded sRGB with 2^bits bins per channel.  Each
   bin accumulates the weight and the weighted sum of the colors that fall
   in it, so the cloud it yields has one particle per occupied bin at the
   weighted mean color of the bin.  Memory is 2^(3 bits) bins whatever the
   number of pixels added.  */
typedef struct _SobolevHistogram SobolevHistogram;

/* The largest float component a color may have.  Far beyond any photo's
   (half floats, as in OpenEXR, end at 65504), and far below where the
   descent's arithmetic breaks down (about 1e30 in encoded sRGB), so a
   file of garbage floats is refused as such, not as a numerical failure
   later.  */
#define SOBOLEV_HISTOGRAM_MAX_FLOAT 1e6

/* bits must be in 1..7.  */
SobolevHistogram *sobolev_histogram_new (guint bits, GError **error);
void sobolev_histogram_free (SobolevHistogram *hist);

/* Adds n_pixels pixels of channels (3 = RGB, 4 = RGBA with straight alpha
   last) components of the given type, packed.  A pixel weighs alpha ×
   mask[i] (mask may be NULL, meaning 1; values are clamped to [0, 1]).
   Float values outside [0, 1] are binned at the nearest edge bin but keep
   their value in the bin's mean.  A non-finite float component, or one
   beyond ±SOBOLEV_HISTOGRAM_MAX_FLOAT, is an error, and then nothing of
   this call is added.  */
gboolean sobolev_histogram_add_pixels (SobolevHistogram *hist,
                                       const void *pixels,
                                       SobolevPixelType type, guint channels,
                                       gsize n_pixels, const gfloat *mask,
                                       GError **error);

/* Adds n colors (n × 3, encoded sRGB) with their weights (non-negative,
   relative): how a cloud is binned again, coarser or after a map.  */
void sobolev_histogram_add_points (SobolevHistogram *hist,
                                   const gdouble *points,
                                   const gdouble *weights, gsize n);

/* Total weight added so far.  */
gdouble sobolev_histogram_total_weight (const SobolevHistogram *hist);

/* The cloud of occupied bins (dim 3, encoded sRGB), weights normalized to
   sum to one.  SOBOLEV_ERROR_EMPTY_CLOUD when nothing weighs.  */
SobolevCloud *sobolev_histogram_to_cloud (const SobolevHistogram *hist,
                                          GError **error);

/* A 3-D cloud (encoded sRGB) binned again at bits per channel: a new
   cloud with normalized weights.  Bins nest, so a cloud binned finer
   and then rebinned is the cloud binned at bits directly.  */
SobolevCloud *sobolev_cloud_rebin (const SobolevCloud *cloud, guint bits,
                                   GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevHistogram, sobolev_histogram_free)

G_END_DECLS

#endif
