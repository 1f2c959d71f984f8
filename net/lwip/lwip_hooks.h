/*
 * lwip_hooks.h - the functions goro's lwipopts.h names as lwIP's hooks
 * (LWIP_HOOK_FILENAME; lwIP includes it where a hook is called).
 */
#ifndef GORO_LWIP_HOOKS_H
#define GORO_LWIP_HOOKS_H

#include "lwip/err.h"
#include "lwip/ip_addr.h"

/* TCP's initial sequence numbers, as RFC 6528 has them (isn.c). */
u32_t goro_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip, u16_t remote_port);
/* isn_init keys them; sys_init calls it. */
void goro_tcp_isn_init(void);
/* Where the key came from: the entropy device, or the runtime's generator without one. */
const char *goro_tcp_isn_keysource(void);

struct tcp_pcb;
struct tcp_hdr;
/* A new SYN, or an acceptable RST, ends a connection's TIME-WAIT (timewait.c); ERR_OK: lwIP's own rules. */
err_t goro_tcp_inpacket(struct tcp_pcb *pcb, const struct tcp_hdr *hdr);

#endif
