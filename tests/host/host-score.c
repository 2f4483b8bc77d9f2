/* Scores recolorings done in GIMP with the core's metrics:
     host-score [--min-ratio R] [--min-ssim S] SOURCE REFERENCE RESULT...
   Each result passes when its MMD to the reference is at least R (5)
   times smaller than the source's, and the SSIM of its lightness against
   the source's is at least S (0.7).  */
#include <stdio.h>
#include <stdlib.h>

#include "sobolev.h"
#include "image-io.h"
#include "test-util.h"

static CliImage *
load (const gchar *path)
{
  GError *error = NULL;
  CliImage *image = cli_image_load (path, &error);

  if (!image)
    {
      fprintf (stderr, "cannot load %s: %s\n", path, error->message);
      exit (1);
    }
  return image;
}

static gdouble min_ratio = 5.0;
static gdouble min_ssim = 0.7;

static gboolean
score (const gchar *source_path, const gchar *reference_path,
       const gchar *result_path)
{
  g_autoptr (CliImage) source = load (source_path);
  g_autoptr (CliImage) reference = load (reference_path);
  g_autoptr (CliImage) result = load (result_path);
  g_autoptr (SobolevCloud) cs = NULL;
  g_autoptr (SobolevCloud) cr = NULL;
  g_autoptr (SobolevCloud) co = NULL;
  gdouble before, after, ratio, ssim;

  if (source->width != result->width || source->height != result->height)
    {
      printf ("FAIL %s: %ux%u, the source is %ux%u\n", result_path,
              result->width, result->height, source->width, source->height);
      return FALSE;
    }
  /* The finest histogram the core offers, so the metric sees the colors
     rather than the bins.  */
  cs = test_image_cloud (source, 7);
  cr = test_image_cloud (reference, 7);
  co = test_image_cloud (result, 7);
  before = sobolev_mmd (cs, cr);
  after = sobolev_mmd (co, cr);
  ratio = before / MAX (after, 1e-12);
  ssim = sobolev_ssim_lightness (source->pixels, result->pixels, 4,
                                 source->width, source->height);
  printf ("%s %s: MMD to the reference %.5f -> %.5f (%.1fx smaller, need "
          "%.1fx), lightness SSIM %.3f (need %.2f)\n",
          ratio >= min_ratio && ssim >= min_ssim ? "ok" : "FAIL", result_path,
          before, after, ratio, min_ratio, ssim, min_ssim);
  return ratio >= min_ratio && ssim >= min_ssim;
}

int
main (int argc, char **argv)
{
  gboolean ok = TRUE;
  gint i;

  while (argc > 2 && g_str_has_prefix (argv[1], "--min-"))
    {
      if (g_str_equal (argv[1], "--min-ratio"))
        min_ratio = g_ascii_strtod (argv[2], NULL);
      else if (g_str_equal (argv[1], "--min-ssim"))
        min_ssim = g_ascii_strtod (argv[2], NULL);
      else
        break;
      argv += 2;
      argc -= 2;
    }
  if (argc < 4 || (argc - 1) % 3 != 0)
    {
      fprintf (stderr, "usage: %s SOURCE REFERENCE RESULT...\n", argv[0]);
      return 2;
    }
  cli_image_io_init ();
  for (i = 1; i + 2 < argc; i += 3)
    ok &= score (argv[i], argv[i + 1], argv[i + 2]);
  return ok ? 0 : 1;
}
