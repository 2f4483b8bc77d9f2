/* sobolev-transfer — the dialog's parameter widgets, made from the core's
   parameter table (params.h): one widget per row, never listed by hand. */
#ifndef UI_PARAM_WIDGETS_H
#define UI_PARAM_WIDGETS_H

#include <glib/gi18n-lib.h>

#include <gtk/gtk.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* Which rows of the table go into one GtkTable.  */
typedef enum
{
  UI_PARAM_GROUP_RESULT,   /* APPLY_ONLY: change the result instantly */
  UI_PARAM_GROUP_BASIC,    /* BASIC: the main controls */
  UI_PARAM_GROUP_ADVANCED, /* ADVANCED: in the expander */
  UI_PARAM_N_GROUPS
} UiParamGroup;

/* Called after the user changed a value (already stored in params).  */
typedef void (*UiParamChangedFunc) (const SobolevParamSpec *spec,
                                    gpointer user_data);

typedef struct _UiParamWidgets UiParamWidgets;

/* Widgets editing params in place; params must outlive them.  */
UiParamWidgets *ui_param_widgets_new (SobolevParams *params,
                                      UiParamChangedFunc changed,
                                      gpointer user_data);

/* The group a spec belongs to.  */
UiParamGroup ui_param_group_of (const SobolevParamSpec *spec);

/* A GtkTable with a labelled row per parameter of the group (created on
   the first call; owned by the caller's container once packed).  */
GtkWidget *ui_param_widgets_table (UiParamWidgets *widgets, UiParamGroup group);

/* Shows the values now in params (after a reset), without calling the
   changed callback.  */
void ui_param_widgets_sync (UiParamWidgets *widgets);

/* Hides the rows the chosen method does not use (again after
   gtk_widget_show_all on a container of the tables).  */
void ui_param_widgets_update_visibility (UiParamWidgets *widgets);

/* The tooltip of a parameter: its translated help (the papers' symbols
   are in the help page).  Free with g_free.  */
gchar *ui_param_tooltip (const SobolevParamSpec *spec);

/* The object that edits spec: its GtkAdjustment (numbers) or its
   GimpIntComboBox (enums); NULL before its table is made.  */
GObject *ui_param_widgets_get (UiParamWidgets *widgets,
                               const SobolevParamSpec *spec);

void ui_param_widgets_free (UiParamWidgets *widgets);

G_END_DECLS

#endif
