#ifndef ASDS_CFFTW_SHIM_H
#define ASDS_CFFTW_SHIM_H
// fftw_complex becomes double[2] (a (Double, Double) tuple in Swift), layout-compatible with
// swift-numerics Complex<Double>.
#define FFTW_NO_Complex
#include <fftw3.h>
#endif
