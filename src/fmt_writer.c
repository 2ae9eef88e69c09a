/* SPDX-License-Identifier: MIT */
/* The buffered writer (bedrock/fmt.h). Every write to the descriptor goes
 * through br_write_all_partial, which loops over short writes and EINTR, so
 * bytes are neither lost nor written twice; on an error the bytes not
 * written stay at the front of the buffer and the error is kept. */
#include <bedrock/io.h>
#include "fmt_core.h"

void br_writer_init(br_writer *w, br_fd fd, void *buf, size_t size)
{
	w->fd = fd.raw;
	w->err = BR_OK;
	w->buf = (char *)buf;
	w->size = buf ? size : 0;
	w->len = 0;
}

/* Writes out the buffer; on error keeps the unwritten tail at its front. */
static br_errno drain(br_writer *w)
{
	size_t done = 0;
	if (w->err || !w->len)
		return w->err;
	w->err = br_write_all_partial(br_fd_from_raw(w->fd), w->buf, w->len, &done);
	if (done && done < w->len) {
		for (size_t i = done; i < w->len; i++)
			w->buf[i - done] = w->buf[i];
	}
	w->len -= done;
	return w->err;
}

br_errno br_writer_flush(br_writer *w)
{
	return drain(w);
}

br_errno br_writer_write(br_writer *w, const void *data, size_t len)
{
	const char *s = (const char *)data;
	if (w->err)
		return w->err;
	if (len < w->size - w->len) {
		char *d = w->buf + w->len;
		w->len += len;
		while (len--)
			*d++ = *s++;
		return BR_OK;
	}
	if (len >= w->size) {
		/* Too big to buffer: what is buffered first, then straight through. */
		if (drain(w))
			return w->err;
		size_t done;
		w->err = br_write_all_partial(br_fd_from_raw(w->fd), s, len, &done);
		return w->err;
	}
	/* Fill the buffer, write it out, keep the rest. */
	size_t room = w->size - w->len;
	char *d = w->buf + w->len;
	w->len = w->size;
	for (size_t i = 0; i < room; i++)
		d[i] = s[i];
	if (drain(w))
		return w->err;
	d = w->buf + w->len;
	w->len += len - room;
	for (size_t i = room; i < len; i++)
		*d++ = s[i];
	return BR_OK;
}

/* The sink over a writer's buffer: a full buffer is drained and reused. */
struct writer_sink {
	struct br__sink k;
	br_writer *w;
};

static bool sink_flush(struct br__sink *k)
{
	br_writer *w = ((struct writer_sink *)(void *)k)->w;
	w->len = k->pos;
	if (drain(w))
		return false;
	k->pos = w->len;
	return w->size > 0;
}

br_errno br_writer_vfmt(br_writer *w, const char *fmt, va_list ap)
{
	if (w->err)
		return w->err;
	if (!w->size) {
		/* No buffer: format into a small one of our own, written at its end. */
		char tmp[256];
		br_writer t;
		br_writer_init(&t, br_fd_from_raw(w->fd), tmp, sizeof tmp);
		w->err = br_writer_vfmt(&t, fmt, ap);
		if (!w->err)
			w->err = br_writer_flush(&t);
		return w->err;
	}
	struct writer_sink s = {{w->buf, w->size, w->len, 0, sink_flush}, w};
	br__fmt_core(&s.k, fmt, ap);
	if (!w->err)
		w->len = s.k.pos;
	return w->err;
}

br_errno br_writer_fmt(br_writer *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	br_errno e = br_writer_vfmt(w, fmt, ap);
	va_end(ap);
	return e;
}
