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

/* Transports the source cloud toward the reference (both dim 3, encoded
   sRGB, as sobolev_histogram_to_cloud makes them) with the method and
   parameters given, and bakes one LUT per snapshot of the path.  Safe to
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

/* The particles at strength t, in encoded sRGB, with their weights (a new
   cloud): what the dialog's distribution view draws.  */
SobolevCloud *sobolev_transfer_particles_at (const SobolevTransfer *transfer,
                                             gdouble strength);

/* The source and reference clouds the job was run with (encoded sRGB).  */
const SobolevCloud *sobolev_transfer_source (const SobolevTransfer *transfer);
const SobolevCloud *
sobolev_transfer_reference (const SobolevTransfer *transfer);

/* The raw path (working-space coordinates) and the parameters used.  */
const SobolevPath *sobolev_transfer_path (const SobolevTransfer *transfer);
const SobolevParams *sobolev_transfer_params (const SobolevTransfer *transfer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevTransfer, sobolev_transfer_free)

G_END_DECLS

#endif
