/* sobolev-transfer — what both dialogs do behind their widgets: see
   dialog-controller.h.

   Each run is a new recoloring over the colors the host read once, on
   the core's worker thread, which the main thread polls with a
   timeout.  */
#include "dialog-controller.h"

#include <string.h>
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "chroma-view.h"
#include "dialog-widgets.h"

/* A parameter change restarts the descent after this quiet time, so a
   slider being dragged does not start a run per pixel moved.  */
#define RESTART_DELAY_MS 350
#define POLL_INTERVAL_MS 80
/* The first preview's edge guard: a coarser grid than the final
   result's, solved in a fraction of the time; the full run's preview
   has the final grid.  */
#define COARSE_GUARD_CELLS 24000

static void controller_start_refining (UiDialogController *c);

void
ui_dialog_controller_timing (UiDialogController *c, const gchar *stage)
{
  if (c->timing_since && g_getenv ("SOBOLEV_TIMING"))
    g_printerr ("sobolev-transfer: dialog %s at %.3f s\n", stage,
                (g_get_monotonic_time () - c->timing_since) / 1e6);
}

static UiReferenceChoice
controller_reference (UiDialogController *c, gint *tag)
{
  gint ignored;

  return c->host->reference (c->host_data, tag ? tag : &ignored);
}

static gint
controller_reference_tag (UiDialogController *c)
{
  gint tag;

  controller_reference (c, &tag);
  return tag;
}

static gboolean
controller_has_reference (UiDialogController *c)
{
  return controller_reference (c, NULL) == UI_REFERENCE_CHOSEN;
}

SobolevRecolor *
ui_dialog_controller_take_result (UiDialogController *c)
{
  gint reference;
  SobolevRecolor *result = sobolev_live_recolor_result (c->live, &reference);

  if (result && !c->use_look && !c->colors_downscaled
      && !sobolev_live_recolor_running (c->live) && !c->restart_id
      && reference == controller_reference_tag (c)
      && sobolev_params_same_descent (sobolev_recolor_params (result),
                                      &c->params))
    return sobolev_live_recolor_take_result (c->live);
  return NULL;
}

/* ---- status -------------------------------------------------------- */

void
ui_dialog_controller_set_status (UiDialogController *c, gdouble fraction,
                                 const gchar *text)
{
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (c->progress),
                                 CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (c->progress), text);
}

static void
show_progress (UiDialogController *c, gdouble fraction)
{
  gint percent = (gint) (fraction * 100.0 + 0.5);
  gchar *text
      = c->refining
            /* TRANSLATORS: the preview shows a quick, coarse result of
               the values while the full one is computed.  */
            ? g_strdup_printf (_ ("Refining the preview… %d %%"), percent)
            /* TRANSLATORS: while the new result is computed; the
               preview is dimmed meanwhile.  */
            : g_strdup_printf (_ ("Updating the preview… %d %%"), percent);

  ui_dialog_controller_set_status (c, fraction, text);
  g_free (text);
}

static void
show_idle_status (UiDialogController *c)
{
  SobolevRecolor *result = sobolev_live_recolor_result (c->live, NULL);
  UiReferenceChoice reference = controller_reference (c, NULL);

  if (c->source_error)
    ui_dialog_controller_set_status (c, 0.0, c->source_error);
  else if (c->use_look)
    ui_dialog_controller_set_status (
        c, c->look ? 1.0 : 0.0,
        c->look_error ? c->look_error
        : c->look     ? _ ("Preview up to date")
                      : _ ("Choose the .cube file of a saved look"));
  else if (reference == UI_REFERENCE_NO_PALETTE)
    ui_dialog_controller_set_status (c, 0.0, _ ("Choose a palette"));
  else if (reference == UI_REFERENCE_NO_LAYER)
    ui_dialog_controller_set_status (c, 0.0, _ ("Choose a reference layer"));
  else if (c->reference_error)
    ui_dialog_controller_set_status (c, 0.0, c->reference_error);
  else if (c->job_error)
    ui_dialog_controller_set_status (c, 0.0, c->job_error);
  else if (result)
    ui_dialog_controller_set_status (c, 1.0, _ ("Preview up to date"));
  else
    ui_dialog_controller_set_status (c, 0.0, "");
}

/* ---- preview ------------------------------------------------------- */

/* A new result is on its way (a restart waits, a run computes, or the
   edge guard of the map is solved): the preview is redrawn dimmed until
   it arrives, never shown as the new one.  TRUE when the marking
   changed; the caller redraws.  */
static gboolean
mark_stale (UiDialogController *c)
{
  return sobolev_live_preview_mark (
      c->picture,
      c->restart_id || (sobolev_live_recolor_running (c->live) && !c->refining),
      c->refined_solving, &c->preview_stale);
}

static void
check_stale (UiDialogController *c)
{
  if (mark_stale (c))
    ui_dialog_controller_render_preview (c);
}

void
ui_dialog_controller_render_preview (UiDialogController *c)
{
  GimpPreview *preview;
  gint stride, width, height;
  guchar *out;

  /* Nothing is drawn until the preview is made.  */
  if (!c->preview || !gimp_preview_get_update (GIMP_PREVIEW (c->preview)))
    return;
  preview = GIMP_PREVIEW (c->preview);
  /* GIMP draws the picture at the preview's size: after a resize, only
     once its pixels at that size are read.  */
  gimp_preview_get_size (preview, &width, &height);
  out = sobolev_live_preview_picture (
      c->picture, width, height,
      gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (c->split)),
      c->refined_solving, c->preview_stale, &stride);
  if (!out)
    return;
  gimp_preview_draw_buffer (preview, out, stride);
  g_free (out);
  ui_dialog_controller_timing (
      c, c->lut ? (c->preview_stale ? "drawn dimmed" : "drawn")
                : "drawn without a result");
  if (!c->lut || c->preview_stale)
    return;
  /* What tests/bench/bench-dialog.py times: the first result a user sees.  */
  if (!c->first_preview_shown)
    {
      c->first_preview_shown = TRUE;
      if (c->timing_since && g_getenv ("SOBOLEV_TIMING"))
        g_printerr ("sobolev-transfer: first preview drawn\n");
      /* What the GUI tests read: every Alt+letter of the window does one
         thing, GIMP's own buttons included.  */
      if (g_getenv ("SOBOLEV_UI_TRACE"))
        ui_dialog_trace_mnemonics (c->dialog);
    }
  /* What the GUI tests read: the picture's size follows the dialog's.  */
  if (g_getenv ("SOBOLEV_UI_TRACE"))
    {
      gint width, height;

      gimp_preview_get_size (preview, &width, &height);
      g_printerr ("sobolev-transfer: preview picture %d %d\n", width, height);
    }
  if (c->host->result_drawn)
    c->host->result_drawn (c->host_data);
}

void
ui_dialog_controller_read_preview (UiDialogController *c)
{
  GimpPreview *preview = GIMP_PREVIEW (c->preview);
  gdouble factor = gimp_zoom_preview_get_factor (GIMP_ZOOM_PREVIEW (preview));
  gint width, height, channels, view[4];
  guchar *pixels;

  /* The same view as the pixels read last: the same pixels (GimpPreview
     asks again once it is shown, and reading a large layer's view from
     GIMP takes a good fraction of a second).  */
  gimp_preview_get_position (preview, &view[0], &view[1]);
  gimp_preview_get_size (preview, &view[2], &view[3]);
  if (c->preview_factor == factor
      && memcmp (view, c->preview_view, sizeof view) == 0)
    {
      ui_dialog_controller_timing (c, "preview source kept");
      ui_dialog_controller_render_preview (c);
      return;
    }
  c->preview_factor = factor;
  memcpy (c->preview_view, view, sizeof view);
  pixels = gimp_zoom_preview_get_source (GIMP_ZOOM_PREVIEW (preview), &width,
                                         &height, &channels);
  ui_dialog_controller_timing (c, "preview source read");
  /* The same pixels as before keep the guard's solve.  */
  sobolev_live_preview_set_source (c->picture, pixels, width, height, channels);
  g_free (pixels);
  mark_stale (c);
  ui_dialog_controller_render_preview (c);
}

/* The guard of the map shown is solved: the picture is final.  */
static void
preview_guard_ready (gpointer data)
{
  UiDialogController *c = data;

  ui_dialog_controller_timing (c, "guard solved");
  c->refined_solving = FALSE;
  mark_stale (c);
  ui_dialog_controller_render_preview (c);
  if (c->refine_after_guard)
    {
      controller_start_refining (c);
      show_progress (c, 0.0);
    }
}

static void
split_toggled (GtkToggleButton *button, UiDialogController *c)
{
  ui_dialog_controller_render_preview (c);
}

GtkWidget *
ui_dialog_controller_split_new (UiDialogController *c)
{
  c->split = ui_dialog_check_button_new (
      _ ("Split _view: before | after"), FALSE,
      _ ("Show the original colors on the left half of the preview"));
  g_signal_connect (c->split, "toggled", G_CALLBACK (split_toggled), c);
  return c->split;
}

/* ---- result -------------------------------------------------------- */

/* The map at the current strength and lightness, and what shows it;
   refined: the result is the full run after the coarse one shown.  */
static void
show_result (UiDialogController *c, gboolean refined)
{
  SobolevRecolor *result = sobolev_live_recolor_result (c->live, NULL);

  g_clear_pointer (&c->lut, sobolev_lut_free);
  if (c->use_look && c->look)
    c->lut = sobolev_lut_look_at (c->look, c->params.strength,
                                  c->params.preserve_lightness);
  else if (!c->use_look && result)
    {
      c->lut
          = sobolev_recolor_lut_at (result, c->params.strength,
                                    sobolev_params_lightness_kept (&c->params));
      ui_dialog_controller_timing (c, "map taken");
    }
  /* The colors now: the source's through the map, lightness kept and
     all, as the picture shows them before the edge guard.  */
  {
    g_autoptr (SobolevCloud) source = NULL;
    g_autoptr (SobolevCloud) current = NULL;

    if (c->lut && !c->source_error)
      source = sobolev_recolor_colors (c->colors, SOBOLEV_RECOLOR_SOURCE,
                                       &c->params);
    if (source)
      current = sobolev_lut_map_cloud (c->lut, source);
    ui_chroma_view_set_current (c->chroma, current);
  }
  sobolev_live_preview_set_map (
      c->picture, c->lut, sobolev_guard_gain (c->params.fidelity, c->use_look),
      c->result_coarse ? COARSE_GUARD_CELLS : 0);
  c->refined_solving = refined && sobolev_live_preview_solving (c->picture);
  if (c->lut && sobolev_live_preview_solving (c->picture))
    ui_dialog_controller_timing (c, "guard solving");
  mark_stale (c);
  ui_dialog_controller_render_preview (c);
}

void
ui_dialog_controller_update_result (UiDialogController *c)
{
  show_result (c, FALSE);
}

/* ---- colors -------------------------------------------------------- */

void
ui_dialog_controller_forget_reference (UiDialogController *c)
{
  sobolev_recolor_clear (c->colors, SOBOLEV_RECOLOR_REFERENCE);
  g_clear_pointer (&c->reference_error, g_free);
}

void
ui_dialog_controller_show_colors (UiDialogController *c)
{
  g_autoptr (SobolevCloud) source = NULL;
  g_autoptr (SobolevCloud) reference = NULL;

  if (!c->source_error)
    source = sobolev_recolor_colors (c->colors, SOBOLEV_RECOLOR_SOURCE,
                                     &c->params);
  if (!c->use_look && controller_has_reference (c) && !c->reference_error)
    reference = sobolev_recolor_colors (c->colors, SOBOLEV_RECOLOR_REFERENCE,
                                        &c->params);
  ui_chroma_view_set_source (c->chroma, source);
  ui_chroma_view_set_reference (c->chroma, reference);
}

/* ---- the runs ------------------------------------------------------ */

static gboolean
controller_poll (gpointer data)
{
  UiDialogController *c = data;
  GError *error = NULL;
  gdouble fraction = 0.0;
  gboolean refined;

  switch (sobolev_live_recolor_poll (c->live, &fraction, &error))
    {
    case SOBOLEV_LIVE_RUNNING:
      show_progress (c, fraction);
      break;
    case SOBOLEV_LIVE_FINISHED:
    case SOBOLEV_LIVE_FAILED:
      ui_dialog_controller_timing (c, "run finished");
      if (error)
        c->job_error = g_strdup (error->message);
      g_clear_error (&error);
      refined = c->refining && !c->job_error;
      c->result_coarse = c->coarse_running && !c->job_error;
      c->coarse_running = c->refining = FALSE;
      /* The coarse result is for the values shown: it is up to date.
         The full run starts once its guard is solved (the solve and the
         run would share the processors).  */
      show_result (c, refined);
      if (c->result_coarse)
        {
          if (sobolev_live_preview_solving (c->picture))
            c->refine_after_guard = TRUE;
          else
            controller_start_refining (c);
        }
      if (c->refining)
        show_progress (c, 0.0);
      else
        show_idle_status (c);
      if (c->apply_pending && !sobolev_live_recolor_running (c->live))
        gtk_dialog_response (GTK_DIALOG (c->dialog), GTK_RESPONSE_OK);
      break;
    case SOBOLEV_LIVE_IDLE:
      break;
    }
  if (sobolev_live_recolor_busy (c->live))
    return G_SOURCE_CONTINUE;
  c->poll_id = 0;
  return G_SOURCE_REMOVE;
}

/* After the coarse run: the full run of the same values.  */
static void
controller_start_refining (UiDialogController *c)
{
  GError *error = NULL;

  c->refine_after_guard = FALSE;
  if (sobolev_live_recolor_restart (c->live, c->colors, &c->params,
                                    controller_reference_tag (c), &error))
    {
      c->refining = TRUE;
      ui_dialog_controller_timing (c, "full run started");
      if (!c->poll_id)
        c->poll_id = g_timeout_add (POLL_INTERVAL_MS, controller_poll, c);
    }
  else
    {
      c->job_error = g_strdup (error->message);
      g_error_free (error);
    }
}

void
ui_dialog_controller_start_job (UiDialogController *c)
{
  GError *error = NULL;
  gboolean started = FALSE;

  if (c->restart_id)
    {
      g_source_remove (c->restart_id);
      c->restart_id = 0;
    }
  sobolev_live_recolor_cancel (c->live);
  c->coarse_running = c->refining = c->refine_after_guard = FALSE;
  g_clear_pointer (&c->job_error, g_free);
  ui_dialog_controller_show_colors (c);
  if (c->use_look)
    {
      /* The look is the result: nothing to compute.  */
      c->result_coarse = c->refined_solving = FALSE;
      show_result (c, FALSE);
    }
  else if (!c->source_error && controller_has_reference (c)
           && !c->reference_error)
    {
      SobolevParams run = c->params;

      /* Until a first result is in, a coarse run gives one quickly
         (unless OK waits for this run: then only the full one counts). */
      if (c->coarse_first && !sobolev_live_recolor_result (c->live, NULL)
          && !c->apply_pending)
        {
          sobolev_recolor_coarse_params (&c->params, &run);
          c->coarse_running = TRUE;
        }
      started = sobolev_live_recolor_restart (
          c->live, c->colors, &run, controller_reference_tag (c), &error);
      if (!started)
        {
          c->coarse_running = FALSE;
          c->job_error = g_strdup (error->message);
          g_error_free (error);
        }
    }
  if (started)
    {
      ui_dialog_controller_timing (c, "run started");
      show_progress (c, 0.0);
    }
  else
    show_idle_status (c);
  check_stale (c);
  if (sobolev_live_recolor_busy (c->live) && !c->poll_id)
    c->poll_id = g_timeout_add (POLL_INTERVAL_MS, controller_poll, c);
}

static gboolean
restart_timeout (gpointer data)
{
  UiDialogController *c = data;

  c->restart_id = 0;
  ui_dialog_controller_start_job (c);
  return G_SOURCE_REMOVE;
}

void
ui_dialog_controller_param_changed (UiDialogController *c,
                                    const SobolevParamSpec *spec)
{
  if ((spec->flags & SOBOLEV_PARAM_APPLY_ONLY) || c->use_look)
    {
      ui_dialog_controller_update_result (c); /* instant: the path is kept */
      return;
    }
  ui_dialog_controller_set_status (c, 0.0,
                                   _ ("Waiting for the changes to settle…"));
  if (c->restart_id)
    g_source_remove (c->restart_id);
  c->restart_id = g_timeout_add (RESTART_DELAY_MS, restart_timeout, c);
  check_stale (c);
}

gboolean
ui_dialog_controller_ok_waits (UiDialogController *c)
{
  if (c->colors_downscaled || c->use_look)
    return FALSE;
  if (c->restart_id)
    ui_dialog_controller_start_job (c);
  if (c->refine_after_guard)
    controller_start_refining (c);
  if (!sobolev_live_recolor_running (c->live))
    return FALSE;
  /* Apply as soon as the run (for these values) ends.  */
  c->apply_pending = TRUE;
  gtk_dialog_set_response_sensitive (GTK_DIALOG (c->dialog), GTK_RESPONSE_OK,
                                     FALSE);
  return TRUE;
}

void
ui_dialog_controller_use_look (UiDialogController *c, const gchar *path)
{
  GError *error = NULL;

  g_clear_pointer (&c->look, sobolev_lut_free);
  g_clear_pointer (&c->look_error, g_free);
  c->use_look = path != NULL;
  if (path && path[0])
    {
      c->look = sobolev_lut_load_cube (path, &error);
      if (!c->look)
        {
          c->look_error = g_strdup (error->message);
          g_error_free (error);
        }
      /* What the GUI tests read to know the look was read.  */
      if (g_getenv ("SOBOLEV_UI_TRACE"))
        g_printerr ("sobolev-transfer: saved look \"%s\" %s\n", path,
                    c->look ? "read" : "not read");
    }
  if (c->use_look)
    ui_dialog_controller_start_job (c);
}

void
ui_dialog_controller_look_path_changed (GtkEntry *entry, UiDialogController *c)
{
  if (c->use_look)
    ui_dialog_controller_use_look (c, gtk_entry_get_text (entry));
}

/* ---- life ---------------------------------------------------------- */

void
ui_dialog_controller_init (UiDialogController *c, const UiDialogHost *host,
                           gpointer host_data, const SobolevParams *params)
{
  memset (c, 0, sizeof *c);
  c->host = host;
  c->host_data = host_data;
  c->params = *params;
  c->read_reference = -2;
  c->live = sobolev_live_recolor_new ();
  c->picture = sobolev_live_preview_new (preview_guard_ready, c);
  c->colors = sobolev_recolor_new (&c->params, NULL);
  if (!c->colors)
    {
      /* Stored values this build cannot use: start from the defaults.  */
      sobolev_params_init (&c->params);
      c->colors = sobolev_recolor_new (&c->params, NULL);
    }
}

void
ui_dialog_controller_clear (UiDialogController *c)
{
  /* Stop the worker before anything it might report to goes away.  */
  if (c->restart_id)
    g_source_remove (c->restart_id);
  if (c->poll_id)
    g_source_remove (c->poll_id);
  c->restart_id = c->poll_id = 0;
  g_clear_pointer (&c->live, sobolev_live_recolor_free);
  g_clear_pointer (&c->picture, sobolev_live_preview_free);

  g_clear_pointer (&c->lut, sobolev_lut_free);
  g_clear_pointer (&c->look, sobolev_lut_free);
  g_clear_pointer (&c->look_error, g_free);
  g_clear_pointer (&c->colors, sobolev_recolor_free);
  g_clear_pointer (&c->source_error, g_free);
  g_clear_pointer (&c->reference_error, g_free);
  g_clear_pointer (&c->job_error, g_free);
}
