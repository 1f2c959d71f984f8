/*
 * arch/cc.h - lwIP's compiler and platform definitions for goro
 * (lwIP's doc: src/include/lwip/arch.h). The same on every platform:
 * bare metal against newlib's headers, hosted against glibc's.
 */
#ifndef GORO_LWIP_ARCH_CC_H
#define GORO_LWIP_ARCH_CC_H

#include <errno.h>
/*
 * On newlib, lwip_fcntl's F_GETFL, F_SETFL and O_NONBLOCK are the C
 * library's, as fcntl on a socket descriptor passes them (net/socket).
 * Hosted, glibc's fcntl.h brings its struct iovec, which lwIP defines
 * too: there lwip_fcntl keeps lwIP's own values (O_NONBLOCK 1).
 */
#ifndef __GLIBC__
#include <fcntl.h>
#endif
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>           /* struct timeval for SO_RCVTIMEO and select (LWIP_TIMEVAL_PRIVATE 0) */
#include <sys/types.h>
#include "goro.h"

/*
 * ssize_t is the C library's (lwIP defines its own, an int, when
 * SSIZE_MAX is missing, as in newlib's limits.h): there it is the
 * signed twin of size_t.
 */
#ifndef SSIZE_MAX
#define SSIZE_MAX __PTRDIFF_MAX__
#endif

/*
 * Every architecture goro runs on is little-endian: BYTE_ORDER is the C
 * library's (<sys/time.h> brings it), or lwIP's default, LITTLE_ENDIAN.
 */

/* lwIP's headers are read by byte offsets: packed, so no access is ever misaligned. */
#define PACK_STRUCT_STRUCT __attribute__((packed))

/* Diagnostics go to the console; a failed assertion is a goro panic, with every goroutine's traceback. */
#define LWIP_PLATFORM_DIAG(x) do { printf x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) panic("lwIP: assertion \"%s\" failed at %s:%d", x, __FILE__, __LINE__)

/*
 * Random numbers (initial local ports, DHCP transaction ids): the
 * runtime's generator. TCP's initial sequence numbers are keyed from
 * the entropy device (isn.c).
 */
#define LWIP_RAND() ((u32_t)goro_rand())

#endif
