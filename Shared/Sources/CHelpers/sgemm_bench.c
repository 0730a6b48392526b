#include "CHelpers.h"
#include <cblas.h>
#include <stdlib.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int compare_doubles(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

double cblasbench_sgemm_median_seconds(int n, int repeats, const float *a, const float *b, float *c) {
    if (n <= 0 || repeats <= 0) return 0.0;
    double *times = malloc(sizeof(double) * (size_t)repeats);
    if (!times) return 0.0;
    for (int r = 0; r < repeats; r++) {
        double start = now_seconds();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
        times[r] = now_seconds() - start;
    }
    qsort(times, (size_t)repeats, sizeof(double), compare_doubles);
    double median = times[repeats / 2];
    free(times);
    return median;
}
