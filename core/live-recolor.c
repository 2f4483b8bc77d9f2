/* sobolev-transfer — the latest recoloring for values that keep
   changing.  */
#include "live-recolor.h"

#include "sobolev-error.h"

struct _SobolevLiveRecolor
{
  SobolevRecolor *running;
  gint running_tag;
  GSList *stopping; /* cancelled runs not yet returned */

  SobolevRecolor *result;
  gint result_tag;
};

SobolevLiveRecolor *
sobolev_live_recolor_new (void)
{
  return g_new0 (SobolevLiveRecolor, 1);
}

void
sobolev_live_recolor_free (SobolevLiveRecolor *live)
{
  if (live == NULL)
    return;
  sobolev_live_recolor_cancel (live);
  /* Freeing a recoloring waits for its worker.  */
  g_slist_free_full (live->stopping, (GDestroyNotify) sobolev_recolor_free);
  sobolev_recolor_free (live->result);
  g_free (live);
}

void
sobolev_live_recolor_cancel (SobolevLiveRecolor *live)
{
  if (live->running)
    {
      sobolev_recolor_cancel (live->running);
      live->stopping = g_slist_prepend (live->stopping, live->running);
      live->running = NULL;
    }
}

gboolean
sobolev_live_recolor_restart (SobolevLiveRecolor *live, SobolevRecolor *colors,
                              const SobolevParams *params, gint tag,
                              GError **error)
{
  SobolevRecolor *run;

  sobolev_live_recolor_cancel (live);
  run = sobolev_recolor_new_like (colors, params, error);
  if (run && !sobolev_recolor_start (run, error))
    g_clear_pointer (&run, sobolev_recolor_free);
  live->running = run;
  live->running_tag = tag;
  return run != NULL;
}

SobolevLiveState
sobolev_live_recolor_poll (SobolevLiveRecolor *live, gdouble *fraction,
                           GError **error)
{
  GSList *keep = NULL;
  GError *local = NULL;

  for (GSList *l = live->stopping; l; l = l->next)
    if (sobolev_recolor_poll (l->data, NULL))
      sobolev_recolor_free (l->data);
    else
      keep = g_slist_prepend (keep, l->data);
  g_slist_free (live->stopping);
  live->stopping = keep;

  if (live->running == NULL)
    return SOBOLEV_LIVE_IDLE;
  if (!sobolev_recolor_poll (live->running, fraction))
    return SOBOLEV_LIVE_RUNNING;
  if (!sobolev_recolor_join (live->running, &local))
    {
      g_clear_pointer (&live->running, sobolev_recolor_free);
      if (g_error_matches (local, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED))
        {
          g_error_free (local);
          return SOBOLEV_LIVE_IDLE;
        }
      g_propagate_error (error, local);
      return SOBOLEV_LIVE_FAILED;
    }
  sobolev_recolor_free (live->result);
  live->result = g_steal_pointer (&live->running);
  live->result_tag = live->running_tag;
  return SOBOLEV_LIVE_FINISHED;
}

gboolean
sobolev_live_recolor_busy (SobolevLiveRecolor *live)
{
  return live->running != NULL || live->stopping != NULL;
}

gboolean
sobolev_live_recolor_running (SobolevLiveRecolor *live)
{
  return live->running != NULL;
}

SobolevRecolor *
sobolev_live_recolor_result (SobolevLiveRecolor *live, gint *tag)
{
  if (tag)
    *tag = live->result_tag;
  return live->result;
}

SobolevRecolor *
sobolev_live_recolor_take_result (SobolevLiveRecolor *live)
{
  return g_steal_pointer (&live->result);
}
