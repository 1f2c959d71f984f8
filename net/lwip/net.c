/*
 * net.c - goro_net_start: lwIP's tcpip goroutine and its interfaces, once.
 *
 * For now only the loopback interface: the interface on a network card
 * (goro_nic_*) and its configuration from the runtime options come next.
 */
#include "goro.h"
#include "goro_net.h"
#include "lwip/tcpip.h"

static mutex start_mu;
static int started;

static void tcpip_ready(void *arg)
{
	chan_send(arg, NULL);   /* on the tcpip goroutine, once it runs */
}

int goro_net_start(void)
{
	mutex_lock(&start_mu);
	if (!started) {
		chan *ready = chan_make(0, 1);
		tcpip_init(tcpip_ready, ready);
		chan_recv(ready, NULL);
		chan_free(ready);
		started = 1;
	}
	mutex_unlock(&start_mu);
	return 0;
}
