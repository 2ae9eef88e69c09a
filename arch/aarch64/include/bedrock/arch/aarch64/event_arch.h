/* SPDX-License-Identifier: MIT */
/* aarch64 event layouts (bedrock/event.h). */
#ifndef BR_ARCH_AARCH64_EVENT_ARCH_H
#define BR_ARCH_AARCH64_EVENT_ARCH_H

/* aarch64 lays struct epoll_event out naturally: 16 bytes, the data
 * 8-byte aligned (the kernel's EPOLL_PACKED is empty here). */
#define BR__EPOLL_PACKED

#endif
