/* sobolev-transfer — 2-D shape morphing (the paper's Figures 5 and 6).  */
#ifndef CLI_MORPH_H
#define CLI_MORPH_H

#include <glib.h>
#include "sobolev.h"
#include "image-io.h"
#include "options.h"

G_BEGIN_DECLS

/* Defaults of the morph subcommand: the table's are tuned for color
   histograms, and shapes in the unit square want a finer kernel.  Every
   setting of the flow is pinned here so that retuning the colors' defaults
   leaves the shapes alone.  */
#define CLI_MORPH_BANDWIDTH 0.04
#define CLI_MORPH_FEATURES 384
#define CLI_MORPH_STEPS 150
#define CLI_MORPH_SMOOTHNESS 0.01
#define CLI_MORPH_STEP_SIZE 0.05
#define CLI_MORPH_MAX_DISPLACEMENT 0.04
#define CLI_MORPH_ANNEAL 1.0
#define CLI_MORPH_GRAMIAN_SAMPLES 0 /* all the points */

/* The subcommand's own settings: defaults and ranges.  */
#define CLI_MORPH_DEFAULT_POINTS 1000
#define CLI_MORPH_MIN_POINTS 10
#define CLI_MORPH_MAX_POINTS 100000
#define CLI_MORPH_DEFAULT_FRAMES 8
#define CLI_MORPH_MIN_FRAMES 2
#define CLI_MORPH_MAX_FRAMES 64
#define CLI_MORPH_DEFAULT_CELL 128
#define CLI_MORPH_MIN_CELL 16
#define CLI_MORPH_MAX_CELL 1024

/* Sets the defaults above in params.  */
void cli_morph_params_init (SobolevParams *params);

/* The defaults above where they differ from the table's, as options
   (" --bandwidth 0.04 --features 384 …"), for the help.  */
gchar *cli_morph_defaults_text (void);

/* n points drawn uniformly from the dark pixels of image (luminance
   below one half once laid over white), each jittered uniformly inside
   its pixel, in a unit square: x and y divided by the longer side, the
   shorter side centred; y points down as in the image.  Equal weights.
   SOBOLEV_ERROR_EMPTY_CLOUD when no pixel is dark.  */
SobolevCloud *cli_morph_sample_shape (const SobolevImage *image, gsize n,
                                      guint32 seed, GError **error);

/* Moves the points of a toward b with the method and parameters given
   (checked here; snapshots + 1 states are kept, the first and the last
   included).  */
SobolevPath *cli_morph_run (const SobolevCloud *a, const SobolevCloud *b,
                            const SobolevParams *params,
                            SobolevProgressFunc progress,
                            SobolevCancelFunc cancel, gpointer user_data,
                            GError **error);

/* The distance the morph test and report use: √MMD² with a Gaussian
   kernel of bandwidth 0.05 (a twentieth of the square), 500 random
   features, fixed seed.  */
gdouble cli_morph_distance (const SobolevCloud *a, const SobolevCloud *b);

/* A strip of the path's states side by side, each in a cell × cell
   panel: the points in black over the target shape b in light grey.  */
SobolevImage *cli_morph_render (const SobolevPath *path, const SobolevCloud *b,
                                guint cell);

/* `sobolev-transfer morph SHAPE_A SHAPE_B OUTPUT`: args are the three
   file names; returns the exit status.  */
gint cli_run_morph (CliOptions *options, gchar **args, gint n_args);

G_END_DECLS

#endif
