/*
 * pit.c - channel 2 of the 8254 as a free-running down-counter (see pit.h).
 *
 * Channel 2 rather than 0: its output goes to the speaker logic, not to
 * an interrupt line, so programming it disturbs nothing the firmware
 * may still route. Where port 0x61 does not exist (QEMU's microvm) the gate
 * cannot be opened; QEMU counts in mode 0 regardless, and a PIT that
 * does not count at all is detected by the caller.
 */
#include <stdint.h>
#include "io.h"
#include "pit.h"

#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PIT_GATE_PORT   0x61    /* bit 0: channel 2 gate; bit 1: speaker on */

#define CMD_CH2         (2u << 6)
#define CMD_LATCH       (0u << 4)       /* access mode 0: latch the count */
#define CMD_LOHI        (3u << 4)       /* access: low byte then high byte */
#define CMD_MODE0       (0u << 1)       /* interrupt on terminal count: a plain countdown */

void pit_start(void)
{
	outb(PIT_GATE_PORT, (inb(PIT_GATE_PORT) & ~0x02) | 0x01);     /* gate open, speaker off */
	outb(PIT_CMD, CMD_CH2 | CMD_LOHI | CMD_MODE0);
	outb(PIT_CH2, 0xff);
	outb(PIT_CH2, 0xff);            /* counting starts once the high byte is in */
}

uint16_t pit_read(void)
{
	outb(PIT_CMD, CMD_CH2 | CMD_LATCH);
	uint8_t lo = inb(PIT_CH2);
	uint8_t hi = inb(PIT_CH2);
	return (uint16_t)(hi << 8 | lo);
}
