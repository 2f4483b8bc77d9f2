/* sobolev-transfer — a transfer job on a worker thread.  */
#include "ui-i18n.h"

#include "job.h"

struct _SobolevJob
{
  GThread *thread;
  SobolevCloud *source;
  SobolevCloud *reference;
  SobolevParams params;
  gint tag;

  gint cancel; /* atomic */
  gint done;   /* atomic; set last by the worker */

  GMutex lock; /* guards fraction and distance */
  gdouble fraction;
  gdouble distance;

  /* Written by the worker before done is set, read after.  */
  SobolevTransfer *result;
  GError *error;
};

static void
job_progress (gdouble fraction, gdouble distance, gpointer user_data)
{
  SobolevJob *job = user_data;

  g_mutex_lock (&job->lock);
  job->fraction = fraction;
  if (distance >= 0.0)
    job->distance = distance;
  g_mutex_unlock (&job->lock);
}

static gboolean
job_cancelled (gpointer user_data)
{
  SobolevJob *job = user_data;

  return g_atomic_int_get (&job->cancel) != 0;
}

static gpointer
job_thread (gpointer data)
{
  SobolevJob *job = data;

  job->result
      = sobolev_transfer_run (job->source, job->reference, &job->params,
                              job_progress, job_cancelled, job, &job->error);
  g_atomic_int_set (&job->done, 1);
  return NULL;
}

SobolevJob *
sobolev_job_start (const SobolevCloud *source, const SobolevCloud *reference,
                   const SobolevParams *params, gint tag, GError **error)
{
  SobolevJob *job;

  g_return_val_if_fail (source != NULL && reference != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  job = g_new0 (SobolevJob, 1);
  job->source = sobolev_cloud_copy (source);
  job->reference = sobolev_cloud_copy (reference);
  job->params = *params;
  job->tag = tag;
  job->distance = -1.0;
  g_mutex_init (&job->lock);

  job->thread = g_thread_try_new ("sobolev-transfer", job_thread, job, error);
  if (!job->thread)
    {
      sobolev_cloud_free (job->source);
      sobolev_cloud_free (job->reference);
      g_mutex_clear (&job->lock);
      g_free (job);
      return NULL;
    }
  return job;
}

void
sobolev_job_cancel (SobolevJob *job)
{
  g_return_if_fail (job != NULL);

  g_atomic_int_set (&job->cancel, 1);
}

gboolean
sobolev_job_poll (SobolevJob *job, gdouble *fraction, gdouble *distance)
{
  g_return_val_if_fail (job != NULL, TRUE);

  g_mutex_lock (&job->lock);
  if (fraction)
    *fraction = job->fraction;
  if (distance)
    *distance = job->distance;
  g_mutex_unlock (&job->lock);

  return g_atomic_int_get (&job->done) != 0;
}

const SobolevParams *
sobolev_job_params (const SobolevJob *job)
{
  return &job->params;
}

gint
sobolev_job_tag (const SobolevJob *job)
{
  return job->tag;
}

SobolevTransfer *
sobolev_job_finish (SobolevJob *job, GError **error)
{
  SobolevTransfer *result;

  g_return_val_if_fail (job != NULL, NULL);

  g_thread_join (job->thread);

  result = job->result;
  if (!result)
    {
      if (job->error)
        g_propagate_error (error, job->error);
      else
        g_set_error_literal (error, SOBOLEV_ERROR, SOBOLEV_ERROR_NUMERICAL,
                             _ ("The transfer failed"));
    }
  else if (job->error)
    g_error_free (job->error);

  sobolev_cloud_free (job->source);
  sobolev_cloud_free (job->reference);
  g_mutex_clear (&job->lock);
  g_free (job);
  return result;
}
