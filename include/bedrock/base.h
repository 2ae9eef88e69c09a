/* SPDX-License-Identifier: MIT */
/* Attributes and types every bedrock header uses. */
#ifndef BEDROCK_BASE_H
#define BEDROCK_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Marks a fallible call: ignoring its br_errno is a compiler warning. */
#define BR_MUST_USE __attribute__((__warn_unused_result__))

/* Never returns. */
#define BR_NORETURN __attribute__((__noreturn__))

/* A wrapper defined in the header so that it inlines to the bare syscall.
 * gnu_inline semantics whatever the C standard: in user code the body is
 * only for inlining (always, even at -O0 and -Os, so a wrapper never costs
 * a call), and libbedrock.a (which defines BR__DEFINE_INLINES in
 * exactly one file) holds the one out-of-line copy, for -O0 builds, for
 * taking the address and for callers from other languages. */
#ifdef BR__DEFINE_INLINES
#define BR_INLINE __attribute__((__used__))
#else
#define BR_INLINE extern __inline__ __attribute__((__gnu_inline__, __always_inline__))
#endif

/* Every public header wraps its declarations in these, so that C++ sees
 * C linkage. */
#ifdef __cplusplus
#define BR_BEGIN_DECLS extern "C" {
#define BR_END_DECLS }
#else
#define BR_BEGIN_DECLS
#define BR_END_DECLS
#endif

/* A constant of a struct type, in C (compound literal) and C++ (braced
 * temporary) alike: BR_LIT(br_fd, 1). */
#ifdef __cplusplus
#define BR_LIT(type, ...) (type{__VA_ARGS__})
#else
#define BR_LIT(type, ...) ((type){__VA_ARGS__})
#endif

/* restrict where the language has it. */
#ifdef __cplusplus
#define BR_RESTRICT __restrict__
#else
#define BR_RESTRICT restrict
#endif

#endif
