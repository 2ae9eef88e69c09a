/* SPDX-License-Identifier: MIT */
/* riscv64 process entry.
 *
 * The kernel enters _start with sp pointing at argc (then argv[], NULL,
 * envp[], NULL, auxv pairs). gp must hold __global_pointer$ before any C
 * code runs, since the linker relaxes data accesses to gp-relative ones;
 * the load itself must not be relaxed (gp is not set yet). sp is aligned
 * to 16 as the psABI requires; ra and fp are zeroed to end unwinding. */
__asm__(
	".text\n"
	".global _start\n"
	".type _start, @function\n"
	"_start:\n"
	".option push\n"
	".option norelax\n"
	"	lla gp, __global_pointer$\n"
	".option pop\n"
	"	mv a0, sp\n"
	"	andi sp, sp, -16\n"
	"	li ra, 0\n"
	"	li fp, 0\n"
	"	call br__start_c\n"
	".size _start, . - _start\n");
