/* sobolev-transfer — recolor image files, export the map, morph shapes.

   sobolev-transfer [OPTION…] SOURCE REFERENCE OUTPUT
   sobolev-transfer [OPTION…] -o DIR SOURCE… REFERENCE
   sobolev-transfer morph [OPTION…] SHAPE_A SHAPE_B OUTPUT  */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "batch.h"
#include "cli.h"
#include "cli-morph.h"
#include "decoder.h"
#include "image-io.h"
#include "options.h"

int
main (int argc, char **argv)
{
  CliOptions options;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  gboolean morph;
  gint status;

  setlocale (LC_ALL, "");
  sobolev_i18n_init ();

  /* A copy of this program started to decode files (decoder.h).  */
  if (argc == 3 && strcmp (argv[1], CLI_DECODER_COMMAND) == 0)
    return cli_decoder_child_main (argv[2]);
  {
    g_autofree gchar *self = g_file_read_link ("/proc/self/exe", NULL);

    cli_decoder_set_program (self);
  }

  cli_options_init (&options);

  morph = argc > 1 && strcmp (argv[1], "morph") == 0;
  /* Parse a copy without the subcommand; GOption edits what it gets.  */
  args = g_new0 (gchar *, argc + 1);
  args[0] = g_strdup (argv[0]);
  for (gint i = morph ? 2 : 1, j = 1; i < argc; i++, j++)
    args[j] = g_strdup (argv[i]);
  /* The usage line of morph --help names the subcommand.  */
  g_set_prgname (morph ? "sobolev-transfer morph" : "sobolev-transfer");
  context = cli_options_context_new (&options, morph);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      cli_print_error (error->message);
      cli_options_clear (&options);
      return CLI_EXIT_USAGE;
    }
  if (options.help)
    {
      g_autofree gchar *help = g_option_context_get_help (context, FALSE, NULL);
      fputs (help, stdout);
      cli_options_clear (&options);
      return CLI_EXIT_OK;
    }
  if (options.version)
    {
      printf ("sobolev-transfer %s\n", SOBOLEV_VERSION);
      cli_options_clear (&options);
      return CLI_EXIT_OK;
    }

  if (!(options.max_megapixels > 0.0 && options.max_megapixels <= 1e6))
    {
      g_autofree gchar *m = g_strdup_printf (
          _ ("--max-megapixels: bad value “%g” (more than 0, at most "
             "1000000)"),
          options.max_megapixels);
      cli_print_error (m);
      cli_options_clear (&options);
      return CLI_EXIT_USAGE;
    }
  cli_image_io_set_max_pixels ((guint64) (options.max_megapixels * 1e6));

  cli_catch_signals ();

  if (morph)
    {
      /* Shapes get their own defaults (morph.h); options given on the
         command line win.  */
      SobolevParams shape_defaults;

      sobolev_morph_params_init (&shape_defaults);
      cli_options_default_params (&options, &shape_defaults);
      status = cli_run_morph (&options, args + 1, g_strv_length (args) - 1);
    }
  else
    status = cli_run_batch (&options, args + 1, g_strv_length (args) - 1);

  if (!cli_decoder_stop_all (&error))
    {
      cli_print_error (error->message);
      if (status == CLI_EXIT_OK)
        status = CLI_EXIT_FAILURE;
    }
  cli_options_clear (&options);
  g_clear_pointer (&context, g_option_context_free);
  /* GEGL starts on the first file; a usage error never waits for it.  */
  cli_image_io_exit ();
  return status;
}
