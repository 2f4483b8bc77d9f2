/* sobolev-transfer — the command line: its options, and one option per
   row of the core's parameter table.  */
#include "options.h"

#include <glib/gi18n.h>

#include "image-io.h"
#include "cli-morph.h"

void
cli_options_init (CliOptions *options)
{
  *options = (CliOptions){ 0 };
  sobolev_params_init (&options->params);
  options->given = g_new0 (gboolean, sobolev_n_param_specs);
  options->jobs = 1;
  options->max_megapixels = SOBOLEV_IMAGE_DEFAULT_MAX_PIXELS / 1e6;
  options->hald_level = SOBOLEV_HALD_DEFAULT_LEVEL;
  options->points = CLI_MORPH_DEFAULT_POINTS;
  options->frames = CLI_MORPH_DEFAULT_FRAMES;
  options->cell = CLI_MORPH_DEFAULT_CELL;
}

void
cli_options_clear (CliOptions *options)
{
  g_clear_pointer (&options->given, g_free);
  g_clear_pointer (&options->output_dir, g_free);
  g_clear_pointer (&options->palette, g_free);
  g_clear_pointer (&options->lut_out, g_free);
  g_clear_pointer (&options->hald_out, g_free);
  g_clear_pointer (&options->lut_in, g_free);
  g_clear_pointer (&options->texts, g_ptr_array_unref);
}

void
cli_options_default_params (CliOptions *options, const SobolevParams *defaults)
{
  for (guint i = 0; i < sobolev_n_param_specs; i++)
    if (!options->given[i])
      sobolev_params_set (
          &options->params, &sobolev_param_specs[i],
          sobolev_params_get (defaults, &sobolev_param_specs[i]));
}

/* Keeps text for as long as options, and returns it: help texts with
   numbers are formatted after translation, so that the catalogs hold
   whole sentences with their placeholders (numbers pasted in at compile
   time made messages that xgettext cut short, never translated).  */
static const gchar *
cli_options_keep (CliOptions *options, gchar *text)
{
  if (options->texts == NULL)
    options->texts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (options->texts, text);
  return text;
}

GOptionContext *
cli_options_context_new (CliOptions *options, gboolean morph)
{
  GOptionEntry common[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet,
      N_ ("No progress bar and no report"), NULL },
    { "max-megapixels", 0, 0, G_OPTION_ARG_DOUBLE, &options->max_megapixels,
      N_ ("Refuse images larger than this many megapixels before reading "
          "them (default 200)"),
      N_ ("MP") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &options->help, N_ ("Show this help"),
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version,
      N_ ("Show the version"), NULL },
    { NULL },
  };
  GOptionEntry reference[] = {
    { "palette", 'p', 0, G_OPTION_ARG_FILENAME, &options->palette,
      N_ ("Match the colors of this GIMP palette instead of a REFERENCE "
          "image (then give no REFERENCE)"),
      N_ ("FILE.gpl") },
    { "reference-colors", 0, 0, G_OPTION_ARG_INT, &options->reference_colors,
      N_ ("Match REFERENCE's K main colors (k-means), each weighing its "
          "share of the image, instead of all its colors: a palette made "
          "from a photo (2 to 256)"),
      N_ ("K") },
    { NULL },
  };
  GOptionEntry transfer[] = {
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &options->output_dir,
      N_ ("Recolor several SOURCEs into this folder (same file names)"),
      N_ ("DIR") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &options->jobs,
      cli_options_keep (
          options,
          g_strdup_printf (
              _ ("With -o, recolor this many files at once (%d to %d, default "
                 "%d)"),
              1, CLI_MAX_JOBS, 1)),
      N_ ("N") },
    { "lut-out", 0, 0, G_OPTION_ARG_FILENAME, &options->lut_out,
      N_ ("Also save the map as a 3-D LUT (.cube), as applied to OUTPUT"),
      N_ ("FILE.cube") },
    { "hald-out", 0, 0, G_OPTION_ARG_FILENAME, &options->hald_out,
      N_ ("Also save the map as a HALD CLUT image (16-bit .png or .tif)"),
      N_ ("FILE.png") },
    { "lut-in", 0, 0, G_OPTION_ARG_FILENAME, &options->lut_in,
      N_ ("Apply this saved look (a .cube 3-D LUT, e.g. saved with "
          "--lut-out) to each SOURCE instead of matching a REFERENCE, which "
          "is then not given; --strength, --preserve-lightness and "
          "--fidelity apply to it"),
      N_ ("FILE.cube") },
    { "overwrite-source", 0, 0, G_OPTION_ARG_NONE, &options->overwrite_source,
      N_ ("Allow OUTPUT to be SOURCE itself, replacing it with its "
          "recolored version (OUTPUT is never allowed to be REFERENCE)"),
      NULL },
    { "hald-level", 0, 0, G_OPTION_ARG_INT, &options->hald_level,
      cli_options_keep (
          options,
          g_strdup_printf (
              _ ("Level of the HALD CLUT: an image of level³ pixels square (%d "
                 "to %d, default %d)"),
              SOBOLEV_HALD_MIN_LEVEL, SOBOLEV_HALD_MAX_LEVEL,
              SOBOLEV_HALD_DEFAULT_LEVEL)),
      N_ ("N") },
    { NULL },
  };
  GOptionEntry morph_entries[] = {
    { "points", 0, 0, G_OPTION_ARG_INT, &options->points,
      cli_options_keep (
          options,
          g_strdup_printf (
              _ ("Points sampled from each shape (%d to %d, default %d)"),
              CLI_MORPH_MIN_POINTS, CLI_MORPH_MAX_POINTS,
              CLI_MORPH_DEFAULT_POINTS)),
      N_ ("N") },
    { "frames", 0, 0, G_OPTION_ARG_INT, &options->frames,
      cli_options_keep (
          options,
          g_strdup_printf (
              _ ("States shown in the strip, first and last included; sets "
                 "--snapshots (%d to %d, default %d)"),
              CLI_MORPH_MIN_FRAMES, CLI_MORPH_MAX_FRAMES,
              CLI_MORPH_DEFAULT_FRAMES)),
      N_ ("N") },
    { "cell", 0, 0, G_OPTION_ARG_INT, &options->cell,
      cli_options_keep (
          options,
          g_strdup_printf (
              _ ("Side of one state's square in pixels (%d to %d, default %d)"),
              CLI_MORPH_MIN_CELL, CLI_MORPH_MAX_CELL, CLI_MORPH_DEFAULT_CELL)),
      N_ ("PIXELS") },
    { NULL },
  };
  GOptionContext *context;
  GOptionGroup *main_group, *own_group;

  context = g_option_context_new (morph ? _ ("SHAPE_A SHAPE_B OUTPUT")
                                        : _ ("SOURCE REFERENCE OUTPUT"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, FALSE);
  if (morph)
    {
      SobolevParams table, shapes;
      g_autofree gchar *own = NULL;

      sobolev_params_init (&table);
      sobolev_morph_params_init (&shapes);
      own = sobolev_params_options_text (&shapes, &table);
      g_autofree gchar *summary = g_strdup_printf (
          _ ("Moves points sampled from the dark pixels of SHAPE_A toward "
             "SHAPE_B with the chosen method, in 2-D, and writes the states "
             "along the way side by side to OUTPUT (.png).  Unless given, "
             "shapes get%s."),
          own);

      g_option_context_set_summary (context, summary);
    }
  else
    g_option_context_set_summary (
        context,
        _ ("Recolors SOURCE so that its colors are distributed like those of "
           "REFERENCE, and writes OUTPUT (PNG, JPEG or TIFF, chosen by its "
           "name) with SOURCE's bit depth and alpha.\n\n"
           "  sobolev-transfer [OPTION…] -o DIR SOURCE… REFERENCE\n"
           "      recolors every SOURCE into DIR; REFERENCE is analyzed once\n"
           "  sobolev-transfer [OPTION…] --lut-in FILE.cube SOURCE OUTPUT\n"
           "      applies a saved look (with -o DIR: SOURCE…)\n"
           "  sobolev-transfer [OPTION…] --palette FILE.gpl SOURCE OUTPUT\n"
           "      recolors SOURCE toward the colors of a GIMP palette (with\n"
           "      -o DIR: SOURCE…)\n"
           "  sobolev-transfer morph [OPTION…] SHAPE_A SHAPE_B OUTPUT\n"
           "      morphs one 2-D shape into another (see morph --help)"));
  g_option_context_set_description (
      context,
      morph ? _ ("Example:\n  sobolev-transfer morph --frames 6 heart.png "
                 "star.png heart-to-star.png")
            : _ ("Example:\n  sobolev-transfer --strength 0.8 --lut-out "
                 "look.cube photo.jpg sunset.jpg photo-sunset.jpg\n\n"
                 "Exit status: 0 on success, 1 when a file cannot be read, "
                 "recolored or written, 2 on a bad command line, 130 when "
                 "interrupted.\n\n"
                 "Memory: a file takes about twice its size as 8- or 16-bit "
                 "RGBA, plus 200 MB. With -j N, files are recolored together "
                 "only while their pixels add up to at most the largest "
                 "file's, or 100 megapixels if that is more."));

  main_group = g_option_group_new (NULL, NULL, NULL, NULL, NULL);
  if (!morph)
    g_option_group_add_entries (main_group, reference);
  g_option_group_add_entries (main_group, common);
  g_option_group_set_translation_domain (main_group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, main_group);
  own_group
      = morph ? g_option_group_new ("morph", _ ("Morph options:"),
                                    _ ("Show the morph options"), NULL, NULL)
              : g_option_group_new ("output", _ ("Output options:"),
                                    _ ("Show the output options"), NULL, NULL);
  g_option_group_add_entries (own_group, morph ? morph_entries : transfer);
  g_option_group_set_translation_domain (own_group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, own_group);
  g_option_context_add_group (
      context, sobolev_param_option_group (&options->params, options->given));
  return context;
}
