/* SPDX-License-Identifier: MIT */
/* x86_64 process entry.
 *
 * The kernel enters _start with rsp pointing at argc (then argv[], NULL,
 * envp[], NULL, auxv pairs) and rsp 16-byte aligned; rdx may hold a
 * function for atexit, which a static program never gets. The ABI wants
 * rsp + 8 aligned to 16 on entry to a function, which `call` after the
 * `and` gives. rbp is zeroed to end frame-pointer unwinding here. */
__asm__(
	".text\n"
	".global _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call br__start_c\n"
	".size _start, . - _start\n");
