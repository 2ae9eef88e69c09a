/* Names and messages of br_errno values, from the generated tables. */
#include "errno_table.h"

const char *br_errno_name(br_errno e)
{
	/* The cast also rejects negative values, which an enum may hold. */
	return (unsigned)e <= BR_ERRNO_MAX ? br__errno_names[e] : (const char *)0;
}

const char *br_errno_message(br_errno e)
{
	return (unsigned)e <= BR_ERRNO_MAX ? br__errno_messages[e] : (const char *)0;
}
