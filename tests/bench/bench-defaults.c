/* sobolev-transfer — measures the quality of a parameter set on the sample
   pairs: the figures the defaults were chosen by.

   bench-defaults [name=value …] [--pairs N] [--max-side PX]

   For every pair: MMD (σ = 0.1) of the recolored image to the reference
   and of the source to the reference, sliced W2, SSIM of lightness
   against the source, and the seconds of cloud build + descent + bake.  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

typedef struct
{
  gdouble mmd, mmd_before, sw2, ssim, seconds;
} PairScore;

static SobolevCloud *
bench_cloud (const SobolevImage *image)
{
  /* 6 bits: bins of 1/64, far below the metric's σ = 0.1.  */
  return test_image_cloud (image, 6);
}

static void
bench_pair (const TestPair *pair, const SobolevParams *params, guint max_side,
            PairScore *score)
{
  g_autoptr (SobolevImage) src_full = test_load_photo (pair->source);
  g_autoptr (SobolevImage) ref_full = test_load_photo (pair->reference);
  g_autoptr (SobolevImage) src = test_downscale (src_full, max_side);
  g_autoptr (SobolevImage) ref = test_downscale (ref_full, max_side);
  g_autoptr (SobolevCloud) ref_eval = bench_cloud (ref);
  g_autoptr (SobolevCloud) src_eval = bench_cloud (src);
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (SobolevCloud) qs = test_image_cloud (src, params->bits);
  g_autoptr (SobolevCloud) qr = test_image_cloud (ref, params->bits);
  g_autoptr (SobolevTransfer) tr
      = sobolev_transfer_run (qs, qr, params, NULL, NULL, NULL, &error);
  g_autoptr (SobolevLut) lut = NULL;
  g_autoptr (SobolevImage) out = NULL;
  g_autoptr (SobolevCloud) out_eval = NULL;

  if (tr == NULL)
    g_error ("%s → %s: %s", pair->source, pair->reference, error->message);
  lut = sobolev_transfer_lut_at (tr, params->strength,
                                 params->preserve_lightness);
  score->seconds = (g_get_monotonic_time () - t0) / 1e6;
  out = test_apply_lut (src, lut);
  out_eval = bench_cloud (out);
  score->mmd = sobolev_mmd (out_eval, ref_eval);
  score->mmd_before = sobolev_mmd (src_eval, ref_eval);
  score->sw2 = sobolev_sliced_w2 (out_eval, ref_eval, 64, 7);
  score->ssim = sobolev_ssim_lightness (src->pixels, out->pixels, 4, src->width,
                                        src->height);
}

int
main (int argc, char **argv)
{
  SobolevParams params;
  guint n_pairs = test_n_pairs, max_side = 100000;
  PairScore mean = { 0 };
  gdouble worst_ssim = 1.0;

  sobolev_params_init (&params);
  for (int i = 1; i < argc; i++)
    {
      const gchar *eq = strchr (argv[i], '=');
      g_autofree gchar *name = NULL;
      const SobolevParamSpec *spec;
      g_autoptr (GError) error = NULL;

      if (strcmp (argv[i], "--pairs") == 0 && i + 1 < argc)
        {
          guint asked = (guint) atoi (argv[++i]);

          n_pairs = MIN (asked, test_n_pairs);
          continue;
        }
      if (strcmp (argv[i], "--max-side") == 0 && i + 1 < argc)
        {
          max_side = atoi (argv[++i]);
          continue;
        }
      if (eq == NULL)
        g_error ("usage: %s [name=value …] [--pairs N] [--max-side PX]",
                 argv[0]);
      name = g_strndup (argv[i], eq - argv[i]);
      spec = sobolev_param_spec_find (name);
      if (spec == NULL)
        g_error ("no parameter named %s", name);
      if (!sobolev_params_set_from_string (&params, spec, eq + 1, &error))
        g_error ("%s", error->message);
    }

  printf ("%-28s %8s %8s %8s %8s %8s\n", "pair", "MMD", "before", "SW2", "SSIM",
          "seconds");
  for (guint p = 0; p < n_pairs; p++)
    {
      PairScore s;
      g_autofree gchar *label = g_strdup_printf ("%s→%s", test_pairs[p].source,
                                                 test_pairs[p].reference);

      bench_pair (&test_pairs[p], &params, max_side, &s);
      printf ("%-30s %8.4f %8.4f %8.4f %8.4f %8.3f\n", label, s.mmd,
              s.mmd_before, s.sw2, s.ssim, s.seconds);
      mean.mmd += s.mmd / n_pairs;
      mean.mmd_before += s.mmd_before / n_pairs;
      mean.sw2 += s.sw2 / n_pairs;
      mean.ssim += s.ssim / n_pairs;
      mean.seconds += s.seconds / n_pairs;
      worst_ssim = MIN (worst_ssim, s.ssim);
    }
  printf ("%-28s %8.4f %8.4f %8.4f %8.4f %8.3f   (worst SSIM %.4f)\n", "mean",
          mean.mmd, mean.mmd_before, mean.sw2, mean.ssim, mean.seconds,
          worst_ssim);
  return 0;
}
