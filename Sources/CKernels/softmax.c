// The softmax + cross-entropy output layer, fused so that each row of logits is read while it
// is in cache: the forward pass adds the bias, subtracts the row's maximum, exponentiates (a
// block of rows at once through the vector exp) and normalizes; the backward pass writes
// dz = (a − y)/m and sums the bias gradient in the same sweep. Sums run over the classes and
// over the rows in order, as the straightforward formulas do, so only exp differs from them,
// and the loss, which takes one logarithm of a product of the rows' sums instead of one per
// row (a tenth of a softmax-regression step with the C library's log).
//
// Each loop body is inlined with the number of classes as a constant for the course's 3 and
// 10 classes (iris and blobs, digits), so that the short loops over a row unroll; any other
// count runs the same code with a variable bound.

#include "CKernels.h"

#include <math.h>
#include <stddef.h>

#define INLINE __attribute__((always_inline)) static inline

// Calls F with `classes` as a compile-time constant when it is 3 or 10.
#define BY_CLASSES(F, ...)                                                                     \
  switch (classes) {                                                                           \
  case 3: F(3, __VA_ARGS__); break;                                                            \
  case 10: F(10, __VA_ARGS__); break;                                                          \
  default: F(classes, __VA_ARGS__); break;                                                     \
  }

INLINE void forward(const long classes, long rows, double *restrict z,
                    const double *restrict bias, double *restrict a, double *restrict row_max,
                    double *restrict row_sum) {
  enum { BLOCK = 64 };  // rows per exp call: 64 × classes values stay in the L1 cache
  for (long i0 = 0; i0 < rows; i0 += BLOCK) {
    long count = rows - i0 < BLOCK ? rows - i0 : BLOCK;
    double *restrict zb = z + i0 * classes, *restrict ab = a + i0 * classes;
    for (long r = 0; r < count; r++) {
      double *restrict zi = zb + r * classes, *restrict ai = ab + r * classes;
      if (bias != NULL)
        for (long j = 0; j < classes; j++) zi[j] += bias[j];
      double t = zi[0];
      for (long j = 1; j < classes; j++) t = zi[j] > t ? zi[j] : t;
      row_max[i0 + r] = t;
      for (long j = 0; j < classes; j++) ai[j] = zi[j] - t;
    }
    lessons_exp(count * classes, ab, ab);  // e^{z − max z}
    for (long r = 0; r < count; r++) {
      double *restrict ai = ab + r * classes;
      double total = 0;
      for (long j = 0; j < classes; j++) total += ai[j];
      double inverse = 1 / total;
      for (long j = 0; j < classes; j++) ai[j] *= inverse;
      row_sum[i0 + r] = total;
    }
  }
}

void lessons_softmax_forward(long rows, long classes, double *restrict z,
                             const double *restrict bias, double *restrict a,
                             double *restrict row_max, double *restrict row_sum) {
  BY_CLASSES(forward, rows, z, bias, a, row_max, row_sum)
}

INLINE void loss(const long classes, long rows, const double *restrict z,
                 const double *restrict a, const double *restrict row_max,
                 const double *restrict row_sum, const long *restrict labels, double *loss_sum,
                 long *correct) {
  // Σ log sᵢ = log Π sᵢ: each sᵢ is in [1, classes] (the maximum's own term is e⁰ = 1), so the
  // product cannot underflow, and it is taken into the logarithms before it could overflow.
  double shifts = 0, logs = 0, product = 1;
  long hits = 0;
  for (long i = 0; i < rows; i++) {
    const double *ai = a + i * classes;
    shifts += row_max[i] - z[i * classes + labels[i]];
    product *= row_sum[i];
    if (product > 0x1p900) {
      logs += log(product);
      product = 1;
    }
    long best = 0;
    double most = ai[0];
    for (long j = 1; j < classes; j++) {
      best = ai[j] > most ? j : best;
      most = ai[j] > most ? ai[j] : most;
    }
    hits += best == labels[i];
  }
  *loss_sum = shifts + (logs + log(product));
  *correct = hits;
}

void lessons_softmax_loss(long rows, long classes, const double *restrict z,
                          const double *restrict a, const double *restrict row_max,
                          const double *restrict row_sum, const long *restrict labels,
                          double *loss_sum, long *correct) {
  BY_CLASSES(loss, rows, z, a, row_max, row_sum, labels, loss_sum, correct)
}

INLINE void backward(const long classes, long rows, const double *restrict a,
                     const long *restrict labels, double scale, double *restrict delta,
                     double *restrict grad_bias) {
  for (long j = 0; j < classes; j++) grad_bias[j] = 0;
  for (long i = 0; i < rows; i++) {
    const double *restrict ai = a + i * classes;
    double *restrict di = delta + i * classes;
    long label = labels[i];
    for (long j = 0; j < classes; j++) {
      double d = ai[j] * scale - (j == label ? scale : 0);
      di[j] = d;
      grad_bias[j] += d;
    }
  }
}

void lessons_softmax_backward(long rows, long classes, const double *restrict a,
                              const long *restrict labels, double scale, double *restrict delta,
                              double *restrict grad_bias) {
  BY_CLASSES(backward, rows, a, labels, scale, delta, grad_bias)
}
