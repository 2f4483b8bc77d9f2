/* sobolev-transfer — the widgets both dialogs make alike: see
   dialog-widgets.h.  */
#include "dialog-widgets.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <gdk/gdkkeysyms.h>

#include "chroma-view.h"
#include "sobolev.h"

GtkWidget *
ui_dialog_frame_new (const gchar *title, GtkWidget *child)
{
  GtkWidget *frame = gimp_frame_new (title);

  gtk_container_add (GTK_CONTAINER (frame), child);
  gtk_widget_show (frame);
  return frame;
}

GtkWidget *
ui_dialog_check_button_new (const gchar *label, gboolean active,
                            const gchar *help)
{
  GtkWidget *button = gtk_check_button_new_with_mnemonic (label);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), active);
  gimp_help_set_help_data (button, help, NULL);
  return button;
}

void
ui_dialog_reference_radios_new (GtkWidget *layer_combo,
                                GtkWidget *palette_combo, GtkWidget *look_row,
                                GtkWidget *radios[UI_N_REFERENCE_KINDS])
{
  radios[UI_REFERENCE_LAYER]
      = gtk_radio_button_new_with_mnemonic (NULL, _ ("La_yer:"));
  gimp_help_set_help_data (
      radios[UI_REFERENCE_LAYER],
      _ ("Take the colors of a photo: a layer of any open image"), NULL);
  radios[UI_REFERENCE_PALETTE]
      = gtk_radio_button_new_with_mnemonic_from_widget (
          GTK_RADIO_BUTTON (radios[UI_REFERENCE_LAYER]), _ ("Pal_ette:"));
  gimp_help_set_help_data (
      radios[UI_REFERENCE_PALETTE],
      _ ("Take the colors of one of GIMP's palettes, each color weighing "
         "the same"),
      NULL);
  radios[UI_REFERENCE_LOOK] = gtk_radio_button_new_with_mnemonic_from_widget (
      GTK_RADIO_BUTTON (radios[UI_REFERENCE_LAYER]),
      /* Not Alt+L: GIMP 3's Load Saved Settings button takes it.  */
      _ ("Save_d look:"));
  gimp_help_set_help_data (
      radios[UI_REFERENCE_LOOK],
      _ ("Apply a look saved before as a .cube 3-D LUT (the LUT file "
         "written under Advanced, or one from another program) instead of "
         "matching a reference"),
      NULL);
  gimp_help_set_help_data (
      layer_combo,
      _ ("The photo whose colors to take: a layer of any open image"), NULL);
  gimp_help_set_help_data (
      palette_combo,
      _ ("The palette whose colors to take (Windows ▸ Dockable Dialogs ▸ "
         "Palettes edits them)"),
      NULL);
  gimp_help_set_help_data (
      look_row,
      _ ("The .cube file of the look: Strength, Preserve lightness and "
         "Fidelity apply to it; the advanced settings do not"),
      NULL);
}

UiReferenceKind
ui_dialog_reference_kind (GtkWidget *radios[UI_N_REFERENCE_KINDS])
{
  for (gint kind = UI_REFERENCE_PALETTE; kind < UI_N_REFERENCE_KINDS; kind++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (radios[kind])))
      return kind;
  return UI_REFERENCE_LAYER;
}

void
ui_dialog_reference_set_sensitive (GtkWidget *layer_combo, GtkWidget *selection,
                                   GtkWidget *palette_combo,
                                   GtkWidget *look_row, UiReferenceKind kind)
{
  gtk_widget_set_sensitive (layer_combo, kind == UI_REFERENCE_LAYER);
  gtk_widget_set_sensitive (selection, kind == UI_REFERENCE_LAYER);
  gtk_widget_set_sensitive (palette_combo, kind == UI_REFERENCE_PALETTE);
  gtk_widget_set_sensitive (look_row, kind == UI_REFERENCE_LOOK);
}

static void
cube_browse_clicked (GtkWidget *button, GtkWidget *entry)
{
  gboolean save = GPOINTER_TO_INT (
      g_object_get_data (G_OBJECT (button), "sobolev-cube-save"));
  GtkWidget *window = gtk_widget_get_toplevel (button);
  const gchar *current = gtk_entry_get_text (GTK_ENTRY (entry));
  GtkWidget *chooser;
  GtkFileFilter *filter;

  chooser = gtk_file_chooser_dialog_new (
      save ? _ ("Save the Color Map as a .cube LUT")
           : _ ("Open a Saved Look (.cube LUT)"),
      GTK_IS_WINDOW (window) ? GTK_WINDOW (window) : NULL,
      save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
      _ ("_Cancel"), GTK_RESPONSE_CANCEL, save ? _ ("_Save") : _ ("_Open"),
      GTK_RESPONSE_ACCEPT, NULL);
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser),
                                                  save);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _ ("3-D LUT (*.cube)"));
  gtk_file_filter_add_pattern (filter, "*.cube");
  gtk_file_filter_add_pattern (filter, "*.CUBE");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (*current)
    gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (chooser), current);
  else if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                       "sobolev-transfer.cube");

  if (gtk_dialog_run (GTK_DIALOG (chooser)) == GTK_RESPONSE_ACCEPT)
    {
      g_autofree gchar *path
          = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

      if (path)
        gtk_entry_set_text (GTK_ENTRY (entry), path);
    }
  gtk_widget_destroy (chooser);
}

GtkWidget *
ui_dialog_cube_row_new (gboolean save, const gchar *path, GtkWidget **entry)
{
#if GTK_CHECK_VERSION(3, 0, 0)
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
#else
  GtkWidget *row = gtk_hbox_new (FALSE, 6);
#endif
  GtkWidget *button = gtk_button_new_with_label ("…");

  *entry = gtk_entry_new ();
  gtk_entry_set_text (GTK_ENTRY (*entry), path ? path : "");
  gtk_box_pack_start (GTK_BOX (row), *entry, TRUE, TRUE, 0);
  g_object_set_data (G_OBJECT (button), "sobolev-cube-save",
                     GINT_TO_POINTER (save));
  g_signal_connect (button, "clicked", G_CALLBACK (cube_browse_clicked),
                    *entry);
  gtk_box_pack_start (GTK_BOX (row), button, FALSE, FALSE, 0);
  gtk_widget_show_all (row);
  return row;
}

GtkWidget *
ui_dialog_colors_view_new (gint size)
{
  GtkWidget *view = ui_chroma_view_new (size);

  gimp_help_set_help_data (
      view,
      _ ("The colors from above (hue and colorfulness) and from the side "
         "(lightness): grey where they start, rings for the reference, "
         "solid discs at the current strength; area by share of pixels"),
      NULL);
  return view;
}

GtkWidget *
ui_dialog_colors_legend_new (void)
{
  return gtk_label_new (_ ("● now   ○ reference   grey: before"));
}

static const gchar *
dialog_translate (const gchar *text)
{
  return _ (text);
}

void
ui_dialog_help_show (GtkWidget *parent)
{
  g_autofree gchar *params = NULL;
  GtkWidget *help;
  GtkWidget *label;
  GtkWidget *scrolled;
  GString *text = g_string_new (NULL);

  g_string_append_printf (
      text, "<b>%s</b>\n%s\n\n<b>%s</b>\n%s\n\n", _ ("Getting a good result"),
      _ ("• Choose a reference whose colors you want: a photo, or a layer "
         "of one. Only part of it? Select that part in its image and tick "
         "“Use the reference's selection”.\n"
         "• The result is too strong → lower Strength: half Strength is "
         "half way along the same smooth path, not a fade.\n"
         "• The light and shadows changed too much → raise Preserve "
         "lightness.\n"
         "• Colors bleed or edges look false → lower Fidelity; not close "
         "enough to the reference → raise it.\n"
         "• Only part of the photo should change → select it first: the "
         "selection limits and weighs the change.\n"
         "• To compare, tick Split view; to keep the original, tick "
         "“Result on a new layer”.\n"
         "• While a new result is computed the preview is dimmed; it "
         "brightens when it is up to date.\n"
         "• To give other photos the same look, save its LUT (a .cube "
         "file) under Advanced; then choose that file as the Saved "
         "look."),
      _ ("How it works"),
      _ ("The colors move as particles along a smooth transport path "
         "(Sobolev descent, Mroueh, Sercu and Raj, AISTATS 2019) until "
         "they are distributed like the reference's. The path is computed "
         "in the background while you edit; Strength moves along it at "
         "once. The settings under Advanced, with the papers' symbols:"));
  params = sobolev_params_help_markup (dialog_translate);
  g_string_append (text, params);
  g_string_append_printf (
      text, "\n%s",
      _ ("The picture of the colors shows them from above (hue and "
         "colorfulness: greener to the left, redder to the right, bluer "
         "down, yellower up) and from the side (darker down, lighter up): "
         "grey where the colors start, rings for the reference, solid "
         "discs at the current strength; the area of a point is its share "
         "of the pixels."));

  help = gtk_dialog_new_with_buttons (
      _ ("Sobolev Color Transfer Help"), GTK_WINDOW (parent),
      GTK_DIALOG_DESTROY_WITH_PARENT, _ ("_Close"), GTK_RESPONSE_CLOSE, NULL);
  g_signal_connect (help, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), text->str);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_size_request (label, 440, -1);
  scrolled = gtk_scrolled_window_new (NULL, NULL);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
#if GTK_CHECK_VERSION(3, 0, 0)
  g_object_set (label, "margin", 12, NULL);
  gtk_container_add (GTK_CONTAINER (scrolled), label);
#else
  gtk_misc_set_padding (GTK_MISC (label), 12, 12);
  gtk_scrolled_window_add_with_viewport (GTK_SCROLLED_WINDOW (scrolled), label);
#endif
  gtk_widget_set_size_request (scrolled, 480, 420);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (help))),
                      scrolled, TRUE, TRUE, 0);
  gtk_widget_show_all (help);
  g_string_free (text, TRUE);
}

/* Adds the mnemonic labels of widget and its children (internal ones
   too: a dialog's buttons) that are shown to labels, by key.  */
static void
collect_mnemonics (GtkWidget *widget, gpointer data)
{
  GHashTable *labels = data;

  if (!gtk_widget_is_drawable (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      guint key = gtk_label_get_mnemonic_keyval (GTK_LABEL (widget));

      if (key != GDK_KEY_VoidSymbol)
        {
          GPtrArray *texts = g_hash_table_lookup (
              labels, GUINT_TO_POINTER (gdk_keyval_to_lower (key)));

          if (!texts)
            {
              texts = g_ptr_array_new ();
              g_hash_table_insert (
                  labels, GUINT_TO_POINTER (gdk_keyval_to_lower (key)), texts);
            }
          g_ptr_array_add (texts,
                           (gpointer) gtk_label_get_label (GTK_LABEL (widget)));
        }
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_mnemonics, data);
}

void
ui_dialog_trace_mnemonics (GtkWidget *window)
{
  GHashTable *labels = g_hash_table_new_full (
      g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  collect_mnemonics (window, labels);
  g_printerr ("sobolev-transfer: mnemonics %u\n", g_hash_table_size (labels));
  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *texts = value;

      if (texts->len > 1)
        {
          GString *line = g_string_new (NULL);

          for (guint i = 0; i < texts->len; i++)
            g_string_append_printf (line, "%s“%s”", i ? ", " : "",
                                    (const gchar *) texts->pdata[i]);
          g_printerr ("sobolev-transfer: mnemonic clash: %s: %s\n",
                      gdk_keyval_name (GPOINTER_TO_UINT (key)), line->str);
          g_string_free (line, TRUE);
        }
    }
  g_hash_table_unref (labels);
}
