/*
 * lwipopts.h - goro's configuration of lwIP 2.1.3 (every option and its
 * default: src/include/lwip/opt.h). One configuration for every
 * platform: IPv4 with TCP, UDP, ICMP and DHCP, the netconn and socket
 * APIs over lwIP's threads as goroutines (NO_SYS=0, sys_arch.c), the
 * loopback interface (127.0.0.1) and an Ethernet interface on the
 * network card (netif.c). docs/net.md explains the choices.
 */
#ifndef GORO_LWIPOPTS_H
#define GORO_LWIPOPTS_H

/* --- the operating system: goroutines (arch/sys_arch.h) ------------------------------------ */
#define NO_SYS                          0
#define SYS_LIGHTWEIGHT_PROT            1       /* SYS_ARCH_PROTECT: a recursive lock (sys_arch.c) */
/*
 * One lock for the whole stack (LOCK_TCPIP_CORE): a socket call runs
 * lwIP's code on the calling goroutine under it instead of sending a
 * message to the tcpip goroutine and waiting. Packets from drivers
 * still go through the tcpip goroutine's mailbox.
 */
#define LWIP_TCPIP_CORE_LOCKING         1
#define LWIP_TCPIP_CORE_LOCKING_INPUT   0
/*
 * The core-locking assertion (sys_arch.c): once the tcpip goroutine
 * runs, every call into lwIP's core must come from the goroutine that
 * holds the core lock; anything else panics, naming the function.
 */
void sys_mark_tcpip_thread(void);
void sys_check_core_locking(const char *fn);
#define LWIP_ASSERT_CORE_LOCKED()       sys_check_core_locking(__func__)
#define LWIP_MARK_TCPIP_THREAD()        sys_mark_tcpip_thread()
#define TCPIP_THREAD_NAME               "tcpip"
#define TCPIP_MBOX_SIZE                 256
#define DEFAULT_TCP_RECVMBOX_SIZE       64
#define DEFAULT_UDP_RECVMBOX_SIZE       64
#define DEFAULT_RAW_RECVMBOX_SIZE       16
#define DEFAULT_ACCEPTMBOX_SIZE         256     /* connections waiting for accept: a burst of hundreds */

/* --- memory ----------------------------------------------------------------------------------- */
/*
 * lwIP's heap (PBUF_RAM packets: what an application sends, the loopback
 * interface's copies) is the C library's malloc, which is safe from
 * every goroutine. The pools keep their fixed sizes (the pool statistics
 * say how full they are), in the image's bss: about 1 MB on amd64, sized
 * for hundreds of connections at once (apps/httpd's tests hold 200).
 */
#define MEM_LIBC_MALLOC                 1
#define MEMP_MEM_MALLOC                 0
#define MEM_ALIGNMENT                   8
#define MEMP_NUM_PBUF                   128
#define PBUF_POOL_SIZE                  256     /* received frames in flight: a request from each of hundreds of clients */
#define MEMP_NUM_RAW_PCB                4
#define MEMP_NUM_UDP_PCB                16
#define MEMP_NUM_TCP_PCB                512     /* connections, TIME_WAIT included (lwIP reuses the oldest of those when out) */
#define MEMP_NUM_TCP_PCB_LISTEN         16
#define MEMP_NUM_TCP_SEG                1024
#define MEMP_NUM_REASSDATA              8
#define MEMP_NUM_FRAG_PBUF              32
#define MEMP_NUM_NETBUF                 64
#define MEMP_NUM_NETCONN                512     /* the sockets: TCP, listening and UDP */
#define MEMP_NUM_SELECT_CB              16
#define MEMP_NUM_TCPIP_MSG_API          128
#define MEMP_NUM_TCPIP_MSG_INPKT        256
#define MEMP_NUM_SYS_TIMEOUT            (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)

/* --- protocols -------------------------------------------------------------------------------- */
#define LWIP_IPV4                       1
#define LWIP_IPV6                       0
#define LWIP_ARP                        1
#define LWIP_ETHERNET                   1
#define LWIP_ICMP                       1
#define LWIP_RAW                        0
#define LWIP_UDP                        1
#define LWIP_TCP                        1
#define LWIP_DHCP                       1
/*
 * No ARP probe of the offered address before taking it (RFC 2131's
 * "SHOULD" check): it costs DHCP_ARP_CHECK's wait, a second or more of
 * boot, to find a duplicate on a network whose server knows every
 * guest. QEMU's user network is one (its server is the only other
 * host), and so is a virtual machine's network in general; with it off
 * an address comes in milliseconds.
 */
#define DHCP_DOES_ARP_CHECK             0
#define LWIP_AUTOIP                     0
#define LWIP_IGMP                       0
#define LWIP_DNS                        0
#define IP_REASSEMBLY                   1
#define IP_FRAG                         1

#define TCP_MSS                         1460
#define TCP_WND                         (16 * TCP_MSS)
#define TCP_SND_BUF                     (16 * TCP_MSS)
#define TCP_SND_QUEUELEN                ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_LISTEN_BACKLOG              1
#define TCP_DEFAULT_LISTEN_BACKLOG      32
#define LWIP_TCP_KEEPALIVE              1
#define LWIP_RANDOMIZE_INITIAL_LOCAL_PORTS 1
/* Initial sequence numbers as RFC 6528 has them, keyed from the entropy device (isn.c). */
#define LWIP_HOOK_FILENAME              "lwip_hooks.h"
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport) goro_tcp_isn(lip, lport, rip, rport)
/* A new SYN or an acceptable RST ends a TIME-WAIT, as on Linux and the BSDs (timewait.c). */
#define LWIP_HOOK_TCP_INPACKET_PCB(pcb, hdr, optlen, opt1len, opt2, p) goro_tcp_inpacket(pcb, hdr)

/* --- interfaces --------------------------------------------------------------------------------- */
#define LWIP_NETIF_LOOPBACK             1       /* packets to one of the interface's own addresses */
#define LWIP_HAVE_LOOPIF                1       /* lo: 127.0.0.1 */
#define LWIP_LOOPBACK_MAX_PBUFS         0
#define LWIP_NETIF_API                  1
#define LWIP_NETIF_STATUS_CALLBACK      1
#define LWIP_NETIF_LINK_CALLBACK        1

/* --- APIs --------------------------------------------------------------------------------------- */
#define LWIP_NETCONN                    1
#define LWIP_SOCKET                     1
/*
 * The socket functions keep lwIP's names (lwip_socket, lwip_send, ...):
 * hosted, glibc has the BSD ones; on bare metal the socket layer
 * (net/socket, net/include) gives them as functions of their own, with
 * sockets in newlib's file table (docs/net.md), not as lwIP's macros.
 */
#define LWIP_COMPAT_SOCKETS             0
#define LWIP_POSIX_SOCKETS_IO_NAMES     0
/*
 * Socket numbers start at 3, above the console's 0-2: on bare metal the
 * socket layer (net/socket) claims them in newlib's file table, so a
 * socket number is a descriptor read, write and close take.
 */
#define LWIP_SOCKET_OFFSET              3
#define LWIP_SOCKET_SELECT              1
#define LWIP_SOCKET_POLL                1
#define LWIP_SO_RCVTIMEO                1
#define LWIP_SO_SNDTIMEO                1
#define LWIP_SO_RCVBUF                  1
#define SO_REUSE                        1
#define LWIP_TIMEVAL_PRIVATE            0       /* the C library's struct timeval */
#define LWIP_NETCONN_SEM_PER_THREAD     0
#define LWIP_NETCONN_FULLDUPLEX         0
/* Errors are the C library's errno values, in its errno: per goroutine on bare metal. */
#define LWIP_ERRNO_STDINCLUDE           1

/* --- statistics (lwip_stats), no debugging output -------------------------------------------------- */
#define LWIP_STATS                      1
#define LWIP_STATS_DISPLAY              0
/*
 * What goro_net_stats reports (netstats.c): the pools' use (MEMP_STATS,
 * on by default with fixed pools), lwIP's heap (MEM_STATS, off by
 * default over the C library's malloc: on, it keeps each block's size
 * in front of it, 8 bytes a block), the link's and TCP's counters. Each
 * is a counter or two per operation.
 */
#define MEMP_STATS                      1
#define MEM_STATS                       1
#define LINK_STATS                      1
#define TCP_STATS                       1

#endif
