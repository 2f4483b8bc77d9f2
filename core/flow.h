/* sobolev-transfer — the engine that moves particles and passengers.  */
#ifndef SOBOLEV_FLOW_H
#define SOBOLEV_FLOW_H

#include <glib.h>
#include "cloud.h"
#include "method.h"
#include "params.h"

G_BEGIN_DECLS

/* Progress: the fraction of the steps done.  */
typedef void (*SobolevProgressFunc) (gdouble fraction, gpointer user_data);

/* Returns TRUE to stop the job.  Polled once per step.  */
typedef gboolean (*SobolevCancelFunc) (gpointer user_data);

/* The kept path: snapshot k holds the particles and passengers after
   steps[k] steps (snapshot 0 is the start), and length[k], how far along
   the particles are: their weighted mean distance from where they
   started (never decreasing along the path) divided by that at the end,
   so length[0] = 0 and length[n_snapshots − 1] = 1, unless nothing moved.
   The distance, not the length of the way: a flow whose late steps only
   jitter around the end would otherwise spend most of Strength on
   changes nobody sees.  */
typedef struct
{
  guint dim;
  gsize n_particles;
  gsize n_passengers;
  guint n_snapshots;
  guint *steps;
  gdouble *length;
  gdouble *weights;     /* the particles' weights, n_particles */
  gdouble **particles;  /* n_snapshots arrays of n_particles × dim */
  gdouble **passengers; /* n_snapshots arrays of n_passengers × dim, or NULL */
  gdouble total_length; /* the final distance, in working-space units */
} SobolevPath;

/* Runs params->steps steps of the method from source toward target (same
   dim; weights need not be normalized).  Passengers (n_passengers × dim,
   may be NULL) ride the same field without changing it.  Keeps
   params->snapshots + 1 snapshots, denser at the start where the flow
   moves most.  Stops within one step when cancel returns TRUE, with
   SOBOLEV_ERROR_CANCELLED.  progress and cancel may be NULL.  params
   must have passed sobolev_params_validate.  */
SobolevPath *
sobolev_flow_run (const SobolevMethodClass *method, const SobolevParams *params,
                  const SobolevCloud *source, const SobolevCloud *target,
                  const gdouble *passengers, gsize n_passengers,
                  SobolevProgressFunc progress, SobolevCancelFunc cancel,
                  gpointer user_data, GError **error);

void sobolev_path_free (SobolevPath *path);

/* Where the snapshots fall: the step index after which snapshot k of
   n_snapshots (k = 0 … n_snapshots − 1) is taken, for n_steps steps.  */
guint sobolev_flow_snapshot_step (guint k, guint n_snapshots, guint n_steps);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SobolevPath, sobolev_path_free)

G_END_DECLS

#endif
