/* SPDX-License-Identifier: MIT */
/* riscv64 event layouts (bedrock/event.h). */
#ifndef BR_ARCH_RISCV64_EVENT_ARCH_H
#define BR_ARCH_RISCV64_EVENT_ARCH_H

/* riscv64 lays struct epoll_event out naturally: 16 bytes, the data
 * 8-byte aligned (the kernel's EPOLL_PACKED is empty here). */
#define BR__EPOLL_PACKED

#endif
