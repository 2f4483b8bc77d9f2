/* sobolev-transfer — the GIMP 3 dialog.  */
#include "gimp3-dialog.h"

#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>

#include "sobolev.h"

/* The first layer of layers that can be a reference: not drawable, not
   a group.  */
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
   match), else another layer of this image, else the layer itself
   (matching a layer to itself changes nothing).  */
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
