/* sobolev-transfer — the dialog's parameter widgets, made from the core's
   parameter table (params.h): one widget per row, never listed by hand. */
#ifndef SOBOLEV_UI_PARAM_WIDGETS_H
#define SOBOLEV_UI_PARAM_WIDGETS_H

#include "ui-i18n.h"

#include <gtk/gtk.h>
#include "sobolev.h"

G_BEGIN_DECLS

/* Which rows of the table go into one GtkTable.  */
typedef enum
{
  SOBOLEV_PARAM_GROUP_RESULT,   /* APPLY_ONLY: change the result instantly */
  SOBOLEV_PARAM_GROUP_BASIC,    /* BASIC: the main controls */
  SOBOLEV_PARAM_GROUP_ADVANCED, /* ADVANCED: in the expander */
  SOBOLEV_PARAM_N_GROUPS
} SobolevParamGroup;

/* Called after the user changed a value (already stored in params).  */
typedef void (*SobolevParamChangedFunc) (const SobolevParamSpec *spec,
                                         gpointer user_data);

typedef struct _SobolevParamWidgets SobolevParamWidgets;

/* Widgets editing params in place; params must outlive them.  */
SobolevParamWidgets *sobolev_param_widgets_new (SobolevParams *params,
                                                SobolevParamChangedFunc changed,
                                                gpointer user_data);

/* The group a spec belongs to.  */
SobolevParamGroup sobolev_param_group_of (const SobolevParamSpec *spec);

/* A GtkTable with a labelled row per parameter of the group (created on
   the first call; owned by the caller's container once packed).  */
GtkWidget *sobolev_param_widgets_table (SobolevParamWidgets *widgets,
                                        SobolevParamGroup group);

/* Shows the values now in params (after a reset), without calling the
   changed callback.  */
void sobolev_param_widgets_sync (SobolevParamWidgets *widgets);

/* The tooltip of a parameter: its translated help, and the paper's
   symbol when it has one.  Free with g_free.  */
gchar *sobolev_param_tooltip (const SobolevParamSpec *spec);

/* The object that edits spec: its GtkAdjustment (numbers) or its
   GimpIntComboBox (enums); NULL before its table is made.  */
GObject *sobolev_param_widgets_get (SobolevParamWidgets *widgets,
                                    const SobolevParamSpec *spec);

void sobolev_param_widgets_free (SobolevParamWidgets *widgets);

G_END_DECLS

#endif
