/* sobolev-transfer — the dialogs' preview picture: the preview's source
   pixels through the current map and the edge guard, with the before |
   after split.  The guard's solve takes a good fraction of a second, so
   it runs on a worker thread; until it is in, the picture is the plain
   map's.  GLib and the core only: the GTK 2 and GTK 3 dialogs draw what
   it makes.  Every function is called from the main thread.  */
#ifndef SOBOLEV_LIVE_PREVIEW_H
#define SOBOLEV_LIVE_PREVIEW_H

#include <glib.h>
#include "sobolev.h"

G_BEGIN_DECLS

typedef struct _SobolevLivePreview SobolevLivePreview;

/* Called on the main thread (from an idle source of the default main
   context) when a solve for the current map is in: redraw.  */
typedef void (*SobolevLivePreviewReady) (gpointer user_data);

SobolevLivePreview *sobolev_live_preview_new (SobolevLivePreviewReady ready,
                                              gpointer user_data);

/* Waits for a solve under way (it cannot be interrupted), then frees;
   ready is never called after.  */
void sobolev_live_preview_free (SobolevLivePreview *preview);

/* The preview's source: width × height packed 8-bit pixels of channels,
   copied.  The same pixels as before keep the solve.  FALSE, and no
   picture, when there are none or they are not RGB (3 or 4 channels):
   only RGB layers are recolored.  */
gboolean sobolev_live_preview_set_source (SobolevLivePreview *preview,
                                          const guint8 *pixels, gint width,
                                          gint height, gint channels);

/* The map to show (copied; NULL: the source as it is), at the edge
   guard's gain (sobolev_fidelity_gain; 0: no guard) on a grid of at
   most max_cells cells (0: the final result's grid).  */
void sobolev_live_preview_set_map (SobolevLivePreview *preview,
                                   const SobolevLut *lut, gdouble gain,
                                   gsize max_cells);

/* TRUE while the current map waits for its guard's solve.  */
gboolean sobolev_live_preview_solving (SobolevLivePreview *preview);

/* Marks the picture: "out of date" while a run's result is awaited
   (run_awaited), "waits for the edge guard" while the current map's
   solve runs (unless keep_previous: the previous map's picture is shown
   as the values' own meanwhile), else "up to date"; with
   SOBOLEV_UI_TRACE set each change is printed (the GUI tests read it).
   *stale is set to whether the picture is to be drawn dimmed; TRUE
   when that changed (the caller redraws).  */
gboolean sobolev_live_preview_mark (SobolevLivePreview *preview,
                                    gboolean run_awaited,
                                    gboolean keep_previous, gboolean *stale);

/* The picture, newly allocated, its rows *stride bytes apart, for a
   preview of width × height pixels: NULL without a source or when the
   source is not that size (the preview was resized and its new pixels
   are not read yet: a picture of the old size would be drawn past its
   end).  It is the source through the map and its solved guard,
   the same pixels as sobolev_edge_guard_preview makes, with split the
   before | after halves, and dimmed toward grey when stale (not the
   result of the values shown).  While the solve is under way (it is
   started here if needed), the previous map's guarded picture when
   keep_previous and there is one, else the plain map's.  */
guint8 *sobolev_live_preview_picture (SobolevLivePreview *preview, gint width,
                                      gint height, gboolean split,
                                      gboolean keep_previous, gboolean stale,
                                      gint *stride);

G_END_DECLS

#endif
