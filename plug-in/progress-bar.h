/* sobolev-transfer — a run's stages on GIMP's one progress bar.

   A run reads the source, then the reference, transports, and writes;
   each stage reports its own fraction, and the bar shows the whole run
   once from left to right, as GIMP's own filters do, in GIMP 2.10 and
   GIMP 3 alike.  GIMP's cancel button ends the plug-in; since nothing
   touches the image before the final merge, the image stays as it
   was.  */
#ifndef PLUG_IN_PROGRESS_BAR_H
#define PLUG_IN_PROGRESS_BAR_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PLUG_IN_STAGE_SOURCE,
  PLUG_IN_STAGE_REFERENCE,
  PLUG_IN_STAGE_TRANSFER,
  PLUG_IN_STAGE_WRITE
} PlugInStage;

typedef struct
{
  gdouble from, to; /* the current stage's part of the bar */
  gdouble shown;    /* where the bar was last put */
} PlugInProgressBar;

/* Starts GIMP's bar for a run, with text.  With SOBOLEV_PROGRESS_TRACE
   set, the start and every value sent to the bar also go to stderr
   ("sobolev-transfer: progress run", "sobolev-transfer: progress
   0.250"): the host tests read the bar a run shows there.  */
void plug_in_progress_bar_start (const gchar *text);

/* The stages that follow report into stage's part of the bar.  The bar
   does not move back: a stage entered again (a second write) starts
   where the bar is.  */
void plug_in_progress_bar_enter (PlugInProgressBar *bar, PlugInStage stage);

/* Progress of the current stage, fraction in [0, 1], for bar (a
   PlugInProgressBar): the signature of the core's and the strips'
   progress callbacks.  Only visible changes are sent to GIMP.  */
void plug_in_progress_bar_update (gdouble fraction, gpointer bar);

G_END_DECLS

#endif
