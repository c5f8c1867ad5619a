// e^x over an array, four lanes at a time with AVX2 + FMA, for the softmax (1797 × 10 of them
// per softmax-regression step on the digits, a fifth of the step's time with the C library's
// scalar exp).
//
// x = k·ln 2 + r with k = round(x / ln 2) and |r| ≤ ln 2 / 2 (Cody and Waite: ln 2 in two
// parts), e^r from its Taylor series to r¹³ (the first omitted term is below 2⁻⁵⁵ of e^r),
// times 2^k built in the exponent bits in two halves so that results that are subnormal,
// zero or infinite come out of the multiplications themselves. The portable path is the same
// operations in the same order with fma(), so it gives the same bits.

#include "CKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"

// Beyond ±1000, e^x is 0 or ∞ in doubles; clamping keeps k's halves inside normal exponents.
static const double LOW = -1000, HIGH = 1000;
static const double LOG2E = 0x1.71547652b82fep0;
static const double SHIFT = 0x1.8p52;  // adding it rounds to an integer, held in the low bits
static const double LN2_HI = 0x1.62e42fefa39efp-1, LN2_LO = 0x1.abc9e3b39803fp-56;
#define TAYLOR(HORNER)                                                                         \
  HORNER(1.0 / 6227020800) HORNER(1.0 / 479001600) HORNER(1.0 / 39916800)                     \
  HORNER(1.0 / 3628800) HORNER(1.0 / 362880) HORNER(1.0 / 40320) HORNER(1.0 / 5040)            \
  HORNER(1.0 / 720) HORNER(1.0 / 120) HORNER(1.0 / 24) HORNER(1.0 / 6) HORNER(1.0 / 2)         \
  HORNER(1.0) HORNER(1.0)

static double power_of_two(int64_t k) {
  uint64_t bits = (uint64_t)(k + 1023) << 52;
  double result;
  memcpy(&result, &bits, sizeof result);
  return result;
}

static double exp_portable(double x) {
  x = LOW > x ? LOW : x;  // as MAXPD(LOW, x): a NaN x stays NaN
  x = HIGH < x ? HIGH : x;
  double kd = fma(x, LOG2E, SHIFT);
  double n = kd - SHIFT;
  double r = fma(n, -LN2_HI, x);
  r = fma(n, -LN2_LO, r);
  double p = 0;
#define STEP(c) p = fma(p, r, c);
  TAYLOR(STEP)
#undef STEP
  if (x != x) return x;
  int64_t k = (int64_t)n;
  int64_t k1 = k >> 1;  // arithmetic shift, as VPSRAD
  return p * power_of_two(k1) * power_of_two(k - k1);
}

#if LESSONS_X86
// Four lanes of exp_portable, operation for operation.
__attribute__((target("avx2,fma"), always_inline)) static inline __m256d exp4(__m256d x) {
  const __m256d log2e = _mm256_set1_pd(LOG2E), shift = _mm256_set1_pd(SHIFT);
  const __m256i bias = _mm256_set1_epi32(1023);
  __m256d v = _mm256_min_pd(_mm256_set1_pd(HIGH), _mm256_max_pd(_mm256_set1_pd(LOW), x));
  __m256d kd = _mm256_fmadd_pd(v, log2e, shift);
  __m256d nd = _mm256_sub_pd(kd, shift);
  __m256d r = _mm256_fmadd_pd(nd, _mm256_set1_pd(-LN2_HI), v);
  r = _mm256_fmadd_pd(nd, _mm256_set1_pd(-LN2_LO), r);
  __m256d p = _mm256_setzero_pd();
#define STEP(c) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(c));
  TAYLOR(STEP)
#undef STEP
  // k sits in the low 32 bits of kd's bit pattern; 2^k = 2^{k >> 1} · 2^{k − (k >> 1)}.
  __m256i k = _mm256_castpd_si256(kd);
  __m256i k1 = _mm256_srai_epi32(k, 1);
  __m256i k2 = _mm256_sub_epi32(k, k1);
  __m256d s1 = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi32(k1, bias), 52));
  __m256d s2 = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_add_epi32(k2, bias), 52));
  __m256d result = _mm256_mul_pd(_mm256_mul_pd(p, s1), s2);
  return _mm256_blendv_pd(result, v, _mm256_cmp_pd(v, v, _CMP_UNORD_Q));  // NaN stays NaN
}

__attribute__((target("avx2,fma"))) static void exp_avx2(long n, const double *x, double *y) {
  long i = 0;
  // Two vectors per iteration: two independent chains of 14 multiply-adds in flight.
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_pd(y + i, exp4(_mm256_loadu_pd(x + i)));
    _mm256_storeu_pd(y + i + 4, exp4(_mm256_loadu_pd(x + i + 4)));
  }
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, exp4(_mm256_loadu_pd(x + i)));
  for (; i < n; i++) y[i] = exp_portable(x[i]);
}

#endif

void lessons_exp(long n, const double *x, double *y) {
#if LESSONS_X86
  if (lessons_has_avx2_fma()) {
    exp_avx2(n, x, y);
    return;
  }
#endif
  for (long i = 0; i < n; i++) y[i] = exp_portable(x[i]);
}
