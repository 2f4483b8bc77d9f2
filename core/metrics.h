/* sobolev-transfer — distances between color distributions, and SSIM.  */
#ifndef SOBOLEV_METRICS_H
#define SOBOLEV_METRICS_H

#include <glib.h>
#include "cloud.h"

G_BEGIN_DECLS

/* The paper's metric: √MMD² with a Gaussian kernel of σ = 0.1 (encoded
   sRGB in [0, 1]) approximated by 300 random Fourier features with a
   fixed seed.  */
#define SOBOLEV_METRIC_SIGMA 0.1
#define SOBOLEV_METRIC_FEATURES 300
#define SOBOLEV_METRIC_SEED 20190416u

/* √MMD² between weighted clouds with m random Fourier features of
   bandwidth sigma drawn from seed.  */
gdouble sobolev_mmd_rff (const SobolevCloud *a, const SobolevCloud *b,
                         gdouble sigma, guint m, guint32 seed);

/* sobolev_mmd_rff with the paper's settings above.  */
gdouble sobolev_mmd (const SobolevCloud *a, const SobolevCloud *b);

/* Exact √MMD² with the Gaussian kernel of bandwidth sigma, on at most
   max_points points of each cloud drawn by weight (with seed); all
   points when the cloud is smaller.  */
gdouble sobolev_mmd_exact (const SobolevCloud *a, const SobolevCloud *b,
                           gdouble sigma, gsize max_points, guint32 seed);

/* Sliced Wasserstein-2: √(mean over n_directions random unit directions
   of W2² between the weighted 1-D projections).  */
gdouble sobolev_sliced_w2 (const SobolevCloud *a, const SobolevCloud *b,
                           guint n_directions, guint32 seed);

/* Mean SSIM between the Oklab lightness of two images of width × height
   pixels, packed float RGB(A) with channels 3 or 4, encoded sRGB; the
   window and border as sobolev_ssim_luma's.  */
gdouble sobolev_ssim_lightness (const gfloat *a, const gfloat *b,
                                guint channels, guint width, guint height);

/* The false-edge fraction of result against source, two images of
   width × height pixels, packed float RGB(A) (channels 3 or 4), encoded
   sRGB: the fraction of pixels where g(result) > 3 g(source) + 2, g
   being the CIELAB (D65) gradient magnitude in ΔE per pixel (Sobel / 8
   along x and y for each of L, a, b, borders reflected; the norm of the
   six numbers).  An edge the source does not explain: rainbow fringes,
   posterized blotches, amplified grain.  0 is clean.  */
gdouble sobolev_false_edges (const gfloat *source, const gfloat *result,
                             guint channels, guint width, guint height);

/* The false-edge fraction of the two images' means over blocks of
   block × block pixels (the last partial row and column of blocks left
   out): an edge too gradual to count at the pixel scale, as a soft
   blotch or a band across a smooth gradient, counts at the block's.  A
   diagnostic beside sobolev_false_edges, not the judged measure: the
   reference has large areas of new color too, so it is 0 only for a
   result that changes nothing at that scale.  0 when the image is
   smaller than one block.  */
gdouble sobolev_false_edges_coarse (const gfloat *source, const gfloat *result,
                                    guint channels, guint width, guint height,
                                    guint block);

/* The gradient magnitude g of the false-edge fraction, in ΔE per pixel,
   of an image of w × h CIELAB colors scaled by 1/100 (packed, as
   sobolev_colorspace_from_srgb gives them), into g (w × h).  */
void sobolev_lab_gradient (const gdouble *lab, guint w, guint h, gdouble *g);

/* sobolev_lab_gradient for the rows [y0, y1) only (the image is still
   w × h, and g the whole image's).  */
void sobolev_lab_gradient_rows (const gdouble *lab, guint w, guint h, guint y0,
                                guint y1, gdouble *g);

/* SSIM of Rec. 709 luma (0.2126 R + 0.7152 G + 0.0722 B on the encoded
   values) between two images as above: Gaussian window σ = 1.5 (11
   taps, borders reflected), data range 1, the mean taken away from a
   5-pixel border, as scikit-image's structural_similarity does with
   Wang et al.'s settings.  */
gdouble sobolev_ssim_luma (const gfloat *a, const gfloat *b, guint channels,
                           guint width, guint height);

/* The paper's MMD as the project is judged by it: √MMD² of a Gaussian
   kernel of σ = 0.1 on 300 random Fourier features, the very features
   of the reference scorer (NumPy's default_rng (0)), over every pixel of
   two images (packed float RGB(A), channels 3 or 4, encoded sRGB).  */
gdouble sobolev_mmd_images (const gfloat *a, gsize n_a, const gfloat *b,
                            gsize n_b, guint channels);

G_END_DECLS

#endif
