/* sobolev-transfer — a run's stages on GIMP's one progress bar.  */
#include "progress-bar.h"

#include <libgimp/gimp.h>

/* Where each stage ends on the bar: reading the layers is quick beside
   the transport, and the write (the edge guard and the LUT over every
   pixel) takes the rest.  */
static const gdouble stage_end[] = {
  [PLUG_IN_STAGE_SOURCE] = 0.08,
  [PLUG_IN_STAGE_REFERENCE] = 0.12,
  [PLUG_IN_STAGE_TRANSFER] = 0.85,
  [PLUG_IN_STAGE_WRITE] = 1.0,
};

static gboolean
progress_traced (void)
{
  return g_getenv ("SOBOLEV_PROGRESS_TRACE") != NULL;
}

void
plug_in_progress_bar_start (const gchar *text)
{
  gimp_progress_init (text);
  if (progress_traced ())
    g_printerr ("sobolev-transfer: progress run\n");
}

void
plug_in_progress_bar_enter (PlugInProgressBar *bar, PlugInStage stage)
{
  bar->from = MAX (stage == PLUG_IN_STAGE_SOURCE ? 0.0 : stage_end[stage - 1],
                   bar->shown);
  bar->to = MAX (stage_end[stage], bar->from);
}

void
plug_in_progress_bar_update (gdouble fraction, gpointer data)
{
  PlugInProgressBar *bar = data;
  gdouble v = bar->from + (bar->to - bar->from) * CLAMP (fraction, 0.0, 1.0);

  /* Each update is a message to GIMP: send only visible changes.  */
  if (v - bar->shown >= 0.01 || (v >= 1.0 && bar->shown < 1.0))
    {
      gimp_progress_update (v);
      if (progress_traced ())
        g_printerr ("sobolev-transfer: progress %.3f\n", v);
      bar->shown = v;
    }
}
