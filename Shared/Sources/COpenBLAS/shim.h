// The C surface of OpenBLAS that Swift sees: CBLAS, a few informational calls, and the
// LAPACK routines that the tests use as an independent reference (Fortran calling convention:
// every argument by pointer, column-major storage). Week code implements its own math; only
// tests call LAPACK.
#ifndef CURRICULUM_COPENBLAS_SHIM_H
#define CURRICULUM_COPENBLAS_SHIM_H

#include <cblas.h>

char *openblas_get_config(void);
char *openblas_get_corename(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);

void dgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a,
             const int *lda, double *s, double *u, const int *ldu, double *vt, const int *ldvt,
             double *work, const int *lwork, int *info);
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);
void dgetrf_(const int *m, const int *n, double *a, const int *lda, int *ipiv, int *info);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);

#endif
