/* sobolev-transfer — the dialog's widgets on a real (virtual) display:
   one widget per row of the parameter table, in the group its flags
   name, fractions shown in percent, plain tooltips (the papers' symbols
   are the help page's), only the chosen method's rows shown, edits
   reaching the values and the change callback, and the chroma view
   drawing the clouds.  */
#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>
#include <gtk/gtk.h>
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "chroma-view.h"
#include "param-widgets.h"

typedef struct
{
  guint calls;
  const SobolevParamSpec *last;
} Changes;

static void
on_changed (const SobolevParamSpec *spec, gpointer data)
{
  Changes *changes = data;

  changes->calls++;
  changes->last = spec;
}

static guint
table_rows (GtkWidget *table)
{
  guint rows, columns;

  gtk_table_get_size (GTK_TABLE (table), &rows, &columns);
  return rows;
}

static gboolean
table_has_label (GtkWidget *table, const gchar *text)
{
  GList *children = gtk_container_get_children (GTK_CONTAINER (table));
  gboolean found = FALSE;

  for (GList *l = children; l && !found; l = l->next)
    if (GTK_IS_LABEL (l->data)
        && strcmp (gtk_label_get_text (GTK_LABEL (l->data)), text) == 0)
      found = TRUE;
  g_list_free (children);
  return found;
}

static void
test_one_widget_per_row (void)
{
  SobolevParams params;
  Changes changes = { 0 };
  UiParamWidgets *widgets;
  guint per_group[UI_PARAM_N_GROUPS] = { 0 };

  sobolev_params_init (&params);
  widgets = ui_param_widgets_new (&params, on_changed, &changes);
  for (guint g = 0; g < UI_PARAM_N_GROUPS; g++)
    g_object_ref_sink (ui_param_widgets_table (widgets, g));

  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      UiParamGroup group = ui_param_group_of (spec);
      GtkWidget *table = ui_param_widgets_table (widgets, group);
      GObject *object = ui_param_widgets_get (widgets, spec);
      gdouble scale = (spec->flags & SOBOLEV_PARAM_PERCENT) ? 100.0 : 1.0;
      gchar *label = scale != 1.0 ? g_strdup_printf ("%s (%%):", spec->label)
                                  : g_strdup_printf ("%s:", spec->label);

      per_group[group]++;
      g_assert_nonnull (object);
      if (spec->type == SOBOLEV_PARAM_TYPE_ENUM)
        g_assert_true (GIMP_IS_INT_COMBO_BOX (object));
      else
        {
          g_assert_true (GTK_IS_ADJUSTMENT (object));
          g_assert_cmpfloat (gtk_adjustment_get_lower (GTK_ADJUSTMENT (object)),
                             ==, spec->min * scale);
          g_assert_cmpfloat (gtk_adjustment_get_upper (GTK_ADJUSTMENT (object)),
                             ==, spec->max * scale);
          g_assert_cmpfloat (gtk_adjustment_get_value (GTK_ADJUSTMENT (object)),
                             ==, sobolev_params_get (&params, spec) * scale);
        }
      g_assert_true (table_has_label (table, label));
      g_free (label);
    }

  /* The groups follow the flags; nothing is listed by hand.  */
  for (guint g = 0; g < UI_PARAM_N_GROUPS; g++)
    g_assert_cmpuint (table_rows (ui_param_widgets_table (widgets, g)), ==,
                      MAX (per_group[g], 1));
  g_assert_cmpuint (per_group[UI_PARAM_GROUP_RESULT], >=, 2);
  g_assert_cmpint (ui_param_group_of (sobolev_param_spec_find ("strength")), ==,
                   UI_PARAM_GROUP_RESULT);
  /* The main view speaks a photographer's language: the method and the
     paper's knobs are advanced.  */
  g_assert_cmpint (ui_param_group_of (sobolev_param_spec_find ("smoothness")),
                   ==, UI_PARAM_GROUP_ADVANCED);
  g_assert_cmpint (ui_param_group_of (sobolev_param_spec_find ("method")), ==,
                   UI_PARAM_GROUP_ADVANCED);
  g_assert_cmpint (ui_param_group_of (sobolev_param_spec_find ("steps")), ==,
                   UI_PARAM_GROUP_ADVANCED);
  g_assert_cmpint (ui_param_group_of (sobolev_param_spec_find ("seed")), ==,
                   UI_PARAM_GROUP_ADVANCED);
  g_assert_cmpint (ui_param_group_of (sobolev_param_spec_find ("space")), ==,
                   UI_PARAM_GROUP_ADVANCED);
  g_assert_cmpuint (changes.calls, ==, 0);

  for (guint g = 0; g < UI_PARAM_N_GROUPS; g++)
    g_object_unref (ui_param_widgets_table (widgets, g));
  ui_param_widgets_free (widgets);
}

static void
test_tooltips_are_plain (void)
{
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      gchar *tip = ui_param_tooltip (spec);

      g_assert_cmpstr (tip, ==, spec->blurb);
      g_assert_null (strstr (tip, "In the paper"));
      g_free (tip);
    }
}

static void
test_edits_reach_values (void)
{
  SobolevParams params;
  Changes changes = { 0 };
  UiParamWidgets *widgets;
  const SobolevParamSpec *strength = sobolev_param_spec_find ("strength");
  const SobolevParamSpec *smoothness = sobolev_param_spec_find ("smoothness");
  const SobolevParamSpec *space = sobolev_param_spec_find ("space");
  GtkWidget *tables[UI_PARAM_N_GROUPS];

  sobolev_params_init (&params);
  widgets = ui_param_widgets_new (&params, on_changed, &changes);
  for (guint g = 0; g < UI_PARAM_N_GROUPS; g++)
    tables[g] = g_object_ref_sink (ui_param_widgets_table (widgets, g));

  /* Strength is shown in percent.  */
  gtk_adjustment_set_value (
      GTK_ADJUSTMENT (ui_param_widgets_get (widgets, strength)), 25.0);
  g_assert_cmpfloat (params.strength, ==, 0.25);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_true (changes.last == strength);

  /* A logarithmic slider still holds the exact value.  */
  gtk_adjustment_set_value (
      GTK_ADJUSTMENT (ui_param_widgets_get (widgets, smoothness)), 1e-4);
  g_assert_cmpfloat (fabs (params.smoothness - 1e-4), <, 1e-12);
  g_assert_true (changes.last == smoothness);

  gimp_int_combo_box_set_active (
      GIMP_INT_COMBO_BOX (ui_param_widgets_get (widgets, space)),
      SOBOLEV_SPACE_OKLAB);
  g_assert_cmpint (params.space, ==, SOBOLEV_SPACE_OKLAB);
  g_assert_true (changes.last == space);
  g_assert_cmpuint (changes.calls, ==, 3);

  /* Reset: the widgets show the defaults and nobody is told twice.  */
  sobolev_params_init (&params);
  ui_param_widgets_sync (widgets);
  g_assert_cmpuint (changes.calls, ==, 3);
  g_assert_cmpfloat (gtk_adjustment_get_value (GTK_ADJUSTMENT (
                         ui_param_widgets_get (widgets, strength))),
                     ==, strength->def * 100.0);
  {
    gint value = -1;

    gimp_int_combo_box_get_active (
        GIMP_INT_COMBO_BOX (ui_param_widgets_get (widgets, space)), &value);
    g_assert_cmpint (value, ==, (gint) space->def);
  }

  for (guint g = 0; g < UI_PARAM_N_GROUPS; g++)
    g_object_unref (tables[g]);
  ui_param_widgets_free (widgets);
}

static SobolevCloud *
ramp_cloud (gdouble r, gdouble g, gdouble b, gsize n)
{
  SobolevCloud *cloud = sobolev_cloud_new (3, n);

  for (gsize i = 0; i < n; i++)
    {
      gdouble t = (gdouble) i / n;

      cloud->points[i * 3] = r * t;
      cloud->points[i * 3 + 1] = g * t;
      cloud->points[i * 3 + 2] = b * t;
      cloud->weights[i] = 1.0 + i;
    }
  return cloud;
}

static void
draw_now (GtkWidget *widget)
{
  gdk_window_process_updates (gtk_widget_get_window (widget), TRUE);
  while (gtk_events_pending ())
    gtk_main_iteration ();
}

/* Rows of another method are hidden, and come back with their method.  */
static void
test_method_rows_shown (void)
{
  SobolevParams params;
  UiParamWidgets *widgets;
  const SobolevParamSpec *method = sobolev_param_spec_find ("method");
  const SobolevParamSpec *bandwidth = sobolev_param_spec_find ("bandwidth");
  const SobolevParamSpec *strength = sobolev_param_spec_find ("strength");
  GtkWidget *tables[UI_PARAM_N_GROUPS];
  GtkWidget *bw_scale, *st_scale;

  sobolev_params_init (&params);
  params.method = SOBOLEV_METHOD_KERNEL; /* the bandwidth is its own */
  widgets = ui_param_widgets_new (&params, NULL, NULL);
  for (guint g = 0; g < UI_PARAM_N_GROUPS; g++)
    tables[g] = g_object_ref_sink (ui_param_widgets_table (widgets, g));
  bw_scale = GIMP_SCALE_ENTRY_SCALE (ui_param_widgets_get (widgets, bandwidth));
  st_scale = GIMP_SCALE_ENTRY_SCALE (ui_param_widgets_get (widgets, strength));
  g_assert_true (gtk_widget_get_visible (bw_scale));

  gimp_int_combo_box_set_active (
      GIMP_INT_COMBO_BOX (ui_param_widgets_get (widgets, method)),
      SOBOLEV_METHOD_NEURAL);
  g_assert_cmpint (params.method, ==, SOBOLEV_METHOD_NEURAL);
  g_assert_false (gtk_widget_get_visible (bw_scale));
  g_assert_true (gtk_widget_get_visible (st_scale));

  params.method = SOBOLEV_METHOD_KERNEL;
  ui_param_widgets_sync (widgets);
  g_assert_true (gtk_widget_get_visible (bw_scale));

  for (guint g = 0; g < UI_PARAM_N_GROUPS; g++)
    g_object_unref (tables[g]);
  ui_param_widgets_free (widgets);
}

static void
test_chroma_view_draws (void)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *view = ui_chroma_view_new (160);
  g_autoptr (SobolevCloud) source = ramp_cloud (1.0, 0.5, 0.1, 300);
  g_autoptr (SobolevCloud) reference = ramp_cloud (0.1, 0.4, 1.0, 5000);
  g_autoptr (SobolevCloud) current = ramp_cloud (0.5, 0.5, 0.5, 300);
  gsize s, r, c;

  gtk_container_add (GTK_CONTAINER (window), view);
  gtk_widget_show_all (window);
  ui_chroma_view_set_source (view, source);
  ui_chroma_view_set_reference (view, reference);
  draw_now (view);
  ui_chroma_view_get_counts (view, &s, &r, &c);
  g_assert_cmpuint (s, ==, 300);
  /* Only the heaviest of a big cloud, so scrubbing stays quick.  */
  g_assert_cmpuint (r, >, 0);
  g_assert_cmpuint (r, <, 5000);
  /* Before a result, the current colors are the source's.  */
  g_assert_cmpuint (c, ==, 300);

  ui_chroma_view_set_current (view, current);
  draw_now (view);
  ui_chroma_view_get_counts (view, NULL, NULL, &c);
  g_assert_cmpuint (c, ==, 300);

  gtk_widget_destroy (window);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check (&argc, &argv))
    {
      g_printerr ("no display: run under xvfb-run\n");
      return 1;
    }
  g_test_add_func ("/ui/widgets/one-per-row", test_one_widget_per_row);
  g_test_add_func ("/ui/widgets/tooltips", test_tooltips_are_plain);
  g_test_add_func ("/ui/widgets/edits", test_edits_reach_values);
  g_test_add_func ("/ui/widgets/method-rows", test_method_rows_shown);
  g_test_add_func ("/ui/widgets/chroma-view", test_chroma_view_draws);
  return g_test_run ();
}
