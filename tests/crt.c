/* SPDX-License-Identifier: MIT */
/* crt: what _start hands to main and records (argc, argv, envp, auxv),
 * br_getenv and br_getauxval, the order of preinit/init/fini arrays, and
 * the stack alignment every C function may assume.
 *
 * The fini arrays run after main returns, so main prints no plan: the
 * destructor that runs last reports on the destructors and prints the plan
 * (tap_done). If bedrock never ran the fini array, the output has no plan
 * and the TAP harness fails the test. */
#include "tap.h"

/* _start: declared by bedrock/crt.h. */

/* Kernel values (the same on all three architectures). */
#define SIGCHLD 17
#define AT_PHENT 4
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
/* The ELF header as mapped (both linkers define it). */
extern const char __ehdr_start __attribute__((__visibility__("hidden")));
#define PT_GNU_STACK 0x6474e551u
#define PF_X 1u
#define PF_W 2u

typedef struct {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} elf64_phdr;

/* What the start-up functions saw, in the order they ran. */
static char events[16];
static int nevents;
static int seen_argc = -1;
static char **seen_argv, **seen_envp;
static bool aligned_preinit, aligned_ctor, aligned_fini = true;
static bool main_returned;
/* br_getenv and br_getauxval as a constructor saw them. */
static const char *ctor_env;
static unsigned long ctor_pagesz;
/* In a forked child: destructors write their letter here instead. */
static int child_fini_fd = -1;
/* In an exec'd child (--child=...): destructors stay quiet. */
static bool child_mode;

static void event(char c)
{
	if (nevents < (int)sizeof events - 1)
		events[nevents++] = c;
}

/* The compiler assumes the ABI's 16-byte stack alignment on entry to every
 * function and places a 16-aligned local at a fixed offset from the stack
 * pointer without realigning; so the local is misaligned exactly when the
 * stack was. The asm hides the address from the optimiser, which would
 * otherwise fold the test to true on that same assumption. noinline keeps
 * it a real call from each caller's frame. */
static __attribute__((noinline)) bool stack_aligned(void)
{
	_Alignas(16) volatile char probe[16];
	uintptr_t a = (uintptr_t)probe;
	__asm__("" : "+r"(a));
	probe[0] = 0;
	return (a & 15) == 0;
}

static void preinit(int argc, char **argv, char **envp)
{
	event('P');
	seen_argc = argc;
	seen_argv = argv;
	seen_envp = envp;
	aligned_preinit = stack_aligned();
}

__attribute__((section(".preinit_array"), used)) static void (*preinit_entry)(int, char **, char **) = preinit;

/* Priorities order the init array: lower numbers run first. */
__attribute__((constructor(101))) static void ctor_first(void)
{
	event('1');
	aligned_ctor = stack_aligned();
	ctor_env = br_getenv("BR_TEST_MODULE");
	ctor_pagesz = br_getauxval(BR_AT_PAGESZ);
}

__attribute__((constructor(102))) static void ctor_second(void)
{
	event('2');
}

/* Without a priority: after every prioritised one. The arguments are the
 * ones bedrock passes to every init function. */
__attribute__((constructor)) static void ctor_plain(int argc, char **argv, char **envp)
{
	event(argc == seen_argc && argv == seen_argv && envp == seen_envp ? '3' : 'x');
}

static bool streq_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = tap_strlen(s), m = tap_strlen(suffix);
	return n >= m && streq_n(s + n - m, suffix, m);
}

/* argc, argv and envp are the kernel's initial stack, as main and the
 * preinit function both received them. */
static void test_args(int argc, char **argv, char **envp)
{
	tap_ok(argc >= 1, "argc >= 1");
	tap_ok(argv[0] != 0 && argv[0][0] != 0, "argv[0] is a non-empty string");
	tap_ok(argv[argc] == 0, "argv[argc] is NULL");
	tap_ok(envp == argv + argc + 1, "envp follows argv's NULL");
	tap_ok(ends_with(argv[0], "test-crt"), "argv[0] names this program");

	const char *entry = 0;
	for (char **e = envp; *e; e++)
		if (tap_streq(*e, "BR_TEST_MODULE=crt"))
			entry = *e;
	tap_ok(entry != 0, "envp contains BR_TEST_MODULE=crt");
	tap_ok(br_getenv("BR_TEST_MODULE") == entry + 15, "br_getenv(\"BR_TEST_MODULE\") points at its value in envp");
	tap_ok(tap_streq(br_getenv("BR_TEST_MODULE"), "crt"), "which is \"crt\"");
}

/* br_getenv: only a whole name followed by '=' matches. */
static void test_getenv(void)
{
	tap_ok(br_getenv("BR_SURELY_UNSET_VARIABLE") == 0, "an unset name gives NULL");
	tap_ok(br_getenv(0) == 0, "NULL gives NULL");
	tap_ok(br_getenv("") == 0, "\"\" gives NULL");
	tap_ok(br_getenv("BR_TEST_MODULE=crt") == 0, "a name containing '=' gives NULL (\"BR_TEST_MODULE=crt\")");
	tap_ok(br_getenv("A=B") == 0, "\"A=B\" gives NULL");
	tap_ok(br_getenv("=") == 0, "\"=\" gives NULL");
	tap_ok(br_getenv("BR_TEST_MODUL") == 0, "a prefix of a name does not match (\"BR_TEST_MODUL\")");
	tap_ok(br_getenv("BR_TEST_MODULEX") == 0, "a longer name does not match (\"BR_TEST_MODULEX\")");
	tap_ok(br_getenv("br_test_module") == 0, "names are case-sensitive");
}

/* br_getauxval against what the values must be: the page size, the
 * program headers of this very binary, the entry point _start. */
static void test_auxv(void)
{
	tap_eq(br_getauxval(BR_AT_PAGESZ), 4096, "AT_PAGESZ is 4096");
	tap_eq(br_getauxval(0), 0, "type 0 (AT_NULL) gives 0");
	tap_eq(br_getauxval(12345), 0, "an unknown type gives 0");
	tap_eq(br_getauxval((unsigned long)-1), 0, "type ~0 gives 0");
	tap_eq(br_getauxval(BR_AT_ENTRY), (uintptr_t)_start, "AT_ENTRY is the address of _start");
	tap_eq(br_getauxval(BR_AT_UID), (uint64_t)br_syscall0(BR_SYS_getuid), "AT_UID is getuid()");
	tap_eq(br_getauxval(BR_AT_SECURE), 0, "AT_SECURE is 0");

	/* The program headers: a static executable with no interpreter, whose
	 * code segment holds _start, with a non-executable stack. A static-pie
	 * (hardened profile) is linked at 0 and loaded at `bias`, and keeps
	 * a dynamic section for its own relocator. */
	const elf64_phdr *ph = (const elf64_phdr *)br_getauxval(BR_AT_PHDR);
	unsigned long phnum = br_getauxval(BR_AT_PHNUM);
#ifdef __PIE__
	const bool pie = true;
#else
	const bool pie = false;
#endif
	uintptr_t bias = 0;
	for (unsigned long i = 0; pie && ph && i < phnum && i < 64; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			bias = (uintptr_t)&__ehdr_start - ph[i].p_vaddr;
	tap_ok(ph != 0 && phnum > 0 && phnum < 64, "AT_PHDR and AT_PHNUM are set");
	tap_eq(br_getauxval(AT_PHENT), sizeof(elf64_phdr), "AT_PHENT is 56, an Elf64_Phdr");
	bool text = false, interp = false, dynamic = false, stack = false, stack_x = false;
	for (unsigned long i = 0; ph && i < phnum && i < 64; i++) {
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X) && bias + ph[i].p_vaddr <= (uintptr_t)_start &&
		    (uintptr_t)_start < bias + ph[i].p_vaddr + ph[i].p_memsz)
			text = true;
		interp |= ph[i].p_type == PT_INTERP;
		dynamic |= ph[i].p_type == PT_DYNAMIC;
		if (ph[i].p_type == PT_GNU_STACK) {
			stack = true;
			stack_x = ph[i].p_flags & PF_X;
		}
	}
	tap_ok(text, "an executable PT_LOAD segment holds _start");
	if (pie)
		tap_ok(!interp && dynamic && bias != 0, "static-pie: no PT_INTERP, a PT_DYNAMIC, loaded away from 0");
	else
		tap_ok(!interp && !dynamic, "no PT_INTERP, no PT_DYNAMIC: a static binary");
	tap_ok(stack && !stack_x, "PT_GNU_STACK is present and not executable");

	/* AT_RANDOM: 16 bytes the kernel can read (write(2) from them works). */
	const unsigned char *rnd = (const unsigned char *)br_getauxval(BR_AT_RANDOM);
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;
	size_t n = 0;
	bool readable = rnd && !br_pipe2(BR_O_CLOEXEC, &r, &w) && !br_write(br_borrow(w), rnd, 16, &n) && n == 16;
	tap_ok(readable, "AT_RANDOM points at 16 readable bytes");
	bool nonzero = false;
	for (int i = 0; readable && i < 16; i++)
		nonzero |= rnd[i] != 0;
	tap_ok(nonzero, "and they are not all zero");

	const char *execfn = (const char *)br_getauxval(BR_AT_EXECFN);
	tap_ok(execfn && ends_with(execfn, "test-crt"), "AT_EXECFN names this program");

	const unsigned char *vdso = (const unsigned char *)br_getauxval(BR_AT_SYSINFO_EHDR);
	if (!vdso && tap_under_qemu())
		tap_skip("AT_SYSINFO_EHDR is the vDSO's ELF header", "qemu-user 7.2 maps no vDSO for these targets");
	else
		tap_ok(vdso && vdso[0] == 0x7f && vdso[1] == 'E' && vdso[2] == 'L' && vdso[3] == 'F',
		       "AT_SYSINFO_EHDR is the vDSO's ELF header");
}

/* The init arrays ran before main, preinit first, in priority order, with
 * the arguments main got; the stack was aligned in each. */
static void test_init(int argc, char **argv, char **envp)
{
	tap_ok(nevents == 4 && tap_streq(events, "P123"),
	       "before main: preinit, then constructors 101, 102, unprioritised (\"P123\")");
	if (nevents != 4 || !tap_streq(events, "P123")) {
		tap_puts("#   got \"");
		tap_puts(events);
		tap_puts("\"\n");
	}
	tap_ok(seen_argc == argc && seen_argv == argv && seen_envp == envp,
	       "the preinit function received main's argc, argv and envp");
	tap_ok(aligned_preinit, "the stack was 16-byte aligned in the preinit function");
	tap_ok(aligned_ctor, "the stack was 16-byte aligned in a constructor");
	tap_ok(stack_aligned(), "the stack is 16-byte aligned in main");
	tap_ok(tap_streq(ctor_env, "crt") && ctor_pagesz == 4096,
	       "br_getenv and br_getauxval already work in a constructor");
}

/* Destructors: .fini_array runs last entry first. The plain one (placed
 * after the prioritised ones) runs first, then 102, then 101. */
static void fini_letter(char c)
{
	size_t n;
	if (child_fini_fd >= 0)
		(void)!br_write(br_fd_from_raw(child_fini_fd), &c, 1, &n);
	event(c);
	aligned_fini &= stack_aligned();
}

__attribute__((destructor)) static void dtor_plain(void)
{
	fini_letter('C');
}

__attribute__((destructor(102))) static void dtor_second(void)
{
	fini_letter('B');
}

/* Runs last: reports on the destructors and ends the TAP stream. */
__attribute__((destructor(101))) static void dtor_last(void)
{
	fini_letter('A');
	if (child_fini_fd >= 0 || child_mode)
		return;
	tap_ok(main_returned, "destructors run after main returned");
	tap_ok(tap_streq(events, "P123CBA"), "destructors ran in reverse order: unprioritised, 102, 101 (\"CBA\")");
	tap_ok(aligned_fini, "the stack was 16-byte aligned in every destructor");
	if (tap_done())
		br_exit_group(1);
}

static long fork_child(void)
{
	/* clone(SIGCHLD) is fork everywhere; the differing argument orders
	 * only concern the arguments left 0. */
	return br_syscall5(BR_SYS_clone, SIGCHLD, 0, 0, 0, 0);
}

static int wait_status(long pid)
{
	int status = -1;
	if (br_syscall4(BR_SYS_wait4, pid, (long)&status, 0, 0) != pid)
		return -1;
	return status;
}

/* br_exit: runs the fini array (last first) and exits with status & 0xff;
 * seen from the parent of a forked child whose destructors write to a pipe. */
static void test_br_exit(void)
{
	br_owned_fd r BR_AUTOCLOSE = BR_NO_FD, w BR_AUTOCLOSE = BR_NO_FD;

	if (br_pipe2(BR_O_CLOEXEC, &r, &w)) {
		tap_skip("br_exit", "no pipe");
		return;
	}
	long pid = fork_child();
	if (pid == 0) {
		child_fini_fd = w.raw;
		br_exit(0x1234);
	}
	br_close(&w);
	if (!tap_ok(pid > 0, "fork a child"))
		return;
	int status = wait_status(pid);
	tap_ok(status >= 0 && (status & 0x7f) == 0, "the child exited normally");
	tap_eq((uint64_t)((status >> 8) & 0xff), 0x34, "br_exit(0x1234) gives exit status 0x34");
	char buf[8];
	size_t total = tap_read_full(br_borrow(r), buf, sizeof buf);
	tap_ok(total == 3 && buf[0] == 'C' && buf[1] == 'B' && buf[2] == 'A', "br_exit ran the destructors: \"CBA\"");
}

/* An exec'd copy of this program with the given argv and envp; its exit
 * status, or -1. */
static int run_self(char *const argv[], char *const envp[])
{
	long pid = fork_child();
	if (pid == 0) {
		(void)br_syscall3(BR_SYS_execve, (long)"/proc/self/exe", (long)argv, (long)envp);
		br_exit_group(127);
	}
	int status = pid > 0 ? wait_status(pid) : -1;
	return status >= 0 && (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1;
}

/* Child side of test_exec: each failed check sets one bit of the status. */
static int child_main(int argc, char **argv)
{
	const char *mode = argv[1] + 8;
	int bad = 0;

	child_mode = true;
	if (tap_streq(mode, "ret42"))
		return 42;
	if (tap_streq(mode, "env")) {
		bad |= !tap_streq(br_getenv("A"), "1") << 0;
		bad |= !tap_streq(br_getenv("EMPTY"), "") << 1;
		bad |= !tap_streq(br_getenv("AB"), "2") << 2;
		bad |= (br_getenv("NOEQ") != 0) << 3;
		bad |= (br_getenv("B") != 0) << 4;
		bad |= (argc != 3 || !tap_streq(argv[2], "two words")) << 5;
		return bad;
	}
	if (tap_streq(mode, "noenv")) {
		bad |= (br_getenv("BR_TEST_MODULE") != 0) << 0;
		bad |= (br_getauxval(BR_AT_PAGESZ) != 4096) << 1;
		bad |= (br_getauxval(BR_AT_ENTRY) != (uintptr_t)_start) << 2;
		bad |= !tap_streq(events, "P123") << 3;
		return bad;
	}
	return 99;
}

/* main's return value becomes the exit status; br_getenv on a controlled
 * environment (first match wins, empty values, entries without '=') and
 * on an empty one, where auxv must still be found. */
static void test_exec(char **argv)
{
	static const char *const names[] = {
		"the first A=1 wins over a later A=dup",
		"EMPTY= gives \"\", not NULL",
		"AB=2 is found after A=1 (no prefix confusion)",
		"an entry without '=' (NOEQ) never matches",
		"B is unset",
		"argc and argv reach the child's main (\"two words\" is one argument)",
	};
	if (tap_under_qemu()) {
		tap_skip("main's return value is the exit status, br_getenv on a controlled environment",
			 "qemu-user cannot execve a foreign-architecture binary without binfmt_misc");
		return;
	}
	char *ret_argv[] = {argv[0], "--child=ret42", 0};
	char *no_env[] = {0};
	tap_eq((uint64_t)run_self(ret_argv, no_env), 42, "main returning 42 gives exit status 42");

	char *env_argv[] = {argv[0], "--child=env", "two words", 0};
	char *env[] = {"A=1", "EMPTY=", "NOEQ", "AB=2", "A=dup", 0};
	int st = run_self(env_argv, env);
	tap_ok(st >= 0 && st < 64, "the environment child ran");
	for (int i = 0; i < 6; i++)
		tap_ok(st >= 0 && !(st & (1 << i)), names[i]);

	char *noenv_argv[] = {argv[0], "--child=noenv", 0};
	tap_eq((uint64_t)run_self(noenv_argv, no_env), 0,
	       "with an empty environment: br_getenv gives NULL, auxv is still found, init arrays ran");
}

int main(int argc, char **argv, char **envp)
{
	if (argc >= 2 && streq_n(argv[1], "--child=", 8))
		return child_main(argc, argv);

	test_init(argc, argv, envp);
	test_args(argc, argv, envp);
	test_getenv();
	test_auxv();
	test_br_exit();
	test_exec(argv);
	main_returned = true;
	/* No tap_done here: dtor_last prints the plan after main returns. */
	return 0;
}
