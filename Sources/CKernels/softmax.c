// The softmax + cross-entropy output layer, fused so that each row of logits is read while it
// is in cache: the forward pass adds the bias, subtracts the row's maximum, exponentiates (a
// block of rows at once through the vector exp) and normalizes; the backward pass writes
// dz = (a − y)/m and sums the bias gradient in the same sweep. Sums run over the classes and
// over the rows in order, as the straightforward formulas do, so only exp differs from them.

#include "CKernels.h"

#include <math.h>
#include <stddef.h>

void lessons_softmax_forward(long rows, long classes, double *restrict z,
                             const double *restrict bias, double *restrict a,
                             double *restrict lse) {
  enum { BLOCK = 64 };  // rows per exp call: 64 × classes values stay in the L1 cache
  double top[BLOCK];
  for (long i0 = 0; i0 < rows; i0 += BLOCK) {
    long count = rows - i0 < BLOCK ? rows - i0 : BLOCK;
    double *restrict zb = z + i0 * classes, *restrict ab = a + i0 * classes;
    for (long r = 0; r < count; r++) {
      double *restrict zi = zb + r * classes, *restrict ai = ab + r * classes;
      if (bias != NULL)
        for (long j = 0; j < classes; j++) zi[j] += bias[j];
      double t = zi[0];
      for (long j = 1; j < classes; j++)
        if (zi[j] > t) t = zi[j];
      top[r] = t;
      for (long j = 0; j < classes; j++) ai[j] = zi[j] - t;
    }
    lessons_exp(count * classes, ab, ab);  // e^{z − max z}
    for (long r = 0; r < count; r++) {
      double *restrict ai = ab + r * classes;
      double total = 0;
      for (long j = 0; j < classes; j++) total += ai[j];
      double inverse = 1 / total;
      for (long j = 0; j < classes; j++) ai[j] *= inverse;
      lse[i0 + r] = top[r] + log(total);
    }
  }
}

void lessons_softmax_loss(long rows, long classes, const double *restrict z,
                          const double *restrict a, const double *restrict lse,
                          const long *restrict labels, double *loss_sum, long *correct) {
  double sum = 0;
  long hits = 0;
  for (long i = 0; i < rows; i++) {
    const double *ai = a + i * classes;
    sum += lse[i] - z[i * classes + labels[i]];
    long best = 0;
    for (long j = 1; j < classes; j++)
      if (ai[j] > ai[best]) best = j;
    hits += best == labels[i];
  }
  *loss_sum = sum;
  *correct = hits;
}

void lessons_softmax_backward(long rows, long classes, const double *restrict a,
                              const long *restrict labels, double scale, double *restrict delta,
                              double *restrict grad_bias) {
  for (long j = 0; j < classes; j++) grad_bias[j] = 0;
  for (long i = 0; i < rows; i++) {
    const double *restrict ai = a + i * classes;
    double *restrict di = delta + i * classes;
    for (long j = 0; j < classes; j++) di[j] = ai[j] * scale;
    di[labels[i]] -= scale;
    for (long j = 0; j < classes; j++) grad_bias[j] += di[j];
  }
}
