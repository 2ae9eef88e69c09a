/* SPDX-License-Identifier: MIT */
/* The generated errno tables (src/errno_table.c): the strings of values
 * 0..BR_ERRNO_MAX in order, each NUL-terminated, empty where none. */
#ifndef BR_SRC_ERRNO_TABLE_H
#define BR_SRC_ERRNO_TABLE_H

#include <bedrock/errno.h>

/* "\0EPERM\0ENOENT\0..." (value 0 has no name). */
extern const char br__errno_names[];
/* "Success\0Operation not permitted\0..." */
extern const char br__errno_messages[];

#endif
