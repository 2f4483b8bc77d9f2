/* sobolev-transfer — the GIMP 3 dialog: GIMP's procedure dialog around
   the procedure's arguments, with a live preview computed on the core's
   worker thread, the result's controls (strength and lightness scrub the
   kept path at once), the other parameters under Advanced, and a picture
   of the colors.

   Every libgimp and GTK call stays on the main thread.  The layers'
   colors are read once into a recoloring; the runs over them, the
   status and the preview's picture are the controller's, which the GIMP
   2.10 dialog shares.  The values live in the procedure's config, which
   GIMP keeps as last values and presets.  */
#include "gimp3-dialog.h"

#include <libgimp/gimpui.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "dialog-controller.h"
#include "dialog-widgets.h"
#include "preview-fit.h"
#include "gimp3-args.h"
#include "gimp3-drawable.h"

#define CHROMA_VIEW_SIZE 200
#define PREVIEW_SIZE 480
#define ADVANCED_HEIGHT 260
/* The right column's least width: without it the column is as narrow as
   its longest label, and GIMP 3's sliders shrink to their knobs.  */
#define RIGHT_COLUMN_WIDTH 400

typedef struct
{
  GimpProcedureConfig *config;
  GimpImage *image;
  GimpDrawable *drawable;

  /* The colors, the runs, the status and the preview's picture; its
     params are the config's values, as the core takes them.  */
  UiDialogController ctl;
  /* The live run's key for the reference: the config's reference layer,
     or -1; for a palette, a number no layer ID reaches (palette_key).  */
  gint reference_id;
  gint palette_reads; /* palettes read so far, for their keys */
  /* A layer or a palette, as the config's reference-palette says, or a
     saved look: the config's look-file is set only on OK, as the entry
     may hold no path yet.  */
  UiReferenceKind kind;

  GtkWidget *reference_combo;
  GtkWidget *radios[UI_N_REFERENCE_KINDS];
  GtkWidget *palette_combo;
  GtkWidget *look_row, *look_entry;
  GtkWidget *reference_selection;
  GList *method_rows;   /* (name, widget) of parameters only some use */
  GList *advanced_rows; /* the transport's settings: not for a look */
  GtkWidget *left;      /* the preview's column */
} Dialog;

/* With SOBOLEV_UI_TRACE set, what the dialog does is printed for the GUI
   test to read beside its screenshots.  */
static void trace (const gchar *format, ...) G_GNUC_PRINTF (1, 2);

static void
trace (const gchar *format, ...)
{
  va_list args;
  gchar *text;

  if (!g_getenv ("SOBOLEV_UI_TRACE"))
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("sobolev-transfer: %s\n", text);
  g_free (text);
}

/* Where widget is in the dialog, for the GUI test to look at it or to
   click it.  */
static void
trace_place (Dialog *d, const gchar *what, GtkWidget *widget)
{
  GtkAllocation alloc;
  gint x = 0, y = 0;

  if (!g_getenv ("SOBOLEV_UI_TRACE") || !gtk_widget_get_realized (widget))
    return;
  gtk_widget_get_allocation (widget, &alloc);
  gtk_widget_translate_coordinates (widget, d->ctl.dialog, 0, 0, &x, &y);
  trace ("%s %d %d %d %d", what, x, y, alloc.width, alloc.height);
}

/* The entries of the result's values, once the dialog is laid out.  */
static void
trace_result_entries (GtkWidget *widget, GdkRectangle *allocation, Dialog *d)
{
  static const gchar *names[]
      = { "strength", "preserve-lightness", "fidelity" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *spin = gimp_procedure_dialog_get_widget (
          GIMP_PROCEDURE_DIALOG (d->ctl.dialog), names[i], G_TYPE_NONE);
      gchar *what = g_strdup_printf ("entry %s", names[i]);

      if (GIMP_IS_LABEL_SPIN (spin))
        trace_place (d, what,
                     gimp_label_spin_get_spin_button (GIMP_LABEL_SPIN (spin)));
      g_free (what);
    }
}

/* The preview shows the values' result: where it is and at which
   strength, for the GUI test.  */
static void
trace_result_drawn (gpointer data)
{
  Dialog *d = data;

  trace_place (d, "preview drawn",
               gimp_preview_get_area (GIMP_PREVIEW (d->ctl.preview)));
  trace ("preview strength %g", d->ctl.params.strength);
}

static UiReferenceChoice
dialog_reference (gpointer data, gint *tag)
{
  Dialog *d = data;

  *tag = d->reference_id;
  return d->reference_id >= 0 ? UI_REFERENCE_CHOSEN : UI_REFERENCE_NO_LAYER;
}

static const UiDialogHost dialog_host
    = { dialog_reference, trace_result_drawn };

/* ---- colors -------------------------------------------------------- */

/* Reads a layer into input of the colors; the message of what went
   wrong, or NULL.  The same reading as OK's, so that the run the preview
   shows is the run OK applies.  */
static gchar *
dialog_read (Dialog *d, GimpDrawable *drawable, SobolevGimp3Role role)
{
  g_autoptr (SobolevGimp3Layer) layer = NULL;
  GError *error = NULL;
  gchar *message;

  /* A large layer is first seen through GIMP's downscaled copy: the
     preview comes at once.  */
  if (sobolev_gimp3_layer_read_quick (drawable, role, d->ctl.colors, &error))
    {
      d->ctl.colors_downscaled = TRUE;
      return NULL;
    }
  if (!error)
    {
      layer = sobolev_gimp3_layer_read (drawable, role, d->ctl.colors, FALSE,
                                        NULL, NULL, &error);
      if (layer)
        return NULL;
    }
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

/* The config's reference palette, or NULL when the reference is a
   layer.  */
static gchar *
config_palette (Dialog *d)
{
  gchar *name = NULL;

  g_object_get (d->config, "reference-palette", &name, NULL);
  if (name && !name[0])
    g_clear_pointer (&name, g_free);
  return name;
}

static gint config_reference_id (Dialog *d);

/* A palette's key for the live run: above every layer ID, and new at
   each read, so that a run over an earlier palette (or an earlier state
   of it) is never taken for the current one.  */
static gint
palette_key (Dialog *d)
{
  return G_MAXINT - (++d->palette_reads % (1 << 20));
}

/* Reads palette name as the reference of the colors; the message of
   what went wrong, or NULL.  The same reading as OK's.  */
static gchar *
dialog_read_palette (Dialog *d, const gchar *name)
{
  GError *error = NULL;
  gchar *message;

  if (sobolev_gimp3_palette_read (name, d->ctl.colors, &error))
    return NULL;
  message = g_strdup (error->message);
  g_error_free (error);
  return message;
}

static void
dialog_build_reference (Dialog *d)
{
  g_autofree gchar *palette = config_palette (d);
  gboolean use_selection = FALSE;

  ui_dialog_controller_forget_reference (&d->ctl);
  if (palette)
    {
      d->reference_id = palette_key (d);
      ui_dialog_controller_set_status (&d->ctl, 0.0,
                                       _ ("Reading the palette…"));
      d->ctl.reference_error = dialog_read_palette (d, palette);
      /* What the GUI test reads to know which palette was picked.  */
      trace ("reference palette \"%s\"", palette);
    }
  else
    {
      d->reference_id = config_reference_id (d);
      g_object_get (d->config, "reference-selection", &use_selection, NULL);
    }
  d->ctl.read_reference = d->reference_id;
  if (!palette && d->reference_id >= 0)
    {
      GimpLayer *layer = gimp_layer_get_by_id (d->reference_id);

      ui_dialog_controller_set_status (&d->ctl, 0.0,
                                       _ ("Reading the reference layer…"));
      d->ctl.reference_error
          = dialog_read (d, GIMP_DRAWABLE (layer),
                         use_selection ? SOBOLEV_GIMP3_REFERENCE_SELECTED
                                       : SOBOLEV_GIMP3_REFERENCE);
    }
  ui_dialog_controller_show_colors (&d->ctl);
}

/* ---- values -------------------------------------------------------- */

/* Shows only the parameters the chosen method uses.  */
static void
update_method_rows (Dialog *d)
{
  GList *l;

  for (l = d->method_rows; l; l = l->next)
    {
      GtkWidget *widget = l->data;
      const SobolevParamSpec *spec
          = g_object_get_data (G_OBJECT (widget), "sobolev-spec");

      gtk_widget_set_visible (
          widget, sobolev_param_applies (spec, d->ctl.params.method));
    }
}

static gint
config_reference_id (Dialog *d)
{
  GimpLayer *layer = NULL;
  gint id;

  g_object_get (d->config, "reference", &layer, NULL);
  id = layer ? gimp_item_get_id (GIMP_ITEM (layer)) : -1;
  g_clear_object (&layer);
  return id;
}

static void dialog_sync_reference_kind (Dialog *d);
static void dialog_look_from_config (Dialog *d);
static void palette_changed (GtkComboBox *combo, Dialog *d);
static void reference_kind_toggled (GtkToggleButton *radio, Dialog *d);

/* A value of the config changed (a widget, Reset, a preset): the result
   follows at once when the kept path allows, else a new run starts when
   the changes settle.  */
static void
config_notify (GObject *config, GParamSpec *pspec, Dialog *d)
{
  const gchar *name = g_param_spec_get_name (pspec);
  const SobolevParamSpec *spec = sobolev_param_spec_find (name);
  SobolevParams params;
  GError *error = NULL;

  if (g_strcmp0 (name, "look-file") == 0)
    {
      dialog_look_from_config (d);
      return;
    }
  if (g_strcmp0 (name, "reference-palette") == 0
      || g_strcmp0 (name, "reference-selection") == 0)
    {
      dialog_sync_reference_kind (d);
      if (d->kind == UI_REFERENCE_LOOK)
        return; /* kept for when the look is left */
      dialog_build_reference (d);
      ui_dialog_controller_start_job (&d->ctl);
      return;
    }
  if (g_strcmp0 (name, "reference") == 0)
    {
      gint id = config_reference_id (d);

      if (d->kind != UI_REFERENCE_LAYER)
        {
          /* Kept for when the layer is the reference again.  */
          if (id >= 0)
            gimp_int_combo_box_set_active (
                GIMP_INT_COMBO_BOX (d->reference_combo), id);
          return;
        }
      if (id == d->reference_id && id == d->ctl.read_reference)
        return;
      d->reference_id = id;
      if (id >= 0)
        gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (d->reference_combo),
                                       id);
      if (d->ctl.read_reference != d->reference_id)
        dialog_build_reference (d);
      ui_dialog_controller_start_job (&d->ctl);
      return;
    }
  if (!spec)
    return; /* the LUT file: nothing to show */

  if (!sobolev_gimp3_params_from_config (GIMP_PROCEDURE_CONFIG (config),
                                         &params, &error))
    {
      ui_dialog_controller_set_status (&d->ctl, 0.0, error->message);
      g_error_free (error);
      return;
    }
  d->ctl.params = params;
  if (g_strcmp0 (name, "method") == 0)
    update_method_rows (d);
  ui_dialog_controller_param_changed (&d->ctl, spec);
}

/* The picker's name of an image: its file's, or GIMP's name for an
   image never saved.  */
static gchar *
reference_image_title (GimpImage *image)
{
  GFile *file = gimp_image_get_file (image);
  gchar *title;

  if (file)
    {
      title = g_file_get_basename (file);
      g_object_unref (file);
    }
  else
    title = gimp_image_get_name (image);
  return title;
}

/* Every layer of layers (NULL-terminated) that can be a reference: not
   the one being recolored, not a group (its layers are listed instead),
   labelled "image — layer" as GIMP 2.10's picker does, not with GIMP 3's
   item numbers.  */
static void
reference_add_layers (Dialog *d, GtkWidget *combo, const gchar *title,
                      GimpItem **layers)
{
  for (gint j = 0; layers && layers[j]; j++)
    {
      if (gimp_item_is_group (layers[j]))
        {
          GimpItem **children = gimp_item_get_children (layers[j]);

          reference_add_layers (d, combo, title, children);
          g_free (children);
          continue;
        }
      if (layers[j] == GIMP_ITEM (d->drawable))
        continue;
      {
        g_autofree gchar *name = gimp_item_get_name (layers[j]);
        /* TRANSLATORS: a reference in the picker: image, then layer.  */
        g_autofree gchar *label = g_strdup_printf (_ ("%s — %s"), title, name);

        gimp_int_combo_box_append (
            GIMP_INT_COMBO_BOX (combo), GIMP_INT_STORE_VALUE,
            gimp_item_get_id (layers[j]), GIMP_INT_STORE_LABEL, label, -1);
      }
    }
}

static gint
reference_newest_first (gconstpointer a, gconstpointer b)
{
  return gimp_image_get_id (*(GimpImage *const *) b)
         - gimp_image_get_id (*(GimpImage *const *) a);
}

/* The layers of every open image, the most recently opened image
   first (image numbers grow as images are opened).  */
static GtkWidget *
reference_combo_new (Dialog *d)
{
  GtkWidget *combo = g_object_new (GIMP_TYPE_INT_COMBO_BOX, NULL);
  GimpImage **images = gimp_get_images ();
  guint n = 0;

  while (images && images[n])
    n++;
  if (n > 1)
    qsort (images, n, sizeof (GimpImage *), reference_newest_first);
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *title = reference_image_title (images[i]);
      GimpLayer **layers = gimp_image_get_layers (images[i]);

      reference_add_layers (d, combo, title, (GimpItem **) layers);
      g_free (layers);
    }
  g_free (images);
  return combo;
}

/* The reference's widgets as the config says: Layer or Palette, the
   palette chosen, unless a saved look is; the others' pickers, and the
   settings that do not apply, greyed out.  */
static void
dialog_sync_reference_kind (Dialog *d)
{
  g_autofree gchar *palette = config_palette (d);
  GtkTreeModel *model
      = gtk_combo_box_get_model (GTK_COMBO_BOX (d->palette_combo));
  GtkTreeIter iter;
  gboolean more;
  gint i;

  if (d->kind != UI_REFERENCE_LOOK)
    d->kind = palette ? UI_REFERENCE_PALETTE : UI_REFERENCE_LAYER;
  for (gint kind = 0; kind < UI_N_REFERENCE_KINDS; kind++)
    g_signal_handlers_block_by_func (d->radios[kind], reference_kind_toggled,
                                     d);
  g_signal_handlers_block_by_func (d->palette_combo, palette_changed, d);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->radios[d->kind]), TRUE);
  for (i = 0, more = gtk_tree_model_get_iter_first (model, &iter);
       palette && more; i++, more = gtk_tree_model_iter_next (model, &iter))
    {
      gchar *text = NULL;

      gtk_tree_model_get (model, &iter, 0, &text, -1);
      if (g_strcmp0 (text, palette) == 0)
        gtk_combo_box_set_active (GTK_COMBO_BOX (d->palette_combo), i);
      g_free (text);
    }
  g_signal_handlers_unblock_by_func (d->palette_combo, palette_changed, d);
  for (gint kind = 0; kind < UI_N_REFERENCE_KINDS; kind++)
    g_signal_handlers_unblock_by_func (d->radios[kind], reference_kind_toggled,
                                       d);
  ui_dialog_reference_set_sensitive (d->reference_combo, d->reference_selection,
                                     d->palette_combo, d->look_row, d->kind);
  for (GList *l = d->advanced_rows; l; l = l->next)
    gtk_widget_set_sensitive (l->data, d->kind != UI_REFERENCE_LOOK);
}

/* The chosen palette is the reference when Palette is chosen.  */
static void
palette_changed (GtkComboBox *combo, Dialog *d)
{
  g_autofree gchar *name
      = gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (combo));

  if (d->kind == UI_REFERENCE_PALETTE)
    g_object_set (d->config, "reference-palette", name ? name : "", NULL);
}

/* Layer, Palette or Saved look: a look is read and shown at once; else
   the config's reference-palette is the palette chosen, or empty for the
   layer, and the reference's colors are read again.  Called for the
   button turned on and for the one turned off: the first call does
   it.  */
static void
reference_kind_toggled (GtkToggleButton *radio, Dialog *d)
{
  UiReferenceKind kind = ui_dialog_reference_kind (d->radios);
  g_autofree gchar *name = NULL;

  if (kind == d->kind && d->ctl.use_look == (kind == UI_REFERENCE_LOOK))
    return;
  d->kind = kind;
  if (kind == UI_REFERENCE_LOOK)
    {
      dialog_sync_reference_kind (d);
      ui_dialog_controller_use_look (
          &d->ctl, gtk_entry_get_text (GTK_ENTRY (d->look_entry)));
      return;
    }
  ui_dialog_controller_use_look (&d->ctl, NULL);
  if (kind == UI_REFERENCE_PALETTE)
    name = gtk_combo_box_text_get_active_text (
        GTK_COMBO_BOX_TEXT (d->palette_combo));
  /* The config's notification would do what follows only when the
     palette's name changes.  */
  g_signal_handlers_block_by_func (d->config, config_notify, d);
  g_object_set (d->config, "reference-palette", name ? name : "", NULL);
  g_signal_handlers_unblock_by_func (d->config, config_notify, d);
  /* No palette to choose: the layer stays the reference.  */
  dialog_sync_reference_kind (d);
  dialog_build_reference (d);
  ui_dialog_controller_start_job (&d->ctl);
}

/* The config's look-file changed under the dialog (Reset, a preset):
   its look is the reference, or, with none, the layer or palette.  */
static void
dialog_look_from_config (Dialog *d)
{
  g_autoptr (GFile) file = NULL;
  g_autofree gchar *path = NULL;
  g_autofree gchar *palette = config_palette (d);

  g_object_get (d->config, "look-file", &file, NULL);
  path = file ? g_file_get_path (file) : NULL;
  if (path)
    {
      /* Re-read through the entry in look mode, else when its radio
         button is turned on.  */
      gtk_entry_set_text (GTK_ENTRY (d->look_entry), path);
      gtk_toggle_button_set_active (
          GTK_TOGGLE_BUTTON (d->radios[UI_REFERENCE_LOOK]), TRUE);
      return;
    }
  gtk_toggle_button_set_active (
      GTK_TOGGLE_BUTTON (
          d->radios[palette ? UI_REFERENCE_PALETTE : UI_REFERENCE_LAYER]),
      TRUE);
  gtk_entry_set_text (GTK_ENTRY (d->look_entry), "");
}

/* GIMP's palettes, by name, in GIMP's order.  The active one is the
   config's, else GIMP's current palette, else the first one: the first
   of these that has two colors or more, since fewer cannot be a
   reference (a fresh profile's current palette is the color history,
   which is nearly empty).  */
static GtkWidget *
palette_combo_new (Dialog *d)
{
  GtkWidget *combo = gtk_combo_box_text_new ();
  g_autofree gchar *chosen = config_palette (d);
  GimpPalette *current = gimp_context_get_palette ();
  GimpPalette **palettes = gimp_palettes_get_list (NULL);
  gint i, active = -1, fallback = -1, first = -1;

  for (i = 0; palettes && palettes[i]; i++)
    {
      gchar *name = gimp_resource_get_name (GIMP_RESOURCE (palettes[i]));
      gboolean usable = gimp_palette_get_color_count (palettes[i]) >= 2;

      gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (combo), name);
      if (chosen && g_strcmp0 (name, chosen) == 0)
        active = i;
      if (usable && current
          && gimp_resource_get_id (GIMP_RESOURCE (palettes[i]))
                 == gimp_resource_get_id (GIMP_RESOURCE (current)))
        fallback = i;
      if (usable && first < 0)
        first = i;
      g_free (name);
    }
  g_free (palettes);
  gtk_combo_box_set_active (GTK_COMBO_BOX (combo), active >= 0     ? active
                                                   : fallback >= 0 ? fallback
                                                                   : first);
  return combo;
}

static void
reference_combo_changed (GtkWidget *combo, Dialog *d)
{
  gint id;
  GimpLayer *layer;

  if (!gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &id))
    return;
  layer = gimp_layer_get_by_id (id);
  if (layer && id != d->reference_id)
    g_object_set (d->config, "reference", layer, NULL);
}

/* The first layer of layers that can be a reference.  */
static GimpLayer *
first_other_layer (GimpLayer **layers, GimpDrawable *drawable)
{
  gint i;

  for (i = 0; layers && layers[i]; i++)
    if (GIMP_DRAWABLE (layers[i]) != drawable
        && !gimp_item_is_group (GIMP_ITEM (layers[i])))
      return layers[i];
  return NULL;
}

/* A reference to start from when none was kept: the selected layer of
   the most recently opened other image (the one a user just opened to
   match), else another layer of this image.  */
static GimpLayer *
default_reference (GimpImage *image, GimpDrawable *drawable)
{
  GimpImage **images = gimp_get_images ();
  GimpImage *newest = NULL;
  GimpLayer **layers;
  GimpLayer *chosen = NULL;
  gint i;

  /* Image IDs grow as images are opened.  */
  for (i = 0; images && images[i]; i++)
    if (images[i] != image
        && (!newest
            || gimp_image_get_id (images[i]) > gimp_image_get_id (newest)))
      newest = images[i];
  if (newest)
    {
      layers = gimp_image_get_selected_layers (newest);
      chosen = first_other_layer (layers, drawable);
      g_free (layers);
      if (!chosen)
        {
          layers = gimp_image_get_layers (newest);
          chosen = first_other_layer (layers, drawable);
          g_free (layers);
        }
    }
  g_free (images);
  if (!chosen)
    {
      layers = gimp_image_get_layers (image);
      chosen = first_other_layer (layers, drawable);
      g_free (layers);
    }
  return chosen;
}

/* ---- building ------------------------------------------------------ */

/* The widget of one parameter of the table, as the table says to show
   it: a slider (in percent when the table says so), a number, or a list
   of choices.  */
static GtkWidget *
param_widget (Dialog *d, const SobolevParamSpec *spec)
{
  GimpProcedureDialog *dialog = GIMP_PROCEDURE_DIALOG (d->ctl.dialog);
  SobolevParamControl control = sobolev_param_control (spec);
  gdouble range = spec->max - spec->min;
  GtkWidget *widget;

  /* GIMP wants increments smaller than the range, step below page.  */
  control.step = MIN (control.step, range / 10.0);
  control.page = CLAMP (control.page, control.step * 2.0, range / 2.0);

  /* A linear slider over a range of several decades is useless, and
     GIMP 3.0's logarithmic one misbehaves: a plain number instead.  */
  if (control.kind == SOBOLEV_CONTROL_SLIDER && control.logarithmic)
    control.kind = SOBOLEV_CONTROL_NUMBER;

  switch (control.kind)
    {
    case SOBOLEV_CONTROL_SLIDER:
      {
        gdouble factor = spec->flags & SOBOLEV_PARAM_PERCENT ? 100.0 : 1.0;

        widget = gimp_procedure_dialog_get_scale_entry (dialog, spec->name,
                                                        factor);
        gimp_label_spin_set_digits (
            GIMP_LABEL_SPIN (widget),
            spec->flags & SOBOLEV_PARAM_PERCENT ? 0 : control.digits);
        gimp_label_spin_set_increments (GIMP_LABEL_SPIN (widget),
                                        control.step * factor,
                                        control.page * factor);
        break;
      }
    case SOBOLEV_CONTROL_NUMBER:
      widget = gimp_procedure_dialog_get_widget (dialog, spec->name,
                                                 GIMP_TYPE_LABEL_SPIN);
      gimp_label_spin_set_digits (GIMP_LABEL_SPIN (widget), control.digits);
      gimp_label_spin_set_increments (GIMP_LABEL_SPIN (widget), control.step,
                                      control.page);
      break;
    case SOBOLEV_CONTROL_CHOICE:
    default:
      widget
          = gimp_procedure_dialog_get_widget (dialog, spec->name, G_TYPE_NONE);
      break;
    }
  g_object_set_data (G_OBJECT (widget), "sobolev-spec", (gpointer) spec);
  /* The table's help, as the 2.10 dialog and the CLI give it.  */
  gimp_help_set_help_data (widget, _ (spec->blurb), NULL);
  return widget;
}

/* A box of the table's parameters of one kind, made by the procedure
   dialog so that presets and Reset reach them.  */
static GtkWidget *
param_box (Dialog *d, const gchar *id, gboolean advanced)
{
  GList *names = NULL;
  GtkWidget *box;
  guint i;

  for (i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      GtkWidget *widget;

      if (!(spec->flags & SOBOLEV_PARAM_ADVANCED) != !advanced)
        continue;
      widget = param_widget (d, spec);
      names = g_list_append (names, (gpointer) spec->name);
      if (advanced)
        d->advanced_rows = g_list_append (d->advanced_rows, widget);
      if (sobolev_param_owner (spec))
        d->method_rows = g_list_append (d->method_rows, widget);
    }
  if (advanced)
    names = g_list_append (names, (gpointer) "lut-file");
  else
    names = g_list_append (names, (gpointer) "new-layer");
  box = gimp_procedure_dialog_fill_box_list (
      GIMP_PROCEDURE_DIALOG (d->ctl.dialog), id, names);
  g_list_free (names);
  return box;
}

/* Help: how to get a good result, then every parameter (see
   ui_dialog_help_show).  */
static void
show_help (const gchar *help_id, gpointer help_data)
{
  ui_dialog_help_show (help_data);
}

/* GimpPreview takes its first size from a style property: larger than
   the usual 200 pixels, since judging colors needs room.  */
static void
preview_set_size (GtkWidget *preview, gint size)
{
  GtkCssProvider *css = gtk_css_provider_new ();
  gchar *text
      = g_strdup_printf ("#sobolev-preview { -GimpPreview-size: %d; }", size);

  gtk_widget_set_name (preview, "sobolev-preview");
  gtk_css_provider_load_from_data (css, text, -1, NULL);
  gtk_style_context_add_provider (gtk_widget_get_style_context (preview),
                                  GTK_STYLE_PROVIDER (css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (css);
  g_free (text);
}

/* The preview, on top of the left column: made last, as making it takes
   a while (libgimp asks GIMP for the layer's bounds and settings) and
   the first run computes meanwhile.  Until it exists, nothing is
   drawn.  */
static void
dialog_add_preview (Dialog *d)
{
  gint x, y, width, height;

  d->ctl.preview = gimp_zoom_preview_new_from_drawable (d->drawable);
  preview_set_size (d->ctl.preview, PREVIEW_SIZE);
  if (!gimp_drawable_mask_intersect (d->drawable, &x, &y, &width, &height))
    {
      width = gimp_drawable_get_width (d->drawable);
      height = gimp_drawable_get_height (d->drawable);
    }
  ui_preview_fit_follow_room (GIMP_PREVIEW (d->ctl.preview), width, height);
  ui_preview_fit_pack (GIMP_PREVIEW (d->ctl.preview), d->left);
  g_signal_connect_swapped (d->ctl.preview, "invalidated",
                            G_CALLBACK (ui_dialog_controller_read_preview),
                            &d->ctl);
  gtk_widget_show (d->ctl.preview);
}

static void
dialog_build (Dialog *d, GimpProcedure *procedure)
{
  GtkWidget *content, *main_hbox, *left, *right, *grid, *vbox;
  GtkWidget *expander, *scrolled;

  /* gimp_procedure_dialog_new, with the plug-in's own help page
     instead of GIMP's help browser (which has no page for it).  */
  d->ctl.dialog = g_object_new (
      GIMP_TYPE_PROCEDURE_DIALOG, "procedure", procedure, "config", d->config,
      "title", _ ("Sobolev Color Transfer"), "help-func", show_help, NULL);
  content = gtk_dialog_get_content_area (GTK_DIALOG (d->ctl.dialog));

  main_hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_pack_start (GTK_BOX (content), main_hbox, TRUE, TRUE, 0);

  /* Left: the preview, which takes the room the dialog is given, with
     the split toggle and the status under it.  */
  left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_pack_start (GTK_BOX (main_hbox), left, TRUE, TRUE, 0);
  d->left = left;

  gtk_box_pack_start (GTK_BOX (left), ui_dialog_controller_split_new (&d->ctl),
                      FALSE, FALSE, 0);

  d->ctl.progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (d->ctl.progress), TRUE);
  gtk_box_pack_start (GTK_BOX (left), d->ctl.progress, FALSE, FALSE, 0);

  /* Right: reference, result, advanced, colors.  */
  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_size_request (right, RIGHT_COLUMN_WIDTH, -1);
  /* GTK 3 would otherwise let the reference picker's expansion make the
     whole column take a share of a larger dialog: the preview takes
     it.  */
  gtk_widget_set_hexpand (right, FALSE);
  gtk_box_pack_start (GTK_BOX (main_hbox), right, FALSE, FALSE, 0);

  /* The reference: a layer of any open image, one of GIMP's palettes,
     or a saved look.  */
  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  d->reference_combo = reference_combo_new (d);
  gtk_widget_set_hexpand (d->reference_combo, TRUE);
  d->palette_combo = palette_combo_new (d);
  {
    g_autoptr (GFile) look = NULL;
    g_autofree gchar *path = NULL;

    g_object_get (d->config, "look-file", &look, NULL);
    path = look ? g_file_get_path (look) : NULL;
    d->look_row = ui_dialog_cube_row_new (FALSE, path, &d->look_entry);
    if (path)
      d->kind = UI_REFERENCE_LOOK;
  }
  ui_dialog_reference_radios_new (d->reference_combo, d->palette_combo,
                                  d->look_row, d->radios);
  {
    GtkWidget *pickers[UI_N_REFERENCE_KINDS]
        = { d->reference_combo, d->palette_combo, d->look_row };

    for (gint kind = 0; kind < UI_N_REFERENCE_KINDS; kind++)
      {
        gtk_grid_attach (GTK_GRID (grid), d->radios[kind], 0, kind, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), pickers[kind], 1, kind, 1, 1);
      }
  }
  gtk_box_pack_start (GTK_BOX (vbox), grid, FALSE, FALSE, 0);
  d->reference_selection
      = gimp_procedure_dialog_get_widget (GIMP_PROCEDURE_DIALOG (d->ctl.dialog),
                                          "reference-selection", G_TYPE_NONE);
  gtk_box_pack_start (GTK_BOX (vbox), d->reference_selection, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (right),
                      ui_dialog_frame_new (_ ("Reference"), vbox), FALSE, FALSE,
                      0);

  gtk_box_pack_start (
      GTK_BOX (right),
      ui_dialog_frame_new (_ ("Result"), param_box (d, "result-box", FALSE)),
      FALSE, FALSE, 0);

  expander = gtk_expander_new_with_mnemonic (_ ("_Advanced"));
  /* The advanced rows are many: they scroll, so the dialog still fits a
     laptop's screen when the expander is open.  */
  scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, -1, ADVANCED_HEIGHT);
  gtk_container_add (GTK_CONTAINER (scrolled),
                     param_box (d, "advanced-box", TRUE));
  gtk_container_add (GTK_CONTAINER (expander), scrolled);
  gtk_box_pack_start (GTK_BOX (right), expander, FALSE, FALSE, 0);

  vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  d->ctl.chroma = ui_dialog_colors_view_new (CHROMA_VIEW_SIZE);
  gtk_widget_set_halign (d->ctl.chroma, GTK_ALIGN_CENTER);
  gtk_box_pack_start (GTK_BOX (vbox), d->ctl.chroma, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), ui_dialog_colors_legend_new (), FALSE,
                      FALSE, 0);
  gtk_box_pack_end (GTK_BOX (right), ui_dialog_frame_new (_ ("Colors"), vbox),
                    FALSE, FALSE, 0);

  gtk_widget_show_all (main_hbox);
  update_method_rows (d);
  if (g_getenv ("SOBOLEV_UI_TRACE"))
    g_signal_connect_after (d->ctl.progress, "size-allocate",
                            G_CALLBACK (trace_result_entries), d);
}

gboolean
sobolev_gimp3_dialog_run (GimpProcedure *procedure, GimpProcedureConfig *config,
                          GimpImage *image, GimpDrawable *drawable,
                          SobolevRecolor **computed)
{
  Dialog d = { 0 };
  SobolevParams params;
  GError *error = NULL;
  gboolean ok = FALSE;
  /* With SOBOLEV_TIMING set, the stages of the first preview are timed
     from here (what tests/bench/bench-dialog.py prints beside its
     figure).  */
  gint64 started = g_get_monotonic_time ();

  *computed = NULL;
  gimp_ui_init ("sobolev-transfer");

  d.config = config;
  d.image = image;
  d.drawable = drawable;
  d.reference_id = config_reference_id (&d);
  if (d.reference_id < 0
      || d.reference_id == gimp_item_get_id (GIMP_ITEM (drawable)))
    {
      GimpLayer *reference = default_reference (image, drawable);

      g_object_set (config, "reference", reference, NULL);
      d.reference_id
          = reference ? gimp_item_get_id (GIMP_ITEM (reference)) : -1;
    }
  if (!sobolev_gimp3_params_from_config (config, &params, &error))
    {
      /* Stored values this build cannot use: start from the defaults.  */
      g_clear_error (&error);
      sobolev_params_init (&params);
    }
  ui_dialog_controller_init (&d.ctl, &dialog_host, &d, &params);
  d.ctl.coarse_first = TRUE;
  d.ctl.timing_since = started;

  dialog_build (&d, procedure);

  /* The source's colors first: then the reference's, and the run.  */
  ui_dialog_controller_set_status (&d.ctl, 0.0, _ ("Reading the layer…"));
  d.ctl.source_error = dialog_read (&d, drawable, SOBOLEV_GIMP3_SOURCE);
  ui_dialog_controller_timing (&d.ctl, "source read");
  gimp_int_combo_box_connect (GIMP_INT_COMBO_BOX (d.reference_combo),
                              d.reference_id,
                              G_CALLBACK (reference_combo_changed), &d, NULL);
  dialog_sync_reference_kind (&d);
  for (gint kind = 0; kind < UI_N_REFERENCE_KINDS; kind++)
    g_signal_connect (d.radios[kind], "toggled",
                      G_CALLBACK (reference_kind_toggled), &d);
  g_signal_connect (d.palette_combo, "changed", G_CALLBACK (palette_changed),
                    &d);
  g_signal_connect (d.look_entry, "changed",
                    G_CALLBACK (ui_dialog_controller_look_path_changed),
                    &d.ctl);
  g_signal_connect (config, "notify", G_CALLBACK (config_notify), &d);
  if (d.kind == UI_REFERENCE_LOOK)
    ui_dialog_controller_use_look (
        &d.ctl, gtk_entry_get_text (GTK_ENTRY (d.look_entry)));
  else
    {
      dialog_build_reference (&d);
      ui_dialog_controller_timing (&d.ctl, "reference read");
      ui_dialog_controller_start_job (&d.ctl);
    }

  dialog_add_preview (&d);
  gtk_widget_show (d.ctl.dialog);
  ui_dialog_controller_timing (&d.ctl, "window built");
  /* The preview's pixels now, not after GimpPreview's own delay: its
     edge guard is then solved before the full run starts, not beside
     it.  */
  ui_dialog_controller_read_preview (&d.ctl);

  for (;;)
    {
      if (!gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (d.ctl.dialog)))
        break;
      /* A saved look with no file: the status says to choose one.  */
      if (d.kind == UI_REFERENCE_LOOK
          && !gtk_entry_get_text (GTK_ENTRY (d.look_entry))[0])
        {
          trace ("OK waits for a saved look");
          continue;
        }
      if (ui_dialog_controller_ok_waits (&d.ctl))
        {
          trace ("OK waits for the run");
          continue;
        }
      ok = TRUE;
      break;
    }
  g_signal_handlers_disconnect_by_func (config, config_notify, &d);

  if (ok)
    {
      const gchar *path = gtk_entry_get_text (GTK_ENTRY (d.look_entry));
      g_autoptr (GFile) look
          = d.kind == UI_REFERENCE_LOOK ? g_file_new_for_path (path) : NULL;

      /* The look is kept as last values only while it is the reference:
         then the dialog opens with it again, and Repeat applies it.  */
      g_object_set (config, "look-file", look, NULL);
      *computed = ui_dialog_controller_take_result (&d.ctl);
    }

  ui_dialog_controller_clear (&d.ctl);
  gtk_widget_destroy (d.ctl.dialog);
  g_list_free (d.method_rows);
  g_list_free (d.advanced_rows);
  return ok;
}
