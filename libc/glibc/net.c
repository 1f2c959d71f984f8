/*
 * net.c - goro_nic_* hosted: a process has no network card of its own
 * (it has the host's sockets); goro_nic_get finds none.
 */
#include <errno.h>
#include "goro.h"

goro_nic *goro_nic_get(int i)
{
	(void)i;
	errno = ENODEV;
	return NULL;
}

int goro_nic_send(goro_nic *nic, const void *buf, size_t len)
{
	(void)nic, (void)buf, (void)len;
	errno = ENODEV;
	return -1;
}

int goro_nic_recv(goro_nic *nic, void *buf, size_t n, bool block)
{
	(void)nic, (void)buf, (void)n, (void)block;
	errno = ENODEV;
	return -1;
}

void goro_nic_mac(goro_nic *nic, uint8_t mac[6])
{
	(void)nic;
	for (int i = 0; i < 6; i++)
		mac[i] = 0;
}

int goro_nic_link(goro_nic *nic)
{
	(void)nic;
	return 0;
}

const char *goro_nic_name(goro_nic *nic)
{
	(void)nic;
	return "";
}

void goro_nic_stats(goro_nic *nic, struct goro_nic_stats *st)
{
	(void)nic;
	*st = (struct goro_nic_stats){ 0 };
}
