/* sobolev-transfer — a recoloring: the one recipe of a run, for every host.

   A host makes a SobolevRecolor with the parameters, feeds it the pixels
   of the image to recolor and of the reference (in strips, as it reads
   them) or a palette, runs it (here, or on a worker thread it starts),
   and takes the map at any strength and lightness.  Everything between
   pixels and map is decided here: how finely each image is binned, how
   the descent and its refinement passes run, which threads BLAS uses.
   Hosts move pixels and draw widgets.  */
#ifndef SOBOLEV_RECOLOR_H
#define SOBOLEV_RECOLOR_H

#include <glib.h>
#include "cloud.h"
#include "flow.h"
#include "histogram.h"
#include "lut.h"
#include "params.h"

G_BEGIN_DECLS

typedef struct _SobolevRecolor SobolevRecolor;

/* The two sets of colors a recoloring is made of.  */
typedef enum
{
  SOBOLEV_RECOLOR_SOURCE,   /* the image to recolor */
  SOBOLEV_RECOLOR_REFERENCE /* the colors to match */
} SobolevRecolorInput;

/* A recoloring with params, which are checked here against the
   parameter table: no other place needs to.  */
SobolevRecolor *sobolev_recolor_new (const SobolevParams *params,
                                     GError **error);

/* The parameters of a coarse, quick run of params, for a dialog's first
   preview while the run at params follows: the same path in fewer,
   longer steps (the kernel descent) or fewer steps (the sliced flow), a
   coarser histogram, no refinement pass, a smaller LUT.  Its result is
   a glimpse, never what is applied.  */
void sobolev_recolor_coarse_params (const SobolevParams *params,
                                    SobolevParams *coarse);

/* A recoloring with other parameters over the colors model has (shared,
   not copied, so it is cheap; model's inputs that were being fed are
   ended first): how a dialog starts a new run when a parameter changes
   while model's may still be running, and how a batch recolors many
   sources toward one reference read once.  An input model has no colors
   for starts empty.  */
SobolevRecolor *sobolev_recolor_new_like (SobolevRecolor *model,
                                          const SobolevParams *params,
                                          GError **error);

/* Cancels a running worker, waits for it, and frees.  */
void sobolev_recolor_free (SobolevRecolor *recolor);

/* The parameters it was made with.  */
const SobolevParams *sobolev_recolor_params (const SobolevRecolor *recolor);

/* Adds width × height pixels of channels (3 = RGB, 4 = RGBA, straight
   alpha) components of type, encoded sRGB, rows stride bytes apart, to
   input.  A pixel weighs its alpha times mask (width × height packed
   coverages in [0, 1], or NULL).  Call it once per strip or tile, in any
   order.  NaN or infinite float values are refused, and then nothing of
   the strip is added.  */
gboolean sobolev_recolor_add_pixels (SobolevRecolor *recolor,
                                     SobolevRecolorInput input,
                                     const void *pixels, SobolevPixelType type,
                                     guint channels, guint width, guint height,
                                     gsize stride, const gfloat *mask,
                                     GError **error);

/* The reference as a palette: n colors (n × 3, encoded sRGB) weighing
   weights (NULL: equally), used exactly as given.  Refused as
   sobolev_palette_check refuses it (no colors, only one); a run then
   also refuses a palette of more colors than the source has pixels.  */
gboolean sobolev_recolor_set_palette (SobolevRecolor *recolor,
                                      const gdouble *colors,
                                      const gdouble *weights, gsize n,
                                      GError **error);

/* Replaces the reference's colors, once all its pixels are in, by its k
   main colors (sobolev_cloud_summarize), each weighing its share of the
   reference, used from then on as a palette is: a palette made from a
   photo.  Fails as the summary does (k out of 2 … 256, fewer distinct
   colors than k) or when the reference is empty.  */
gboolean sobolev_recolor_summarize_reference (SobolevRecolor *recolor, guint k,
                                              GError **error);

/* Forgets the colors of input so that new ones can be added (another
   reference layer); recolorings made with new_like keep theirs.  */
void sobolev_recolor_clear (SobolevRecolor *recolor, SobolevRecolorInput input);

/* Ends the pixels of input; fails with SOBOLEV_ERROR_EMPTY_CLOUD when
   nothing weighs (a transparent layer, a selection that misses it).
   Running ends both inputs; hosts call this to report an empty one
   before running.  */
gboolean sobolev_recolor_end_input (SobolevRecolor *recolor,
                                    SobolevRecolorInput input, GError **error);

/* The colors of input as a descent with params (NULL: the recoloring's
   own) sees them: a new cloud, encoded sRGB, normalized weights; NULL
   when input is empty.  What a view of the colors draws.  */
SobolevCloud *sobolev_recolor_colors (SobolevRecolor *recolor,
                                      SobolevRecolorInput input,
                                      const SobolevParams *params);

/* Runs the descent on the calling thread.  progress is called from it;
   cancel is polled once per step.  */
gboolean sobolev_recolor_run (SobolevRecolor *recolor,
                              SobolevProgressFunc progress,
                              SobolevCancelFunc cancel, gpointer user_data,
                              GError **error);

/* Runs the descent on a new GLib thread; returns at once.  Poll it, and
   take its end with sobolev_recolor_join.  */
gboolean sobolev_recolor_start (SobolevRecolor *recolor, GError **error);

/* Asks the worker to stop within a step; returns at once.  */
void sobolev_recolor_cancel (SobolevRecolor *recolor);

/* TRUE once the worker has returned.  fraction (may be NULL) gets the
   latest progress, the fraction of the steps done.  Never blocks.  */
gboolean sobolev_recolor_poll (SobolevRecolor *recolor, gdouble *fraction);

/* Waits for the worker and says how it ended: TRUE with a map, or FALSE
   with error (SOBOLEV_ERROR_CANCELLED when cancelled).  */
gboolean sobolev_recolor_join (SobolevRecolor *recolor, GError **error);

/* The map at strength t ∈ [0, 1] (time along the kept path) with
   lightness preservation p ∈ [0, 1], once a run has succeeded (NULL
   before).  Instant: no descent.  */
SobolevLut *sobolev_recolor_lut_at (SobolevRecolor *recolor, gdouble strength,
                                    gdouble preserve_lightness);

/* The map at the parameters' own strength and lightness kept
   (sobolev_params_lightness_kept).  */
SobolevLut *sobolev_recolor_lut (SobolevRecolor *recolor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevRecolor, sobolev_recolor_free)

G_END_DECLS

#endif
