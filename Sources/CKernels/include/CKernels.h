#ifndef LESSONS_CKERNELS_H
#define LESSONS_CKERNELS_H

/// C = A·B (or C += A·B when `accumulate`), A m × k, B k × n, C m × n, each through strides:
/// A(i, p) = a[i * ars + p * aps], B(p, j) = b[p * bps + j * bjs], C(i, j) = c[i * crs + j * ccs]
/// (so Aᵀ, Bᵀ and Cᵀ are strides, never copies).
///
/// Every element of C is one fused multiply-add chain over p = 0, 1, …, k − 1 started at 0
/// (then added to C when accumulating), whatever the shapes, the strides, the tile it falls in
/// or the machine: the AVX2 path and the portable path give the same bits.
void lessons_dgemm(long m, long n, long k, const double *a, long ars, long aps, const double *b,
                   long bps, long bjs, double *c, long crs, long ccs, int accumulate);

/// y[i] = e^{x[i]} for i < n (y may be x). Within 2 ulp of the exact value where it is a
/// normal number (checked against the C library in the tests), correctly signed zero below
/// e^{-745}, +∞ above e^{709.78}, NaN for NaN. The AVX2 path and the portable path do the same
/// operations in the same order, so they give the same bits.
void lessons_exp(long n, const double *x, double *y);

/// The softmax output layer's forward pass over `rows` rows of `classes` logits, fused: z += b
/// (the bias of z = a·W + b), a = e^{z − max z} / Σ e^{z − max z} per row, and the row's
/// max z and Σ e^{z − max z} (in [1, classes]) into row_max and row_sum, from which the loss
/// takes log Σ e^z stably. Row-major; the arrays do not overlap, `bias` may be NULL (none).
void lessons_softmax_forward(long rows, long classes, double *z, const double *bias, double *a,
                             double *row_max, double *row_sum);

/// Σᵢ (log Σⱼ e^{z_ij} − z_{i, labelᵢ}) (the cross-entropy summed over rows) into *loss_sum,
/// from the forward pass's row_max and row_sum, and the number of rows whose first largest
/// probability is at the label into *correct.
void lessons_softmax_loss(long rows, long classes, const double *z, const double *a,
                          const double *row_max, const double *row_sum, const long *labels,
                          double *loss_sum, long *correct);

/// The softmax output layer's backward pass, fused: dz = (a − y)·scale with y one-hot at the
/// labels (scale = 1/m for the mean loss), and the bias gradient db_j = Σᵢ dz_ij (rows in
/// order).
void lessons_softmax_backward(long rows, long classes, const double *a, const long *labels,
                              double scale, double *delta, double *grad_bias);

#endif
