/*
 * isn.c - TCP's initial sequence numbers, as RFC 6528 has them:
 *
 *     ISN = M + F(local address, local port, remote address, remote port, key)
 *
 * M a clock that ticks every 4 us, F SipHash-2-4 of the connection's
 * four values under a 128-bit key taken once, when lwIP starts
 * (sys_init), from the machine's entropy device (goro_entropy:
 * virtio-rng; hosted, the kernel's). A machine without one keys it from
 * the runtime's generator (goro_rand), seeded from the CPU's entropy:
 * hard to guess, but no secret against someone who sees the machine's
 * other random choices. lwIP's own ISN counts up from a constant.
 */
#include <string.h>
#include "lwip/opt.h"
#include "lwip_hooks.h"

static uint64_t key[2];
static const char *keysource;

static inline uint64_t rotl(uint64_t x, int b)
{
	return x << b | x >> (64 - b);
}

#define SIPROUND do {                                                           \
		v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);       \
		v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;                          \
		v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;                          \
		v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);       \
	} while (0)

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* siphash24: SipHash-2-4 of in[0..n) under k (the reference's byte order). */
uint64_t goro_siphash24(const uint64_t k[2], const void *in, size_t n);
uint64_t goro_siphash24(const uint64_t k[2], const void *in, size_t n)
{
	const uint8_t *p = in;
	uint64_t v0 = 0x736f6d6570736575ull ^ k[0], v1 = 0x646f72616e646f6dull ^ k[1];
	uint64_t v2 = 0x6c7967656e657261ull ^ k[0], v3 = 0x7465646279746573ull ^ k[1];
	size_t left = n;
	for (; left >= 8; left -= 8, p += 8) {
		uint64_t m = le64(p);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	uint64_t b = (uint64_t)n << 56;
	for (size_t i = 0; i < left; i++)
		b |= (uint64_t)p[i] << (8 * i);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

void goro_tcp_isn_init(void)
{
	if (goro_entropy(key, sizeof key) == 0) {
		keysource = goro_entropy_source();
		return;
	}
	for (int i = 0; i < 2; i++)
		key[i] = (uint64_t)goro_rand() << 32 | goro_rand();
	keysource = "the runtime's generator (no entropy device)";
}

const char *goro_tcp_isn_keysource(void)
{
	return keysource;
}

u32_t goro_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip, u16_t remote_port)
{
	uint8_t tuple[12];
	u32_t lip = ip4_addr_get_u32(ip_2_ip4(local_ip)), rip = ip4_addr_get_u32(ip_2_ip4(remote_ip));
	memcpy(tuple, &lip, 4);
	memcpy(tuple + 4, &local_port, 2);
	memcpy(tuple + 6, &rip, 4);
	memcpy(tuple + 10, &remote_port, 2);
	u32_t m = (u32_t)(nanotime() / 4000);
	return m + (u32_t)goro_siphash24(key, tuple, sizeof tuple);
}
