// Whether this processor runs the AVX2 + FMA paths (asked once per kernel file).
#ifndef LESSONS_CKERNELS_CPU_H
#define LESSONS_CKERNELS_CPU_H

#if defined(__x86_64__)
#include <immintrin.h>
#define LESSONS_X86 1

static inline int lessons_has_avx2_fma(void) {
  static int known = -1;
  if (known < 0) {
    __builtin_cpu_init();
    known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }
  return known;
}
#endif

#endif
