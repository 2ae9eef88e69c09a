/* SPDX-License-Identifier: MIT */
/* The thread pointer, the static TLS block and the stack-protector
 * canary, for the main (only) thread.
 *
 * Run by the hardened start-up always, and in the default profile only
 * when something pulls this object in: src/ssp.c (a program compiled with
 * a stack protector references __stack_chk_fail or __stack_chk_guard) or
 * BR_USE_TLS (a program with _Thread_local variables or ifuncs), both
 * through crt/tls_preinit.c. A program that uses neither (hello) links
 * none of it.
 *
 * The block comes from PT_TLS (p_filesz bytes of .tdata copied, the rest
 * up to p_memsz is .tbss and stays zero, p_align honoured) and sits where
 * the architecture's TLS variant puts it (arch/<arch>/tls_arch.h). Without
 * PT_TLS only the TCB is needed (x86_64 keeps the canary there): a static
 * one in .bss, no system call but the thread-pointer write. */
#include <bedrock/mm.h>
#include <bedrock/syscall.h>
#include "internal.h"
#include "tls_arch.h"

/* TCB of a program without PT_TLS; also where the x86_64 canary lives. */
static uintptr_t br__static_tcb[(BR__TLS_TCB_SIZE ? BR__TLS_TCB_SIZE : 16) / sizeof(uintptr_t)]
	__attribute__((__aligned__(64)));

static uintptr_t align_up(uintptr_t v, uintptr_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Eight bytes of AT_RANDOM (byte by byte: the kernel aligns it to
 * nothing), the lowest zeroed as glibc does, so that a string overflow
 * that copies a NUL cannot reproduce the canary. Without AT_RANDOM (never
 * on Linux >= 2.6.29) the addresses of the stack and the block, which
 * ASLR varies, are better than a constant. */
static uintptr_t canary_from(const unsigned char *r, uintptr_t salt)
{
	uintptr_t c = 0;

	if (r)
		for (int i = 7; i >= 0; i--)
			c = c << 8 | r[i];
	else
		c = (uintptr_t)&c * 0x9e3779b97f4a7c15u ^ salt;
	return c & ~(uintptr_t)0xff;
}

void br__tls_setup(const struct br__startup *s)
{
	const br__phdr *tls = s->tls;
	uintptr_t tp = (uintptr_t)br__static_tcb;

	if (tls && tls->memsz) {
		uintptr_t align = tls->align > 64 ? tls->align : 64;
		uintptr_t blk = align_up(tls->memsz, tls->align ? tls->align : 1);
		/* Room for the block, the TCB and the alignment slack. */
		size_t size = blk + BR__TLS_TCB_SIZE + 2 * align;
		long m = br_syscall6(BR_SYS_mmap, 0, (long)size, BR_PROT_READ | BR_PROT_WRITE,
				     BR_MAP_PRIVATE | BR_MAP_ANONYMOUS, -1, 0);
		unsigned char *block;

		if (m < 0 && m > -4096)
			br__crt_abort(BR__CRT_MSG("cannot map the TLS block"));
		if (BR__TLS_VARIANT_II) {
			/* Block ends at tp: tp - blk is where offset 0 lies. */
			tp = align_up((uintptr_t)m + blk, align);
			block = (unsigned char *)(tp - blk);
		} else {
			/* Block starts round_up(TCB, p_align) above tp. */
			tp = align_up((uintptr_t)m, align);
			block = (unsigned char *)(tp + align_up(BR__TLS_TCB_SIZE, tls->align ? tls->align : 1));
		}
		/* The initialisation image, relocated like every address. */
		const unsigned char *image = (const unsigned char *)(s->bias + tls->vaddr);
		for (uint64_t i = 0; i < tls->filesz; i++)
			block[i] = image[i];
	}
	br__tcb_init((void *)tp, canary_from(s->random, tp));
	if (br__set_thread_pointer((void *)tp) < 0)
		br__crt_abort(BR__CRT_MSG("cannot set the thread pointer"));
}
