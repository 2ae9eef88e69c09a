/* SPDX-License-Identifier: MIT */
/* Copying, filling and comparing memory, under the standard names that
 * compilers emit calls to (a struct copy or a zeroing loop becomes a call
 * to memcpy or memset even in freestanding code). Built at -O2 whatever the
 * library's optimisation, per architecture where that pays (x86_64: vector
 * loops of the widest usable width and the string instructions where the
 * CPU makes them fast; aarch64: q-register pairs; others: aligned machine
 * words, never a misaligned access); a program links only those it uses. */
#ifndef BEDROCK_MEM_H
#define BEDROCK_MEM_H

#include <bedrock/base.h>

BR_BEGIN_DECLS

/* Copies n bytes between objects that do not overlap; returns dst. */
void *memcpy(void *BR_RESTRICT dst, const void *BR_RESTRICT src, size_t n);

/* Copies n bytes as if through a temporary buffer (the ranges may overlap); returns dst. */
void *memmove(void *dst, const void *src, size_t n);

/* Fills n bytes with (unsigned char)c; returns dst. */
void *memset(void *dst, int c, size_t n);

/* Compares n bytes as unsigned char: <0, 0 or >0 by the first that differs. */
int memcmp(const void *a, const void *b, size_t n);

/* Zero when the n bytes are equal, nonzero otherwise (clang emits it for memcmp(...) == 0). */
int bcmp(const void *a, const void *b, size_t n);

BR_END_DECLS

#endif
