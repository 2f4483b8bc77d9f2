/* Color transfer on two bundled photos at the defaults: the recolored
   image is ≥ 5× closer (MMD, σ = 0.1) to the reference than the source
   was, lightness structure survives (SSIM ≥ 0.7), strength is time along
   the path (change grows linearly, identity at 0), and the half-way
   image sits closer to the reference than a before/after blend.  */
#include <math.h>

#include "test-util.h"

typedef struct
{
  CliImage *src, *ref;
  SobolevCloud *ref_eval;
  SobolevRecolor *recolor;
  gdouble fidelity;
} Job;

static void
job_init (Job *job, const TestPair *pair)
{
  SobolevParams params;

  sobolev_params_init (&params);
  job->fidelity = params.fidelity;
  job->src = test_load_photo (pair->source);
  job->ref = test_load_photo (pair->reference);
  job->ref_eval = test_image_cloud (job->ref, 6);
  job->recolor = test_recolor_run (job->src, job->ref, NULL, &params);
}

static void
job_clear (Job *job)
{
  cli_image_free (job->src);
  cli_image_free (job->ref);
  sobolev_cloud_free (job->ref_eval);
  sobolev_recolor_free (job->recolor);
}

static CliImage *
job_image_at (const Job *job, gdouble t, gdouble preserve)
{
  g_autoptr (SobolevLut) lut
      = sobolev_recolor_lut_at (job->recolor, t, preserve);

  /* As the hosts make it: through the edge guard.  */
  return test_apply_result (job->src, lut, job->fidelity);
}

static gdouble
image_mmd (const CliImage *image, const SobolevCloud *ref_eval)
{
  g_autoptr (SobolevCloud) c = test_image_cloud (image, 6);

  return sobolev_mmd (c, ref_eval);
}

static gdouble
mean_change (const CliImage *a, const CliImage *b)
{
  gsize n = (gsize) a->width * a->height;
  gdouble s = 0.0;

  for (gsize i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      s += fabs (a->pixels[i * 4 + c] - b->pixels[i * 4 + c]);
  return s / (3 * n);
}

/* The run of the first pair, kept for the lightness test: a run is the
   costly part of each test.  */
static Job first_job;

static void
check_pair (gconstpointer data)
{
  const TestPair *pair = data;
  Job job;
  g_autoptr (CliImage) full = NULL;
  g_autoptr (CliImage) none = NULL;
  g_autoptr (CliImage) half = NULL;
  gdouble before, after, ssim, total_change;

  job_init (&job, pair);
  full = job_image_at (&job, 1.0, 0.0);
  before = image_mmd (job.src, job.ref_eval);
  after = image_mmd (full, job.ref_eval);
  ssim = sobolev_ssim_lightness (job.src->pixels, full->pixels, 4,
                                 job.src->width, job.src->height);
  g_test_message ("%s → %s: MMD %.4f → %.4f (%.1f×), SSIM %.3f", pair->source,
                  pair->reference, before, after, before / after, ssim);
  g_assert_cmpfloat (after * 5.0, <=, before);
  g_assert_cmpfloat (ssim, >=, 0.7);

  /* Strength 0 is the identity (to 8-bit precision, the samples' own).  */
  none = job_image_at (&job, 0.0, 0.0);
  g_assert_cmpfloat (mean_change (none, job.src), <, 1e-4);

  /* The change grows linearly with strength.  */
  total_change = mean_change (full, job.src);
  for (int k = 1; k <= 3; k++)
    {
      gdouble t = k / 4.0;
      g_autoptr (CliImage) part = job_image_at (&job, t, 0.0);
      gdouble ratio = mean_change (part, job.src) / total_change;

      g_test_message ("  strength %.2f: %.3f of the full change", t, ratio);
      g_assert_cmpfloat (fabs (ratio - t), <, 0.1);
    }

  /* Half way along the path beats half a fade toward the result.  */
  half = job_image_at (&job, 0.5, 0.0);
  {
    g_autoptr (CliImage) blend
        = cli_image_new (job.src->width, job.src->height);
    gsize n = (gsize) job.src->width * job.src->height * 4;
    gdouble mmd_half, mmd_blend;

    for (gsize i = 0; i < n; i++)
      blend->pixels[i] = 0.5f * (job.src->pixels[i] + full->pixels[i]);
    mmd_half = image_mmd (half, job.ref_eval);
    mmd_blend = image_mmd (blend, job.ref_eval);
    g_test_message ("  half way: path %.4f, blend %.4f", mmd_half, mmd_blend);
    g_assert_cmpfloat (mmd_half, <, mmd_blend);
  }
  if (pair == &test_pairs[0] && first_job.recolor == NULL)
    first_job = job;
  else
    job_clear (&job);
}

/* Lightness preservation 1 keeps the source's lightness (SSIM near 1)
   while still moving the colors.  */
static void
test_preserve_lightness (void)
{
  Job job;
  g_autoptr (CliImage) kept = NULL;
  gdouble ssim;

  /* The first pair's run, unless that test was not run.  */
  if (first_job.recolor != NULL)
    {
      job = first_job;
      first_job = (Job){ NULL };
    }
  else
    job_init (&job, &test_pairs[0]);
  kept = job_image_at (&job, 1.0, 1.0);
  ssim = sobolev_ssim_lightness (job.src->pixels, kept->pixels, 4,
                                 job.src->width, job.src->height);
  g_test_message ("preserve-lightness 1: SSIM %.4f, MMD %.4f", ssim,
                  image_mmd (kept, job.ref_eval));
  g_assert_cmpfloat (ssim, >, 0.97);
  g_assert_cmpfloat (image_mmd (kept, job.ref_eval), <,
                     image_mmd (job.src, job.ref_eval));
  job_clear (&job);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/transfer/chelsea-to-coffee", &test_pairs[0],
                        check_pair);
  g_test_add_data_func ("/transfer/coffee-to-chelsea", &test_pairs[1],
                        check_pair);
  g_test_add_func ("/transfer/preserve-lightness", test_preserve_lightness);
  return g_test_run ();
}
