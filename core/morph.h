/* sobolev-transfer — 2-D shape morphing (the paper's Figures 5 and 6):
   points sampled from one shape moved by a method toward another.  */
#ifndef SOBOLEV_MORPH_H
#define SOBOLEV_MORPH_H

#include <glib.h>
#include "cloud.h"
#include "flow.h"
#include "params.h"

G_BEGIN_DECLS

/* Settings of a morph that differ from the table's: the table's are
   tuned for color histograms, and shapes in the unit square want a finer
   kernel.  Every setting of the flow is pinned here so that retuning the
   colors' defaults leaves the shapes alone.  */
#define SOBOLEV_MORPH_BANDWIDTH 0.04
#define SOBOLEV_MORPH_FEATURES 384
#define SOBOLEV_MORPH_STEPS 150
#define SOBOLEV_MORPH_SMOOTHNESS 0.01
#define SOBOLEV_MORPH_STEP_SIZE 0.05
#define SOBOLEV_MORPH_MAX_DISPLACEMENT 0.04
#define SOBOLEV_MORPH_ANNEAL 1.0
#define SOBOLEV_MORPH_GRAMIAN_SAMPLES 0 /* all the points */

/* The table's defaults with the settings above.  */
void sobolev_morph_params_init (SobolevParams *params);

/* n points drawn uniformly from the dark pixels of a width × height
   image of packed float R'G'B'A (luminance below one half once laid over
   white), each jittered uniformly inside its pixel, in a unit square: x
   and y divided by the longer side, the shorter side centred; y points
   down as in the image.  Equal weights.  SOBOLEV_ERROR_EMPTY_CLOUD when
   no pixel is dark.  */
SobolevCloud *sobolev_morph_sample_shape (const gfloat *rgba, guint width,
                                          guint height, gsize n, guint32 seed,
                                          GError **error);

/* Moves the points of a toward b with the method and parameters given
   (checked here; snapshots + 1 states are kept, the first and the last
   included).  */
SobolevPath *sobolev_morph_run (const SobolevCloud *a, const SobolevCloud *b,
                                const SobolevParams *params,
                                SobolevProgressFunc progress,
                                SobolevCancelFunc cancel, gpointer user_data,
                                GError **error);

/* The distance the morph test and report use: √MMD² with a Gaussian
   kernel of bandwidth 0.05 (a twentieth of the square), 500 random
   features, fixed seed.  */
gdouble sobolev_morph_distance (const SobolevCloud *a, const SobolevCloud *b);

/* A strip of the path's states side by side, each in a cell × cell
   panel: the points in black over the target shape b in light grey, as
   packed float R'G'B'A of (cell × states) × cell pixels.  */
gfloat *sobolev_morph_render (const SobolevPath *path, const SobolevCloud *b,
                              guint cell);

G_END_DECLS

#endif
