/* The generated errno tables (src/errno_table.c): every string in one char
 * array, and per value the offset of its string (0: no such errno). */
#ifndef BR_SRC_ERRNO_TABLE_H
#define BR_SRC_ERRNO_TABLE_H

#include <stdint.h>
#include <bedrock/errno.h>

/* "\0EPERM\0ENOENT\0..." */
extern const char br__errno_names[];
/* Offset of each value's name in br__errno_names; 0 where none. */
extern const uint16_t br__errno_names_at[BR_ERRNO_MAX + 1];
/* "\0Success\0Operation not permitted\0..." */
extern const char br__errno_messages[];
/* Offset of each value's message in br__errno_messages; 0 where none. */
extern const uint16_t br__errno_messages_at[BR_ERRNO_MAX + 1];

#endif
