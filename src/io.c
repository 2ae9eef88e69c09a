/* SPDX-License-Identifier: MIT */
/* The retrying write loop; everything else of io.h is inline. */
#include <bedrock/io.h>

br_errno br_write_all_partial(br_fd fd, const void *buf, size_t len, size_t *written)
{
	const char *p = buf;
	size_t done = 0;
	br_errno e = BR_OK;

	while (done < len) {
		size_t n;
		e = br_write(fd, p + done, len - done, &n);
		if (e == BR_EINTR)
			continue;
		if (e)
			break;
		if (n == 0) {
			/* The kernel made no progress and reported no error: stop
			 * rather than spin; no errno fits exactly, EIO is closest. */
			e = BR_EIO;
			break;
		}
		done += n;
	}
	*written = done;
	return e;
}

br_errno br_write_all(br_fd fd, const void *buf, size_t len)
{
	size_t written;
	return br_write_all_partial(fd, buf, len, &written);
}
