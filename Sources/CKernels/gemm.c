// The matrix product behind LessonMath's `MatrixKernels`: B packed into panels of 8 (or 4)
// columns, 4 × 8 register tiles of fused multiply-adds, AVX2 + FMA when the processor has
// them (checked once), and a portable path with the C library's fma() that rounds the same.

#include "CKernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define LESSONS_X86 1
#endif

enum { MR = 4, NR = 8 };

// Stores an MR × width tile held in `tile` (row stride NR) into C.
static inline void store_tile(const double *tile, long rows, long width, double *c, long ldc,
                              int accumulate) {
  for (long r = 0; r < rows; r++) {
    for (long j = 0; j < width; j++) {
      c[r * ldc + j] = accumulate ? c[r * ldc + j] + tile[r * NR + j] : tile[r * NR + j];
    }
  }
}

// The portable tile: `rows` rows of A against one packed panel (k × NR).
static void tile_portable(long rows, long k, const double *a, long rs, long ps,
                          const double *panel, double *tile) {
  for (long r = 0; r < rows; r++) {
    for (long j = 0; j < NR; j++) {
      double sum = 0;
      for (long p = 0; p < k; p++) sum = fma(a[r * rs + p * ps], panel[p * NR + j], sum);
      tile[r * NR + j] = sum;
    }
  }
}

#if LESSONS_X86
__attribute__((target("avx2,fma"))) static void tile_avx2(long rows, long k, const double *a,
                                                          long rs, long ps, const double *panel,
                                                          double *tile) {
  if (rows == MR) {
    __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
    __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
    __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
    __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
    const double *a0 = a, *a1 = a + rs, *a2 = a + 2 * rs, *a3 = a + 3 * rs;
    for (long p = 0; p < k; p++) {
      __m256d b0 = _mm256_loadu_pd(panel + p * NR);
      __m256d b1 = _mm256_loadu_pd(panel + p * NR + 4);
      __m256d x = _mm256_broadcast_sd(a0 + p * ps);
      c00 = _mm256_fmadd_pd(x, b0, c00);
      c01 = _mm256_fmadd_pd(x, b1, c01);
      x = _mm256_broadcast_sd(a1 + p * ps);
      c10 = _mm256_fmadd_pd(x, b0, c10);
      c11 = _mm256_fmadd_pd(x, b1, c11);
      x = _mm256_broadcast_sd(a2 + p * ps);
      c20 = _mm256_fmadd_pd(x, b0, c20);
      c21 = _mm256_fmadd_pd(x, b1, c21);
      x = _mm256_broadcast_sd(a3 + p * ps);
      c30 = _mm256_fmadd_pd(x, b0, c30);
      c31 = _mm256_fmadd_pd(x, b1, c31);
    }
    _mm256_storeu_pd(tile, c00);
    _mm256_storeu_pd(tile + 4, c01);
    _mm256_storeu_pd(tile + NR, c10);
    _mm256_storeu_pd(tile + NR + 4, c11);
    _mm256_storeu_pd(tile + 2 * NR, c20);
    _mm256_storeu_pd(tile + 2 * NR + 4, c21);
    _mm256_storeu_pd(tile + 3 * NR, c30);
    _mm256_storeu_pd(tile + 3 * NR + 4, c31);
    return;
  }
  for (long r = 0; r < rows; r++) {
    __m256d lo = _mm256_setzero_pd(), hi = _mm256_setzero_pd();
    const double *ar = a + r * rs;
    for (long p = 0; p < k; p++) {
      __m256d x = _mm256_broadcast_sd(ar + p * ps);
      lo = _mm256_fmadd_pd(x, _mm256_loadu_pd(panel + p * NR), lo);
      hi = _mm256_fmadd_pd(x, _mm256_loadu_pd(panel + p * NR + 4), hi);
    }
    _mm256_storeu_pd(tile + r * NR, lo);
    _mm256_storeu_pd(tile + r * NR + 4, hi);
  }
}

static int has_avx2_fma(void) {
  static int known = -1;
  if (known < 0) {
    __builtin_cpu_init();
    known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return known;
}
#endif

void lessons_dgemm(long m, long n, long k, const double *a, long rs, long ps, const double *b,
                   long ldb, double *c, long ldc, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (long i = 0; i < m; i++) memset(c + i * ldc, 0, sizeof(double) * (size_t)n);
    }
    return;
  }
  void (*tile_kernel)(long, long, const double *, long, long, const double *, double *) =
      tile_portable;
#if LESSONS_X86
  if (has_avx2_fma()) tile_kernel = tile_avx2;
#endif
  // One panel of B at a time, zero-padded to NR columns, reused by every row tile.
  double stack[4096];
  size_t need = (size_t)k * NR;
  double *panel = need <= sizeof stack / sizeof stack[0] ? stack : malloc(sizeof(double) * need);
  if (panel == NULL) abort();
  double tile[MR * NR];
  for (long j0 = 0; j0 < n; j0 += NR) {
    long width = n - j0 < NR ? n - j0 : NR;
    for (long p = 0; p < k; p++) {
      const double *row = b + p * ldb + j0;
      double *out = panel + p * NR;
      long j = 0;
      for (; j < width; j++) out[j] = row[j];
      for (; j < NR; j++) out[j] = 0;
    }
    for (long i0 = 0; i0 < m; i0 += MR) {
      long rows = m - i0 < MR ? m - i0 : MR;
      tile_kernel(rows, k, a + i0 * rs, rs, ps, panel, tile);
      store_tile(tile, rows, width, c + i0 * ldc + j0, ldc, accumulate);
    }
  }
  if (panel != stack) free(panel);
}
