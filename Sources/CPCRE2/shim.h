#ifndef DISCLOSE_CPCRE2_SHIM_H
#define DISCLOSE_CPCRE2_SHIM_H
/* Swift sees the 8-bit (UTF-8) API only: call the pcre2_*_8 functions. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif
