/* sobolev-transfer — the dialogs' preview picture, its edge guard solved
   on a worker thread.

   One worker thread takes the newest request: a request made while a
   solve runs replaces the one waiting, and a solve whose map is no
   longer the current one when it ends is dropped (a solve cannot be
   interrupted).  The worker sees only its own copies of the pixels and
   the map, and hands the solved guard to the main thread through an
   idle source.  */
#include "live-preview.h"

#include <string.h>

typedef struct
{
  guint generation; /* of the map and source it is for */
  GBytes *source;
  guint width, height, channels;
  SobolevLut *lut;
  gdouble gain;
  gsize max_cells;
} SolveRequest;

struct _SobolevLivePreview
{
  SobolevLivePreviewReady ready;
  gpointer user_data;
  GThread *main_thread;

  /* The main thread's own.  */
  GBytes *source;
  guint width, height, channels;
  SobolevLut *lut;
  gdouble gain;
  gsize max_cells;
  guint generation;        /* changes with the map or the source */
  guint requested;         /* the generation last asked of the worker */
  SobolevEdgeGuard *guard; /* for the current generation; NULL: none yet */
  /* The last map whose guard was solved, over the same source: what
     keep_previous draws.  */
  SobolevLut *previous_lut;
  gdouble previous_gain;
  gsize previous_max_cells;
  SobolevEdgeGuard *previous_guard;

  /* Shared with the worker, under lock.  */
  GMutex lock;
  GCond wake;
  GThread *thread;
  gboolean quit;
  SolveRequest *pending; /* the newest request not taken yet */
  SobolevEdgeGuard *solved;
  guint solved_generation;
  gdouble solved_seconds;
  gboolean solved_off_main;
  guint idle_id;

  const gchar *marking; /* the picture's, as last traced */
};

static void
solve_request_free (SolveRequest *request)
{
  if (!request)
    return;
  g_bytes_unref (request->source);
  sobolev_lut_free (request->lut);
  g_free (request);
}

/* The guard exactly as sobolev_edge_guard_preview solves it for the
   picture (its out is thrown away).  */
static SobolevEdgeGuard *
solve_guard (const SolveRequest *request)
{
  SobolevEdgeGuard *guard = NULL;
  gsize size;
  const guint8 *in = g_bytes_get_data (request->source, &size);
  guint8 *scratch = g_malloc (size);

  sobolev_edge_guard_preview (
      &guard, request->lut, request->gain, request->max_cells, in, scratch,
      request->channels, request->width, request->height, FALSE);
  g_free (scratch);
  return guard;
}

static gboolean
deliver_solved (gpointer data)
{
  SobolevLivePreview *preview = data;
  SobolevEdgeGuard *guard;
  guint generation;
  gdouble seconds;
  gboolean off_main;

  g_mutex_lock (&preview->lock);
  guard = preview->solved;
  generation = preview->solved_generation;
  seconds = preview->solved_seconds;
  off_main = preview->solved_off_main;
  preview->solved = NULL;
  preview->idle_id = 0;
  g_mutex_unlock (&preview->lock);

  if (!guard)
    return G_SOURCE_REMOVE;
  if (generation != preview->generation || preview->guard)
    {
      sobolev_edge_guard_free (guard); /* for a map no longer shown */
      return G_SOURCE_REMOVE;
    }
  preview->guard = guard;
  /* What the GUI tests read: where the solve ran.  */
  if (g_getenv ("SOBOLEV_UI_TRACE"))
    g_printerr ("sobolev-transfer: edge guard solved on %s thread in "
                "%.2f s\n",
                off_main ? "a worker" : "the main", seconds);
  preview->ready (preview->user_data);
  return G_SOURCE_REMOVE;
}

static gpointer
solve_thread (gpointer data)
{
  SobolevLivePreview *preview = data;

  g_mutex_lock (&preview->lock);
  while (!preview->quit)
    {
      SolveRequest *request = preview->pending;
      SobolevEdgeGuard *guard;
      gint64 start;
      gdouble seconds;

      if (!request)
        {
          g_cond_wait (&preview->wake, &preview->lock);
          continue;
        }
      preview->pending = NULL;
      g_mutex_unlock (&preview->lock);

      start = g_get_monotonic_time ();
      guard = solve_guard (request);
      seconds = (g_get_monotonic_time () - start) / 1e6;

      g_mutex_lock (&preview->lock);
      if (preview->pending || preview->quit)
        sobolev_edge_guard_free (guard); /* a newer request wins */
      else
        {
          g_clear_pointer (&preview->solved, sobolev_edge_guard_free);
          preview->solved = guard;
          preview->solved_generation = request->generation;
          preview->solved_seconds = seconds;
          preview->solved_off_main = g_thread_self () != preview->main_thread;
          if (!preview->idle_id)
            preview->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT,
                                                deliver_solved, preview, NULL);
        }
      solve_request_free (request);
    }
  g_mutex_unlock (&preview->lock);
  return NULL;
}

SobolevLivePreview *
sobolev_live_preview_new (SobolevLivePreviewReady ready, gpointer user_data)
{
  SobolevLivePreview *preview = g_new0 (SobolevLivePreview, 1);

  preview->ready = ready;
  preview->user_data = user_data;
  preview->main_thread = g_thread_self ();
  preview->marking = "up to date";
  g_mutex_init (&preview->lock);
  g_cond_init (&preview->wake);
  return preview;
}

void
sobolev_live_preview_free (SobolevLivePreview *preview)
{
  if (!preview)
    return;
  g_mutex_lock (&preview->lock);
  preview->quit = TRUE;
  g_clear_pointer (&preview->pending, solve_request_free);
  g_cond_signal (&preview->wake);
  g_mutex_unlock (&preview->lock);
  /* The worker uses only its request, but reports to preview.  */
  if (preview->thread)
    g_thread_join (preview->thread);
  if (preview->idle_id)
    g_source_remove (preview->idle_id);
  g_clear_pointer (&preview->solved, sobolev_edge_guard_free);
  g_clear_pointer (&preview->guard, sobolev_edge_guard_free);
  g_clear_pointer (&preview->previous_guard, sobolev_edge_guard_free);
  g_clear_pointer (&preview->lut, sobolev_lut_free);
  g_clear_pointer (&preview->previous_lut, sobolev_lut_free);
  g_clear_pointer (&preview->source, g_bytes_unref);
  g_mutex_clear (&preview->lock);
  g_cond_clear (&preview->wake);
  g_free (preview);
}

static gboolean
needs_solve (SobolevLivePreview *preview)
{
  return preview->source && preview->lut && preview->gain > 0.0;
}

/* Asks the worker for the current generation's solve, unless it was.  */
static void
request_solve (SobolevLivePreview *preview)
{
  SolveRequest *request;

  if (!needs_solve (preview) || preview->guard
      || preview->requested == preview->generation)
    return;
  request = g_new0 (SolveRequest, 1);
  request->generation = preview->generation;
  request->source = g_bytes_ref (preview->source);
  request->width = preview->width;
  request->height = preview->height;
  request->channels = preview->channels;
  request->lut = sobolev_lut_copy (preview->lut);
  request->gain = preview->gain;
  request->max_cells = preview->max_cells;
  preview->requested = preview->generation;

  g_mutex_lock (&preview->lock);
  g_clear_pointer (&preview->pending, solve_request_free);
  preview->pending = request;
  if (!preview->thread)
    preview->thread
        = g_thread_new ("sobolev-preview-guard", solve_thread, preview);
  g_cond_signal (&preview->wake);
  g_mutex_unlock (&preview->lock);
}

gboolean
sobolev_live_preview_set_source (SobolevLivePreview *preview,
                                 const guint8 *pixels, gint width, gint height,
                                 gint channels)
{
  gsize size = (gsize) MAX (width, 0) * MAX (height, 0) * MAX (channels, 0);

  if (!pixels || (channels != 3 && channels != 4) || size == 0)
    {
      g_clear_pointer (&preview->source, g_bytes_unref);
      return FALSE;
    }
  if (preview->source && (guint) width == preview->width
      && (guint) height == preview->height
      && (guint) channels == preview->channels
      && g_bytes_get_size (preview->source) == size
      && memcmp (g_bytes_get_data (preview->source, NULL), pixels, size) == 0)
    return TRUE; /* the solve still holds */
  g_clear_pointer (&preview->source, g_bytes_unref);
  preview->source = g_bytes_new (pixels, size);
  preview->width = width;
  preview->height = height;
  preview->channels = channels;
  preview->generation++;
  g_clear_pointer (&preview->guard, sobolev_edge_guard_free);
  g_clear_pointer (&preview->previous_guard, sobolev_edge_guard_free);
  g_clear_pointer (&preview->previous_lut, sobolev_lut_free);
  request_solve (preview);
  return TRUE;
}

void
sobolev_live_preview_set_map (SobolevLivePreview *preview,
                              const SobolevLut *lut, gdouble gain,
                              gsize max_cells)
{
  /* A solved map stays at hand while the next one's guard is solved.  */
  if (preview->guard && preview->lut && preview->gain > 0.0)
    {
      g_clear_pointer (&preview->previous_guard, sobolev_edge_guard_free);
      g_clear_pointer (&preview->previous_lut, sobolev_lut_free);
      preview->previous_guard = g_steal_pointer (&preview->guard);
      preview->previous_lut = g_steal_pointer (&preview->lut);
      preview->previous_gain = preview->gain;
      preview->previous_max_cells = preview->max_cells;
    }
  g_clear_pointer (&preview->guard, sobolev_edge_guard_free);
  g_clear_pointer (&preview->lut, sobolev_lut_free);
  preview->lut = lut ? sobolev_lut_copy (lut) : NULL;
  preview->gain = gain;
  preview->max_cells = max_cells;
  preview->generation++;
  request_solve (preview);
}

gboolean
sobolev_live_preview_solving (SobolevLivePreview *preview)
{
  return needs_solve (preview) && !preview->guard;
}

gboolean
sobolev_live_preview_mark (SobolevLivePreview *preview, gboolean run_awaited,
                           gboolean keep_previous, gboolean *stale)
{
  gboolean guard = !run_awaited && !keep_previous
                   && sobolev_live_preview_solving (preview);
  const gchar *marking = run_awaited ? "out of date"
                         : guard     ? "waits for the edge guard"
                                     : "up to date";
  gboolean was = *stale;

  if (g_strcmp0 (marking, preview->marking) != 0
      && g_getenv ("SOBOLEV_UI_TRACE"))
    g_printerr ("sobolev-transfer: preview %s\n", marking);
  preview->marking = marking;
  *stale = run_awaited || guard;
  return *stale != was;
}

/* Draws into out: see sobolev_live_preview_picture.  */
static void
draw_picture (SobolevLivePreview *preview, gboolean split,
              gboolean keep_previous, guint8 *out)
{
  const guint8 *in = g_bytes_get_data (preview->source, NULL);
  SobolevEdgeGuard *plain = NULL;

  if (!sobolev_live_preview_solving (preview))
    {
      sobolev_edge_guard_preview (
          &preview->guard, preview->lut, preview->gain, preview->max_cells, in,
          out, preview->channels, preview->width, preview->height, split);
      return;
    }
  request_solve (preview);
  if (keep_previous && preview->previous_guard)
    sobolev_edge_guard_preview (
        &preview->previous_guard, preview->previous_lut, preview->previous_gain,
        preview->previous_max_cells, in, out, preview->channels, preview->width,
        preview->height, split);
  else
    {
      /* At gain 0 the guard changes nothing: the plain map.  */
      sobolev_edge_guard_preview (&plain, preview->lut, 0.0, preview->max_cells,
                                  in, out, preview->channels, preview->width,
                                  preview->height, split);
      g_clear_pointer (&plain, sobolev_edge_guard_free);
    }
}

guint8 *
sobolev_live_preview_picture (SobolevLivePreview *preview, gint width,
                              gint height, gboolean split,
                              gboolean keep_previous, gboolean stale,
                              gint *stride)
{
  gsize size;
  guint8 *out;

  if (!preview->source || (guint) width != preview->width
      || (guint) height != preview->height)
    return NULL;
  size = g_bytes_get_size (preview->source);
  out = g_malloc (size);
  draw_picture (preview, split, keep_previous, out);
  /* Dimmed toward grey: plainly not the result of the values shown.  */
  if (stale)
    for (gsize i = 0; i < size; i++)
      if (preview->channels == 3 || i % 4 != 3)
        out[i] = (guint8) ((out[i] + 2 * 110) / 3);
  *stride = (gint) (preview->width * preview->channels);
  return out;
}
