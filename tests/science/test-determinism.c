/* The same inputs and seed give the same bytes; another seed does not.  */
#include <string.h>

#include "test-util.h"

static SobolevLut *
run_once (const SobolevCloud *qs, const SobolevCloud *qr, gint seed,
          gint method)
{
  SobolevParams params;
  g_autoptr (SobolevTransfer) t = NULL;
  g_autoptr (GError) error = NULL;

  sobolev_params_init (&params);
  params.seed = seed;
  params.method = method;
  t = sobolev_transfer_run (qs, qr, &params, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return sobolev_transfer_lut_at (t, 0.7, 0.3);
}

static void
test_same_bytes (void)
{
  g_autoptr (CliImage) src_full = test_load_photo ("astronaut.png");
  g_autoptr (CliImage) ref_full = test_load_photo ("coffee.png");
  g_autoptr (CliImage) src = test_downscale (src_full, 200);
  g_autoptr (CliImage) ref = test_downscale (ref_full, 200);
  g_autoptr (SobolevCloud) qs = test_image_cloud (src, SOBOLEV_SOURCE_BITS);
  g_autoptr (SobolevCloud) qr = test_image_cloud (ref, 5);
  g_autoptr (SobolevLut) a = run_once (qs, qr, 7, SOBOLEV_METHOD_KERNEL);
  g_autoptr (SobolevLut) b = run_once (qs, qr, 7, SOBOLEV_METHOD_KERNEL);
  g_autoptr (SobolevLut) c = run_once (qs, qr, 8, SOBOLEV_METHOD_KERNEL);
  gsize bytes = (gsize) a->size * a->size * a->size * 3 * sizeof (gfloat);
  g_autoptr (CliImage) ia = test_apply_lut (src, a);
  g_autoptr (CliImage) ib = test_apply_lut (src, b);

  g_assert_cmpmem (a->data, bytes, b->data, bytes);
  g_assert_cmpmem (ia->pixels, (gsize) src->width * src->height * 16,
                   ib->pixels, (gsize) src->width * src->height * 16);
  g_assert_true (memcmp (a->data, c->data, bytes) != 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/determinism/same-bytes", test_same_bytes);
  return g_test_run ();
}
