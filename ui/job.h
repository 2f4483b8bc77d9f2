/* sobolev-transfer — a transfer job on a worker thread, for the dialog.

   The worker sees plain arrays only (two clouds and the parameters) and
   never touches GTK or libgimp.  The main thread polls its progress and
   takes its result; cancelling stops it within one descent step.  */
#ifndef SOBOLEV_UI_JOB_H
#define SOBOLEV_UI_JOB_H

#include <glib.h>
#include "sobolev.h"

G_BEGIN_DECLS

typedef struct _SobolevJob SobolevJob;

/* Starts sobolev_transfer_run on a new thread with copies of source,
   reference and params.  tag is any number the caller wants to recognise
   the job by (the dialog stores the reference layer).  */
SobolevJob *sobolev_job_start (const SobolevCloud *source,
                               const SobolevCloud *reference,
                               const SobolevParams *params, gint tag,
                               GError **error);

/* Asks the worker to stop; returns at once.  */
void sobolev_job_cancel (SobolevJob *job);

/* TRUE once the worker has returned (result or error).  fraction and
   distance (may be NULL) get the latest progress: the fraction of the
   steps done, and the last measured distance to the reference (negative
   until one is measured).  Main thread, never blocks.  */
gboolean sobolev_job_poll (SobolevJob *job, gdouble *fraction,
                           gdouble *distance);

/* The parameters and tag the job was started with.  */
const SobolevParams *sobolev_job_params (const SobolevJob *job);
gint sobolev_job_tag (const SobolevJob *job);

/* Waits for the worker (cancel first to make it quick), frees the job and
   returns its transfer, or NULL with error set (SOBOLEV_ERROR_CANCELLED
   when it was cancelled).  */
SobolevTransfer *sobolev_job_finish (SobolevJob *job, GError **error);

G_END_DECLS

#endif
