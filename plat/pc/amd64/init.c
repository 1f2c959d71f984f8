/*
 * init.c - platform_init: the amd64 CPU set up for the kernel.
 *
 * The boot entry left long mode with the boot GDT, identity-mapped page
 * tables and x87/SSE usable; this adds the kernel GDT with its TSS (IST
 * stacks for faults on a broken stack), the IDT, and silences the
 * legacy PICs, whose default vectors would collide with exceptions.
 * The tables that list the CPUs (ACPI's, else the MP table) are read
 * while the boot tables still map the low 4 GiB one to one, straight
 * from memory, not a page at a time through the physical-memory window
 * later (cpufind.h). The timer's PIT window opens first of all
 * (timer.c), so that the rest of the boot fills its millisecond.
 */
#include "platform.h"
#include "cpu.h"
#include "pc.h"
#include "pic.h"
#include "bootinfo.h"
#include "cpufind.h"

void platform_init(struct bootinfo *bi)
{
	timer_calibration_start();     /* the PIT window: open while the rest of the boot runs */
	uart_init();
	pc_devices_cmdline(bi);
	gdt_init();
	idt_init();
	pic_disable();
	fpu_init();
	cpus_read_early(bi->rsdp);     /* while the boot tables map the low 4 GiB one to one */
}
