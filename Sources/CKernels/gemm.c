// The matrix product behind LessonMath's `MatrixKernels`: B in panels of 8 columns (packed,
// or read in place when its rows are contiguous and few row tiles share the panel), 6 × 8
// register tiles of fused multiply-adds, AVX2 + FMA when the processor has them (checked
// once), and a portable path with the C library's fma() that rounds the same. A last panel
// of at most 4 columns (3 classes) is 4 wide with 12 × 4 tiles, so that it wastes half as
// many lanes and still keeps 12 multiply-add chains in flight; when 9 or 10 columns are left
// (10 classes) they are one panel of 8 + 2 with 3 × 10 tiles. A small B (a layer's
// weights) is packed whole and A streamed once through it; a long inner dimension (the
// examples of Xᵀ·dZ) is taken 256 at a time, each chain resumed from its partial sum, which
// rounds exactly as an unbroken chain.
//
// Every operand has a row and a column stride, so transposes are strides, never copies, and
// the driver may compute Cᵀ = Bᵀ·Aᵀ instead of C = A·B when that wastes fewer padded lanes:
// for a narrow C (10 classes) the vectors then run along its long side. Both orientations
// give the same bits, because x·y = y·x exactly and each element's chain order is unchanged.

#include "CKernels.h"

#include <math.h>
#include <stdlib.h>

#include "cpu.h"

enum { MR = 6, NR = 8, MR_NARROW = 12, NR_NARROW = 4, MR_WIDE = 3, NR_WIDE = 10 };
// Rows of A per block (a multiple of both tiles' heights), inner indices per block of B, and
// the largest B packed whole (32 KB).
enum { ROW_BLOCK = 12, KC = 256, STACK = 4096 };

/// A panel of B: element (p, j) of the panel at panel[p * stride + j], j < NR (or NR_NARROW).
typedef struct {
  const double *data;
  long stride;
} Panel;

// Stores a rows × width tile held in `tile` (row stride `ts`) into C.
static inline void store_tile(const double *tile, long ts, long rows, long width, double *c,
                              long crs, long ccs, int accumulate) {
  for (long r = 0; r < rows; r++) {
    for (long j = 0; j < width; j++) {
      double *out = c + r * crs + j * ccs;
      *out = accumulate ? *out + tile[r * ts + j] : tile[r * ts + j];
    }
  }
}

// The portable tile: `rows` rows of A against one panel of `nr` columns (k × nr), into
// `tile` (row stride ts: a buffer, or C itself); with `resume`, each chain continues from the
// sum already there.
static void tile_portable(long rows, long nr, long k, const double *a, long ars, long aps,
                          Panel b, double *tile, long ts, int resume) {
  for (long r = 0; r < rows; r++) {
    for (long j = 0; j < nr; j++) {
      double sum = resume ? tile[r * ts + j] : 0;
      for (long p = 0; p < k; p++) sum = fma(a[r * ars + p * aps], b.data[p * b.stride + j], sum);
      tile[r * ts + j] = sum;
    }
  }
}

#if LESSONS_X86
// `rows` (1 … MR) rows of A against one panel, in 2 × `rows` accumulators; inlined with a
// constant `rows` so that the accumulators live in registers.
__attribute__((target("avx2,fma"), always_inline)) static inline void
tile_rows(const long rows, long k, const double *a, long ars, long aps, Panel b, double *tile,
          long ts, int resume) {
  __m256d lo[MR], hi[MR];
  for (long r = 0; r < rows; r++) {
    lo[r] = resume ? _mm256_loadu_pd(tile + r * ts) : _mm256_setzero_pd();
    hi[r] = resume ? _mm256_loadu_pd(tile + r * ts + 4) : _mm256_setzero_pd();
  }
  for (long p = 0; p < k; p++) {
    __m256d b0 = _mm256_loadu_pd(b.data + p * b.stride);
    __m256d b1 = _mm256_loadu_pd(b.data + p * b.stride + 4);
    for (long r = 0; r < rows; r++) {
      __m256d x = _mm256_broadcast_sd(a + r * ars + p * aps);
      lo[r] = _mm256_fmadd_pd(x, b0, lo[r]);
      hi[r] = _mm256_fmadd_pd(x, b1, hi[r]);
    }
  }
  for (long r = 0; r < rows; r++) {
    _mm256_storeu_pd(tile + r * ts, lo[r]);
    _mm256_storeu_pd(tile + r * ts + 4, hi[r]);
  }
}

// The same for a 4-column panel: `rows` (1 … MR_NARROW) accumulators.
__attribute__((target("avx2,fma"), always_inline)) static inline void
tile_rows_narrow(const long rows, long k, const double *a, long ars, long aps, Panel b,
                 double *tile, long ts, int resume) {
  __m256d acc[MR_NARROW];
  for (long r = 0; r < rows; r++)
    acc[r] = resume ? _mm256_loadu_pd(tile + r * ts) : _mm256_setzero_pd();
  for (long p = 0; p < k; p++) {
    __m256d b0 = _mm256_loadu_pd(b.data + p * b.stride);
    for (long r = 0; r < rows; r++)
      acc[r] = _mm256_fmadd_pd(_mm256_broadcast_sd(a + r * ars + p * aps), b0, acc[r]);
  }
  for (long r = 0; r < rows; r++) _mm256_storeu_pd(tile + r * ts, acc[r]);
}

// The same for a last panel of 8 + 2 columns (10 classes): per row two 4-lane accumulators and
// one 2-lane one. Where the vector unit is 128 bits wide (AMD Zen 1) a 2-lane multiply-add
// costs half of a 4-lane one, so the 10 columns cost 10 lanes instead of the 12 of 8 + 4
// (forward pass of the digits' softmax: 36.5 → 29.7 ms per 200 steps there). Three rows: 9
// accumulators, 3 vectors of B and 1 of A; with four, the compiler runs out of the 16
// registers and spills inside the loop. The 2-lane copy of A is loaded on its own: taken from
// the broadcast, it cost a shuffle per row (3 % slower here).
__attribute__((target("avx2,fma"), always_inline)) static inline void
tile_rows_wide(const long rows, long k, const double *a, long ars, long aps, Panel b,
               double *tile, long ts, int resume) {
  __m256d lo[MR_WIDE], hi[MR_WIDE];
  __m128d tl[MR_WIDE];
  for (long r = 0; r < rows; r++) {
    lo[r] = resume ? _mm256_loadu_pd(tile + r * ts) : _mm256_setzero_pd();
    hi[r] = resume ? _mm256_loadu_pd(tile + r * ts + 4) : _mm256_setzero_pd();
    tl[r] = resume ? _mm_loadu_pd(tile + r * ts + 8) : _mm_setzero_pd();
  }
  for (long p = 0; p < k; p++) {
    __m256d b0 = _mm256_loadu_pd(b.data + p * b.stride);
    __m256d b1 = _mm256_loadu_pd(b.data + p * b.stride + 4);
    __m128d b2 = _mm_loadu_pd(b.data + p * b.stride + 8);
    for (long r = 0; r < rows; r++) {
      __m256d x = _mm256_broadcast_sd(a + r * ars + p * aps);
      lo[r] = _mm256_fmadd_pd(x, b0, lo[r]);
      hi[r] = _mm256_fmadd_pd(x, b1, hi[r]);
      tl[r] = _mm_fmadd_pd(_mm_loaddup_pd(a + r * ars + p * aps), b2, tl[r]);
    }
  }
  for (long r = 0; r < rows; r++) {
    _mm256_storeu_pd(tile + r * ts, lo[r]);
    _mm256_storeu_pd(tile + r * ts + 4, hi[r]);
    _mm_storeu_pd(tile + r * ts + 8, tl[r]);
  }
}

// The rows of A per tile of a panel `nr` columns wide.
static long tile_height(long nr) {
  return nr == NR_WIDE ? MR_WIDE : nr == NR_NARROW ? MR_NARROW : MR;
}

// Any number of rows of A against one panel, in tiles of the panel's height (the last one
// shorter): one case per height, so that each tile is inlined with a constant `rows`. One call
// per block of rows, not per tile, because a tile of a short inner dimension (64 features) is
// only ~500 cycles of work.
#define ROWS(R, F) \
  case R: F(R, k, a, ars, aps, b, tile, ts, resume); continue;

__attribute__((target("avx2,fma"))) static void tile_avx2(long rows, long nr, long k,
                                                          const double *a, long ars, long aps,
                                                          Panel b, double *tile, long ts,
                                                          int resume) {
  long mr = tile_height(nr);
  for (long count; rows > 0; rows -= count, a += count * ars, tile += count * ts) {
    count = rows < mr ? rows : mr;
    if (nr == NR_WIDE) {
      switch (count) {
        ROWS(3, tile_rows_wide) ROWS(2, tile_rows_wide)
        default: tile_rows_wide(1, k, a, ars, aps, b, tile, ts, resume); continue;
      }
    }
    if (nr == NR_NARROW) {
      switch (count) {
        ROWS(12, tile_rows_narrow) ROWS(11, tile_rows_narrow) ROWS(10, tile_rows_narrow)
        ROWS(9, tile_rows_narrow) ROWS(8, tile_rows_narrow) ROWS(7, tile_rows_narrow)
        ROWS(6, tile_rows_narrow) ROWS(5, tile_rows_narrow) ROWS(4, tile_rows_narrow)
        ROWS(3, tile_rows_narrow) ROWS(2, tile_rows_narrow)
        default: tile_rows_narrow(1, k, a, ars, aps, b, tile, ts, resume); continue;
      }
    }
    switch (count) {
      ROWS(6, tile_rows) ROWS(5, tile_rows) ROWS(4, tile_rows) ROWS(3, tile_rows)
      ROWS(2, tile_rows)
      default: tile_rows(1, k, a, ars, aps, b, tile, ts, resume); continue;
    }
  }
}
#undef ROWS

#endif

// Rows p0 … p0 + kc − 1 of the panel of B at columns j0 … j0 + width − 1, zero-padded to nr.
static void pack(const double *b, long bps, long bjs, long p0, long kc, long j0, long width,
                 long nr, double *out) {
  for (long p = 0; p < kc; p++, out += nr) {
    const double *row = b + (p0 + p) * bps + j0 * bjs;
    long j = 0;
    if (bjs == 1) {
      for (; j < width; j++) out[j] = row[j];
    } else {
      for (; j < width; j++) out[j] = row[j * bjs];
    }
    for (; j < nr; j++) out[j] = 0;
  }
}

// The panel of B that starts at column j0 of n: its columns (`width`), the columns its tiles
// compute (`nr`, zero-padded past `width`). Panels are NR
// wide; the last is NR_NARROW when at most 4 columns are left, NR_WIDE when 9 or 10 are.
typedef struct {
  long width, nr;
} Shape;

static Shape panel_shape(long n, long j0) {
  long rest = n - j0;
  if (rest <= NR_NARROW) return (Shape){rest, NR_NARROW};
  if (rest > NR && rest <= NR_WIDE) return (Shape){rest, NR_WIDE};
  return (Shape){rest < NR ? rest : NR, NR};
}

// n rounded up to the panels' widths.
static long padded(long n) {
  long total = 0;
  for (long j0 = 0; j0 < n;) {
    Shape shape = panel_shape(n, j0);
    total += shape.nr;
    j0 += shape.width;
  }
  return total;
}

// Estimated cycles of C = A·B in this orientation: the tiles' multiply-adds (NR-wide panels,
// two 4-lane FMAs a cycle) plus packing B (a strided gather costs about a cycle per element, a
// copy of contiguous rows a quarter; panels read in place cost nothing).
static double cost(long m, long n, long k, long bjs) {
  double compute = (double)m * (double)padded(n) * (double)k / NR;
  double pack = bjs == 1 ? (m <= 4 * MR ? 0 : 0.25) : 1;
  return compute + pack * (double)k * (double)padded(n);
}

// C = A·B (or +=) in the orientation given, k ≥ 1.
static void product(long m, long n, long k, const double *a, long ars, long aps,
                    const double *b, long bps, long bjs, double *c, long crs, long ccs,
                    int accumulate) {
  void (*tile_kernel)(long, long, long, const double *, long, long, Panel, double *, long,
                      int) = tile_portable;
  // Full tiles go straight into C when its rows are contiguous and nothing is added to it.
  int direct = ccs == 1 && !accumulate;
#if LESSONS_X86
  if (lessons_has_avx2_fma()) tile_kernel = tile_avx2;
#endif
  double tile[ROW_BLOCK * NR_WIDE];  // a block of rows through any panel
  if ((size_t)k * padded(n) <= STACK) {
    // B is small (the weights of a layer): pack all of it, then take A a block of rows at a
    // time through every panel, so that A is read from memory once.
    double packed[STACK] __attribute__((aligned(64)));
    for (long j0 = 0, offset = 0; j0 < n;) {
      Shape shape = panel_shape(n, j0);
      pack(b, bps, bjs, 0, k, j0, shape.width, shape.nr, packed + offset);
      offset += k * shape.nr;
      j0 += shape.width;
    }
    for (long i0 = 0; i0 < m; i0 += ROW_BLOCK) {
      long end = m - i0 < ROW_BLOCK ? m : i0 + ROW_BLOCK;
      for (long j0 = 0, offset = 0; j0 < n;) {
        Shape shape = panel_shape(n, j0);
        long width = shape.width, nr = shape.nr, rows = end - i0;
        Panel panel = {packed + offset, nr};
        double *out = c + i0 * crs + j0 * ccs;
        if (direct && width == nr) {
          tile_kernel(rows, nr, k, a + i0 * ars, ars, aps, panel, out, crs, 0);
        } else {
          tile_kernel(rows, nr, k, a + i0 * ars, ars, aps, panel, tile, nr, 0);
          store_tile(tile, nr, rows, width, out, crs, ccs, accumulate);
        }
        offset += k * nr;
        j0 += width;
      }
    }
    return;
  }
  // Else one panel of B at a time, KC of its rows at a time (so that the row tiles that share
  // them find them in cache), each chain resumed from its partial sum across the blocks. Full
  // panels of contiguous rows are read in place when there are few row tiles to amortize a copy.
  int in_place_rows = bjs == 1 && m <= 4 * MR;
  double buffer[KC * NR_WIDE] __attribute__((aligned(64)));
  double *partial = tile;
  if (k > KC) {
    size_t rows = (size_t)((m + ROW_BLOCK - 1) / ROW_BLOCK * ROW_BLOCK);
    partial = malloc(sizeof(double) * rows * NR_WIDE);
    if (partial == NULL) abort();
  }
  for (long j0 = 0, width; j0 < n; j0 += width) {
    Shape shape = panel_shape(n, j0);
    long nr = shape.nr, mr = tile_height(nr);
    width = shape.width;
    mr = (m + (m + mr - 1) / mr - 1) / ((m + mr - 1) / mr);  // even tiles: 10 rows are 5 + 5
    for (long p0 = 0; p0 < k; p0 += KC) {
      long kc = k - p0 < KC ? k - p0 : KC;
      Panel panel = {buffer, nr};
      if (in_place_rows && width == nr) {
        panel = (Panel){b + p0 * bps + j0, bps};
      } else {
        pack(b, bps, bjs, p0, kc, j0, width, nr, buffer);
      }
      for (long i0 = 0; i0 < m; i0 += mr) {
        long rows = m - i0 < mr ? m - i0 : mr;
        double *out = c + i0 * crs + j0 * ccs;
        if (direct && width == nr && k <= KC) {
          tile_kernel(rows, nr, kc, a + i0 * ars, ars, aps, panel, out, crs, 0);
          continue;
        }
        double *sums = k > KC ? partial + i0 * nr : tile;
        tile_kernel(rows, nr, kc, a + i0 * ars + p0 * aps, ars, aps, panel, sums, nr, p0 > 0);
        if (p0 + kc == k) store_tile(sums, nr, rows, width, out, crs, ccs, accumulate);
      }
    }
  }
  if (partial != tile) free(partial);
}

void lessons_dgemm(long m, long n, long k, const double *a, long ars, long aps, const double *b,
                   long bps, long bjs, double *c, long crs, long ccs, int accumulate) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) {
      for (long i = 0; i < m; i++)
        for (long j = 0; j < n; j++) c[i * crs + j * ccs] = 0;
    }
    return;
  }
  // Cᵀ = Bᵀ·Aᵀ: A' (n × k) is Bᵀ, B' (k × m) is Aᵀ, C' is Cᵀ — only the strides change.
  if (cost(n, m, k, ars) < cost(m, n, k, bjs)) {
    product(n, m, k, b, bjs, bps, a, aps, ars, c, ccs, crs, accumulate);
  } else {
    product(m, n, k, a, ars, aps, b, bps, bjs, c, crs, ccs, accumulate);
  }
}
