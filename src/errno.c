/* SPDX-License-Identifier: MIT */
/* Names and messages of br_errno values, from the generated tables. */
#include "errno_table.h"

/* The e-th string of a table, NULL where it is empty or e is out of range
 * (the unsigned compare also rejects negative values, which an enum may
 * hold). A walk rather than an offset table: 268 bytes fewer per table,
 * and only error paths look names up. */
static const char *nth(const char *table, br_errno e)
{
	if ((unsigned)e > BR_ERRNO_MAX)
		return (const char *)0;
	for (unsigned i = 0; i < (unsigned)e; i++)
		while (*table++)
			;
	return *table ? table : (const char *)0;
}

const char *br_errno_name(br_errno e)
{
	return nth(br__errno_names, e);
}

const char *br_errno_message(br_errno e)
{
	return nth(br__errno_messages, e);
}
