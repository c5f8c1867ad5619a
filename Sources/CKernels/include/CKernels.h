#ifndef LESSONS_CKERNELS_H
#define LESSONS_CKERNELS_H

/// C = A·B (or C += A·B when `accumulate`): A is m × k with element (i, p) at
/// a[i * rs + p * ps], B is k × n row-major with row stride ldb, C is m × n with row stride ldc.
///
/// Every element of C is one fused multiply-add chain over p = 0, 1, …, k − 1 started at 0
/// (then added to C when accumulating), whatever the shapes, the tile it falls in or the
/// machine: the AVX2 path and the portable path give the same bits.
void lessons_dgemm(long m, long n, long k, const double *a, long rs, long ps, const double *b,
                   long ldb, double *c, long ldc, int accumulate);

#endif
