/* sobolev-transfer — neural against kernel Sobolev descent on the sample
   pairs: the figures the neural defaults were chosen by.

   bench-neural [name=value …] [--pairs N] [--max-side PX] [--no-kernel]
                [--repeat R]

   Parameters given apply to the neural run (method=neural is implied);
   the kernel run uses the table's defaults.  For every pair and method:
   MMD (σ = 0.1) of the recolored image to the reference (and of the
   source, "before"), sliced W2, SSIM of lightness against the source,
   and the seconds of the transfer job (descent + bake; the clouds are
   built beforehand and timed apart).  */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-util.h"

typedef struct
{
  gdouble mmd, mmd_before, sw2, ssim, seconds;
} Score;

typedef struct
{
  CliImage *src, *ref;
  SobolevCloud *src_eval, *ref_eval;
} Pair;

/* Metric clouds at 6 bits: bins of 1/64, far below the metric's σ.  */
#define EVAL_BITS 6

static void
run (const Pair *pair, const SobolevParams *params, guint repeat, Score *score)
{
  /* As the hosts give it (transfer.h).  */
  g_autoptr (SobolevCloud) qs
      = test_image_cloud (pair->src, SOBOLEV_SOURCE_BITS);
  g_autoptr (SobolevCloud) qr = test_image_cloud (pair->ref, params->bits);
  g_autoptr (SobolevTransfer) tr = NULL;
  gdouble best = G_MAXDOUBLE;

  /* The fastest of repeat runs: the machine is shared.  */
  for (guint r = 0; r < MAX (repeat, 1); r++)
    {
      g_autoptr (GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      g_clear_pointer (&tr, sobolev_transfer_free);
      tr = sobolev_transfer_run (qs, qr, params, NULL, NULL, NULL, &error);
      if (tr == NULL)
        g_error ("%s", error->message);
      best = MIN (best, (g_get_monotonic_time () - t0) / 1e6);
    }
  g_autoptr (SobolevLut) lut = sobolev_transfer_lut_at (
      tr, params->strength, params->preserve_lightness);
  g_autoptr (CliImage) out = test_apply_lut (pair->src, lut);
  g_autoptr (SobolevCloud) out_eval = test_image_cloud (out, EVAL_BITS);
  score->seconds = best;
  score->mmd = sobolev_mmd (out_eval, pair->ref_eval);
  score->mmd_before = sobolev_mmd (pair->src_eval, pair->ref_eval);
  score->sw2 = sobolev_sliced_w2 (out_eval, pair->ref_eval, 64, 7);
  score->ssim = sobolev_ssim_lightness (pair->src->pixels, out->pixels, 4,
                                        pair->src->width, pair->src->height);
}

static void
report (const gchar *label, const Score *s)
{
  printf ("%-34s %8.4f %8.4f %8.4f %8.4f %8.3f\n", label, s->mmd, s->mmd_before,
          s->sw2, s->ssim, s->seconds);
}

int
main (int argc, char **argv)
{
  SobolevParams neural, kernel;
  guint n_pairs = test_n_pairs, max_side = 256, repeat = 1;
  gboolean with_kernel = TRUE;

  sobolev_params_init (&kernel);
  sobolev_params_init (&neural);
  neural.method = SOBOLEV_METHOD_NEURAL;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--pairs") == 0 && i + 1 < argc)
        {
          /* Not inside MIN (): it would evaluate argv[++i] twice.  */
          guint want = (guint) atoi (argv[++i]);
          n_pairs = MIN (want, test_n_pairs);
          continue;
        }
      if (strcmp (argv[i], "--max-side") == 0 && i + 1 < argc)
        {
          max_side = atoi (argv[++i]);
          continue;
        }
      if (strcmp (argv[i], "--repeat") == 0 && i + 1 < argc)
        {
          repeat = atoi (argv[++i]);
          continue;
        }
      if (strcmp (argv[i], "--no-kernel") == 0)
        {
          with_kernel = FALSE;
          continue;
        }
      if (!test_params_set_arg (&neural, argv[i]))
        g_error ("usage: %s [name=value …] [--pairs N] [--max-side PX] "
                 "[--no-kernel] [--repeat R]",
                 argv[0]);
    }

  printf ("images at most %u px a side; seconds: transfer job (descent + "
          "bake), best of %u\n",
          max_side, MAX (repeat, 1));
  printf ("%-34s %8s %8s %8s %8s %8s\n", "pair / method", "MMD", "before",
          "SW2", "SSIM", "seconds");
  Score mean_n = { 0 }, mean_k = { 0 };
  for (guint p = 0; p < n_pairs; p++)
    {
      g_autoptr (CliImage) sf = test_load_photo (test_pairs[p].source);
      g_autoptr (CliImage) rf = test_load_photo (test_pairs[p].reference);
      Pair pair;
      Score s;
      pair.src = test_downscale (sf, max_side);
      pair.ref = test_downscale (rf, max_side);
      pair.src_eval = test_image_cloud (pair.src, EVAL_BITS);
      pair.ref_eval = test_image_cloud (pair.ref, EVAL_BITS);
      g_autofree gchar *label = g_strdup_printf ("%s→%s", test_pairs[p].source,
                                                 test_pairs[p].reference);
      g_autofree gchar *ln = g_strconcat (label, " neural", NULL);
      g_autofree gchar *lk = g_strconcat (label, " kernel", NULL);

      run (&pair, &neural, repeat, &s);
      report (ln, &s);
      mean_n.mmd += s.mmd / n_pairs;
      mean_n.mmd_before += s.mmd_before / n_pairs;
      mean_n.sw2 += s.sw2 / n_pairs;
      mean_n.ssim += s.ssim / n_pairs;
      mean_n.seconds += s.seconds / n_pairs;
      if (with_kernel)
        {
          run (&pair, &kernel, repeat, &s);
          report (lk, &s);
          mean_k.mmd += s.mmd / n_pairs;
          mean_k.mmd_before += s.mmd_before / n_pairs;
          mean_k.sw2 += s.sw2 / n_pairs;
          mean_k.ssim += s.ssim / n_pairs;
          mean_k.seconds += s.seconds / n_pairs;
        }
      cli_image_free (pair.src);
      cli_image_free (pair.ref);
      sobolev_cloud_free (pair.src_eval);
      sobolev_cloud_free (pair.ref_eval);
    }
  report ("mean neural", &mean_n);
  if (with_kernel)
    report ("mean kernel", &mean_k);
  return 0;
}
