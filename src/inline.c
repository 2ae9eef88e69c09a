/* SPDX-License-Identifier: MIT */
/* The one out-of-line copy of every inline wrapper (see BR_INLINE in
 * bedrock/base.h): for -O0 callers, address-taking and other languages. */
#define BR__DEFINE_INLINES
#include <bedrock/bedrock.h>
