// The few things Shared does in C.
// 1. A C caller of cblas_sgemm, so the benchmark can compare Shared's Swift matmul with C calling
//    the very same routine on the very same buffers: any gap is overhead in the Swift wrapper.
// 2. Line-buffering stdout (Swift 6 cannot touch C's global `stdout` safely).
// 3. Distance kernels for vector search (vector_distance.h).
#ifndef CHELPERS_H
#define CHELPERS_H

/// Makes stdout line-buffered even when it is a pipe or a file.
void chelpers_line_buffer_stdout(void);


/// Multiplies two n×n row-major matrices `repeats` times with cblas_sgemm and returns the
/// median seconds of one multiplication.
double cblasbench_sgemm_median_seconds(int n, int repeats, const float *a, const float *b, float *c);

#include "vector_distance.h"

#endif
