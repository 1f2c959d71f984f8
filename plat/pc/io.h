/*
 * io.h - x86 port I/O, shared by i386 and amd64.
 *
 * One static inline per access width. The port is a 16-bit number the
 * CPU wants in dx (or as an 8-bit immediate); the "Nd" constraint lets
 * the compiler pick whichever fits. The "memory" clobber keeps device
 * accesses ordered against ordinary loads and stores around them.
 */
#ifndef GORO_X86_IO_H
#define GORO_X86_IO_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

/* io_wait gives a slow legacy device (PIC, CMOS) time to settle: port 0x80 is unused. */
static inline void io_wait(void)
{
	outb(0x80, 0);
}

#endif
