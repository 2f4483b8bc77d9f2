/* sobolev-transfer — the latest recoloring for values that keep
   changing, as a dialog needs it: each change cancels the run under way
   (it stops in the background) and starts another over the same colors;
   the last run to finish is the result.  */
#ifndef SOBOLEV_LIVE_RECOLOR_H
#define SOBOLEV_LIVE_RECOLOR_H

#include <glib.h>
#include "recolor.h"

G_BEGIN_DECLS

typedef struct _SobolevLiveRecolor SobolevLiveRecolor;

typedef enum
{
  SOBOLEV_LIVE_IDLE,     /* nothing running */
  SOBOLEV_LIVE_RUNNING,  /* a run is under way */
  SOBOLEV_LIVE_FINISHED, /* the run just ended (told once) */
  SOBOLEV_LIVE_FAILED    /* the run just failed (told once, with error) */
} SobolevLiveState;

SobolevLiveRecolor *sobolev_live_recolor_new (void);

/* Cancels every run, waits for them, and frees.  */
void sobolev_live_recolor_free (SobolevLiveRecolor *live);

/* Cancels the run under way, if any, and starts one with params over the
   colors of `colors` (sobolev_recolor_new_like).  tag is whatever the
   caller wants to know the run by later (the dialog's reference layer). */
gboolean sobolev_live_recolor_restart (SobolevLiveRecolor *live,
                                       SobolevRecolor *colors,
                                       const SobolevParams *params, gint tag,
                                       GError **error);

/* Cancels the run under way, if any.  */
void sobolev_live_recolor_cancel (SobolevLiveRecolor *live);

/* Polled from the main thread: frees cancelled runs that have stopped,
   gives the progress of the run under way (fraction may be NULL), and
   tells once when it ended; its error (not for a cancel) goes to error.
   Never blocks.  */
SobolevLiveState sobolev_live_recolor_poll (SobolevLiveRecolor *live,
                                            gdouble *fraction, GError **error);

/* TRUE while a run is under way or cancelled runs are still stopping:
   keep polling.  */
gboolean sobolev_live_recolor_busy (SobolevLiveRecolor *live);

/* TRUE while a run is under way.  */
gboolean sobolev_live_recolor_running (SobolevLiveRecolor *live);

/* The last run that finished and its tag; NULL before one finished.  */
SobolevRecolor *sobolev_live_recolor_result (SobolevLiveRecolor *live,
                                             gint *tag);

/* The last run that finished, given to the caller.  */
SobolevRecolor *sobolev_live_recolor_take_result (SobolevLiveRecolor *live);

G_END_DECLS

#endif
