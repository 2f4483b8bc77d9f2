/* sobolev-transfer — the GIMP 3 plug-in: the layer procedure in
   Colors ▸ Map and the file procedure, their arguments from the core's
   parameter table, run modes, last values and presets through
   GimpProcedureConfig.  Pixels go through gimp3-drawable.c, the run
   through gimp3-core.c.  */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "gimp3-args.h"
#include "gimp3-core.h"
#include "gimp3-dialog.h"
#include "gimp3-drawable.h"

#define PLUG_IN_PROC "plug-in-sobolev-transfer"
#define PLUG_IN_FILE_PROC "plug-in-sobolev-transfer-file"
#define PLUG_IN_BINARY "sobolev-transfer"

typedef struct
{
  GimpPlugIn parent_instance;
} SobolevPlugIn;

typedef struct
{
  GimpPlugInClass parent_class;
} SobolevPlugInClass;

GType sobolev_plug_in_get_type (void) G_GNUC_CONST;

G_DEFINE_TYPE (SobolevPlugIn, sobolev_plug_in, GIMP_TYPE_PLUG_IN)

GIMP_MAIN (sobolev_plug_in_get_type ())

static GList *
query_procedures (GimpPlugIn *plug_in)
{
  GList *list = g_list_append (NULL, g_strdup (PLUG_IN_PROC));

  return g_list_append (list, g_strdup (PLUG_IN_FILE_PROC));
}

/* GIMP 3 takes catalogs only from inside the plug-in's folder: meson
   installs locale/ there as a link to the system's locale folder.  */
static gboolean
set_i18n (GimpPlugIn *plug_in, const gchar *procedure_name,
          gchar **gettext_domain, gchar **catalog_dir)
{
  *gettext_domain = g_strdup (GETTEXT_PACKAGE);
  *catalog_dir = g_strdup ("locale");
  return TRUE;
}

static GimpPDBStatusType
status_of (const GError *error)
{
  if (g_error_matches (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT))
    return GIMP_PDB_CALLING_ERROR;
  if (g_error_matches (error, SOBOLEV_ERROR, SOBOLEV_ERROR_CANCELLED))
    return GIMP_PDB_CANCEL;
  return GIMP_PDB_EXECUTION_ERROR;
}

static GimpValueArray *
failure (GimpProcedure *procedure, GError *error)
{
  return gimp_procedure_new_return_values (procedure, status_of (error), error);
}

static void
core_progress (gdouble fraction, gpointer user_data)
{
  gimp_progress_update (fraction);
}

/* Recolors source toward reference with params: reads both, runs the
   core (unless computed, the dialog's finished run for these values,
   is given), and writes the result with one undo step.  The image is
   untouched when this fails.  */
static gboolean
recolor (GimpDrawable *source, GimpDrawable *reference,
         const SobolevParams *params, SobolevRecolor *computed, GFile *lut_file,
         GError **error)
{
  g_autoptr (SobolevGimp3Layer) src = NULL;
  g_autoptr (SobolevGimp3Layer) ref = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  SobolevGimp3Pixels src_pixels, ref_pixels;

  if (!reference)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("No reference layer was given"));
      return FALSE;
    }
  src = sobolev_gimp3_layer_read (source, SOBOLEV_GIMP3_SOURCE, error);
  if (!src)
    return FALSE;
  gimp_progress_init (_ ("Sobolev color transfer"));
  if (computed)
    lut = sobolev_recolor_lut_at (computed, params->strength,
                                  params->preserve_lightness);
  else
    {
      ref = sobolev_gimp3_layer_read (reference, SOBOLEV_GIMP3_REFERENCE,
                                      error);
      if (!ref)
        return FALSE;
      sobolev_gimp3_layer_pixels (src, &src_pixels);
      sobolev_gimp3_layer_pixels (ref, &ref_pixels);
      lut = sobolev_gimp3_compute_lut (&src_pixels, &ref_pixels, params,
                                       core_progress, NULL, error);
    }
  if (!lut)
    return FALSE;

  /* The LUT file first: if it cannot be written, the image stays as it
     was.  */
  if (lut_file)
    {
      gchar *path = g_file_get_path (lut_file);
      gboolean ok
          = path
            && sobolev_lut_save_cube (lut, path, "sobolev-transfer", error);

      if (!path)
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                     _ ("The LUT file must be a local file"));
      g_free (path);
      if (!ok)
        return FALSE;
    }

  gimp_progress_set_text (_ ("Recoloring"));
  if (!sobolev_gimp3_layer_write (
          src, lut, sobolev_fidelity_gain (params->fidelity), error))
    return FALSE;
  gimp_progress_update (1.0);
  return TRUE;
}

/* GIMP 3.0 keeps no layer argument between runs, and keeps the others
   only after interactive runs, so Repeat would have no reference.  The
   last one is kept by ID in a global parasite that is not persistent:
   IDs name the same layer only within one session.  */
#define LAST_REFERENCE_PARASITE "sobolev-transfer-last-reference"

static GimpLayer *
last_reference (void)
{
  GimpParasite *parasite = gimp_get_parasite (LAST_REFERENCE_PARASITE);
  GimpLayer *layer = NULL;
  guint32 size = 0;
  const gchar *data;
  gchar *text;

  if (!parasite)
    return NULL;
  data = gimp_parasite_get_data (parasite, &size);
  text = g_strndup (data, size);
  layer = gimp_layer_get_by_id ((gint32) g_ascii_strtoll (text, NULL, 10));
  g_free (text);
  gimp_parasite_free (parasite);
  return layer ? g_object_ref (layer) : NULL;
}

static void
remember_reference (GimpLayer *reference)
{
  gchar *text
      = g_strdup_printf ("%d", gimp_item_get_id (GIMP_ITEM (reference)));
  GimpParasite *parasite
      = gimp_parasite_new (LAST_REFERENCE_PARASITE, 0, strlen (text), text);

  gimp_attach_parasite (parasite);
  gimp_parasite_free (parasite);
  g_free (text);
}

static GimpValueArray *
run_layer (GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
           GimpDrawable **drawables, GimpProcedureConfig *config,
           gpointer run_data)
{
  SobolevParams params;
  GimpLayer *reference = NULL;
  g_autoptr (SobolevRecolor) computed = NULL;
  GFile *lut_file = NULL;
  GError *error = NULL;
  gboolean ok;

  if (!drawables || !drawables[0] || drawables[1])
    {
      g_set_error (&error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("Sobolev Color Transfer works on one layer at a "
                      "time; select exactly one"));
      return failure (procedure, error);
    }

  g_object_get (config, "reference", &reference, NULL);
  if (!reference && run_mode != GIMP_RUN_NONINTERACTIVE)
    {
      reference = last_reference ();
      if (reference)
        g_object_set (config, "reference", reference, NULL);
    }
  g_clear_object (&reference);

  /* Menu: the dialog shows the last values (GIMP loaded them into
     config); Repeat and non-interactive calls run with config as is.  */
  if (run_mode == GIMP_RUN_INTERACTIVE
      && !sobolev_gimp3_dialog_run (procedure, config, image, drawables[0],
                                    &computed))
    return gimp_procedure_new_return_values (procedure, GIMP_PDB_CANCEL, NULL);

  if (!sobolev_gimp3_params_from_config (config, &params, &error))
    {
      error->code = SOBOLEV_ERROR_INVALID_ARGUMENT;
      return failure (procedure, error);
    }
  g_object_get (config, "reference", &reference, "lut-file", &lut_file, NULL);
  ok = recolor (drawables[0], GIMP_DRAWABLE (reference), &params, computed,
                lut_file, &error);
  if (ok)
    remember_reference (reference);
  g_clear_object (&reference);
  g_clear_object (&lut_file);
  if (!ok)
    return failure (procedure, error);

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

/* Loads a file as an image and returns the layer that stands for it:
   its visible layers merged, converted to RGB for the source.  */
static GimpImage *
load_flat (const gchar *path, const gchar *what, gboolean need_rgb,
           GimpLayer **layer, GError **error)
{
  GFile *file;
  GimpImage *image;
  GimpLayer **layers;
  gint n;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("The %s file \"%s\" does not exist or is not a file"),
                   what, path);
      return NULL;
    }
  file = g_file_new_for_path (path);
  image = gimp_file_load (GIMP_RUN_NONINTERACTIVE, file);
  g_object_unref (file);
  if (!image)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("Could not open the %s file \"%s\": %s"), what, path,
                   gimp_pdb_get_last_error (gimp_get_pdb ()));
      return NULL;
    }
  if (need_rgb && gimp_image_get_base_type (image) != GIMP_RGB)
    /* The output is a new file, so making it RGB loses nothing.  */
    gimp_image_convert_rgb (image);

  /* A file has no layer a user chose: what it shows is its visible
     layers, merged.  */
  layers = gimp_image_get_layers (image);
  for (n = 0; layers && layers[n]; n++)
    ;
  *layer = n > 1 ? gimp_image_merge_visible_layers (image, GIMP_CLIP_TO_IMAGE)
           : n == 1 ? layers[0]
                    : NULL;
  g_free (layers);
  if (!*layer)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("The %s file \"%s\" has no visible layer"), what, path);
      gimp_image_delete (image);
      return NULL;
    }
  return image;
}

static gboolean
recolor_file (const gchar *source_path, const gchar *reference_path,
              const gchar *output_path, gdouble strength, GError **error)
{
  GimpImage *source, *reference;
  GimpLayer *layer = NULL, *reference_layer = NULL;
  SobolevParams params;
  gboolean ok = FALSE;

  sobolev_params_init (&params);
  params.strength = strength;

  source = load_flat (source_path, _ ("source"), TRUE, &layer, error);
  if (!source)
    return FALSE;
  reference = load_flat (reference_path, _ ("reference"), FALSE,
                         &reference_layer, error);
  if (reference
      && recolor (GIMP_DRAWABLE (layer), GIMP_DRAWABLE (reference_layer),
                  &params, NULL, NULL, error))
    {
      GFile *file = g_file_new_for_path (output_path);

      ok = gimp_file_save (GIMP_RUN_NONINTERACTIVE, source, file, NULL);
      if (!ok)
        g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                     _ ("Could not save \"%s\": %s"), output_path,
                     gimp_pdb_get_last_error (gimp_get_pdb ()));
      g_object_unref (file);
    }
  if (reference)
    gimp_image_delete (reference);
  gimp_image_delete (source);
  return ok;
}

static GimpValueArray *
run_file (GimpProcedure *procedure, GimpProcedureConfig *config,
          gpointer run_data)
{
  static const gchar *names[] = { "source", "reference", "output" };
  gchar *paths[3] = { NULL, NULL, NULL };
  gdouble strength;
  GError *error = NULL;
  guint i;

  g_object_get (config, "source", &paths[0], "reference", &paths[1], "output",
                &paths[2], "strength", &strength, NULL);
  for (i = 0; i < 3 && !error; i++)
    if (!paths[i] || !paths[i][0])
      g_set_error (&error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s file name is empty"), names[i]);
  if (!error)
    recolor_file (paths[0], paths[1], paths[2], strength, &error);
  for (i = 0; i < 3; i++)
    g_free (paths[i]);
  if (error)
    return failure (procedure, error);
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

static GimpProcedure *
create_layer_procedure (GimpPlugIn *plug_in, const gchar *name)
{
  GimpProcedure *procedure = gimp_image_procedure_new (
      plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN, run_layer, NULL, NULL);

  gimp_procedure_set_image_types (procedure, "RGB*");
  gimp_procedure_set_sensitivity_mask (procedure,
                                       GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_menu_label (procedure, _ ("Sobolev Color _Transfer..."));
  gimp_procedure_add_menu_path (procedure, "<Image>/Colors/Map");
  gimp_procedure_set_documentation (
      procedure, _ ("Recolor a layer to match the colors of a reference layer"),
      "Moves the layer's colors along a smooth transport path (Sobolev "
      "descent, Mroueh et al. 2019) until they are distributed like the "
      "reference's, then maps every pixel through the resulting 3-D LUT.  "
      "The selection, if any, weights the source colors and limits the "
      "change; the reference may be any layer of any open image.",
      name);
  gimp_procedure_set_attribution (procedure, "sobolev-transfer authors",
                                  "sobolev-transfer authors", "2025");

  gimp_procedure_add_layer_argument (
      procedure, "reference", _ ("Reference"),
      _ ("The layer whose colors to match (any image; its alpha weights "
         "its colors)"),
      TRUE, G_PARAM_READWRITE);
  sobolev_gimp3_add_param_arguments (procedure);
  gimp_procedure_add_file_argument (
      procedure, "lut-file", _ ("LUT file"),
      _ ("If set, also write the color map as a .cube 3-D LUT to this "
         "file"),
      GIMP_FILE_CHOOSER_ACTION_SAVE, TRUE, NULL, G_PARAM_READWRITE);
  return procedure;
}

static GimpProcedure *
create_file_procedure (GimpPlugIn *plug_in, const gchar *name)
{
  GimpProcedure *procedure = gimp_procedure_new (
      plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN, run_file, NULL, NULL);

  gimp_procedure_set_documentation (
      procedure, "Recolor an image file to match a reference file",
      "Loads source and reference (their visible layers merged), recolors "
      "the source with the default parameters at the given strength, and "
      "saves the result to output.  For batch use, e.g. "
      "gimp-console-3.0 -i -b.",
      name);
  gimp_procedure_set_attribution (procedure, "sobolev-transfer authors",
                                  "sobolev-transfer authors", "2025");
  /* The same arguments as the GIMP 2.10 procedure, so that one script
     calls either.  */
  gimp_procedure_add_enum_argument (procedure, "run-mode", "Run mode",
                                    "The run mode", GIMP_TYPE_RUN_MODE,
                                    GIMP_RUN_NONINTERACTIVE, G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, "source", "Source",
                                      "The image file to recolor", NULL,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (procedure, "reference", "Reference",
                                      "The image file whose colors to match",
                                      NULL, G_PARAM_READWRITE);
  gimp_procedure_add_string_argument (
      procedure, "output", "Output",
      "Where to save the result (the format follows the extension)", NULL,
      G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (
      procedure, "strength", "Strength",
      "Fraction of the transport path travelled (0 .. 1)", 0.0, 1.0, 1.0,
      G_PARAM_READWRITE);
  return procedure;
}

static GimpProcedure *
create_procedure (GimpPlugIn *plug_in, const gchar *name)
{
  if (g_strcmp0 (name, PLUG_IN_PROC) == 0)
    return create_layer_procedure (plug_in, name);
  if (g_strcmp0 (name, PLUG_IN_FILE_PROC) == 0)
    return create_file_procedure (plug_in, name);
  return NULL;
}

static void
sobolev_plug_in_class_init (SobolevPlugInClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);

  plug_in_class->query_procedures = query_procedures;
  plug_in_class->create_procedure = create_procedure;
  plug_in_class->set_i18n = set_i18n;
}

static void
sobolev_plug_in_init (SobolevPlugIn *plug_in)
{
}
