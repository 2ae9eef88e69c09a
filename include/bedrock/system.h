/* SPDX-License-Identifier: MIT */
/* The machine as a whole: reboot and power off, the kernel's name and
 * release (uname), the host name, and kernel modules (finit_module,
 * delete_module): what an init or an initramfs needs. */
#ifndef BEDROCK_SYSTEM_H
#define BEDROCK_SYSTEM_H

#include <bedrock/fs.h>

BR_BEGIN_DECLS

/* reboot magic: the first number every reboot call must pass. */
#define BR_LINUX_REBOOT_MAGIC1 0xfee1deadu
/* reboot magic: the second number (Torvalds' birthday); MAGIC2A..C are accepted too. */
#define BR_LINUX_REBOOT_MAGIC2 672274793u
/* reboot magic: an accepted alternative second number. */
#define BR_LINUX_REBOOT_MAGIC2A 85072278u
/* reboot magic: an accepted alternative second number. */
#define BR_LINUX_REBOOT_MAGIC2B 369367448u
/* reboot magic: an accepted alternative second number. */
#define BR_LINUX_REBOOT_MAGIC2C 537993216u

/* reboot command: restart the machine now (no sync: call br_sync first). */
#define BR_LINUX_REBOOT_CMD_RESTART 0x01234567u
/* reboot command: stop the system and halt the CPU. */
#define BR_LINUX_REBOOT_CMD_HALT 0xCDEF0123u
/* reboot command: Ctrl-Alt-Del reboots at once. */
#define BR_LINUX_REBOOT_CMD_CAD_ON 0x89ABCDEFu
/* reboot command: Ctrl-Alt-Del sends SIGINT to init instead. */
#define BR_LINUX_REBOOT_CMD_CAD_OFF 0x00000000u
/* reboot command: stop the system and power it off. */
#define BR_LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDCu
/* reboot command: restart with a command string (arg). */
#define BR_LINUX_REBOOT_CMD_RESTART2 0xA1B2C3D4u
/* reboot command: suspend to disk (hibernate). */
#define BR_LINUX_REBOOT_CMD_SW_SUSPEND 0xD000FCE2u
/* reboot command: boot the kernel loaded with kexec_load. */
#define BR_LINUX_REBOOT_CMD_KEXEC 0x45584543u

/* reboot(2): cmd (BR_LINUX_REBOOT_CMD_*) with the magic numbers filled in;
 * arg is RESTART2's command string, else NULL. Returns only on failure, or
 * for CAD_ON/CAD_OFF. Inside a PID namespace other than the first,
 * POWER_OFF/HALT and RESTART end that namespace's init instead (killed by
 * SIGINT or SIGHUP, as its parent then sees). Needs CAP_SYS_BOOT. */
BR_MUST_USE BR_INLINE br_errno br_reboot(unsigned cmd, const char *arg)
{
	return br_syscall_errno(br_syscall4(BR_SYS_reboot, (long)BR_LINUX_REBOOT_MAGIC1, (long)BR_LINUX_REBOOT_MAGIC2,
					    (long)cmd, (long)arg));
}

/* reboot(2) with every argument as given, magic numbers included: for the
 * alternative magics, or to see the kernel refuse a wrong one (EINVAL). */
BR_MUST_USE BR_INLINE br_errno br_reboot_raw(unsigned magic1, unsigned magic2, unsigned cmd, const char *arg)
{
	return br_syscall_errno(br_syscall4(BR_SYS_reboot, (long)magic1, (long)magic2, (long)cmd, (long)arg));
}

/* The length of each field of br_utsname, the NUL included. */
#define BR_UTSNAME_LENGTH 65

/* What uname reports: the kernel's struct new_utsname, six NUL-terminated
 * strings. */
typedef struct br_utsname {
	char sysname[BR_UTSNAME_LENGTH];
	char nodename[BR_UTSNAME_LENGTH];
	char release[BR_UTSNAME_LENGTH];
	char version[BR_UTSNAME_LENGTH];
	char machine[BR_UTSNAME_LENGTH];
	char domainname[BR_UTSNAME_LENGTH];
} br_utsname;

/* uname(2): the kernel's name ("Linux"), host name, release ("6.1.0-13-amd64"),
 * version, machine ("x86_64") and NIS domain name. */
BR_MUST_USE BR_INLINE br_errno br_uname(br_utsname *out)
{
	return br_syscall_errno(br_syscall1(BR_SYS_uname, (long)out));
}

/* sethostname(2): the host name of the caller's UTS namespace (at most 64
 * bytes, no NUL needed); needs CAP_SYS_ADMIN. */
BR_MUST_USE BR_INLINE br_errno br_sethostname(const char *name, size_t len)
{
	return br_syscall_errno(br_syscall2(BR_SYS_sethostname, (long)name, (long)len));
}

/* setdomainname(2): the NIS domain name of the caller's UTS namespace. */
BR_MUST_USE BR_INLINE br_errno br_setdomainname(const char *name, size_t len)
{
	return br_syscall_errno(br_syscall2(BR_SYS_setdomainname, (long)name, (long)len));
}

/* finit_module flag: load even if the symbol version hashes differ. */
#define BR_MODULE_INIT_IGNORE_MODVERSIONS 1u
/* finit_module flag: load even if the kernel version magic differs. */
#define BR_MODULE_INIT_IGNORE_VERMAGIC 2u
/* finit_module flag: the file is compressed; the kernel decompresses it (6.4+). */
#define BR_MODULE_INIT_COMPRESSED_FILE 4u

/* finit_module(2): loads the kernel module in file fd (an uncompressed .ko
 * unless BR_MODULE_INIT_COMPRESSED_FILE) with params ("" for none, else
 * "name=value ..."). EEXIST: a module of that name is already loaded;
 * ENOEXEC: not a module; EPERM: no CAP_SYS_MODULE or loading is disabled. */
BR_MUST_USE BR_INLINE br_errno br_finit_module(br_fd fd, const char *params, unsigned flags)
{
	return br_syscall_errno(br_syscall3(BR_SYS_finit_module, fd.raw, (long)params, (long)flags));
}

/* delete_module(2): unloads module name (with '_', as /proc/modules lists
 * it); flags BR_O_NONBLOCK (EWOULDBLOCK rather than wait while it is in
 * use), BR_O_TRUNC (force, where the kernel allows it). ENOENT: not loaded. */
BR_MUST_USE BR_INLINE br_errno br_delete_module(const char *name, unsigned flags)
{
	return br_syscall_errno(br_syscall2(BR_SYS_delete_module, (long)name, (long)flags));
}

BR_END_DECLS

#endif
