/* sobolev-transfer — the dialog: reference picker, parameters made from
   the table, a live preview computed on a worker thread, a strength
   slider that scrubs the kept path, and a picture of the colors.

   Every libgimp and GTK call stays on the main thread.  The layers'
   colors are read once into a recoloring; the runs over them, the
   status and the preview's picture are the controller's, which the GIMP
   3 dialog shares.  */
#include "dialog.h"

#include <string.h>
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "dialog-controller.h"
#include "dialog-widgets.h"
#include "preview-fit.h"
#include "drawable-io.h"
#include "param-widgets.h"

#define HELP_ID "plug-in-sobolev-transfer"
#define RESPONSE_RESET 1
#define CHROMA_VIEW_SIZE 200
#define PREVIEW_SIZE 480
#define ADVANCED_HEIGHT 260

typedef struct
{
  gint32 image_id;
  gint32 drawable_id;

  /* The colors, the runs, the status and the preview's picture; its
     params are what the widgets show.  */
  UiDialogController ctl;
  gint32 reference_id;  /* -1: none */
  UiReferenceKind kind; /* a layer, a GIMP palette, or a saved look */
  gchar *palette;       /* the palette's name; NULL: none chosen */
  gint palette_reads;   /* how many times a palette was read */

  GtkWidget *lut_entry;
  GtkWidget *reference_combo;
  GtkWidget *palette_combo;
  GtkWidget *look_row, *look_entry;
  GtkWidget *radios[UI_N_REFERENCE_KINDS];
  GtkWidget *advanced;            /* the transport's settings: not for a look */
  GtkWidget *reference_selection; /* use the reference's selection */
  GtkWidget *new_layer;           /* write to a new layer */
  UiParamWidgets *widgets;

} Dialog;

/* ---- clouds -------------------------------------------------------- */

/* What the reference is, as the runs are tagged with it: a layer's ID,
   or for a palette a negative number that changes whenever a palette is
   read (so a run over an earlier palette is never taken as current).  */
static gint32
dialog_reference_tag (Dialog *d)
{
  return d->kind == UI_REFERENCE_PALETTE ? -3 - d->palette_reads
                                         : d->reference_id;
}

static UiReferenceChoice
dialog_reference (gpointer data, gint *tag)
{
  Dialog *d = data;

  *tag = dialog_reference_tag (d);
  if (d->kind == UI_REFERENCE_PALETTE)
    return d->palette ? UI_REFERENCE_CHOSEN : UI_REFERENCE_NO_PALETTE;
  return d->reference_id >= 0 ? UI_REFERENCE_CHOSEN : UI_REFERENCE_NO_LAYER;
}

static const UiDialogHost dialog_host = { dialog_reference, NULL };

/* Reading a big layer takes a moment on the main thread (libgimp is not
   thread-safe): show how far it got.  Only the bar is redrawn; no event
   is handled, so nothing can run in between.  */
static void
reading_progress (gdouble fraction, gpointer data)
{
  Dialog *d = data;
  GdkWindow *window = gtk_widget_get_window (d->ctl.progress);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (d->ctl.progress),
                                 CLAMP (fraction, 0.0, 1.0));
  if (window)
    gdk_window_process_updates (window, TRUE);
}

/* Reads a layer into input of the colors; the message of what went
   wrong, or NULL.  */
static gchar *
dialog_read (Dialog *d, gint32 drawable_id, SobolevRecolorInput input)
{
  GError *error = NULL;
  gboolean use_selection = input == SOBOLEV_RECOLOR_SOURCE
                           || gtk_toggle_button_get_active (
                               GTK_TOGGLE_BUTTON (d->reference_selection));
  PlugInPixels *pixels = NULL;
  gchar *message = NULL;

  /* A large layer is first seen through GIMP's downscaled copy: the
     preview comes at once, and OK reads the layers whole (the plug-in
     then runs again on every pixel).  */
  if (plug_in_pixels_read_quick (drawable_id, input, d->ctl.colors,
                                 use_selection, &error))
    {
      d->ctl.colors_downscaled = TRUE;
      return NULL;
    }
  if (error)
    {
      message = g_strdup (error->message);
      g_error_free (error);
      return message;
    }
  pixels = plug_in_pixels_read (drawable_id, input, d->ctl.colors, FALSE,
                                use_selection, reading_progress, d, &error);

  if (!pixels)
    {
      message = g_strdup (error->message);
      g_error_free (error);
    }
  plug_in_pixels_free (pixels);
  return message;
}

static void
dialog_build_source (Dialog *d)
{
  ui_dialog_controller_set_status (&d->ctl, 0.0, _ ("Reading the layer…"));
  g_free (d->ctl.source_error);
  d->ctl.source_error = dialog_read (d, d->drawable_id, SOBOLEV_RECOLOR_SOURCE);
  ui_dialog_controller_timing (&d->ctl, "source read");
}

static void
dialog_build_reference (Dialog *d)
{
  ui_dialog_controller_forget_reference (&d->ctl);
  if (d->kind == UI_REFERENCE_PALETTE)
    {
      GError *error = NULL;

      d->palette_reads++;
      if (d->palette
          && !plug_in_palette_read (d->palette, d->ctl.colors, &error))
        {
          d->ctl.reference_error = g_strdup (error->message);
          g_error_free (error);
        }
      /* What the GUI test reads to know which palette was picked.  */
      if (d->palette && g_getenv ("SOBOLEV_UI_TRACE"))
        g_printerr ("sobolev-transfer: reference palette \"%s\"\n", d->palette);
    }
  d->ctl.read_reference = dialog_reference_tag (d);
  if (d->kind == UI_REFERENCE_LAYER && d->reference_id >= 0)
    {
      ui_dialog_controller_set_status (&d->ctl, 0.0,
                                       _ ("Reading the reference layer…"));
      d->ctl.reference_error
          = dialog_read (d, d->reference_id, SOBOLEV_RECOLOR_REFERENCE);
      ui_dialog_controller_timing (&d->ctl, "reference read");
    }
  ui_dialog_controller_show_colors (&d->ctl);
  ui_dialog_controller_timing (&d->ctl, "colors shown");
}

/* ---- controls ------------------------------------------------------ */

static void
param_changed (const SobolevParamSpec *spec, gpointer data)
{
  Dialog *d = data;

  ui_dialog_controller_param_changed (&d->ctl, spec);
}

/* How an image is named in the picker: its file's name, as its tab in
   GIMP reads, never an internal ID.  */
static gchar *
image_title (gint32 image_id)
{
  gchar *path = gimp_image_get_filename (image_id);
  gchar *title;

  if (path)
    title = g_path_get_basename (path);
  else
    title = gimp_image_get_name (image_id);
  g_free (path);
  return title;
}

/* Every layer of every open image that can be a reference: not the one
   being recolored, not a group (its layers are listed instead).  The most
   recently opened image first.  */
static void
add_reference_layers (Dialog *d, GtkWidget *combo, gint32 image_id,
                      const gchar *title, gint32 *layers, gint n_layers)
{
  for (gint j = 0; j < n_layers; j++)
    {
      if (gimp_item_is_group (layers[j]))
        {
          gint n_children;
          gint32 *children = gimp_item_get_children (layers[j], &n_children);

          add_reference_layers (d, combo, image_id, title, children,
                                n_children);
          g_free (children);
          continue;
        }
      if (layers[j] == d->drawable_id)
        continue;
      {
        gchar *name = gimp_item_get_name (layers[j]);
        /* TRANSLATORS: a reference in the picker: image, then layer.  */
        gchar *label = g_strdup_printf (_ ("%s — %s"), title, name);

        gimp_int_combo_box_append (GIMP_INT_COMBO_BOX (combo),
                                   GIMP_INT_STORE_VALUE, layers[j],
                                   GIMP_INT_STORE_LABEL, label, -1);
        g_free (label);
        g_free (name);
      }
    }
}

static GtkWidget *
reference_combo_new (Dialog *d)
{
  GtkWidget *combo = g_object_new (GIMP_TYPE_INT_COMBO_BOX, NULL);
  gint n_images;
  gint32 *images = gimp_image_list (&n_images);
  GArray *order = g_array_new (FALSE, FALSE, sizeof (gint32));

  /* Image IDs grow as images are opened: newest first.  */
  g_array_append_vals (order, images, n_images);
  for (guint a = 0; a < order->len; a++)
    for (guint b = a + 1; b < order->len; b++)
      if (g_array_index (order, gint32, b) > g_array_index (order, gint32, a))
        {
          gint32 t = g_array_index (order, gint32, a);

          g_array_index (order, gint32, a) = g_array_index (order, gint32, b);
          g_array_index (order, gint32, b) = t;
        }
  for (guint i = 0; i < order->len; i++)
    {
      gint32 image_id = g_array_index (order, gint32, i);
      gchar *title = image_title (image_id);
      gint n_layers;
      gint32 *layers = gimp_image_get_layers (image_id, &n_layers);

      add_reference_layers (d, combo, image_id, title, layers, n_layers);
      g_free (layers);
      g_free (title);
    }
  g_array_free (order, TRUE);
  g_free (images);
  return combo;
}

static void
reference_changed (GtkWidget *combo, Dialog *d)
{
  gint id;

  if (!gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &id))
    id = -1;
  if (id == d->reference_id && id == d->ctl.read_reference)
    return;
  d->reference_id = id;
  if (d->kind != UI_REFERENCE_LAYER)
    return; /* kept for when the layer is the reference again */
  if (d->ctl.read_reference != d->reference_id)
    dialog_build_reference (d);
  if (!sobolev_live_recolor_running (d->ctl.live))
    ui_dialog_controller_start_job (&d->ctl);
}

/* GIMP's palettes, by name, in GIMP's order; the active one is name, or
   GIMP's current palette, or none.  */
static GtkWidget *
palette_combo_new (const gchar *name)
{
  GtkWidget *combo = gtk_combo_box_text_new ();
  g_autofree gchar *current = gimp_context_get_palette ();
  gint n = 0, active = -1, fallback = -1;
  gchar **names = gimp_palettes_get_list (NULL, &n);

  for (gint i = 0; i < n; i++)
    {
      gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), names[i]);
      if (name && g_strcmp0 (names[i], name) == 0)
        active = i;
      if (g_strcmp0 (names[i], current) == 0)
        fallback = i;
    }
  g_strfreev (names);
  gtk_combo_box_set_active (GTK_COMBO_BOX (combo),
                            active >= 0 ? active : fallback);
  return combo;
}

static void
palette_changed (GtkComboBox *combo, Dialog *d)
{
  gchar *name = gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (combo));

  g_free (d->palette);
  d->palette = name;
  if (d->kind != UI_REFERENCE_PALETTE)
    return;
  dialog_build_reference (d);
  ui_dialog_controller_start_job (&d->ctl);
}

/* Layer, palette or saved look: the others' pickers, and the settings
   that do not apply, are greyed out; the reference's colors are read
   again, or the look is.  Called for the button turned on and for the
   one turned off: the first call does it.  */
static void
reference_kind_toggled (GtkToggleButton *radio, Dialog *d)
{
  UiReferenceKind kind = ui_dialog_reference_kind (d->radios);

  if (kind == d->kind && d->ctl.use_look == (kind == UI_REFERENCE_LOOK))
    return;
  d->kind = kind;
  ui_dialog_reference_set_sensitive (d->reference_combo, d->reference_selection,
                                     d->palette_combo, d->look_row, kind);
  gtk_widget_set_sensitive (d->advanced, kind != UI_REFERENCE_LOOK);
  if (kind == UI_REFERENCE_LOOK)
    {
      ui_dialog_controller_use_look (
          &d->ctl, gtk_entry_get_text (GTK_ENTRY (d->look_entry)));
      return;
    }
  ui_dialog_controller_use_look (&d->ctl, NULL);
  dialog_build_reference (d);
  ui_dialog_controller_start_job (&d->ctl);
}

/* The reference's colors again, with or without its selection.  */
static void
reference_selection_toggled (GtkToggleButton *button, Dialog *d)
{
  dialog_build_reference (d);
  ui_dialog_controller_start_job (&d->ctl);
}

/* A default reference when the kept one is gone: the active layer of the
   most recently opened other image (the one a user just opened to match),
   else another layer of this one.  */
static gint32
pick_reference (Dialog *d)
{
  gint n_images;
  gint32 *images = gimp_image_list (&n_images);
  gint32 newest = -1;
  gint32 found = -1;

  for (gint i = 0; i < n_images; i++)
    if (images[i] != d->image_id && images[i] > newest)
      newest = images[i];
  g_free (images);
  if (newest >= 0)
    {
      found = gimp_image_get_active_layer (newest);
      if (found < 0 || gimp_item_is_group (found))
        {
          gint n_layers;
          gint32 *layers = gimp_image_get_layers (newest, &n_layers);

          found = n_layers > 0 && !gimp_item_is_group (layers[0]) ? layers[0]
                                                                  : -1;
          g_free (layers);
        }
    }
  if (found < 0)
    {
      gint n_layers;
      gint32 *layers = gimp_image_get_layers (d->image_id, &n_layers);

      for (gint j = 0; j < n_layers && found < 0; j++)
        if (layers[j] != d->drawable_id && !gimp_item_is_group (layers[j]))
          found = layers[j];
      g_free (layers);
    }
  return found;
}

/* Help: how to get a good result, then every parameter (see
   ui_dialog_help_show).  */
static void
show_help (const gchar *help_id, gpointer help_data)
{
  ui_dialog_help_show (help_data);
}

/* The preview's picture grows with the dialog, up to the pixels of the
   region it shows.  */
static void
preview_follow_room (Dialog *d)
{
  gint x, y, width, height;

  if (!gimp_drawable_mask_intersect (d->drawable_id, &x, &y, &width, &height))
    {
      width = gimp_drawable_width (d->drawable_id);
      height = gimp_drawable_height (d->drawable_id);
    }
  ui_preview_fit_follow_room (GIMP_PREVIEW (d->ctl.preview), width, height);
}

static void
dialog_build (Dialog *d, const PlugInValues *values)
{
  GtkWidget *main_hbox, *left, *right, *table, *combo, *expander, *vbox;
  GtkWidget *hbox, *scrolled, *result;

  d->ctl.dialog = gimp_dialog_new (
      _ ("Sobolev Color Transfer"), PLUG_IN_ROLE, NULL, 0, show_help, HELP_ID,
      _ ("_Reset"), RESPONSE_RESET, _ ("_Cancel"), GTK_RESPONSE_CANCEL,
      _ ("_OK"), GTK_RESPONSE_OK, NULL);
  gtk_dialog_set_alternative_button_order (GTK_DIALOG (d->ctl.dialog),
                                           RESPONSE_RESET, GTK_RESPONSE_OK,
                                           GTK_RESPONSE_CANCEL, -1);
  gtk_dialog_set_default_response (GTK_DIALOG (d->ctl.dialog), GTK_RESPONSE_OK);
  gimp_window_set_transient (GTK_WINDOW (d->ctl.dialog));

  main_hbox = gtk_hbox_new (FALSE, 12);
  gtk_container_set_border_width (GTK_CONTAINER (main_hbox), 12);
  gtk_box_pack_start (
      GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (d->ctl.dialog))),
      main_hbox, TRUE, TRUE, 0);

  /* Left: the preview, which takes the room the dialog is given, with
     the split toggle and the status under it.  */
  left = gtk_vbox_new (FALSE, 6);
  gtk_box_pack_start (GTK_BOX (main_hbox), left, TRUE, TRUE, 0);

  gtk_box_pack_start (GTK_BOX (left), ui_dialog_controller_split_new (&d->ctl),
                      FALSE, FALSE, 0);

  d->ctl.progress = gtk_progress_bar_new ();
  gtk_box_pack_start (GTK_BOX (left), d->ctl.progress, FALSE, FALSE, 0);

  /* Right: reference, result, advanced, colors.  */
  right = gtk_vbox_new (FALSE, 12);
  gtk_box_pack_start (GTK_BOX (main_hbox), right, FALSE, FALSE, 0);

  /* The reference: a layer of any open image, or one of GIMP's
     palettes.  */
  vbox = gtk_vbox_new (FALSE, 4);
  table = gtk_table_new (3, 2, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  combo = d->reference_combo = reference_combo_new (d);
  d->palette_combo
      = palette_combo_new (values->palette[0] ? values->palette : NULL);
  d->look_row
      = ui_dialog_cube_row_new (FALSE, values->look_path, &d->look_entry);
  ui_dialog_reference_radios_new (combo, d->palette_combo, d->look_row,
                                  d->radios);
  {
    GtkWidget *pickers[UI_N_REFERENCE_KINDS]
        = { combo, d->palette_combo, d->look_row };

    for (guint kind = 0; kind < UI_N_REFERENCE_KINDS; kind++)
      {
        gtk_table_attach (GTK_TABLE (table), d->radios[kind], 0, 1, kind,
                          kind + 1, GTK_FILL, GTK_FILL, 0, 0);
        gtk_table_attach (GTK_TABLE (table), pickers[kind], 1, 2, kind,
                          kind + 1, GTK_EXPAND | GTK_FILL, GTK_FILL, 0, 0);
      }
  }
  gtk_box_pack_start (GTK_BOX (vbox), table, FALSE, FALSE, 0);
  d->reference_selection = ui_dialog_check_button_new (
      _ ("_Use the reference's selection"), values->reference_selection,
      _ ("Take only the colors inside the selection of the reference's "
         "image"));
  gtk_box_pack_start (GTK_BOX (vbox), d->reference_selection, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (right),
                      ui_dialog_frame_new (_ ("Reference"), vbox), FALSE, FALSE,
                      0);

  d->widgets = ui_param_widgets_new (&d->ctl.params, param_changed, d);
  result = gtk_vbox_new (FALSE, 4);
  gtk_box_pack_start (
      GTK_BOX (result),
      ui_param_widgets_table (d->widgets, UI_PARAM_GROUP_RESULT), FALSE, FALSE,
      0);
  gtk_box_pack_start (GTK_BOX (result),
                      ui_param_widgets_table (d->widgets, UI_PARAM_GROUP_BASIC),
                      FALSE, FALSE, 0);
  d->new_layer = ui_dialog_check_button_new (
      _ ("Result on a _new layer"), values->new_layer,
      _ ("Put the recolored copy above the layer and leave the layer as it "
         "is"));
  gtk_box_pack_start (GTK_BOX (result), d->new_layer, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (right),
                      ui_dialog_frame_new (_ ("Result"), result), FALSE, FALSE,
                      0);

  expander = gtk_expander_new_with_mnemonic (_ ("_Advanced"));
  vbox = gtk_vbox_new (FALSE, 6);
  d->advanced = ui_param_widgets_table (d->widgets, UI_PARAM_GROUP_ADVANCED);
  gtk_box_pack_start (GTK_BOX (vbox), d->advanced, FALSE, FALSE, 0);
  hbox = gtk_hbox_new (FALSE, 6);
  gtk_box_pack_start (GTK_BOX (hbox), gtk_label_new (_ ("Save LUT as:")), FALSE,
                      FALSE, 0);
  gtk_box_pack_start (
      GTK_BOX (hbox),
      ui_dialog_cube_row_new (TRUE, values->lut_path, &d->lut_entry), TRUE,
      TRUE, 0);
  gimp_help_set_help_data (
      d->lut_entry,
      _ ("Also write the color map as a .cube 3-D LUT to this file when OK "
         "is pressed (leave empty for none)"),
      NULL);
  gtk_box_pack_start (GTK_BOX (vbox), hbox, FALSE, FALSE, 0);
  /* The advanced rows are many: they scroll, so the dialog still fits a
     laptop's screen when the expander is open.  */
  scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled),
                                       GTK_SHADOW_NONE);
  gtk_scrolled_window_add_with_viewport (GTK_SCROLLED_WINDOW (scrolled), vbox);
  gtk_viewport_set_shadow_type (
      GTK_VIEWPORT (gtk_bin_get_child (GTK_BIN (scrolled))), GTK_SHADOW_NONE);
  gtk_widget_set_size_request (scrolled, -1, ADVANCED_HEIGHT);
  gtk_container_add (GTK_CONTAINER (expander), scrolled);
  gtk_box_pack_start (GTK_BOX (right), expander, FALSE, FALSE, 0);

  vbox = gtk_vbox_new (FALSE, 4);
  d->ctl.chroma = ui_dialog_colors_view_new (CHROMA_VIEW_SIZE);
  hbox = gtk_hbox_new (FALSE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), d->ctl.chroma, TRUE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), hbox, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), ui_dialog_colors_legend_new (), FALSE,
                      FALSE, 0);
  gtk_box_pack_end (GTK_BOX (right), ui_dialog_frame_new (_ ("Colors"), vbox),
                    FALSE, FALSE, 0);

  /* The source's colors first: connecting the reference reads its colors
     and starts the run.  */
  dialog_build_source (d);
  d->reference_id = values->reference_id;
  if (d->reference_id < 0 || d->reference_id == d->drawable_id
      || !gimp_item_is_valid (d->reference_id))
    d->reference_id = pick_reference (d);
  gimp_int_combo_box_connect (GIMP_INT_COMBO_BOX (combo), d->reference_id,
                              G_CALLBACK (reference_changed), d);
  if (!gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo),
                                      &d->reference_id))
    d->reference_id = -1;
  g_signal_connect (d->reference_selection, "toggled",
                    G_CALLBACK (reference_selection_toggled), d);
  d->palette = gtk_combo_box_text_get_active_text (
      GTK_COMBO_BOX_TEXT (d->palette_combo));
  g_signal_connect (d->palette_combo, "changed", G_CALLBACK (palette_changed),
                    d);
  d->kind = values->use_look      ? UI_REFERENCE_LOOK
            : values->use_palette ? UI_REFERENCE_PALETTE
                                  : UI_REFERENCE_LAYER;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->radios[d->kind]), TRUE);
  ui_dialog_reference_set_sensitive (d->reference_combo, d->reference_selection,
                                     d->palette_combo, d->look_row, d->kind);
  gtk_widget_set_sensitive (d->advanced, d->kind != UI_REFERENCE_LOOK);
  for (guint kind = 0; kind < UI_N_REFERENCE_KINDS; kind++)
    g_signal_connect (d->radios[kind], "toggled",
                      G_CALLBACK (reference_kind_toggled), d);
  g_signal_connect (d->look_entry, "changed",
                    G_CALLBACK (ui_dialog_controller_look_path_changed),
                    &d->ctl);
  if (d->kind == UI_REFERENCE_LOOK)
    ui_dialog_controller_use_look (
        &d->ctl, gtk_entry_get_text (GTK_ENTRY (d->look_entry)));
  else
    {
      if (d->ctl.read_reference != dialog_reference_tag (d))
        dialog_build_reference (d);
      if (!sobolev_live_recolor_running (d->ctl.live))
        ui_dialog_controller_start_job (&d->ctl);
    }

  /* The preview last: making it takes a while (libgimp asks GIMP for the
     layer's bounds and settings), and the first run computes meanwhile.
     Until it exists, nothing is drawn.  GimpPreview takes its first size
     from a style property: larger than the usual 200 pixels, since
     judging colors needs room.  */
  gtk_rc_parse_string ("style \"sobolev-preview-style\"\n"
                       "{\n"
                       "  GimpPreview::size = " G_STRINGIFY (
                           PREVIEW_SIZE) "\n"
                                         "}\n"
                                         "widget \"*.sobolev-preview\" "
                                         "style \"sobolev-preview-style\"\n");
  d->ctl.preview = gimp_zoom_preview_new_from_drawable_id (d->drawable_id);
  gtk_widget_set_name (d->ctl.preview, "sobolev-preview");
  preview_follow_room (d);
  ui_preview_fit_pack (GIMP_PREVIEW (d->ctl.preview), left);
  g_signal_connect_swapped (d->ctl.preview, "invalidated",
                            G_CALLBACK (ui_dialog_controller_read_preview),
                            &d->ctl);

  gtk_widget_show_all (d->ctl.dialog);
  ui_param_widgets_update_visibility (d->widgets);
  ui_dialog_controller_timing (&d->ctl, "window built");
  /* Its pixels now, not after GimpPreview's own delay: the source shows
     (dimmed) with the window, and the first result as soon as it is
     in.  */
  ui_dialog_controller_read_preview (&d->ctl);
}

static void
dialog_reset (Dialog *d)
{
  SobolevParams old = d->ctl.params;

  sobolev_params_init (&d->ctl.params);
  ui_param_widgets_sync (d->widgets);
  if (!sobolev_params_same_descent (&old, &d->ctl.params))
    ui_dialog_controller_start_job (&d->ctl);
  else
    ui_dialog_controller_update_result (&d->ctl);
}

gboolean
plug_in_dialog_run (gint32 image_id, gint32 drawable_id, PlugInValues *values,
                    SobolevRecolor **computed)
{
  Dialog d = { 0 };
  gboolean ok = FALSE;
  /* With SOBOLEV_TIMING set, the stages of the first preview are timed
     from here (what tests/bench/bench-dialog.py prints beside its
     figure).  */
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (values != NULL && computed != NULL, FALSE);
  *computed = NULL;

  sobolev_i18n_init ();
  gimp_ui_init (PLUG_IN_BINARY, TRUE);

  d.image_id = image_id;
  d.drawable_id = drawable_id;
  d.reference_id = -1;
  ui_dialog_controller_init (&d.ctl, &dialog_host, &d, &values->params);
  d.ctl.coarse_first = TRUE;
  d.ctl.timing_since = started;

  dialog_build (&d, values);

  for (;;)
    {
      gint response = gimp_dialog_run (GIMP_DIALOG (d.ctl.dialog));

      if (response == RESPONSE_RESET)
        {
          dialog_reset (&d);
          continue;
        }
      if (response != GTK_RESPONSE_OK)
        break;

      if (ui_dialog_controller_ok_waits (&d.ctl))
        continue;
      ok = TRUE;
      break;
    }

  if (ok)
    {
      values->params = d.ctl.params;
      values->reference_id = d.reference_id;
      values->use_palette = d.kind == UI_REFERENCE_PALETTE && d.palette;
      values->use_look = d.kind == UI_REFERENCE_LOOK;
      g_strlcpy (values->look_path,
                 gtk_entry_get_text (GTK_ENTRY (d.look_entry)),
                 sizeof values->look_path);
      g_strlcpy (values->palette, d.palette ? d.palette : "",
                 sizeof values->palette);
      g_strlcpy (values->lut_path, gtk_entry_get_text (GTK_ENTRY (d.lut_entry)),
                 sizeof values->lut_path);
      values->reference_selection = gtk_toggle_button_get_active (
          GTK_TOGGLE_BUTTON (d.reference_selection));
      values->new_layer
          = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d.new_layer));
      *computed = ui_dialog_controller_take_result (&d.ctl);
    }

  ui_dialog_controller_clear (&d.ctl);
  gtk_widget_destroy (d.ctl.dialog);
  ui_param_widgets_free (d.widgets);
  g_free (d.palette);
  return ok;
}
