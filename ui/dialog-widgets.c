/* sobolev-transfer — the widgets both dialogs make alike: see
   dialog-widgets.h.  */
#include "dialog-widgets.h"

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "chroma-view.h"

GtkWidget *
ui_dialog_frame_new (const gchar *title, GtkWidget *child)
{
  GtkWidget *frame = gimp_frame_new (title);

  gtk_container_add (GTK_CONTAINER (frame), child);
  gtk_widget_show (frame);
  return frame;
}

void
ui_dialog_reference_radios_new (GtkWidget *layer_combo,
                                GtkWidget *palette_combo,
                                GtkWidget **layer_radio,
                                GtkWidget **palette_radio)
{
  *layer_radio = gtk_radio_button_new_with_mnemonic (NULL, _ ("_Layer:"));
  gimp_help_set_help_data (
      *layer_radio, _ ("Take the colors of a photo: a layer of any open image"),
      NULL);
  *palette_radio = gtk_radio_button_new_with_mnemonic_from_widget (
      GTK_RADIO_BUTTON (*layer_radio), _ ("Pal_ette:"));
  gimp_help_set_help_data (
      *palette_radio,
      _ ("Take the colors of one of GIMP's palettes, each color weighing "
         "the same"),
      NULL);
  gimp_help_set_help_data (
      layer_combo,
      _ ("The photo whose colors to take: a layer of any open image"), NULL);
  gimp_help_set_help_data (
      palette_combo,
      _ ("The palette whose colors to take (Windows ▸ Dockable Dialogs ▸ "
         "Palettes edits them)"),
      NULL);
}

void
ui_dialog_reference_set_sensitive (GtkWidget *layer_combo, GtkWidget *selection,
                                   GtkWidget *palette_combo, gboolean palette)
{
  gtk_widget_set_sensitive (layer_combo, !palette);
  gtk_widget_set_sensitive (selection, !palette);
  gtk_widget_set_sensitive (palette_combo, palette);
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
