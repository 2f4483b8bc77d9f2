/* sobolev-transfer — what the GIMP 2.10 and GIMP 3 dialogs do alike
   behind their widgets: the layers' colors, the live runs on the core's
   worker thread (started again once a change settles, polled from the
   main thread), the status under the preview, the result at the current
   strength in the preview and the picture of the colors, and the
   preview marked while it is out of date.

   GLib, and only the GTK and libgimpui calls that GTK 2 with
   libgimpui 2.0 and GTK 3 with libgimpui 3.0 share: each dialog makes
   its own window and widgets, reads the layers and keeps its values.
   Every function is called from the main thread.  */
#ifndef UI_DIALOG_CONTROLLER_H
#define UI_DIALOG_CONTROLLER_H

#include <gtk/gtk.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* Whether the dialog has a reference to run with.  */
typedef enum
{
  UI_REFERENCE_CHOSEN,
  UI_REFERENCE_NO_LAYER,  /* a layer is wanted and none is chosen */
  UI_REFERENCE_NO_PALETTE /* a palette is wanted and none is chosen */
} UiReferenceChoice;

/* What the controller asks of the dialog around it.  */
typedef struct
{
  /* Whether a reference is chosen, and in *tag what the runs over its
     colors are tagged with: a result is current only for the tag of the
     reference chosen now.  */
  UiReferenceChoice (*reference) (gpointer host, gint *tag);
  /* Optional: the preview now shows the result of the values.  */
  void (*result_drawn) (gpointer host);
} UiDialogHost;

typedef struct
{
  const UiDialogHost *host;
  gpointer host_data;

  SobolevParams params; /* what the widgets show */

  /* The host's widgets: the GtkDialog, the GimpZoomPreview (NULL until
     it is made: nothing is drawn), the status bar and the picture of
     the colors; split comes from ui_dialog_controller_split_new.  */
  GtkWidget *dialog;
  GtkWidget *preview;
  GtkWidget *split;
  GtkWidget *progress;
  GtkWidget *chroma;

  /* The layers' colors, read by the host on the main thread; never run
     itself.  */
  SobolevRecolor *colors;
  gchar *source_error;    /* NULL once the source's colors are read */
  gchar *reference_error; /* NULL once the reference's are, if any */
  gint read_reference;    /* the tag of the colors read, or -2 */

  SobolevLiveRecolor *live; /* the runs, on the core's worker threads */
  gchar *job_error;         /* of the last run */
  SobolevLut *lut; /* the result at the current strength and lightness */

  guint restart_id;
  guint poll_id;
  gboolean apply_pending; /* OK pressed while a run was under way */

  /* The preview's picture, its edge guard solved on a worker thread.  */
  SobolevLivePreview *picture;
  /* The preview shows a result older than the values: drawn dimmed.  */
  gboolean preview_stale;

  /* Set by the host: the first preview comes from a coarse, quick run
     of the values; the full run follows, and replaces it without
     marking it out of date.  */
  gboolean coarse_first;
  gboolean coarse_running; /* the run under way is the coarse one */
  gboolean refining;       /* the run under way is the full one after it */
  gboolean result_coarse;  /* the result shown is the coarse one */
  /* The result shown is the full run's after the coarse one, its guard
     still solving: the coarse picture stays, as up to date, meanwhile. */
  gboolean refined_solving;
  /* The full run waits for the coarse result's guard (the solve and the
     run would share the processors).  */
  gboolean refine_after_guard;

  /* Set by the host: with SOBOLEV_TIMING in the environment, when each
     stage of the first preview ends is printed, in seconds since this
     monotonic time (0: never).  */
  gdouble preview_factor; /* the zoom of the pixels read last, or 0 */
  gint preview_view[4];   /* their position and size in the preview */

  gint64 timing_since;
  gboolean first_preview_shown;

  /* Set by the host when it read some colors from GIMP's downscaled
     copy of a large layer: OK neither waits for the dialog's run nor
     takes it, the plug-in computes the result from every pixel.  */
  gboolean colors_downscaled;

  /* The reference is a saved look (ui_dialog_controller_use_look): its
     map is shown at once, without a run.  look is NULL until a file is
     read, look_error says why it was not.  */
  gboolean use_look;
  SobolevLut *look;
  gchar *look_error;
} UiDialogController;

/* Starts controller for a dialog over params (the defaults instead when
   this build cannot use them): no colors read, no run, no widgets.  */
void ui_dialog_controller_init (UiDialogController *controller,
                                const UiDialogHost *host, gpointer host_data,
                                const SobolevParams *params);

/* Stops the runs, the timeouts and the preview's solve, and frees what
   the controller holds; before the widgets are destroyed.  */
void ui_dialog_controller_clear (UiDialogController *controller);

/* The "Split view" check button, which redraws the preview.  */
GtkWidget *ui_dialog_controller_split_new (UiDialogController *controller);

/* The status bar at fraction, reading text.  */
void ui_dialog_controller_set_status (UiDialogController *controller,
                                      gdouble fraction, const gchar *text);

/* Prints when stage ended (see timing_since).  */
void ui_dialog_controller_timing (UiDialogController *controller,
                                  const gchar *stage);

/* Drops the reference's colors and their error, before they are read
   again.  */
void ui_dialog_controller_forget_reference (UiDialogController *controller);

/* Shows the colors as the descent at the current values sees them.  */
void ui_dialog_controller_show_colors (UiDialogController *controller);

/* path non-NULL: the reference is the saved look (.cube file) there,
   read now, or none yet for ""; the run under way is cancelled, and the
   look is the result, at the current strength and lightness, until path
   is NULL again.  Then the host reads the reference's colors and starts
   a run.  */
void ui_dialog_controller_use_look (UiDialogController *controller,
                                    const gchar *path);

/* The "changed" signal of the entry holding the saved look's path: while
   a saved look is the reference, the file now named is read (a .cube
   file takes a moment at most).  */
void ui_dialog_controller_look_path_changed (GtkEntry *entry,
                                             UiDialogController *controller);

/* Cancels the run under way and starts one for the current values and
   reference, if the colors were read.  */
void ui_dialog_controller_start_job (UiDialogController *controller);

/* A parameter of spec changed in params: the result follows at once
   when the kept path allows, else a new run starts when the changes
   settle.  */
void ui_dialog_controller_param_changed (UiDialogController *controller,
                                         const SobolevParamSpec *spec);

/* Shows the finished result at the current strength and lightness.  */
void ui_dialog_controller_update_result (UiDialogController *controller);

/* The preview's pixels read from GIMP for its view (unless they are
   those of the view read last), drawn through the current result: what
   the preview's "invalidated" signal calls.  */
void ui_dialog_controller_read_preview (UiDialogController *controller);

/* Draws the preview again, if it is made and updating.  */
void ui_dialog_controller_render_preview (UiDialogController *controller);

/* OK was pressed.  TRUE when it waits for the run under way, for the
   current values: OK is greyed out, and pressed again when the run
   ends.  FALSE when it can be applied now (always, with colors read
   downscaled).  */
gboolean ui_dialog_controller_ok_waits (UiDialogController *controller);

/* The finished run, handed over to be applied, when it is the one for
   the current values and reference and was made from every pixel;
   else NULL (the plug-in then runs again).  */
SobolevRecolor *
ui_dialog_controller_take_result (UiDialogController *controller);

G_END_DECLS

#endif
