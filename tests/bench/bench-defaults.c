/* sobolev-transfer — measures the quality of a parameter set on the sample
   pairs: the figures the defaults were chosen by.

   bench-defaults [name=value …] [--pairs N] [--max-side PX] [--baseline]

   For every pair: MMD (σ = 0.1) of the recolored image to the reference
   and of the source to the reference, sliced W2, SSIM of lightness
   against the source, and the seconds of cloud build + descent + bake.
   With --baseline, the same figures for the classic recipe (exact
   optimal transport between 4000 sampled pixels, extended by nearest
   neighbor, both as a value and as a displacement), side by side.  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exact-ot.h"
#include "test-util.h"

typedef struct
{
  gdouble mmd, mmd_before, sw2, ssim, seconds;
  gdouble mmd_particles; /* of the moved particles: what the LUT loses */
} PairScore;

static SobolevCloud *
bench_cloud (const CliImage *image)
{
  /* 6 bits: bins of 1/64, far below the metric's σ = 0.1.  */
  return test_image_cloud (image, 6);
}

/* Scores a recolored image against the source and reference.  */
static void
bench_score (const CliImage *src, const CliImage *out,
             const SobolevCloud *src_eval, const SobolevCloud *ref_eval,
             PairScore *score)
{
  g_autoptr (SobolevCloud) out_eval = bench_cloud (out);

  score->mmd = sobolev_mmd (out_eval, ref_eval);
  score->mmd_before = sobolev_mmd (src_eval, ref_eval);
  score->sw2 = sobolev_sliced_w2 (out_eval, ref_eval, 64, 7);
  score->ssim = sobolev_ssim_lightness (src->pixels, out->pixels, 4, src->width,
                                        src->height);
}

/* The classic recipe on the same pair.  */
static void
bench_baseline (const TestPair *pair, guint max_side, gboolean displacement,
                PairScore *score)
{
  g_autoptr (CliImage) src_full = test_load_photo (pair->source);
  g_autoptr (CliImage) ref_full = test_load_photo (pair->reference);
  g_autoptr (CliImage) src = test_downscale (src_full, max_side);
  g_autoptr (CliImage) ref = test_downscale (ref_full, max_side);
  g_autoptr (SobolevCloud) ref_eval = bench_cloud (ref);
  g_autoptr (SobolevCloud) src_eval = bench_cloud (src);
  g_autoptr (CliImage) out = cli_image_new (src->width, src->height);
  gint64 t0 = g_get_monotonic_time ();

  exact_ot_recolor (src->pixels, (gsize) src->width * src->height, ref->pixels,
                    (gsize) ref->width * ref->height, 4000, 1, displacement,
                    out->pixels);
  bench_score (src, out, src_eval, ref_eval, score);
  score->seconds = (g_get_monotonic_time () - t0) / 1e6;
}

static void
bench_pair (const TestPair *pair, const SobolevParams *params, guint max_side,
            PairScore *score)
{
  g_autoptr (CliImage) src_full = test_load_photo (pair->source);
  g_autoptr (CliImage) ref_full = test_load_photo (pair->reference);
  g_autoptr (CliImage) src = test_downscale (src_full, max_side);
  g_autoptr (CliImage) ref = test_downscale (ref_full, max_side);
  g_autoptr (SobolevCloud) ref_eval = bench_cloud (ref);
  g_autoptr (SobolevCloud) src_eval = bench_cloud (src);
  g_autoptr (GError) error = NULL;
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (SobolevCloud) qs = test_image_cloud (src, SOBOLEV_SOURCE_BITS);
  g_autoptr (SobolevCloud) qr = test_image_cloud (ref, params->bits);
  g_autoptr (SobolevTransfer) tr
      = sobolev_transfer_run (qs, qr, params, NULL, NULL, NULL, &error);
  g_autoptr (SobolevLut) lut = NULL;
  g_autoptr (CliImage) out = NULL;

  if (tr == NULL)
    g_error ("%s → %s: %s", pair->source, pair->reference, error->message);
  lut = sobolev_transfer_lut_at (tr, params->strength,
                                 params->preserve_lightness);
  score->seconds = (g_get_monotonic_time () - t0) / 1e6;
  out = test_apply_lut (src, lut);
  bench_score (src, out, src_eval, ref_eval, score);
  {
    g_autoptr (SobolevCloud) moved = sobolev_transfer_particles_at (tr, 1.0);

    score->mmd_particles = sobolev_mmd (moved, ref_eval);
  }
}

int
main (int argc, char **argv)
{
  SobolevParams params;
  guint n_pairs = test_n_pairs, max_side = 100000;
  gboolean baseline = FALSE;
  PairScore mean = { 0 }, base_mean[2] = { { 0 }, { 0 } };
  gdouble worst_ssim = 1.0, base_worst[2] = { 1.0, 1.0 };
  guint wins = 0;

  sobolev_params_init (&params);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--pairs") == 0 && i + 1 < argc)
        {
          guint asked = (guint) atoi (argv[++i]);

          n_pairs = MIN (asked, test_n_pairs);
          continue;
        }
      if (strcmp (argv[i], "--baseline") == 0)
        {
          baseline = TRUE;
          continue;
        }
      if (strcmp (argv[i], "--max-side") == 0 && i + 1 < argc)
        {
          max_side = atoi (argv[++i]);
          continue;
        }
      if (!test_params_set_arg (&params, argv[i]))
        g_error ("usage: %s [name=value …] [--pairs N] [--max-side PX]",
                 argv[0]);
    }

  printf ("%-28s %8s %8s %8s %8s %8s\n", "pair", "MMD", "before", "SW2", "SSIM",
          "seconds");
  for (guint p = 0; p < n_pairs; p++)
    {
      PairScore s;
      g_autofree gchar *label = g_strdup_printf ("%s→%s", test_pairs[p].source,
                                                 test_pairs[p].reference);

      bench_pair (&test_pairs[p], &params, max_side, &s);
      printf ("%-30s %8.4f %8.4f %8.4f %8.4f %8.3f %8.4f", label, s.mmd,
              s.mmd_before, s.sw2, s.ssim, s.seconds, s.mmd_particles);
      if (baseline)
        {
          gdouble best = G_MAXDOUBLE;

          for (int d = 0; d < 2; d++)
            {
              PairScore b;

              bench_baseline (&test_pairs[p], max_side, d, &b);
              printf ("  | %8.4f %8.4f %4.1fs", b.mmd, b.ssim, b.seconds);
              base_mean[d].mmd += b.mmd / n_pairs;
              base_mean[d].ssim += b.ssim / n_pairs;
              base_worst[d] = MIN (base_worst[d], b.ssim);
              best = MIN (best, b.mmd);
            }
          wins += s.mmd <= best;
        }
      printf ("\n");
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
  if (baseline)
    {
      printf ("exact OT 4000, value: mean MMD %.4f, mean SSIM %.4f, worst "
              "SSIM %.4f\n",
              base_mean[0].mmd, base_mean[0].ssim, base_worst[0]);
      printf ("exact OT 4000, displacement: mean MMD %.4f, mean SSIM %.4f, "
              "worst SSIM %.4f\n",
              base_mean[1].mmd, base_mean[1].ssim, base_worst[1]);
      printf ("pairs where our MMD <= the better baseline's: %u of %u\n", wins,
              n_pairs);
    }
  return 0;
}
