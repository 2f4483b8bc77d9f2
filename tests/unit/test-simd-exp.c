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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/simd-exp/matches-libm", test_simd_exp_matches_libm);
  g_test_add_func ("/simd-exp/below-range", test_simd_exp_below_range);
  return g_test_run ();
}
