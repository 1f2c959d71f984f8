/*
 * timewait.c - a new connection may take over one in TIME-WAIT (lwIP's
 * TCP input hook, LWIP_HOOK_TCP_INPACKET_PCB in lwipopts.h).
 *
 * A server that closes first keeps the connection in TIME-WAIT for two
 * MSL, two minutes. Through QEMU's user network every host client is
 * 10.0.2.2, and the host gives a closed client's port to its next
 * connection at once: that SYN meets the old connection's TIME-WAIT.
 * lwIP answers it with an ACK and, as RFC 1337 has it, ignores the RST
 * the client's side sends back, so the new connection stalls until the
 * two minutes are up. As Linux and the BSDs do (RFC 1122 4.2.2.13), a
 * SYN whose sequence number lies beyond what the old connection
 * received, or an RST exactly at it (RFC 5961's acceptable one), ends
 * the TIME-WAIT here. The segment goes with it; the client's SYN, sent
 * again, finds the listener.
 */
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/prot/tcp.h"
#include "lwip_hooks.h"

err_t goro_tcp_inpacket(struct tcp_pcb *pcb, const struct tcp_hdr *hdr)
{
	if (pcb->state != TIME_WAIT)
		return ERR_OK;
	u8_t flags = TCPH_FLAGS(hdr);
	u32_t seqno = lwip_ntohl(hdr->seqno);
	int newsyn = (flags & (TCP_SYN | TCP_ACK)) == TCP_SYN && TCP_SEQ_GT(seqno, pcb->rcv_nxt);
	int rst = (flags & TCP_RST) && seqno == pcb->rcv_nxt;
	if (!newsyn && !rst)
		return ERR_OK;          /* tcp_timewait_input's rules */
	tcp_abort(pcb);                 /* a TIME-WAIT pcb: removed and freed, nothing sent */
	return ERR_ABRT;                /* tcp_input drops the segment */
}
