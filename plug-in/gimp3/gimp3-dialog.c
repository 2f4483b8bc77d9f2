/* sobolev-transfer — the GIMP 3 dialog.  */
#include "gimp3-dialog.h"

#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>

#include "sobolev.h"

/* A reference to start from when none was kept: another layer of the
   image (matching a layer to itself changes nothing).  */
static GimpLayer *
default_reference (GimpImage *image, GimpDrawable *drawable)
{
  GimpLayer **layers = gimp_image_get_layers (image);
  GimpLayer *chosen = NULL;
  gint i;

  for (i = 0; layers && layers[i] && !chosen; i++)
    if (GIMP_DRAWABLE (layers[i]) != drawable)
      chosen = layers[i];
  g_free (layers);
  return chosen ? chosen : GIMP_LAYER (drawable);
}

gboolean
sobolev_gimp3_dialog_run (GimpProcedure *procedure, GimpProcedureConfig *config,
                          GimpImage *image, GimpDrawable *drawable)
{
  GimpProcedureDialog *dialog;
  GimpLayer *reference = NULL;
  GList *basic = NULL, *advanced = NULL;
  gboolean ok;
  guint i;

  gimp_ui_init ("sobolev-transfer");

  g_object_get (config, "reference", &reference, NULL);
  if (!reference && GIMP_IS_LAYER (drawable))
    g_object_set (config, "reference", default_reference (image, drawable),
                  NULL);
  g_clear_object (&reference);

  dialog = GIMP_PROCEDURE_DIALOG (gimp_procedure_dialog_new (
      procedure, config, _ ("Sobolev Color Transfer")));

  basic = g_list_append (basic, (gpointer) "reference");
  for (i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];

      if (spec->flags & SOBOLEV_PARAM_ADVANCED)
        advanced = g_list_append (advanced, (gpointer) spec->name);
      else
        basic = g_list_append (basic, (gpointer) spec->name);
    }
  advanced = g_list_append (advanced, (gpointer) "lut-file");

  gimp_procedure_dialog_fill_box_list (dialog, "advanced-box", advanced);
  /* The 2.10 dialog's label, so its translations serve here too.  */
  gimp_procedure_dialog_get_label (dialog, "advanced-label", _ ("_Advanced"),
                                   FALSE, TRUE);
  gimp_procedure_dialog_fill_expander (dialog, "advanced", "advanced-label",
                                       FALSE, "advanced-box");
  basic = g_list_append (basic, (gpointer) "advanced");
  gimp_procedure_dialog_fill_list (dialog, basic);

  ok = gimp_procedure_dialog_run (dialog);
  gtk_widget_destroy (GTK_WIDGET (dialog));
  g_list_free (basic);
  g_list_free (advanced);
  return ok;
}
