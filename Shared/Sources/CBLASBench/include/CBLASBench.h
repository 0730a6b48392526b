// A C caller of cblas_sgemm, so the benchmark can compare Shared's Swift matmul with C calling
// the very same routine on the very same buffers: any gap is overhead in the Swift wrapper.
#ifndef CBLASBENCH_H
#define CBLASBENCH_H

/// Multiplies two n×n row-major matrices `repeats` times with cblas_sgemm and returns the
/// median seconds of one multiplication.
double cblasbench_sgemm_median_seconds(int n, int repeats, const float *a, const float *b, float *c);

#endif
