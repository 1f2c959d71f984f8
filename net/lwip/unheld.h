/*
 * unheld.h - the names lwIP's socket functions are compiled under: the
 * build includes this before lwIP's api/sockets.c (and held.c does), so
 * lwip_send there is lwip_send_unheld, and lwip_send is held.c's, which
 * holds the caller's stack around the call (docs/net.md).
 */
#ifndef GORO_LWIP_UNHELD_H
#define GORO_LWIP_UNHELD_H

#define lwip_accept      lwip_accept_unheld
#define lwip_bind        lwip_bind_unheld
#define lwip_shutdown    lwip_shutdown_unheld
#define lwip_getpeername lwip_getpeername_unheld
#define lwip_getsockname lwip_getsockname_unheld
#define lwip_getsockopt  lwip_getsockopt_unheld
#define lwip_setsockopt  lwip_setsockopt_unheld
#define lwip_close       lwip_close_unheld
#define lwip_connect     lwip_connect_unheld
#define lwip_listen      lwip_listen_unheld
#define lwip_recv        lwip_recv_unheld
#define lwip_read        lwip_read_unheld
#define lwip_readv       lwip_readv_unheld
#define lwip_recvfrom    lwip_recvfrom_unheld
#define lwip_recvmsg     lwip_recvmsg_unheld
#define lwip_send        lwip_send_unheld
#define lwip_sendmsg     lwip_sendmsg_unheld
#define lwip_sendto      lwip_sendto_unheld
#define lwip_socket      lwip_socket_unheld
#define lwip_write       lwip_write_unheld
#define lwip_writev      lwip_writev_unheld
#define lwip_select      lwip_select_unheld
#define lwip_poll        lwip_poll_unheld
#define lwip_ioctl       lwip_ioctl_unheld
#define lwip_fcntl       lwip_fcntl_unheld

#endif
