/* SPDX-License-Identifier: MIT */
/* aarch64 process entry.
 *
 * The kernel enters _start with sp pointing at argc (then argv[], NULL,
 * envp[], NULL, auxv pairs). sp must stay 16-byte aligned, which the kernel
 * already guarantees; the `and` keeps that true whatever started us. The
 * frame pointer and link register are zeroed to end unwinding here. */
__asm__(
	".text\n"
	".global _start\n"
	".type _start, %function\n"
	"_start:\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	mov x0, sp\n"
	"	and sp, x0, #-16\n"
	"	bl br__start_c\n"
	".size _start, . - _start\n");
