/* sobolev-transfer — the GIMP 2.10 plug-in: PDB registration, run modes,
   last values, errors.  The pixels go through drawable-io.c; the
   transport is the core's.  */
#include <glib/gi18n-lib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/resource.h>

#include <gtk/gtk.h>
#include <libgimp/gimp.h>

#include "sobolev.h"
#include "dialog.h"
#include "drawable-io.h"
#include "layer-rules.h"
#include "plugin-values.h"
#include "procedure-text.h"
#include "progress-bar.h"

/* The arguments before the parameter table's, and after it.  */
enum
{
  ARG_RUN_MODE,
  ARG_IMAGE,
  ARG_DRAWABLE,
  ARG_REFERENCE,
  N_FIXED_ARGS
};
#define N_TRAILING_ARGS 3 /* lut-file, reference-palette, look-file */

static void query (void);
static void run (const gchar *name, gint nparams, const GimpParam *param,
                 gint *nreturn_vals, GimpParam **return_vals);

const GimpPlugInInfo PLUG_IN_INFO = {
  NULL,  /* init_proc */
  NULL,  /* quit_proc */
  query, /* query_proc */
  run,   /* run_proc */
};

/* MAIN (), with the heap on huge pages first (large-buffer.h).  */
int
main (int argc, char *argv[])
{
  sobolev_heap_on_huge_pages (argv);
  return gimp_main (&PLUG_IN_INFO, argc, argv);
}

static void
query (void)
{
  static const GimpParamDef file_args[] = {
    { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-NONINTERACTIVE (1) }" },
    { GIMP_PDB_STRING, "source", "The image file to recolor" },
    { GIMP_PDB_STRING, "reference", "The image file whose colors to match" },
    { GIMP_PDB_STRING, "output",
      "Where to save the result (the format follows the extension)" },
    { GIMP_PDB_FLOAT, "strength",
      "Fraction of the transport path travelled (0 .. 1)" },
  };
  guint n_args = N_FIXED_ARGS + sobolev_n_param_specs + N_TRAILING_ARGS;
  GimpParamDef *args = g_new0 (GimpParamDef, n_args);
  guint i;

  args[ARG_RUN_MODE] = (GimpParamDef){
    GIMP_PDB_INT32, "run-mode",
    "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
    "RUN-WITH-LAST-VALS (2) }"
  };
  args[ARG_IMAGE] = (GimpParamDef){ GIMP_PDB_IMAGE, "image", "Input image" };
  args[ARG_DRAWABLE]
      = (GimpParamDef){ GIMP_PDB_DRAWABLE, "drawable",
                        "The RGB layer to recolor (the selection limits "
                        "and weights the change)" };
  args[ARG_REFERENCE] = (GimpParamDef){
    GIMP_PDB_DRAWABLE, "reference",
    "The layer whose colors to match (any image; its alpha weights its "
    "colors)"
  };

  /* The user parameters come from the core's one table.  Enumerations
     are strings ("kernel", "oklab"): readable in scripts, and they stay
     right when a choice is added.  */
  for (i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      GimpParamDef *def = &args[N_FIXED_ARGS + i];

      def->type = spec->type == SOBOLEV_PARAM_TYPE_INT      ? GIMP_PDB_INT32
                  : spec->type == SOBOLEV_PARAM_TYPE_DOUBLE ? GIMP_PDB_FLOAT
                                                            : GIMP_PDB_STRING;
      def->name = (gchar *) spec->name;
      def->description = sobolev_param_help (spec, spec->blurb, NULL);
    }
  args[n_args - 3] = (GimpParamDef){
    GIMP_PDB_STRING, "lut-file",
    "If not empty, also write the color map as a .cube 3-D LUT to this file"
  };
  args[n_args - 2] = (GimpParamDef){
    GIMP_PDB_STRING, "reference-palette",
    "If not empty, the name of a GIMP palette whose colors to match, "
    "equally weighted, instead of the reference layer's (reference is then "
    "ignored: pass -1)"
  };
  args[n_args - 1] = (GimpParamDef){
    GIMP_PDB_STRING, "look-file",
    "If not empty, a saved look (a .cube 3-D LUT) to apply instead of "
    "matching a reference: strength, preserve-lightness and fidelity apply "
    "to it, reference and the other parameters are ignored"
  };

  gimp_install_procedure (
      PLUG_IN_PROC, PLUG_IN_BLURB,
      PLUG_IN_HELP "  Enumerated parameters are strings (an empty string "
                   "means the default).  lut-file, reference-palette and "
                   "look-file may be left out.",
      PLUG_IN_AUTHOR, PLUG_IN_AUTHOR, PLUG_IN_DATE, PLUG_IN_MENU_LABEL, "RGB*",
      GIMP_PLUGIN, n_args, 0, args, NULL);
  gimp_plugin_menu_register (PLUG_IN_PROC, PLUG_IN_MENU_PATH);
  /* GIMP translates the menu label and blurb in our domain.  */
  gimp_plugin_domain_register (GETTEXT_PACKAGE, sobolev_locale_dir ());

  gimp_install_procedure (PLUG_IN_FILE_PROC, PLUG_IN_FILE_BLURB,
                          PLUG_IN_FILE_HELP ("gimp-console-2.10"),
                          PLUG_IN_AUTHOR, PLUG_IN_AUTHOR, PLUG_IN_DATE, NULL,
                          NULL, GIMP_PLUGIN, G_N_ELEMENTS (file_args), 0,
                          file_args, NULL);

  for (i = 0; i < sobolev_n_param_specs; i++)
    g_free (args[N_FIXED_ARGS + i].description);
  g_free (args);
}

/* The return values: the status, and for failures a message that GIMP
   shows to the user or hands to the calling script.  */
static GimpParam return_values[2];

static void
set_return (GimpPDBStatusType status, const gchar *message, gint *nreturn_vals,
            GimpParam **return_vals)
{
  static gchar *kept = NULL;

  g_free (kept);
  kept = g_strdup (message);
  return_values[0].type = GIMP_PDB_STATUS;
  return_values[0].data.d_status = status;
  *nreturn_vals = 1;
  if (status != GIMP_PDB_SUCCESS && kept)
    {
      return_values[1].type = GIMP_PDB_STRING;
      return_values[1].data.d_string = kept;
      *nreturn_vals = 2;
    }
  *return_vals = return_values;
}

/* Wrong arguments are the caller's fault; anything else went wrong while
   running.  */
static GimpPDBStatusType
status_of (const GError *error)
{
  if (error->domain == SOBOLEV_ERROR
      && error->code == SOBOLEV_ERROR_INVALID_ARGUMENT)
    return GIMP_PDB_CALLING_ERROR;
  if (error->domain == SOBOLEV_ERROR && error->code == SOBOLEV_ERROR_CANCELLED)
    return GIMP_PDB_CANCEL;
  return GIMP_PDB_EXECUTION_ERROR;
}

/* Reads the table's parameters from the PDB arguments.  Choices are
   strings, read by the table; the recoloring checks every value.  */
static gboolean
params_from_args (const GimpParam *param, SobolevParams *params, GError **error)
{
  sobolev_params_init (params);
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    {
      const SobolevParamSpec *spec = &sobolev_param_specs[i];
      const GimpParam *arg = &param[N_FIXED_ARGS + i];

      if (spec->type != SOBOLEV_PARAM_TYPE_ENUM)
        sobolev_params_set (params, spec,
                            spec->type == SOBOLEV_PARAM_TYPE_INT
                                ? arg->data.d_int32
                                : arg->data.d_float);
      else if (arg->data.d_string && arg->data.d_string[0]
               && !sobolev_params_set_from_string (params, spec,
                                                   arg->data.d_string, error))
        return FALSE;
    }
  return TRUE;
}

/* TRUE when the dialog can be shown: GTK opens the display GIMP names
   (as gimp_ui_init will), or $DISPLAY.  gimp_ui_init itself ends the
   process when it cannot, which GIMP reports as a crash; under
   gimp-console there is no display.  */
static gboolean
have_display (void)
{
  const gchar *display = gimp_display_name ();
  gchar *args[] = { (gchar *) PLUG_IN_BINARY, (gchar *) "--display",
                    (gchar *) display, NULL };
  gchar **argv = args;
  gint argc = display ? 3 : 1;

  return gtk_init_check (&argc, &argv);
}

/* With SOBOLEV_TIMING set, each stage's wall time goes to stderr (GIMP's
   terminal): what tests/bench/bench-plugin needs to explain a ratio.  */
static void
stage_done (const gchar *stage)
{
  static gint64 last = 0;
  gint64 now = g_get_monotonic_time ();

  if (last && g_getenv ("SOBOLEV_TIMING"))
    g_printerr ("sobolev-transfer: %s %.3f s\n", stage, (now - last) / 1e6);
  last = now;
}

/* With SOBOLEV_TIMING set, the processor time the process has used so
   far, on all its threads: steadier than wall times on a busy machine,
   and it shows threads that spin.  */
static void
processor_time_done (void)
{
  struct rusage usage;

  if (g_getenv ("SOBOLEV_TIMING") && getrusage (RUSAGE_SELF, &usage) == 0)
    g_printerr ("sobolev-transfer: processor %.3f s\n",
                usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
                    + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);
}

/* The map for the values: from the dialog's finished run, or from a
   run here on the layer's and the reference's pixels.  pixels gets the
   layer's, for the write.  */
static SobolevLut *
recolor_map (gint32 drawable_id, const PlugInValues *values,
             SobolevRecolor *computed, PlugInPixels **pixels, GError **error)
{
  g_autoptr (SobolevRecolor) recolor = NULL;
  g_autoptr (PlugInPixels) reference = NULL;
  PlugInProgressBar bar = { 0 };

  if (computed || values->use_look)
    {
      g_autoptr (SobolevLut) look = NULL;

      /* The look first: a file that cannot be read stops the run before
         the layer is read.  */
      if (values->use_look)
        {
          look = plug_in_look_map (values->look_path, values->params.strength,
                                   values->params.preserve_lightness, error);
          if (!look)
            return NULL;
        }
      *pixels = plug_in_pixels_read (drawable_id, SOBOLEV_RECOLOR_SOURCE, NULL,
                                     FALSE, TRUE, NULL, NULL, error);
      if (!*pixels)
        return NULL;
      return look ? g_steal_pointer (&look)
                  : sobolev_recolor_lut_at (
                      computed, values->params.strength,
                      sobolev_params_lightness_kept (&values->params));
    }
  recolor = sobolev_recolor_new (&values->params, error);
  if (!recolor)
    return NULL;
  if (values->use_palette
          ? !plug_in_palette_read (values->palette, recolor, error)
          : !plug_in_drawable_check (values->reference_id,
                                     SOBOLEV_RECOLOR_REFERENCE, error))
    return NULL;
  /* The source's pixels are read once, for its colors and for the
     write, when they fit in memory.  */
  plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_SOURCE);
  *pixels
      = plug_in_pixels_read (drawable_id, SOBOLEV_RECOLOR_SOURCE, recolor, TRUE,
                             TRUE, plug_in_progress_bar_update, &bar, error);
  if (!*pixels)
    return NULL;
  stage_done ("source cloud");
  plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_REFERENCE);
  if (!values->use_palette)
    {
      reference = plug_in_pixels_read (
          values->reference_id, SOBOLEV_RECOLOR_REFERENCE, recolor, FALSE,
          values->reference_selection, plug_in_progress_bar_update, &bar,
          error);
      if (!reference)
        return NULL;
      stage_done ("reference cloud");
    }
  plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_TRANSFER);
  if (!sobolev_recolor_run (recolor, plug_in_progress_bar_update, NULL, &bar,
                            error))
    return NULL;
  stage_done ("transfer");
  return sobolev_recolor_lut (recolor);
}

static gboolean
recolor_write (PlugInPixels *pixels, const SobolevLut *lut, gdouble gain,
               GError **error)
{
  PlugInProgressBar bar = { 0 };
  gboolean ok;

  gimp_progress_set_text (_ ("Recoloring"));
  plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_WRITE);
  ok = plug_in_pixels_write (pixels, lut, gain, plug_in_progress_bar_update,
                             &bar, error);
  gimp_progress_update (1.0);
  stage_done ("apply");
  processor_time_done ();
  return ok;
}

/* The whole run on a layer: map, LUT file, write (to the layer or a new
   one above it).  The image changes only in the last step.  */
static gboolean
recolor (gint32 drawable_id, const PlugInValues *values,
         SobolevRecolor *computed, GError **error)
{
  g_autoptr (PlugInPixels) pixels = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  const gdouble gain
      = sobolev_guard_gain (values->params.fidelity, values->use_look);
  gboolean ok;

  if (!plug_in_drawable_check (drawable_id, SOBOLEV_RECOLOR_SOURCE, error))
    return FALSE;
  plug_in_progress_bar_start (_ ("Sobolev color transfer"));
  stage_done ("start");
  lut = recolor_map (drawable_id, values, computed, &pixels, error);
  /* The LUT file first: if it cannot be written, the image stays as it
     was.  */
  ok = lut
       && (!values->lut_path[0]
           || sobolev_lut_save_cube (lut, values->lut_path, "sobolev-transfer",
                                     error));
  if (ok && values->new_layer)
    {
      /* The map was made from the layer's colors; a copy above it takes
         the result.  One undo group: the copy and its pixels go back in
         one step, and a failed write takes the copy away again.  */
      gint32 image_id = gimp_item_get_image (drawable_id);
      gint32 copy = gimp_layer_copy (drawable_id);
      g_autofree gchar *name = gimp_item_get_name (drawable_id);
      g_autofree gchar *copy_name = NULL;

      /* TRANSLATORS: the name of the new layer, from the recolored one's. */
      copy_name = g_strdup_printf (_ ("%s (recolored)"), name);
      gimp_image_undo_group_start (image_id);
      ok = copy >= 0
           && gimp_image_insert_layer (
               image_id, copy, gimp_item_get_parent (drawable_id),
               gimp_image_get_item_position (image_id, drawable_id));
      if (ok)
        {
          gimp_item_set_name (copy, copy_name);
          /* The copy's pixels are the layer's, as read or kept.  */
          plug_in_pixels_retarget (pixels, copy);
        }
      if (ok)
        ok = recolor_write (pixels, lut, gain, error);
      if (!ok && copy >= 0 && gimp_item_is_valid (copy))
        gimp_image_remove_layer (image_id, copy);
      gimp_image_undo_group_end (image_id);
      if (ok)
        gimp_image_set_active_layer (image_id, copy);
    }
  else if (ok)
    ok = recolor_write (pixels, lut, gain, error);
  gimp_progress_end ();
  return ok;
}

/* The trailing argument at index past the table's, or NULL when it is
   left out or empty.  */
static const gchar *
trailing_string (gint nparams, const GimpParam *param, gint index)
{
  gint n = N_FIXED_ARGS + sobolev_n_param_specs + index;

  return nparams > n && param[n].data.d_string && param[n].data.d_string[0]
             ? param[n].data.d_string
             : NULL;
}

/* A reference-palette or look-file given by the caller: the reference
   instead of the layer (a look wins over a palette).  */
static void
values_from_trailing_args (PlugInValues *values, gint nparams,
                           const GimpParam *param)
{
  const gchar *palette = trailing_string (nparams, param, 1);
  const gchar *look = trailing_string (nparams, param, 2);

  if (palette)
    {
      values->use_palette = TRUE;
      values->use_look = FALSE;
      g_strlcpy (values->palette, palette, sizeof values->palette);
    }
  if (look)
    {
      values->use_look = TRUE;
      g_strlcpy (values->look_path, look, sizeof values->look_path);
    }
}

static void
run_transfer (gint nparams, const GimpParam *param, gint *nreturn_vals,
              GimpParam **return_vals)
{
  GimpRunMode run_mode;
  gint32 drawable_id;
  gint n_table = N_FIXED_ARGS + sobolev_n_param_specs;
  PlugInValues values;
  g_autoptr (SobolevRecolor) computed = NULL;
  gboolean stale = FALSE;
  GError *error = NULL;

  /* GIMP's menu entry, Repeat, Re-Show and the action search pass only
     run-mode, image and drawable: everything else comes from the dialog
     or the last values.  */
  if (nparams < ARG_REFERENCE)
    {
      set_return (GIMP_PDB_CALLING_ERROR,
                  _ ("Too few arguments: the run mode, the image and the "
                     "layer are needed"),
                  nreturn_vals, return_vals);
      return;
    }
  run_mode = param[ARG_RUN_MODE].data.d_int32;
  drawable_id = param[ARG_DRAWABLE].data.d_drawable;

  switch (run_mode)
    {
    case GIMP_RUN_NONINTERACTIVE:
      plug_in_values_init (&values);
      if (nparams < n_table || nparams > n_table + N_TRAILING_ARGS)
        {
          gchar *msg = g_strdup_printf (
              _ ("%s takes %d arguments (%d with lut-file, %d with "
                 "reference-palette too, %d with look-file too), not %d"),
              PLUG_IN_PROC, n_table, n_table + 1, n_table + 2, n_table + 3,
              nparams);

          set_return (GIMP_PDB_CALLING_ERROR, msg, nreturn_vals, return_vals);
          g_free (msg);
          return;
        }
      values.reference_id = param[ARG_REFERENCE].data.d_drawable;
      if (!params_from_args (param, &values.params, &error))
        break;
      if (nparams > n_table && param[n_table].data.d_string)
        g_strlcpy (values.lut_path, param[n_table].data.d_string,
                   sizeof values.lut_path);
      values_from_trailing_args (&values, nparams, param);
      break;

    case GIMP_RUN_WITH_LAST_VALS:
      if (!plug_in_values_load (&values, &stale))
        g_set_error (&error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     _ ("There are no last values of Sobolev Color Transfer "
                        "yet: run it once with a reference layer first"));
      else if (!values.use_palette && !values.use_look
               && (stale || values.reference_id < 0))
        g_set_error (&error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                     _ ("The reference layer used last time no longer exists: "
                        "run Sobolev Color Transfer again and choose one"));
      break;

    case GIMP_RUN_INTERACTIVE:
    default:
      if (!have_display ())
        {
          set_return (GIMP_PDB_EXECUTION_ERROR,
                      _ ("Sobolev Color Transfer cannot show its dialog: "
                         "there is no display (from a script or "
                         "gimp-console, call it with RUN-NONINTERACTIVE)"),
                      nreturn_vals, return_vals);
          return;
        }
      plug_in_values_load (&values, &stale);
      /* A reference passed by the caller wins over the stored one.  */
      if (nparams > ARG_REFERENCE
          && gimp_item_is_valid (param[ARG_REFERENCE].data.d_drawable)
          && param[ARG_REFERENCE].data.d_drawable != drawable_id)
        {
          values.reference_id = param[ARG_REFERENCE].data.d_drawable;
          values.use_palette = values.use_look = FALSE;
        }
      values_from_trailing_args (&values, nparams, param);

      /* On OK the values hold the reference, parameters and LUT path,
         and computed the finished run, so it is not run again.  */
      if (!plug_in_dialog_run (param[ARG_IMAGE].data.d_image, drawable_id,
                               &values, &computed))
        {
          set_return (GIMP_PDB_CANCEL, NULL, nreturn_vals, return_vals);
          return;
        }
      break;
    }

  if (!error && recolor (drawable_id, &values, computed, &error))
    {
      /* Only a run that succeeded becomes the last values.  */
      plug_in_values_save (&values);
      if (run_mode != GIMP_RUN_NONINTERACTIVE)
        gimp_displays_flush ();
      set_return (GIMP_PDB_SUCCESS, NULL, nreturn_vals, return_vals);
      return;
    }

  if (error)
    {
      set_return (status_of (error), error->message, nreturn_vals, return_vals);
      g_error_free (error);
    }
  else
    {
      set_return (GIMP_PDB_EXECUTION_ERROR, _ ("Sobolev Color Transfer failed"),
                  nreturn_vals, return_vals);
    }
}

/* Loads a file as an image with a single RGB layer.  */
static gint32
load_flat (const gchar *path, const gchar *what, gint32 *layer,
           gboolean need_rgb, GError **error)
{
  gint32 image;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("The %s file \"%s\" does not exist or is not a file"),
                   what, path);
      return -1;
    }
  image = gimp_file_load (GIMP_RUN_NONINTERACTIVE, path, path);
  if (image < 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("Could not open the %s file \"%s\": %s"), what, path,
                   gimp_get_pdb_error ());
      return -1;
    }
  /* A file proper has no "active layer" a user chose: what it shows is
     its visible layers, merged.  */
  {
    gint n = 0;
    gint *layers = gimp_image_get_layers (image, &n);

    *layer = n > 1 ? gimp_image_merge_visible_layers (image, GIMP_CLIP_TO_IMAGE)
             : n == 1 ? layers[0]
                      : -1;
    g_free (layers);
  }
  if (*layer >= 0 && need_rgb && !gimp_drawable_is_rgb (*layer))
    {
      /* The output is a new file, so making it RGB loses nothing.  */
      gimp_image_convert_rgb (image);
      *layer = gimp_image_get_active_layer (image);
    }
  if (*layer < 0)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("The %s file \"%s\" has no visible layer"), what, path);
      gimp_image_delete (image);
      return -1;
    }
  return image;
}

/* Saves layer of image to output through a temporary file beside its
   target (safe-file.h): GIMP's savers write in place, so a failed save
   (a full disk) would otherwise leave output cut short.  The temporary
   file is loaded back before it replaces output.  */
static gboolean
save_safely (gint32 image, gint32 layer, const gchar *output, GError **error)
{
  g_autofree gchar *target = NULL;
  g_autofree gchar *tmp = NULL;
  gint32 back;
  gboolean whole;

  target = sobolev_safe_file_target (output, error);
  if (target == NULL)
    return FALSE;
  tmp = sobolev_safe_file_temporary (target);
  if (!gimp_file_save (GIMP_RUN_NONINTERACTIVE, image, layer, tmp, tmp))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("Could not save \"%s\": %s"), output,
                   gimp_get_pdb_error ());
      g_unlink (tmp);
      return FALSE;
    }
  back = gimp_file_load (GIMP_RUN_NONINTERACTIVE, tmp, tmp);
  whole = back >= 0 && gimp_image_width (back) == gimp_image_width (image)
          && gimp_image_height (back) == gimp_image_height (image);
  if (back >= 0)
    gimp_image_delete (back);
  return plug_in_save_finish (whole, tmp, target, output, error);
}

static gboolean
recolor_file (const gchar *source_path, const gchar *reference_path,
              const gchar *output_path, gdouble strength, GError **error)
{
  PlugInValues values;
  gint32 source = -1, reference = -1, layer = -1;
  gboolean ok = FALSE;

  plug_in_values_init (&values);
  values.params.strength = strength;

  /* Before any work: the output never replaces a file this call reads,
     and it can be written.  */
  if (sobolev_safe_file_same (output_path, source_path)
      || sobolev_safe_file_same (output_path, reference_path))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The output file \"%s\" is the %s file: writing it "
                      "would replace it; choose another name"),
                   output_path,
                   sobolev_safe_file_same (output_path, source_path)
                       ? _ ("source")
                       : _ ("reference"));
      return FALSE;
    }
  {
    g_autofree gchar *target = sobolev_safe_file_target (output_path, error);

    if (target == NULL)
      return FALSE;
  }

  source = load_flat (source_path, _ ("source"), &layer, TRUE, error);
  if (source < 0)
    return FALSE;
  reference = load_flat (reference_path, _ ("reference"), &values.reference_id,
                         FALSE, error);
  if (reference >= 0 && recolor (layer, &values, NULL, error))
    {
      gchar *lower = g_ascii_strdown (output_path, -1);

      /* Formats without alpha refuse a layer with it in non-interactive
         saves.  */
      if ((g_str_has_suffix (lower, ".jpg")
           || g_str_has_suffix (lower, ".jpeg"))
          && gimp_drawable_has_alpha (layer))
        layer = gimp_image_flatten (source);
      g_free (lower);

      ok = save_safely (source, layer, output_path, error);
    }
  if (reference >= 0)
    gimp_image_delete (reference);
  gimp_image_delete (source);
  return ok;
}

static void
run_file (gint nparams, const GimpParam *param, gint *nreturn_vals,
          GimpParam **return_vals)
{
  const gchar *paths[3];
  GError *error = NULL;
  guint i;

  if (nparams != 5)
    {
      set_return (GIMP_PDB_CALLING_ERROR,
                  _ ("plug-in-sobolev-transfer-file takes 5 arguments: "
                     "run-mode, source, reference, output, strength"),
                  nreturn_vals, return_vals);
      return;
    }
  for (i = 0; i < 3; i++)
    {
      paths[i] = param[1 + i].data.d_string;
      if (!paths[i] || !paths[i][0])
        {
          static const gchar *names[] = { "source", "reference", "output" };
          gchar *msg
              = g_strdup_printf (_ ("The %s file name is empty"), names[i]);

          set_return (GIMP_PDB_CALLING_ERROR, msg, nreturn_vals, return_vals);
          g_free (msg);
          return;
        }
    }
  /* The strength is checked with the other parameters, by the core.  */
  if (recolor_file (paths[0], paths[1], paths[2], param[4].data.d_float,
                    &error))
    set_return (GIMP_PDB_SUCCESS, NULL, nreturn_vals, return_vals);
  else
    {
      set_return (status_of (error), error->message, nreturn_vals, return_vals);
      g_error_free (error);
    }
}

/* babl reads its cache of conversions when GEGL starts, and for the
   8-bit conversions GIMP keeps there babl 0.1.98 times lookup tables at
   every start: 0.4–1.2 s of each run, more as the cache grows.  The
   layer procedure skips the cache (BABL_INHIBIT_CACHE) when every open
   image is 8- or 16-bit perceptual RGB in sRGB, GIMP's built-in or a
   profile babl takes for it (the sRGB profile most cameras and photo
   programs embed): every layer it can read is then copied in its own
   format, and so is a selection's mask (plug_in_mask_read scales it),
   so babl's choice among conversion paths, which it times anew without
   the cache, has nothing to change.
   babl writes its cache only at gegl_exit, which the plug-in never
   calls: GIMP's is left as it is.  A BABL_INHIBIT_CACHE the user set is
   kept.  */
static void
skip_babl_cache_if_unused (const gchar *name)
{
  gint n_images = 0;
  gint32 *images;
  gboolean copies_only = TRUE;

  if (strcmp (name, PLUG_IN_PROC) != 0 || g_getenv ("BABL_INHIBIT_CACHE"))
    return;
  images = gimp_image_list (&n_images);
  for (gint i = 0; i < n_images; i++)
    {
      GimpPrecision precision = gimp_image_get_precision (images[i]);
      /* A layer of an image with a profile of another space has a format
         in that space: it is converted to sRGB floats.  */
      GimpColorProfile *profile = gimp_image_get_color_profile (images[i]);
      gsize icc_length = 0;
      const guint8 *icc
          = profile ? gimp_color_profile_get_icc_profile (profile, &icc_length)
                    : NULL;

      if (gimp_image_base_type (images[i]) != GIMP_RGB
          || (precision != GIMP_PRECISION_U8_GAMMA
              && precision != GIMP_PRECISION_U16_GAMMA)
          || (profile && !sobolev_icc_profile_is_srgb (icc, icc_length)))
        copies_only = FALSE;
      g_clear_object (&profile);
    }
  g_free (images);
  if (copies_only)
    g_setenv ("BABL_INHIBIT_CACHE", "1", TRUE);
}

static void
run (const gchar *name, gint nparams, const GimpParam *param,
     gint *nreturn_vals, GimpParam **return_vals)
{
  /* Before any message: errors raised before the dialog exists are read
     by the user too, from wherever the catalogs were installed.  */
  sobolev_i18n_init ();
  plug_in_gegl_without_modules ();
  skip_babl_cache_if_unused (name);
  gegl_init (NULL, NULL);

  if (nparams < 1)
    set_return (GIMP_PDB_CALLING_ERROR, _ ("Too few arguments"), nreturn_vals,
                return_vals);
  else if (strcmp (name, PLUG_IN_PROC) == 0)
    run_transfer (nparams, param, nreturn_vals, return_vals);
  else if (strcmp (name, PLUG_IN_FILE_PROC) == 0)
    run_file (nparams, param, nreturn_vals, return_vals);
  else
    set_return (GIMP_PDB_CALLING_ERROR, _ ("Unknown procedure"), nreturn_vals,
                return_vals);
}
