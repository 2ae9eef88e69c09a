/* SPDX-License-Identifier: MIT */
/* Every bedrock module. */
#ifndef BEDROCK_BEDROCK_H
#define BEDROCK_BEDROCK_H

#include <bedrock/base.h>
#include <bedrock/errno.h>
#include <bedrock/syscall.h>
#include <bedrock/fd.h>
#include <bedrock/io.h>
#include <bedrock/fs.h>
#include <bedrock/mm.h>
#include <bedrock/process.h>
#include <bedrock/rand.h>
#include <bedrock/signal.h>
#include <bedrock/time.h>
#include <bedrock/net.h>
#include <bedrock/event.h>
#include <bedrock/crt.h>
#include <bedrock/system.h>
#include <bedrock/mount.h>
#include <bedrock/tty.h>
#include <bedrock/netif.h>
#include <bedrock/mem.h>
#include <bedrock/alloc.h>
#include <bedrock/string.h>
#include <bedrock/parse.h>
#include <bedrock/fmt.h>

#endif
