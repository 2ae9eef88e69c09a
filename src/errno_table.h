/* The generated errno tables (src/errno_table.c), indexed by value. */
#ifndef BR_SRC_ERRNO_TABLE_H
#define BR_SRC_ERRNO_TABLE_H

#include <bedrock/errno.h>

/* "EPERM" at [1]; NULL where no errno has that value. */
extern const char *const br__errno_names[BR_ERRNO_MAX + 1];
/* The strerror text at each value; NULL where no errno has that value. */
extern const char *const br__errno_messages[BR_ERRNO_MAX + 1];

#endif
