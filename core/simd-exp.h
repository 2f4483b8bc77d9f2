/* sobolev-transfer — exp and log on four doubles at once.

   Log-sum-exp over thousands of points per point is where the Sinkhorn
   solves spend their time, and libm's exp is one value per call.  This
   one is written with GCC's vector extensions, so a SOBOLEV_HOT_LOOP
   function compiles it to AVX2 in one clone and to SSE2 pairs in the
   other.  Relative error below 5e-16 on [−708, 0]; inputs below −708
   give exp (−708), a number that no sum of exps starting at exp (0) = 1
   can see.  The color conversions take their powers (the sRGB curve,
   cube roots) as exp (y log x) with simd_log below.  */
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

/* ln x lane by lane, for positive finite x (subnormals included):
   x = 2^e m with m in [√½, √2), ln m = 2 atanh s with s = (m − 1) /
   (m + 1), |s| ≤ 0.1716, by its series to s¹⁹ (the next term is below
   2e-17).  Absolute error below 3e-16 for x in [0.5, 2], relative below
   3e-16 elsewhere.  */
static inline SimdDouble
simd_log (SimdDouble x)
{
  const SimdDouble tiny = { 2.2250738585072014e-308, 2.2250738585072014e-308,
                            2.2250738585072014e-308, 2.2250738585072014e-308 };
  const SimdDouble sqrt2 = { G_SQRT2, G_SQRT2, G_SQRT2, G_SQRT2 };
  const SimdMask mantissa = { 0x000fffffffffffffLL, 0x000fffffffffffffLL,
                              0x000fffffffffffffLL, 0x000fffffffffffffLL };
  const SimdMask one_bits = { 0x3ff0000000000000LL, 0x3ff0000000000000LL,
                              0x3ff0000000000000LL, 0x3ff0000000000000LL };
  SimdMask subnormal = x < tiny, bits, big;
  SimdDouble m, e, s, s2, s4, s8, p;

  /* A subnormal is scaled by 2⁵⁴ into the normal range first.  */
  x = simd_select (subnormal, x * 18014398509481984.0, x);
  bits = (SimdMask) x;
  e = __builtin_convertvector(((bits >> 52) & 0x7ff) - 1023, SimdDouble);
  e = simd_select (subnormal, e - 54.0, e);
  m = (SimdDouble) ((bits & mantissa) | one_bits);
  big = m > sqrt2;
  m = simd_select (big, m * 0.5, m);
  e = simd_select (big, e + 1.0, e);
  s = (m - 1.0) / (m + 1.0);
  s2 = s * s;
  s4 = s2 * s2;
  s8 = s4 * s4;
  /* 1 + s²/3 + s⁴/5 + … + s¹⁸/19, by Estrin's scheme.  */
  p = ((1.0 + s2 * (1.0 / 3.0)) + s4 * (1.0 / 5.0 + s2 * (1.0 / 7.0)))
      + s8
            * ((1.0 / 9.0 + s2 * (1.0 / 11.0))
               + s4 * (1.0 / 13.0 + s2 * (1.0 / 15.0)));
  p += (s8 * s8) * (1.0 / 17.0 + s2 * (1.0 / 19.0));
  /* ln 2 in two parts (fdlibm's), as in simd_exp.  */
  return e * 6.93147180369123816490e-01
         + (2.0 * s * p + e * 1.90821492927058770002e-10);
}

#endif
