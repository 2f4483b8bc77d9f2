/* sobolev-transfer — exp on four doubles at once.

   Log-sum-exp over thousands of points per point is where the Sinkhorn
   solves spend their time, and libm's exp is one value per call.  This
   one is written with GCC's vector extensions, so a SOBOLEV_HOT_LOOP
   function compiles it to AVX2 in one clone and to SSE2 pairs in the
   other.  Relative error below 5e-16 on [−708, 0]; inputs below −708
   give exp (−708), a number that no sum of exps starting at exp (0) = 1
   can see.  */
#ifndef SOBOLEV_SIMD_EXP_H
#define SOBOLEV_SIMD_EXP_H

#include <glib.h>

/* GCC warns that 32-byte vectors are passed differently with and
   without AVX.  These helpers are static inline and the files that
   include this header pass vectors only to them, never across files, so
   the warning is off for those files.  */
#pragma GCC diagnostic ignored "-Wpsabi"

typedef gdouble SimdDouble __attribute__ ((vector_size (32)));
typedef gint64 SimdMask __attribute__ ((vector_size (32)));

#define SIMD_WIDTH 4

/* a where mask is set, else b (mask lanes are 0 or all ones, as
   comparisons give them).  */
static inline SimdDouble
simd_select (SimdMask mask, SimdDouble a, SimdDouble b)
{
  return (SimdDouble) (((SimdMask) a & mask) | ((SimdMask) b & ~mask));
}

static inline SimdDouble
simd_max (SimdDouble a, SimdDouble b)
{
  return simd_select (a > b, a, b);
}

static inline gdouble
simd_sum (SimdDouble v)
{
  return (v[0] + v[1]) + (v[2] + v[3]);
}

static inline gdouble
simd_max_lane (SimdDouble v)
{
  return MAX (MAX (v[0], v[1]), MAX (v[2], v[3]));
}

/* e^x lane by lane, for x ≤ 709: x = n ln 2 + r with |r| ≤ ln 2 / 2,
   e^r by its Taylor series to r¹² (the next term is below 2e-16 there),
   2^n put in the exponent bits.  */
static inline SimdDouble
simd_exp (SimdDouble x)
{
  /* Adding 1.5 × 2^52 rounds to an integer, which lands in the low
     bits of the sum's mantissa.  */
  const gdouble round_magic = 6755399441055744.0;
  const SimdDouble magic
      = { round_magic, round_magic, round_magic, round_magic };
  const SimdDouble lowest = { -708.0, -708.0, -708.0, -708.0 };
  SimdDouble t, n, r, r2, r4, p;
  SimdMask bits;

  /* −∞ (a point of no weight) included.  */
  x = simd_max (x, lowest);
  t = x * 1.4426950408889634074 + round_magic;
  n = t - round_magic;
  /* ln 2 in two parts (fdlibm's), so that n ln 2 is exact enough.  */
  r = x - n * 6.93147180369123816490e-01;
  r = r - n * 1.90821492927058770002e-10;
  /* Estrin's scheme: the same polynomial as Horner's in a third of the
     dependent steps, which is what bounds a loop of exps.  */
  r2 = r * r;
  r4 = r2 * r2;
  p = ((1.0 + r) + r2 * (0.5 + r * (1.0 / 6.0)))
      + r4
            * ((1.0 / 24.0 + r * (1.0 / 120.0))
               + r2 * (1.0 / 720.0 + r * (1.0 / 5040.0)));
  p += (r4 * r4)
       * (((1.0 / 40320.0 + r * (1.0 / 362880.0))
           + r2 * (1.0 / 3628800.0 + r * (1.0 / 39916800.0)))
          + r4 * (1.0 / 479001600.0));
  bits = ((SimdMask) t - (SimdMask) magic + 1023) << 52;
  return p * (SimdDouble) bits;
}

#endif
