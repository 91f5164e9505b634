/* cmocka boilerplate shared by the unit tests. */
#ifndef MOTCUA_TEST_HELPERS_H
#define MOTCUA_TEST_HELPERS_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#define N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
#endif
