/*
 * pit.h - the 8254 programmable interval timer, used only as a ruler.
 *
 * Its input clock is the one x86 rate that is fixed by the platform
 * (1.193182 MHz), so goro measures the TSC and the local APIC timer
 * against it once at boot, then never uses it again (and never takes
 * its interrupt: the PIC line stays masked). Channel 2 counts down in
 * mode 0 with its gate held open through port 0x61; polling latches
 * the count, so nothing depends on the output pin.
 */
#ifndef GORO_X86_PIT_H
#define GORO_X86_PIT_H

#include <stdint.h>

#define PIT_HZ  1193182u

/* pit_start loads channel 2 with 65535 and lets it count down (mode 0). */
void pit_start(void);

/* pit_read returns channel 2's current count. */
uint16_t pit_read(void);

#endif
