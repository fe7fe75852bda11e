#ifndef ASDS_CZLIB_SHIM_H
#define ASDS_CZLIB_SHIM_H
#include <zlib.h>
#endif
