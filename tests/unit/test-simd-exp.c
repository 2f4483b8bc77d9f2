/* sobolev-transfer — the vector exp against libm's.  */
#include <math.h>

#include "simd-exp.h"

/* Every lane agrees with exp to the header's promise on [−708, 709],
   over an even grid and the points where the range reduction turns
   (half-integer multiples of ln 2).  */
static void
test_simd_exp_matches_libm (void)
{
  gdouble worst = 0.0;

  for (gint k = -708000; k <= 709000; k += 7)
    {
      gdouble x = k * 1e-3, y = (k + 0.5) * G_LN2 * 1e-3;
      SimdDouble v = { x, -x * 1e-3, y, -y * 1e-3 };
      SimdDouble e = simd_exp (v);

      for (int lane = 0; lane < SIMD_WIDTH; lane++)
        {
          gdouble want = exp (v[lane]);

          if (v[lane] < -708.0 || v[lane] > 709.0)
            continue;
          worst = MAX (worst, fabs (e[lane] - want) / want);
        }
    }
  g_test_message ("worst relative error %.3g", worst);
  g_assert_cmpfloat (worst, <, 5e-16);
}

/* Below the range, and for a point of no weight (−∞), exp is the
   smallest it gives, never 0 or NaN: a sum of such terms starting at
   exp (0) = 1 is 1.  */
static void
test_simd_exp_below_range (void)
{
  SimdDouble v = { -INFINITY, -800.0, -708.0, 0.0 };
  SimdDouble e = simd_exp (v);

  for (int lane = 0; lane < 3; lane++)
    {
      g_assert_true (isfinite (e[lane]));
      g_assert_cmpfloat (e[lane], >, 0.0);
      g_assert_cmpfloat (e[lane], <, 1e-307);
    }
  g_assert_cmpfloat (e[3], ==, 1.0);
  g_assert_cmpfloat (simd_sum (e), ==, 1.0);
}

/* simd_log agrees with log to the header's promise: absolute error near
   1, relative elsewhere, from subnormals to the largest doubles, and at
   the points where the mantissa's range turns (√2 and its neighbours).  */
static void
test_simd_log_matches_libm (void)
{
  gdouble worst_abs = 0.0, worst_rel = 0.0;

  /* 2^-1073.987 is the smallest x, a subnormal; 2^1022.013 the
     largest.  */
  for (gint k = -10740; k <= 10220; k++)
    {
      gdouble x = pow (2.0, k * 0.1 + 0.013);
      SimdDouble v = { x, G_SQRT2 * (1.0 + k * 1e-16), 1.0 + k * 1e-5,
                       ldexp (nextafter (G_SQRT2, 0.0), k % 50) };
      SimdDouble l = simd_log (v);

      for (int lane = 0; lane < SIMD_WIDTH; lane++)
        {
          gdouble want = log (v[lane]), err = fabs (l[lane] - want);

          g_assert_true (v[lane] > 0.0 && isfinite (err));

          if (v[lane] >= 0.5 && v[lane] <= 2.0)
            worst_abs = MAX (worst_abs, err);
          else
            worst_rel = MAX (worst_rel, err / fabs (want));
        }
    }
  g_test_message ("worst absolute error %.3g, relative %.3g", worst_abs,
                  worst_rel);
  g_assert_cmpfloat (worst_abs, <, 3e-16);
  g_assert_cmpfloat (worst_rel, <, 3e-16);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/simd-exp/matches-libm", test_simd_exp_matches_libm);
  g_test_add_func ("/simd-exp/below-range", test_simd_exp_below_range);
  g_test_add_func ("/simd-exp/log-matches-libm", test_simd_log_matches_libm);
  return g_test_run ();
}
