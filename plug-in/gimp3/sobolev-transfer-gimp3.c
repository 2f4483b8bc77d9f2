/* sobolev-transfer — the GIMP 3 plug-in: the layer procedure in
   Colors ▸ Map and the file procedure, their arguments from the core's
   parameter table, run modes, last values and presets through
   GimpProcedureConfig.  Pixels go through gimp3-drawable.c.  */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gimp3-args.h"
#include "gimp3-dialog.h"
#include "gimp3-drawable.h"
#include "layer-rules.h"
#include "procedure-text.h"
#include "progress-bar.h"

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

/* GIMP_MAIN, with the heap on huge pages (large-buffer.h) and GEGL told
   to load no operation module first: libgimp starts GEGL before any
   procedure runs.  */
int
main (int argc, char *argv[])
{
  sobolev_heap_on_huge_pages (argv);
  plug_in_gegl_without_modules ();
  return gimp_main (sobolev_plug_in_get_type (), argc, argv);
}

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

/* Where the colors to match come from and where the result goes: the
   procedure's arguments beside the parameter table's.  */
typedef struct
{
  GimpDrawable *reference;      /* a layer, when palette is empty */
  const gchar *palette;         /* a GIMP palette's name, or NULL or "" */
  gboolean reference_selection; /* the reference image's selection weighs */
  gboolean new_layer;           /* the result goes to a new layer above */
  GFile *lut_file;              /* also write the map here, or NULL */
  GFile *look_file; /* a saved look applied instead of any reference */
} RecolorTarget;

static gboolean
uses_palette (const RecolorTarget *target)
{
  return target->palette && target->palette[0];
}

/* Puts a copy of source above it, named after it, for the result; NULL
   (with the message) when GIMP refuses.  Call inside an undo group.  */
static GimpLayer *
insert_copy (GimpDrawable *source, GError **error)
{
  GimpImage *image = gimp_item_get_image (GIMP_ITEM (source));
  GimpLayer *copy = gimp_layer_copy (GIMP_LAYER (source));
  gchar *name, *copy_name;

  if (!copy
      || !gimp_image_insert_layer (
          image, copy, GIMP_LAYER (gimp_item_get_parent (GIMP_ITEM (source))),
          gimp_image_get_item_position (image, GIMP_ITEM (source))))
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("GIMP refused to write the result: %s"),
                   gimp_pdb_get_last_error (gimp_get_pdb ()));
      if (copy)
        gimp_item_delete (GIMP_ITEM (copy));
      return NULL;
    }
  name = gimp_item_get_name (GIMP_ITEM (source));
  /* TRANSLATORS: the name of the new layer, from the recolored one's. */
  copy_name = g_strdup_printf (_ ("%s (recolored)"), name);
  gimp_item_set_name (GIMP_ITEM (copy), copy_name);
  g_free (copy_name);
  g_free (name);
  return copy;
}

/* Writes the map to a copy of source above it, from source's pixels as
   read (the copy's are the same): one undo group, so the copy and its
   pixels go back in one step, and a failed write takes the copy away
   again.  The copy becomes the selected layer.  */
static gboolean
write_new_layer (GimpDrawable *source, SobolevGimp3Layer *pixels,
                 const SobolevLut *lut, gdouble gain, PlugInProgressBar *bar,
                 GError **error)
{
  GimpImage *image = gimp_item_get_image (GIMP_ITEM (source));
  GimpLayer *copy;
  gboolean ok = FALSE;

  gimp_image_undo_group_start (image);
  copy = insert_copy (source, error);
  if (copy)
    {
      sobolev_gimp3_layer_retarget (pixels, GIMP_DRAWABLE (copy));
      ok = sobolev_gimp3_layer_write (pixels, lut, gain,
                                      plug_in_progress_bar_update, bar, error);
      if (!ok)
        gimp_image_remove_layer (image, copy);
    }
  gimp_image_undo_group_end (image);
  if (ok)
    {
      const GimpLayer *selected[] = { copy, NULL };

      gimp_image_set_selected_layers (image, selected);
    }
  return ok;
}

/* Recolors source toward the target's reference with params: reads
   both, runs the core (unless computed, the dialog's finished run for
   these values, is given), and writes the result with one undo step.
   With a saved look, the look is the map instead.  The image is
   untouched when this fails.  */
static gboolean
recolor (GimpDrawable *source, const RecolorTarget *target,
         const SobolevParams *params, SobolevRecolor *computed, GError **error)
{
  g_autoptr (SobolevGimp3Layer) src = NULL;
  g_autoptr (SobolevRecolor) recolor = NULL;
  g_autoptr (SobolevLut) lut = NULL;
  PlugInProgressBar bar = { 0 };
  const gdouble gain
      = sobolev_guard_gain (params->fidelity, target->look_file != NULL);

  if (target->look_file)
    {
      g_autofree gchar *path = g_file_get_path (target->look_file);

      /* The look first: a file that cannot be read stops the run before
         the layer is read.  */
      if (!path)
        {
          g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                       _ ("The saved look must be a local file"));
          return FALSE;
        }
      lut = plug_in_look_map (path, params->strength,
                              params->preserve_lightness, error);
      if (!lut)
        return FALSE;
    }
  else if (!uses_palette (target) && !target->reference)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("No reference layer was given"));
      return FALSE;
    }
  if (!lut && !computed)
    {
      recolor = sobolev_recolor_new (params, error);
      if (!recolor)
        return FALSE;
    }
  /* The source's pixels are read once, for its colors and for the
     write, when they fit in memory.  */
  plug_in_progress_bar_start (_ ("Sobolev color transfer"));
  plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_SOURCE);
  src = sobolev_gimp3_layer_read (source, SOBOLEV_GIMP3_SOURCE, recolor,
                                  recolor != NULL, plug_in_progress_bar_update,
                                  &bar, error);
  if (!src)
    return FALSE;
  if (!lut && computed)
    lut = sobolev_recolor_lut_at (computed, params->strength,
                                  sobolev_params_lightness_kept (params));
  else if (!lut)
    {
      plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_REFERENCE);
      if (uses_palette (target))
        {
          if (!sobolev_gimp3_palette_read (target->palette, recolor, error))
            return FALSE;
        }
      else
        {
          g_autoptr (SobolevGimp3Layer) ref = sobolev_gimp3_layer_read (
              target->reference,
              target->reference_selection ? SOBOLEV_GIMP3_REFERENCE_SELECTED
                                          : SOBOLEV_GIMP3_REFERENCE,
              recolor, FALSE, plug_in_progress_bar_update, &bar, error);

          if (!ref)
            return FALSE;
        }
      plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_TRANSFER);
      if (!sobolev_recolor_run (recolor, plug_in_progress_bar_update, NULL,
                                &bar, error))
        return FALSE;
      lut = sobolev_recolor_lut (recolor);
      /* Its colors are not needed for the write.  */
      g_clear_pointer (&recolor, sobolev_recolor_free);
    }
  if (!lut)
    return FALSE;

  /* The LUT file first: if it cannot be written, the image stays as it
     was.  */
  if (target->lut_file)
    {
      gchar *path = g_file_get_path (target->lut_file);
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
  plug_in_progress_bar_enter (&bar, PLUG_IN_STAGE_WRITE);
  if (target->new_layer
          ? !write_new_layer (source, src, lut, gain, &bar, error)
          : !sobolev_gimp3_layer_write (
              src, lut, gain, plug_in_progress_bar_update, &bar, error))
    return FALSE;
  gimp_progress_update (1.0);
  return TRUE;
}

/* GIMP 3.0 keeps no layer argument between runs, and keeps the others
   only after interactive runs, so Repeat would have no reference.  The
   last one is kept by ID in a global parasite that is not persistent:
   IDs name the same layer only within one session.  */
#define LAST_REFERENCE_PARASITE "sobolev-transfer-last-reference"

/* The last reference, or NULL with *gone TRUE when there was one that
   no longer exists.  */
static GimpLayer *
last_reference (gboolean *gone)
{
  GimpParasite *parasite = gimp_get_parasite (LAST_REFERENCE_PARASITE);
  GimpLayer *layer = NULL;
  guint32 size = 0;
  const gchar *data;
  gchar *text;

  *gone = FALSE;
  if (!parasite)
    return NULL;
  data = gimp_parasite_get_data (parasite, &size);
  text = g_strndup (data, size);
  layer = gimp_layer_get_by_id ((gint32) g_ascii_strtoll (text, NULL, 10));
  g_free (text);
  gimp_parasite_free (parasite);
  *gone = layer == NULL;
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
  gboolean reference_gone = FALSE;
  g_autoptr (SobolevRecolor) computed = NULL;
  RecolorTarget target = { NULL };
  gchar *palette = NULL;
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
      reference = last_reference (&reference_gone);
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
  g_object_get (config, "reference", &reference, "reference-palette", &palette,
                "reference-selection", &target.reference_selection, "new-layer",
                &target.new_layer, "lut-file", &target.lut_file, "look-file",
                &target.look_file, NULL);
  target.reference = GIMP_DRAWABLE (reference);
  target.palette = palette;
  if (run_mode == GIMP_RUN_WITH_LAST_VALS && !reference
      && !uses_palette (&target) && !target.look_file)
    {
      g_set_error (&error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   reference_gone
                       ? _ ("The reference layer used last time no longer "
                            "exists: run Sobolev Color Transfer again and "
                            "choose one")
                       : _ ("There are no last values of Sobolev Color "
                            "Transfer yet: run it once with a reference "
                            "layer first"));
      ok = FALSE;
    }
  else
    ok = recolor (drawables[0], &target, &params, computed, &error);
  if (ok && reference && !uses_palette (&target) && !target.look_file)
    remember_reference (reference);
  g_clear_object (&reference);
  g_clear_object (&target.lut_file);
  g_clear_object (&target.look_file);
  g_free (palette);
  if (!ok)
    return failure (procedure, error);

  if (run_mode != GIMP_RUN_NONINTERACTIVE)
    gimp_displays_flush ();
  return gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
}

static void
too_large_error (const gchar *what, const gchar *path, guint64 width,
                 guint64 height, guint64 max_pixels, GError **error)
{
  /* The sizes as text: xgettext cannot see through G_GUINT64_FORMAT.  */
  gchar *w = g_strdup_printf ("%" G_GUINT64_FORMAT, width);
  gchar *h = g_strdup_printf ("%" G_GUINT64_FORMAT, height);

  g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
               _ ("The %s file \"%s\" is %s × %s pixels, more than the "
                  "limit of %g megapixels (max-megapixels)"),
               what, path, w, h, max_pixels / 1e6);
  g_free (w);
  g_free (h);
}

/* Refuses a file whose header claims more than max_pixels pixels, before
   any decoder allocates them (a few bytes may claim 10¹⁰ pixels).  A
   header this cannot read (another format, a damaged file) is left to
   GIMP's loader, which says what is wrong.  */
static gboolean
check_claimed_size (const gchar *path, const gchar *what, guint64 max_pixels,
                    GError **error)
{
  GMappedFile *mapped = g_mapped_file_new (path, FALSE, NULL);
  SobolevImageHeader header = { 0 };
  gboolean ok = TRUE;

  if (!mapped)
    return TRUE;
  sobolev_image_header_read (
      (const guchar *) g_mapped_file_get_contents (mapped),
      g_mapped_file_get_length (mapped), &header, NULL);
  g_mapped_file_unref (mapped);
  if (header.height > 0 && header.width > max_pixels / header.height)
    {
      too_large_error (what, path, header.width, header.height, max_pixels,
                       error);
      ok = FALSE;
    }
  return ok;
}

/* Loads a file as an image and returns the layer that stands for it:
   its visible layers merged, converted to RGB for the source.  */
static GimpImage *
load_flat (const gchar *path, const gchar *what, gboolean need_rgb,
           guint64 max_pixels, GimpLayer **layer, GError **error)
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
  if (!check_claimed_size (path, what, max_pixels, error))
    return NULL;
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
  /* The header may lie or be of a format not read above: the loaded
     size is checked too.  */
  if ((guint64) gimp_image_get_width (image) * gimp_image_get_height (image)
      > max_pixels)
    {
      too_large_error (what, path, gimp_image_get_width (image),
                       gimp_image_get_height (image), max_pixels, error);
      gimp_image_delete (image);
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

/* Saves image to output through a temporary file beside its target
   (safe-file.h): GIMP's savers write in place, so a failed save (a full
   disk) would otherwise leave output cut short.  The temporary file is
   loaded back before it replaces output.  */
static gboolean
save_safely (GimpImage *image, const gchar *output, GError **error)
{
  g_autofree gchar *target = NULL;
  g_autofree gchar *tmp = NULL;
  GFile *file;
  GimpImage *back;
  gboolean saved, whole;

  target = sobolev_safe_file_target (output, error);
  if (!target)
    return FALSE;
  tmp = sobolev_safe_file_temporary (target);
  file = g_file_new_for_path (tmp);
  saved = gimp_file_save (GIMP_RUN_NONINTERACTIVE, image, file, NULL);
  if (!saved)
    {
      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_IO,
                   _ ("Could not save \"%s\": %s"), output,
                   gimp_pdb_get_last_error (gimp_get_pdb ()));
      g_object_unref (file);
      g_unlink (tmp);
      return FALSE;
    }
  back = gimp_file_load (GIMP_RUN_NONINTERACTIVE, file);
  g_object_unref (file);
  whole = back && gimp_image_get_width (back) == gimp_image_get_width (image)
          && gimp_image_get_height (back) == gimp_image_get_height (image);
  if (back)
    gimp_image_delete (back);
  return plug_in_save_finish (whole, tmp, target, output, error);
}

/* The file procedure's arguments.  */
typedef struct
{
  const gchar *source, *reference, *output;
  gdouble strength;
  gboolean overwrite_source; /* output may be source, on purpose */
  guint64 max_pixels;        /* larger images are refused unread */
} FileJob;

static gboolean
recolor_file (const FileJob *job, GError **error)
{
  GimpImage *source, *reference;
  GimpLayer *layer = NULL, *reference_layer = NULL;
  RecolorTarget target = { NULL };
  SobolevParams params;
  gboolean ok = FALSE;

  sobolev_params_init (&params);
  params.strength = job->strength;

  /* Before any work: the output never replaces a file this call reads
     (the source only when asked), and it can be written.  */
  if ((sobolev_safe_file_same (job->output, job->source)
       && !job->overwrite_source)
      || sobolev_safe_file_same (job->output, job->reference))
    {
      gboolean is_source = sobolev_safe_file_same (job->output, job->source);

      g_set_error (error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   is_source ? _ ("The output file \"%s\" is the source "
                                  "file: writing it would replace it; choose "
                                  "another name (or overwrite-source to "
                                  "replace it on purpose)")
                             : _ ("The output file \"%s\" is the reference "
                                  "file: writing it would replace it; choose "
                                  "another name"),
                   job->output);
      return FALSE;
    }
  {
    g_autofree gchar *checked = sobolev_safe_file_target (job->output, error);

    if (!checked)
      return FALSE;
  }

  source = load_flat (job->source, _ ("source"), TRUE, job->max_pixels, &layer,
                      error);
  if (!source)
    return FALSE;
  reference = load_flat (job->reference, _ ("reference"), FALSE,
                         job->max_pixels, &reference_layer, error);
  target.reference = GIMP_DRAWABLE (reference_layer);
  if (reference
      && recolor (GIMP_DRAWABLE (layer), &target, &params, NULL, error))
    {
      gchar *lower = g_ascii_strdown (job->output, -1);

      /* JPEG has no alpha: the image is flattened onto the background
         color.  GIMP 3.0's export does the same by itself; flattening
         here keeps the 2.10 procedure's result whatever the export
         options of another GIMP version say.  */
      if ((g_str_has_suffix (lower, ".jpg")
           || g_str_has_suffix (lower, ".jpeg"))
          && gimp_drawable_has_alpha (GIMP_DRAWABLE (layer)))
        gimp_image_flatten (source);
      g_free (lower);
      ok = save_safely (source, job->output, error);
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
  FileJob job;
  gdouble megapixels;
  GError *error = NULL;
  guint i;

  g_object_get (config, "source", &paths[0], "reference", &paths[1], "output",
                &paths[2], "strength", &job.strength, "overwrite-source",
                &job.overwrite_source, "max-megapixels", &megapixels, NULL);
  for (i = 0; i < 3 && !error; i++)
    if (!paths[i] || !paths[i][0])
      g_set_error (&error, SOBOLEV_ERROR, SOBOLEV_ERROR_INVALID_ARGUMENT,
                   _ ("The %s file name is empty"), names[i]);
  job.source = paths[0];
  job.reference = paths[1];
  job.output = paths[2];
  job.max_pixels = (guint64) MAX (1.0, megapixels * 1e6);
  if (!error)
    recolor_file (&job, &error);
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
  gimp_procedure_set_menu_label (procedure, _ (PLUG_IN_MENU_LABEL));
  gimp_procedure_add_menu_path (procedure, PLUG_IN_MENU_PATH);
  gimp_procedure_set_documentation (procedure, _ (PLUG_IN_BLURB), PLUG_IN_HELP,
                                    name);
  gimp_procedure_set_attribution (procedure, PLUG_IN_AUTHOR, PLUG_IN_AUTHOR,
                                  PLUG_IN_DATE);

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
  /* The names and meanings of the GIMP 2.10 procedure's.  */
  gimp_procedure_add_string_argument (
      procedure, "reference-palette", _ ("Reference palette"),
      _ ("If not empty, the name of a GIMP palette whose colors to match, "
         "each weighing the same, instead of the reference layer's"),
      "", G_PARAM_READWRITE);
  gimp_procedure_add_boolean_argument (
      procedure, "reference-selection", _ ("_Use the reference's selection"),
      _ ("Take only the colors inside the selection of the reference's "
         "image"),
      FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_boolean_argument (
      procedure, "new-layer", _ ("Result on a _new layer"),
      _ ("Put the recolored copy above the layer and leave the layer as it "
         "is"),
      FALSE, G_PARAM_READWRITE);
  /* Last: calls written for the arguments before still work.  */
  gimp_procedure_add_file_argument (
      procedure, "look-file", _ ("Saved look"),
      _ ("If set, a saved look (a .cube 3-D LUT) to apply instead of "
         "matching a reference: strength, preserve-lightness and fidelity "
         "apply to it; reference and the other parameters are ignored"),
      GIMP_FILE_CHOOSER_ACTION_OPEN, TRUE, NULL, G_PARAM_READWRITE);
  return procedure;
}

static GimpProcedure *
create_file_procedure (GimpPlugIn *plug_in, const gchar *name)
{
  GimpProcedure *procedure = gimp_procedure_new (
      plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN, run_file, NULL, NULL);

  gimp_procedure_set_documentation (procedure, PLUG_IN_FILE_BLURB,
                                    PLUG_IN_FILE_HELP ("gimp-console-3.0"),
                                    name);
  gimp_procedure_set_attribution (procedure, PLUG_IN_AUTHOR, PLUG_IN_AUTHOR,
                                  PLUG_IN_DATE);
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
  /* Optional, after the GIMP 2.10 procedure's: as the command line's
     --overwrite-source and --max-megapixels.  */
  gimp_procedure_add_boolean_argument (
      procedure, "overwrite-source", "Overwrite source",
      "Allow output to be the source file, replaced on purpose (output "
      "may never be the reference)",
      FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument (
      procedure, "max-megapixels", "Max megapixels",
      "Refuse source and reference images larger than this, before "
      "decoding them when their header tells their size",
      1e-6, 1e6, SOBOLEV_IMAGE_DEFAULT_MAX_PIXELS / 1e6, G_PARAM_READWRITE);
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
