#ifndef ASDS_CLAPACK_SHIM_H
#define ASDS_CLAPACK_SHIM_H
// Debian's OpenBLAS is built without LAPACKE, so the module map links both libraries.
// LAPACK_COMPLEX_STRUCTURE needs HAVE_LAPACK_CONFIG_H with LAPACK 3.11: lapack_complex_double
// then is a {real, imag} struct, layout-compatible with swift-numerics Complex<Double>.
#define HAVE_LAPACK_CONFIG_H
#define LAPACK_COMPLEX_STRUCTURE
#include <cblas.h>
#include <lapacke.h>
#endif
