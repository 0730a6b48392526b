// Distance kernels for vector search (week 9 onwards): the inner loops of exact, LSH and HNSW
// search. One C file so the kernel can use AVX-512 or AVX2+FMA when the CPU has them, chosen once
// at load time, with a portable loop everywhere else (Swift cannot enable CPU features per
// function). Both return float and accumulate in float, like hnswlib and faiss.
#ifndef VECTOR_DISTANCE_H
#define VECTOR_DISTANCE_H

/// Σ (a[i] − b[i])² over n elements.
float chelpers_l2_squared(const float *a, const float *b, long n);

/// Σ a[i]·b[i] over n elements.
float chelpers_dot(const float *a, const float *b, long n);

/// Asks the CPU to start loading the `lines` 64-byte cache lines at p (a hint; never faults).
void chelpers_prefetch(const void *p, int lines);

/// Which kernel runs: "avx512", "avx2" or "portable".
const char *chelpers_distance_kernel(void);

#endif
