/* Names and messages of br_errno values, from the generated tables. */
#include "errno_table.h"

const char *br_errno_name(br_errno e)
{
	/* The cast also rejects negative values, which an enum may hold. */
	if ((unsigned)e > BR_ERRNO_MAX || !br__errno_names_at[e])
		return (const char *)0;
	return br__errno_names + br__errno_names_at[e];
}

const char *br_errno_message(br_errno e)
{
	if ((unsigned)e > BR_ERRNO_MAX || !br__errno_messages_at[e])
		return (const char *)0;
	return br__errno_messages + br__errno_messages_at[e];
}
