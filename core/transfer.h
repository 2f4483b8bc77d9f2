/* sobolev-transfer — a whole job: color clouds in, a path of LUTs out.  */
#ifndef SOBOLEV_TRANSFER_H
#define SOBOLEV_TRANSFER_H

#include <glib.h>
#include "cloud.h"
#include "flow.h"
#include "lut.h"
#include "params.h"

G_BEGIN_DECLS

typedef struct _SobolevTransfer SobolevTransfer;

/* How many bits per channel a recoloring bins the source's pixels at
   (recolor.c; tests and benchmarks that call sobolev_transfer_run
   directly do the same): the descent runs on it rebinned to
   params->bits, and the refinement passes
   send this finer cloud through the map so far, which is how they see
   the colors between bins (measured on the sample pairs with 2
   refinement passes: mean MMD 0.0336 from a 5-bit source cloud, 0.0265
   from 6 bits, 0.0239 from 7 bits, the same as from every pixel).  */
#define SOBOLEV_SOURCE_BITS 7

/* Transports the source cloud toward the reference (both dim 3, encoded
   sRGB, as sobolev_histogram_to_cloud makes them; the source best with
   SOBOLEV_SOURCE_BITS) with the method and parameters given: a first
   pass, then params->refine refinement passes (see transfer.c), keeping
   the path through all of them; LUTs are baked when asked for.  Safe to
   call from any thread; touches no global state.  progress is called
   from the calling thread; cancel is polled once per step.  */
SobolevTransfer *sobolev_transfer_run (const SobolevCloud *source,
                                       const SobolevCloud *reference,
                                       const SobolevParams *params,
                                       SobolevProgressFunc progress,
                                       SobolevCancelFunc cancel,
                                       gpointer user_data, GError **error);

void sobolev_transfer_free (SobolevTransfer *transfer);

/* The map at strength t ∈ [0, 1] (fraction of the path's length
   travelled, interpolated between snapshots) with lightness preservation
   p ∈ [0, 1].  Instant: no descent.  */
SobolevLut *sobolev_transfer_lut_at (const SobolevTransfer *transfer,
                                     gdouble strength,
                                     gdouble preserve_lightness);

/* Where the map at strength t sends the source's particles (the source
   cloud rebinned to params->bits), in encoded sRGB, with their weights (a
   new cloud): what the map at t makes of the source's colors.  */
SobolevCloud *sobolev_transfer_particles_at (const SobolevTransfer *transfer,
                                             gdouble strength);

/* The colors of the path itself at strength t: the particles of the
   pass that holds t, between its snapshots, in encoded sRGB, with their
   weights (a new cloud).  The distribution a map at t stands for; the
   map's own image of the source (sobolev_transfer_particles_at) is a
   smoothed version of it and falls a little short.  */
SobolevCloud *sobolev_transfer_path_colors (const SobolevTransfer *transfer,
                                            gdouble strength);

/* The passes run: 1 + params->refine.  */
guint sobolev_transfer_n_passes (const SobolevTransfer *transfer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevTransfer, sobolev_transfer_free)

G_END_DECLS

#endif
