/*
 * lwip.c - fuzz target: frames from the network card into lwIP, along
 * the path goro_nic_recv's frames take on a machine: net/lwip/netif.c's
 * receive goroutine (rx, the real one) copies each into a pool pbuf and
 * posts it with tcpip_input; the tcpip goroutine's loop (lwIP's own
 * tcpip.c, its message handler) hands it to ethernet_input, and on to
 * ARP, IPv4 (fragments reassembled), ICMP, UDP, TCP and the DHCP client.
 * What lwIP sends back leaves through netif.c's linkoutput.
 *
 * Two interfaces, as net.c brings them up: en0 with a static address
 * (10.0.2.15/24, gateway 10.0.2.2) and en1 by DHCP; a TCP listener on
 * port 80 that reads what comes, and a UDP socket on port 7. lwIP is
 * built hosted with goro's lwipopts.h and sys_arch.c, over the one-
 * goroutine world of goro_shim.h, and keeps its state from input to
 * input as a stack on a network does.
 *
 * The input: its first byte picks the interface; then frames, each a
 * 2-byte length (the frame is 14 to 1514 bytes, Ethernet's, as the
 * driver hands them) and its bytes (zeros past the input's end). Before
 * each frame the clock moves 10 ms and lwIP's timers run (retransmits,
 * DHCP, ARP, reassembly). When the frames run out, goro_nic_recv does
 * not return: it jumps back here, and the pbuf rx held for the next
 * frame is freed. Checked by the sanitizers, by lwIP's own assertions
 * (a panic here) and by the core lock's check on every core call.
 *
 * lwIP's source is Debian's, which tools/setup fetches (as for every
 * appliance that uses it); the build lines below name the parts of it
 * this path runs, lwIP's core, IPv4 and Ethernet.
 */
// FUZZ_BUILD: -Inet/lwip -Ibuild/lwip-src/lwip-2.1.3/src/include
// FUZZ_BUILD: build/lwip-src/lwip-2.1.3/src/core/*.c build/lwip-src/lwip-2.1.3/src/core/ipv4/*.c
// FUZZ_BUILD: build/lwip-src/lwip-2.1.3/src/netif/ethernet.c build/lwip-src/lwip-2.1.3/src/api/err.c
// FUZZ_BUILD: net/lwip/sys_arch.c net/lwip/isn.c net/lwip/timewait.c
#include "../../net/lwip/netif.c"
#include "../../build/lwip-src/lwip-2.1.3/src/api/tcpip.c"
#include "lwip/dhcp.h"
#include "lwip/tcp.h"
#include "lwip/udp.h"
#include "goro_shim.h"
#include <setjmp.h>

/* --- the cards ------------------------------------------------------------------------------- */

struct goro_nic {
	int id;
};
static goro_nic cards[2] = { { 0 }, { 1 } };
static struct netif en[2];
static unsigned long sent, sentbytes;

int goro_nic_send(goro_nic *nic, const void *buf, size_t len)
{
	(void)nic;
	if (len < ETH_MIN_FRAME || len > GORO_NIC_FRAME_MAX) {
		fprintf(stderr, "goro_nic_send: a frame of %zu bytes\n", len);
		abort();
	}
	const volatile uint8_t *b = buf;        /* every byte read: the sanitizer checks the buffer */
	for (size_t i = 0; i < len; i++)
		sentbytes += b[i];
	sent++;
	return 0;
}

void goro_nic_mac(goro_nic *nic, uint8_t mac[6])
{
	static const uint8_t m[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	memcpy(mac, m, 6);
	mac[5] = (uint8_t)(mac[5] + nic->id);
}

int goro_nic_link(goro_nic *nic) { (void)nic; return 1; }
const char *goro_nic_name(goro_nic *nic) { return nic->id ? "fuzz1" : "fuzz0"; }

/* --- the tcpip goroutine's turn ----------------------------------------------------------------- */

/* tcpip: what tcpip_thread does with its mailbox and timers, until both have nothing to do. */
static void tcpip(void)
{
	void *msg;
	while (sys_arch_mbox_tryfetch(&tcpip_mbox, &msg) != SYS_MBOX_EMPTY) {
		LOCK_TCPIP_CORE();
		tcpip_thread_handle_msg(msg);
		UNLOCK_TCPIP_CORE();
	}
}

static void timers(void)
{
	shim_now += 10 * 1000000;
	LOCK_TCPIP_CORE();
	sys_check_timeouts();
	UNLOCK_TCPIP_CORE();
	tcpip();
}

/* --- the input's frames, which goro_nic_recv hands rx ---------------------------------------------- */

static const uint8_t *in, *inend;
static jmp_buf frames_done;

int goro_nic_recv(goro_nic *nic, void *buf, size_t n, bool block)
{
	(void)nic, (void)block;
	tcpip();                        /* the frame before this one, through the stack */
	if (inend - in < 2) {
		struct goro_netif *g = en[nic->id].state;
		if (buf != g->scratch)  /* the pool pbuf rx keeps in hand, its payload at its start */
			pbuf_free((struct pbuf *)((uint8_t *)buf - LWIP_MEM_ALIGN_SIZE(sizeof(struct pbuf))));
		longjmp(frames_done, 1);
	}
	size_t len = 14 + (size_t)(in[0] | in[1] << 8) % (GORO_NIC_FRAME_MAX - 14 + 1);
	in += 2;
	if (len > n)
		len = n;
	size_t have = (size_t)(inend - in) < len ? (size_t)(inend - in) : len;
	memcpy(buf, in, have);
	memset((uint8_t *)buf + have, 0, len - have);
	in += have;
	timers();
	return (int)len;
}

/* --- what listens -------------------------------------------------------------------------------- */

static err_t tcp_read(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	(void)arg, (void)err;
	if (!p) {
		tcp_close(pcb);
		return ERR_OK;
	}
	tcp_recved(pcb, p->tot_len);
	if (p->tot_len > 0 && ((uint8_t *)p->payload)[0] == 'e')      /* echo some back: the send path too */
		tcp_write(pcb, p->payload, p->len, TCP_WRITE_FLAG_COPY);
	pbuf_free(p);
	return ERR_OK;
}

static err_t tcp_took(void *arg, struct tcp_pcb *pcb, err_t err)
{
	(void)arg;
	if (err != ERR_OK || !pcb)
		return ERR_VAL;
	tcp_recv(pcb, tcp_read);
	return ERR_OK;
}

static void udp_got(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr, u16_t port)
{
	(void)arg;
	if (p->tot_len > 0 && ((uint8_t *)p->payload)[0] == 'e')
		udp_sendto(pcb, p, addr, port);
	pbuf_free(p);
}

static void setup(void)
{
	tcpip_init(NULL, NULL);
	LWIP_MARK_TCPIP_THREAD();       /* from here every core call checks the lock */
	ip4_addr_t ip, mask, gw, any;
	IP4_ADDR(&ip, 10, 0, 2, 15);
	IP4_ADDR(&mask, 255, 255, 255, 0);
	IP4_ADDR(&gw, 10, 0, 2, 2);
	ip4_addr_set_zero(&any);
	LOCK_TCPIP_CORE();
	if (!goro_netif_add(&en[0], &cards[0], &ip, &mask, &gw) ||
	    !goro_netif_add(&en[1], &cards[1], &any, &any, &any))
		panic("goro_netif_add failed");
	netif_set_default(&en[0]);
	netif_set_up(&en[0]);
	netif_set_up(&en[1]);
	if (dhcp_start(&en[1]) != ERR_OK)
		panic("dhcp_start failed");
	struct tcp_pcb *l = tcp_new();
	if (!l || tcp_bind(l, IP_ANY_TYPE, 80) != ERR_OK || !(l = tcp_listen(l)))
		panic("tcp listener");
	tcp_accept(l, tcp_took);
	struct udp_pcb *u = udp_new();
	if (!u || udp_bind(u, IP_ANY_TYPE, 7) != ERR_OK)
		panic("udp socket");
	udp_recv(u, udp_got, NULL);
	UNLOCK_TCPIP_CORE();
	tcpip();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready)
		setup(), ready = 1;
	if (size < 1)
		return 0;
	in = data + 1, inend = data + size;
	if (setjmp(frames_done) == 0)
		rx(&en[data[0] & 1]);
	return 0;
}
