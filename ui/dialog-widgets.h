/* sobolev-transfer — the widgets the GIMP 2.10 and GIMP 3 dialogs make
   alike: their frames, the reference's Layer and Palette choice, and the
   picture of the colors with its legend.  Only GTK and libgimpui calls
   that GTK 2 with libgimpui 2.0 and GTK 3 with libgimpui 3.0 share; each
   dialog lays them out in its own boxes.  */
#ifndef UI_DIALOG_WIDGETS_H
#define UI_DIALOG_WIDGETS_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A GIMP frame titled title around child, shown.  */
GtkWidget *ui_dialog_frame_new (const gchar *title, GtkWidget *child);

/* A check button labelled label (with a mnemonic), set to active, with
   help as its tooltip.  */
GtkWidget *ui_dialog_check_button_new (const gchar *label, gboolean active,
                                       const gchar *help);

/* What the photo's colors are matched to: a layer's colors, a GIMP
   palette's, or none: a saved look, a .cube file applied as the map
   without a run.  */
typedef enum
{
  UI_REFERENCE_LAYER,
  UI_REFERENCE_PALETTE,
  UI_REFERENCE_LOOK,
  UI_N_REFERENCE_KINDS
} UiReferenceKind;

/* The reference's "Layer:", "Palette:" and "Saved look:" radio buttons,
   radios[kind], and the help of them and of the pickers beside them:
   layer_combo (a layer of any open image), palette_combo (one of GIMP's
   palettes) and look_row (ui_dialog_cube_row_new).  */
void ui_dialog_reference_radios_new (GtkWidget *layer_combo,
                                     GtkWidget *palette_combo,
                                     GtkWidget *look_row,
                                     GtkWidget *radios[UI_N_REFERENCE_KINDS]);

/* The kind whose radio button is active.  */
UiReferenceKind
ui_dialog_reference_kind (GtkWidget *radios[UI_N_REFERENCE_KINDS]);

/* The pickers of the kinds not chosen, and the reference's selection
   toggle unless a layer is, greyed out.  */
void ui_dialog_reference_set_sensitive (GtkWidget *layer_combo,
                                        GtkWidget *selection,
                                        GtkWidget *palette_combo,
                                        GtkWidget *look_row,
                                        UiReferenceKind kind);

/* An entry for a .cube file's path, in *entry, holding path, and a "…"
   button beside it that opens a file chooser over the window: to save a
   new file (save) or to open one.  */
GtkWidget *ui_dialog_cube_row_new (gboolean save, const gchar *path,
                                   GtkWidget **entry);

/* The picture of the colors (ui_chroma_view_new), size × size pixels,
   with its help.  */
GtkWidget *ui_dialog_colors_view_new (gint size);

/* The line under the picture that says what its marks are.  */
GtkWidget *ui_dialog_colors_legend_new (void);

/* The help window over parent: how to get a good result, task first,
   then how it works and every parameter of the table with its help and
   its symbol in the papers, then what the picture of the colors
   shows.  */
void ui_dialog_help_show (GtkWidget *parent);

/* Prints, on stderr, "sobolev-transfer: mnemonics N" with the number
   of Alt+letter keys that the shown widgets of window answer to, then a
   line "sobolev-transfer: mnemonic clash: …" for each key that two of
   them share (pressing it then only moves the focus between them).  */
void ui_dialog_trace_mnemonics (GtkWidget *window);

G_END_DECLS

#endif
