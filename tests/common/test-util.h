/* sobolev-transfer — helpers for tests and benchmarks.  */
#ifndef SOBOLEV_TEST_UTIL_H
#define SOBOLEV_TEST_UTIL_H

#include <glib.h>
#include "sobolev.h"
#include "image-io.h"

G_BEGIN_DECLS

/* The path of a file in the project's data/ folder (SOBOLEV_DATA_DIR in
   the environment, set by meson test; else the source tree's).  */
gchar *test_data_path (const gchar *relative);

/* Loads data/photos/<name>; aborts the test on failure.  */
CliImage *test_load_photo (const gchar *name);

/* The weighted cloud of an image at bits per channel.  */
SobolevCloud *test_image_cloud (const CliImage *image, guint bits);

/* Recolors image with lut into a new image (all threads).  */
CliImage *test_apply_lut (const CliImage *image, const SobolevLut *lut);

/* A result as the hosts make it: lut through the edge guard at
   fidelity.  */
CliImage *test_apply_result (const CliImage *image, const SobolevLut *lut,
                             gdouble fidelity);

/* Adds all of image's pixels to input of recolor.  */
gboolean test_recolor_feed (SobolevRecolor *recolor, SobolevRecolorInput input,
                            const CliImage *image, GError **error);

/* A recoloring of source toward reference (or palette, when not NULL)
   with params, fed and run as the hosts do; aborts the test on error.  */
SobolevRecolor *test_recolor_run (const CliImage *source,
                                  const CliImage *reference,
                                  const SobolevCloud *palette,
                                  const SobolevParams *params);

/* A smaller copy of image (box filter) whose longer side is at most
   max_side; a plain copy when it is already that small.  */
CliImage *test_downscale (const CliImage *image, guint max_side);

/* n points of dim coordinates drawn uniformly from [lo, hi), then n
   weights from [w_lo, w_hi) (all w_lo, without drawing, when w_lo =
   w_hi), from a Mersenne Twister seeded with seed.  */
SobolevCloud *test_uniform_cloud (guint dim, gsize n, gdouble lo, gdouble hi,
                                  gdouble w_lo, gdouble w_hi, guint32 seed);

/* The same with coordinates drawn from N(mean, sd²) (Box–Muller).  */
SobolevCloud *test_normal_cloud (guint dim, gsize n, gdouble mean, gdouble sd,
                                 gdouble w_lo, gdouble w_hi, guint32 seed);

/* What a job's progress and cancel callbacks saw.  Give cancel_after > 0
   to ask for a stop once progress has been called that many times.  */
typedef struct
{
  guint calls;
  guint cancel_after;
  gdouble last_fraction;
  gboolean backwards; /* a fraction was smaller than the one before */
} TestWatch;

#define TEST_WATCH_INIT(cancel_after)                                          \
  {                                                                            \
    0, (cancel_after), 0.0, FALSE                                              \
  }

/* A SobolevProgressFunc and a SobolevCancelFunc over a TestWatch.  */
void test_watch_progress (gdouble fraction, gpointer data);
gboolean test_watch_cancel (gpointer data);

/* Sets one parameter from a "name=value" argument (names and values as
   the CLI takes them).  FALSE when arg has no '='; a bad name or value
   ends the program with its message.  For the benchmarks' options.  */
gboolean test_params_set_arg (SobolevParams *params, const gchar *arg);

/* Asserts that each value of the NULL-terminated name/value pairs is
   refused by the parameter table with an invalid-argument error that
   names the parameter.  */
void test_assert_params_refused (const gchar *const *names_and_values);

/* Asserts that the method choice nick selects klass.  */
void test_assert_method_registered (const gchar *nick,
                                    const SobolevMethodClass *klass);

/* The sample pairs (source, reference) used by tests and benchmarks.  */
typedef struct
{
  const gchar *source;
  const gchar *reference;
} TestPair;
extern const TestPair test_pairs[];
extern const guint test_n_pairs;

G_END_DECLS

#endif
