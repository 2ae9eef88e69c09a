/* SPDX-License-Identifier: MIT */
/* The hand-written floor: per-architecture inline-asm syscalls and an own
 * _start, nothing else. _start hands the kernel's initial stack pointer to
 * floor_main(long *sp) in C; floor_main never returns. */
#ifndef BENCH_FLOOR_H
#define BENCH_FLOOR_H

#if defined(__x86_64__)
#define NR_write 1
#define NR_exit_group 231
static inline long sys3(long n, long a, long b, long c)
{
	register long rdx __asm__("rdx") = c;
	long r;
	__asm__ __volatile__("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "r"(rdx) : "rcx", "r11", "memory");
	return r;
}
static inline __attribute__((noreturn)) void sys_exit(long status)
{
	__asm__ __volatile__("syscall" : : "a"(NR_exit_group), "D"(status) : "rcx", "r11", "memory");
	__builtin_unreachable();
}
__asm__(".text\n.global _start\n_start:\n\tmov %rsp, %rdi\n\tcall floor_main\n");
#elif defined(__aarch64__)
#define NR_write 64
#define NR_exit_group 94
static inline long sys3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	__asm__ __volatile__("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}
static inline __attribute__((noreturn)) void sys_exit(long status)
{
	register long x8 __asm__("x8") = NR_exit_group;
	register long x0 __asm__("x0") = status;
	__asm__ __volatile__("svc 0" : : "r"(x8), "r"(x0) : "memory");
	__builtin_unreachable();
}
__asm__(".text\n.global _start\n_start:\n\tmov x0, sp\n\tb floor_main\n");
#elif defined(__riscv) && __riscv_xlen == 64
#define NR_write 64
#define NR_exit_group 94
static inline long sys3(long n, long a, long b, long c)
{
	register long a7 __asm__("a7") = n;
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	__asm__ __volatile__("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
	return a0;
}
static inline __attribute__((noreturn)) void sys_exit(long status)
{
	register long a7 __asm__("a7") = NR_exit_group;
	register long a0 __asm__("a0") = status;
	__asm__ __volatile__("ecall" : : "r"(a7), "r"(a0) : "memory");
	__builtin_unreachable();
}
/* gp for the linker's gp-relative relaxation, as any riscv64 _start must. */
__asm__(".text\n.global _start\n_start:\n"
	"\t.option push\n\t.option norelax\n\tlla gp, __global_pointer$\n\t.option pop\n"
	"\tmv a0, sp\n\tj floor_main\n");
#else
#error "floor: unsupported architecture"
#endif

__attribute__((noreturn, used)) void floor_main(long *sp);

#endif
