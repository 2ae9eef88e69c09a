/* SPDX-License-Identifier: MIT */
/* x86_64 event layouts (bedrock/event.h). */
#ifndef BR_ARCH_X86_64_EVENT_ARCH_H
#define BR_ARCH_X86_64_EVENT_ARCH_H

/* x86_64 packs struct epoll_event (12 bytes: no padding after events), as
 * the kernel does for its 32-bit compatibility (EPOLL_PACKED). */
#define BR__EPOLL_PACKED __attribute__((__packed__))

#endif
