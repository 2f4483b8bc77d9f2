/* sobolev-transfer — the dialogs' preview picture, its edge guard solved
   on a worker thread.

   One worker thread takes the newest request: a request made while a
   solve runs replaces the one waiting, and a solve whose map is no
   longer the current one when it ends is dropped (a solve cannot be
   interrupted).  The worker sees only its own copies of the pixels and
   the map, and hands the solved guard to the main thread through an
   idle source.  */
#include "preview-render.h"

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

struct _UiPreviewRender
{
  UiPreviewReadyFunc ready;
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
  UiPreviewRender *render = data;
  SobolevEdgeGuard *guard;
  guint generation;
  gdouble seconds;
  gboolean off_main;

  g_mutex_lock (&render->lock);
  guard = render->solved;
  generation = render->solved_generation;
  seconds = render->solved_seconds;
  off_main = render->solved_off_main;
  render->solved = NULL;
  render->idle_id = 0;
  g_mutex_unlock (&render->lock);

  if (!guard)
    return G_SOURCE_REMOVE;
  if (generation != render->generation || render->guard)
    {
      sobolev_edge_guard_free (guard); /* for a map no longer shown */
      return G_SOURCE_REMOVE;
    }
  render->guard = guard;
  /* What the GUI tests read: where the solve ran.  */
  if (g_getenv ("SOBOLEV_UI_TRACE"))
    g_printerr ("sobolev-transfer: edge guard solved on %s thread in "
                "%.2f s\n",
                off_main ? "a worker" : "the main", seconds);
  render->ready (render->user_data);
  return G_SOURCE_REMOVE;
}

static gpointer
solve_thread (gpointer data)
{
  UiPreviewRender *render = data;

  g_mutex_lock (&render->lock);
  while (!render->quit)
    {
      SolveRequest *request = render->pending;
      SobolevEdgeGuard *guard;
      gint64 start;
      gdouble seconds;

      if (!request)
        {
          g_cond_wait (&render->wake, &render->lock);
          continue;
        }
      render->pending = NULL;
      g_mutex_unlock (&render->lock);

      start = g_get_monotonic_time ();
      guard = solve_guard (request);
      seconds = (g_get_monotonic_time () - start) / 1e6;

      g_mutex_lock (&render->lock);
      if (render->pending || render->quit)
        sobolev_edge_guard_free (guard); /* a newer request wins */
      else
        {
          g_clear_pointer (&render->solved, sobolev_edge_guard_free);
          render->solved = guard;
          render->solved_generation = request->generation;
          render->solved_seconds = seconds;
          render->solved_off_main = g_thread_self () != render->main_thread;
          if (!render->idle_id)
            render->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT,
                                               deliver_solved, render, NULL);
        }
      solve_request_free (request);
    }
  g_mutex_unlock (&render->lock);
  return NULL;
}

UiPreviewRender *
ui_preview_render_new (UiPreviewReadyFunc ready, gpointer user_data)
{
  UiPreviewRender *render = g_new0 (UiPreviewRender, 1);

  render->ready = ready;
  render->user_data = user_data;
  render->main_thread = g_thread_self ();
  render->marking = "up to date";
  g_mutex_init (&render->lock);
  g_cond_init (&render->wake);
  return render;
}

void
ui_preview_render_free (UiPreviewRender *render)
{
  if (!render)
    return;
  g_mutex_lock (&render->lock);
  render->quit = TRUE;
  g_clear_pointer (&render->pending, solve_request_free);
  g_cond_signal (&render->wake);
  g_mutex_unlock (&render->lock);
  /* The worker uses only its request, but reports to render.  */
  if (render->thread)
    g_thread_join (render->thread);
  if (render->idle_id)
    g_source_remove (render->idle_id);
  g_clear_pointer (&render->solved, sobolev_edge_guard_free);
  g_clear_pointer (&render->guard, sobolev_edge_guard_free);
  g_clear_pointer (&render->previous_guard, sobolev_edge_guard_free);
  g_clear_pointer (&render->lut, sobolev_lut_free);
  g_clear_pointer (&render->previous_lut, sobolev_lut_free);
  g_clear_pointer (&render->source, g_bytes_unref);
  g_mutex_clear (&render->lock);
  g_cond_clear (&render->wake);
  g_free (render);
}

static gboolean
needs_solve (UiPreviewRender *render)
{
  return render->source && render->lut && render->gain > 0.0;
}

/* Asks the worker for the current generation's solve, unless it was.  */
static void
request_solve (UiPreviewRender *render)
{
  SolveRequest *request;

  if (!needs_solve (render) || render->guard
      || render->requested == render->generation)
    return;
  request = g_new0 (SolveRequest, 1);
  request->generation = render->generation;
  request->source = g_bytes_ref (render->source);
  request->width = render->width;
  request->height = render->height;
  request->channels = render->channels;
  request->lut = sobolev_lut_copy (render->lut);
  request->gain = render->gain;
  request->max_cells = render->max_cells;
  render->requested = render->generation;

  g_mutex_lock (&render->lock);
  g_clear_pointer (&render->pending, solve_request_free);
  render->pending = request;
  if (!render->thread)
    render->thread
        = g_thread_new ("sobolev-preview-guard", solve_thread, render);
  g_cond_signal (&render->wake);
  g_mutex_unlock (&render->lock);
}

gboolean
ui_preview_render_set_source (UiPreviewRender *render, const guint8 *pixels,
                              gint width, gint height, gint channels)
{
  gsize size = (gsize) MAX (width, 0) * MAX (height, 0) * MAX (channels, 0);

  if (!pixels || (channels != 3 && channels != 4) || size == 0)
    {
      g_clear_pointer (&render->source, g_bytes_unref);
      return FALSE;
    }
  if (render->source && (guint) width == render->width
      && (guint) height == render->height
      && (guint) channels == render->channels
      && g_bytes_get_size (render->source) == size
      && memcmp (g_bytes_get_data (render->source, NULL), pixels, size) == 0)
    return TRUE; /* the solve still holds */
  g_clear_pointer (&render->source, g_bytes_unref);
  render->source = g_bytes_new (pixels, size);
  render->width = width;
  render->height = height;
  render->channels = channels;
  render->generation++;
  g_clear_pointer (&render->guard, sobolev_edge_guard_free);
  g_clear_pointer (&render->previous_guard, sobolev_edge_guard_free);
  g_clear_pointer (&render->previous_lut, sobolev_lut_free);
  request_solve (render);
  return TRUE;
}

void
ui_preview_render_set_map (UiPreviewRender *render, const SobolevLut *lut,
                           gdouble gain, gsize max_cells)
{
  /* A solved map stays at hand while the next one's guard is solved.  */
  if (render->guard && render->lut && render->gain > 0.0)
    {
      g_clear_pointer (&render->previous_guard, sobolev_edge_guard_free);
      g_clear_pointer (&render->previous_lut, sobolev_lut_free);
      render->previous_guard = g_steal_pointer (&render->guard);
      render->previous_lut = g_steal_pointer (&render->lut);
      render->previous_gain = render->gain;
      render->previous_max_cells = render->max_cells;
    }
  g_clear_pointer (&render->guard, sobolev_edge_guard_free);
  g_clear_pointer (&render->lut, sobolev_lut_free);
  render->lut = lut ? sobolev_lut_copy (lut) : NULL;
  render->gain = gain;
  render->max_cells = max_cells;
  render->generation++;
  request_solve (render);
}

gboolean
ui_preview_render_solving (UiPreviewRender *render)
{
  return needs_solve (render) && !render->guard;
}

gboolean
ui_preview_render_mark (UiPreviewRender *render, gboolean run_awaited,
                        gboolean keep_previous, gboolean *stale)
{
  gboolean guard
      = !run_awaited && !keep_previous && ui_preview_render_solving (render);
  const gchar *marking = run_awaited ? "out of date"
                         : guard     ? "waits for the edge guard"
                                     : "up to date";
  gboolean was = *stale;

  if (g_strcmp0 (marking, render->marking) != 0
      && g_getenv ("SOBOLEV_UI_TRACE"))
    g_printerr ("sobolev-transfer: preview %s\n", marking);
  render->marking = marking;
  *stale = run_awaited || guard;
  return *stale != was;
}

/* Draws into out: see ui_preview_render_picture.  */
static void
draw_picture (UiPreviewRender *render, gboolean split, gboolean keep_previous,
              guint8 *out)
{
  const guint8 *in = g_bytes_get_data (render->source, NULL);
  SobolevEdgeGuard *plain = NULL;

  if (!ui_preview_render_solving (render))
    {
      sobolev_edge_guard_preview (&render->guard, render->lut, render->gain,
                                  render->max_cells, in, out, render->channels,
                                  render->width, render->height, split);
      return;
    }
  request_solve (render);
  if (keep_previous && render->previous_guard)
    sobolev_edge_guard_preview (
        &render->previous_guard, render->previous_lut, render->previous_gain,
        render->previous_max_cells, in, out, render->channels, render->width,
        render->height, split);
  else
    {
      /* At gain 0 the guard changes nothing: the plain map.  */
      sobolev_edge_guard_preview (&plain, render->lut, 0.0, render->max_cells,
                                  in, out, render->channels, render->width,
                                  render->height, split);
      g_clear_pointer (&plain, sobolev_edge_guard_free);
    }
}

guint8 *
ui_preview_render_picture (UiPreviewRender *render, gint width, gint height,
                           gboolean split, gboolean keep_previous,
                           gboolean stale, gint *stride)
{
  gsize size;
  guint8 *out;

  if (!render->source || (guint) width != render->width
      || (guint) height != render->height)
    return NULL;
  size = g_bytes_get_size (render->source);
  out = g_malloc (size);
  draw_picture (render, split, keep_previous, out);
  /* Dimmed toward grey: plainly not the result of the values shown.  */
  if (stale)
    for (gsize i = 0; i < size; i++)
      if (render->channels == 3 || i % 4 != 3)
        out[i] = (guint8) ((out[i] + 2 * 110) / 3);
  *stride = (gint) (render->width * render->channels);
  return out;
}
