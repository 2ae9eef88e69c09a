/* SPDX-License-Identifier: MIT */
/* Internal to the formatter: the output sink and the parsed conversion,
 * shared by the integer core (fmt.c), the writer (fmt_writer.c) and the
 * floating-point formatter (fmt_float.c). */
#ifndef BR_SRC_FMT_CORE_H
#define BR_SRC_FMT_CORE_H

#include <bedrock/fmt.h>

/* Where output goes: buf[pos..cap) is free; total counts every byte
 * produced, stored or not. When the buffer is full, flush (if any) empties
 * it and returns true, or returns false and the rest is only counted. */
struct br__sink {
	char *buf;
	size_t cap, pos, total;
	bool (*flush)(struct br__sink *k);
};

/* Flags of a conversion. */
enum {
	BR__MINUS = 1,
	BR__PLUS = 2,
	BR__SPACE = 4,
	BR__ALT = 8,
	BR__ZERO = 16,
	BR__LONGDBL = 64,
};

/* One parsed conversion: flags, width (0: none), precision (-1: none), the conversion letter. */
struct br__spec {
	unsigned flags;
	int width, prec;
	char conv;
};

/* A va_list that can be passed by address whatever va_list is. */
struct br__va {
	va_list ap;
};

void br__put(struct br__sink *k, const char *s, size_t n);
void br__pad(struct br__sink *k, char c, size_t n);
void br__fmt_core(struct br__sink *k, const char *fmt, va_list ap);
/* The floating-point conversion, taking its argument from va. */
void br__fmt_float(struct br__sink *k, const struct br__spec *sp, struct br__va *va);

#endif
