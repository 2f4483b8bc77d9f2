/* sobolev-transfer — parameter widgets made from the parameter table.  */
#include "param-widgets.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#define SCALE_WIDTH 150
#define SPIN_WIDTH 7

typedef struct
{
  const SobolevParamSpec *spec;
  GtkAdjustment *adjustment; /* scales and spin buttons */
  GtkWidget *combo;          /* enums */
  GtkWidget *label;          /* of combos and plain spin buttons */
  GtkWidget *widget;         /* the combo or the spin button */
} ParamWidget;

struct _UiParamWidgets
{
  SobolevParams *params;
  UiParamChangedFunc changed;
  gpointer user_data;
  gboolean syncing;
  ParamWidget *rows; /* one per spec */
  GtkWidget *tables[UI_PARAM_N_GROUPS];
};

UiParamGroup
ui_param_group_of (const SobolevParamSpec *spec)
{
  if (spec->flags & SOBOLEV_PARAM_APPLY_ONLY)
    return UI_PARAM_GROUP_RESULT;
  if (spec->flags & SOBOLEV_PARAM_ADVANCED)
    return UI_PARAM_GROUP_ADVANCED;
  return UI_PARAM_GROUP_BASIC;
}

/* The papers' symbols are the help page's: a tooltip speaks plainly.  */
gchar *
ui_param_tooltip (const SobolevParamSpec *spec)
{
  return g_strdup (_ (spec->blurb));
}

/* What a widget shows for a value, and back: fractions in percent.  */
static gdouble
shown_scale (const SobolevParamSpec *spec)
{
  return (spec->flags & SOBOLEV_PARAM_PERCENT) ? 100.0 : 1.0;
}

UiParamWidgets *
ui_param_widgets_new (SobolevParams *params, UiParamChangedFunc changed,
                      gpointer user_data)
{
  UiParamWidgets *widgets = g_new0 (UiParamWidgets, 1);

  widgets->params = params;
  widgets->changed = changed;
  widgets->user_data = user_data;
  widgets->rows = g_new0 (ParamWidget, sobolev_n_param_specs);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    widgets->rows[i].spec = &sobolev_param_specs[i];
  return widgets;
}

void
ui_param_widgets_free (UiParamWidgets *widgets)
{
  if (!widgets)
    return;
  g_free (widgets->rows);
  g_free (widgets);
}

static void
show_if (GtkWidget *widget, gboolean on)
{
  if (widget)
    gtk_widget_set_visible (widget, on);
}

/* Shows only the rows that the chosen method uses.  */
static void
update_sensitivity (UiParamWidgets *widgets)
{
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      ParamWidget *pw = &widgets->rows[i];
      gboolean on = sobolev_param_applies (pw->spec, widgets->params->method);

      show_if (pw->label, on);
      show_if (pw->widget, on);
      if (!pw->widget && pw->adjustment)
        {
          show_if (GIMP_SCALE_ENTRY_LABEL (pw->adjustment), on);
          show_if (GIMP_SCALE_ENTRY_SCALE (pw->adjustment), on);
          show_if (GIMP_SCALE_ENTRY_SPINBUTTON (pw->adjustment), on);
        }
    }
}

void
ui_param_widgets_update_visibility (UiParamWidgets *widgets)
{
  update_sensitivity (widgets);
}

static void
param_changed (UiParamWidgets *widgets, const SobolevParamSpec *spec,
               gdouble value)
{
  if (sobolev_params_get (widgets->params, spec) == value)
    return;
  sobolev_params_set (widgets->params, spec, value);
  if (spec->offset == G_STRUCT_OFFSET (SobolevParams, method))
    update_sensitivity (widgets);
  if (!widgets->syncing && widgets->changed)
    widgets->changed (spec, widgets->user_data);
}

static void
adjustment_changed (GtkAdjustment *adjustment, UiParamWidgets *widgets)
{
  const SobolevParamSpec *spec
      = g_object_get_data (G_OBJECT (adjustment), "sobolev-spec");

  param_changed (widgets, spec,
                 gtk_adjustment_get_value (adjustment) / shown_scale (spec));
}

static void
combo_changed (GtkWidget *combo, UiParamWidgets *widgets)
{
  const SobolevParamSpec *spec
      = g_object_get_data (G_OBJECT (combo), "sobolev-spec");
  gint value;

  if (gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &value))
    param_changed (widgets, spec, value);
}

static void
attach_row (UiParamWidgets *widgets, GtkTable *table, guint row,
            ParamWidget *pw)
{
  const SobolevParamSpec *spec = pw->spec;
  gdouble scale = shown_scale (spec);
  gdouble value = sobolev_params_get (widgets->params, spec) * scale;
  gchar *tooltip = ui_param_tooltip (spec);
  /* TRANSLATORS: a parameter shown in percent, e.g. "Strength (%):".  */
  gchar *label = scale != 1.0
                     ? g_strdup_printf (_ ("%s (%%):"), _ (spec->label))
                     : g_strdup_printf ("%s:", _ (spec->label));
  SobolevParamControl control = sobolev_param_control (spec);

  if (scale != 1.0)
    {
      control.step = 1.0;
      control.page = 10.0;
      control.digits = 0;
    }

  if (control.kind == SOBOLEV_CONTROL_CHOICE)
    {
      GtkWidget *combo = g_object_new (GIMP_TYPE_INT_COMBO_BOX, NULL);

      for (const SobolevParamChoice *c = spec->choices; c && c->nick; c++)
        gimp_int_combo_box_append (GIMP_INT_COMBO_BOX (combo),
                                   GIMP_INT_STORE_VALUE, c->value,
                                   GIMP_INT_STORE_LABEL, _ (c->label), -1);
      gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (combo), (gint) value);
      g_object_set_data (G_OBJECT (combo), "sobolev-spec", (gpointer) spec);
      g_signal_connect (combo, "changed", G_CALLBACK (combo_changed), widgets);
      gimp_help_set_help_data (combo, tooltip, NULL);
      pw->label = gimp_table_attach_aligned (table, 0, row, label, 0.0, 0.5,
                                             combo, 2, FALSE);
      pw->combo = combo;
      pw->widget = combo;
    }
  else if (control.kind == SOBOLEV_CONTROL_NUMBER)
    {
      GtkObject *adj = gtk_adjustment_new (value, spec->min, spec->max,
                                           control.step, control.page, 0);
      GtkWidget *spin = gtk_spin_button_new (GTK_ADJUSTMENT (adj), 1, 0);

      gtk_entry_set_width_chars (GTK_ENTRY (spin), 10);
      gimp_help_set_help_data (spin, tooltip, NULL);
      pw->label = gimp_table_attach_aligned (table, 0, row, label, 0.0, 0.5,
                                             spin, 1, TRUE);
      pw->adjustment = GTK_ADJUSTMENT (adj);
      pw->widget = spin;
    }
  else
    {
      GtkObject *adj = gimp_scale_entry_new (
          table, 0, row, label, SCALE_WIDTH, SPIN_WIDTH, value,
          spec->min * scale, spec->max * scale, control.step, control.page,
          control.digits, TRUE, 0.0, 0.0, tooltip, NULL);

      if (control.logarithmic)
        gimp_scale_entry_set_logarithmic (adj, TRUE);
      pw->adjustment = GTK_ADJUSTMENT (adj);
    }

  if (pw->adjustment)
    {
      g_object_set_data (G_OBJECT (pw->adjustment), "sobolev-spec",
                         (gpointer) spec);
      g_signal_connect (pw->adjustment, "value-changed",
                        G_CALLBACK (adjustment_changed), widgets);
    }
  g_free (label);
  g_free (tooltip);
}

GtkWidget *
ui_param_widgets_table (UiParamWidgets *widgets, UiParamGroup group)
{
  guint n = 0;
  guint row = 0;
  GtkWidget *table;

  g_return_val_if_fail (group < UI_PARAM_N_GROUPS, NULL);
  if (widgets->tables[group])
    return widgets->tables[group];

  for (guint i = 0; i < sobolev_n_param_specs; i++)
    if (ui_param_group_of (&sobolev_param_specs[i]) == group)
      n++;

  table = gtk_table_new (MAX (n, 1), 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    if (ui_param_group_of (&sobolev_param_specs[i]) == group)
      attach_row (widgets, GTK_TABLE (table), row++, &widgets->rows[i]);
  gtk_widget_show (table);
  widgets->tables[group] = table;
  update_sensitivity (widgets);
  return table;
}

void
ui_param_widgets_sync (UiParamWidgets *widgets)
{
  widgets->syncing = TRUE;
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      ParamWidget *pw = &widgets->rows[i];
      gdouble value = sobolev_params_get (widgets->params, pw->spec);

      if (pw->adjustment)
        gtk_adjustment_set_value (pw->adjustment,
                                  value * shown_scale (pw->spec));
      else if (pw->combo)
        gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (pw->combo),
                                       (gint) value);
    }
  update_sensitivity (widgets);
  widgets->syncing = FALSE;
}

GObject *
ui_param_widgets_get (UiParamWidgets *widgets, const SobolevParamSpec *spec)
{
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    if (widgets->rows[i].spec == spec)
      return widgets->rows[i].adjustment
                 ? G_OBJECT (widgets->rows[i].adjustment)
                 : (GObject *) widgets->rows[i].combo;
  return NULL;
}
