/*
 * init.c - platform_init on the i386 PC: bring-up (halt and power-off are
 * shared with amd64 in plat/pc/power.c).
 *
 * platform_init's order matters. The console first, then the FPU (the
 * multiboot entry switched it on already, as amd64's does: its CR0 and
 * CR4 bits are part of what an emulator keys its translated code on, so
 * code run before they change is translated again after; fpu_init
 * checks for fxsave, which goro needs, and sets them again). The
 * descriptor tables next (so a fault anywhere later is reported), the
 * legacy PICs moved off the exception vectors and masked. The tables
 * that list the CPUs (ACPI's, else the MP table) are read now, straight
 * from memory while paging is off (the RSDP, which multiboot does not
 * hand over, looked for in the BIOS areas), rather than a page at a
 * time through the physical-memory window later (cpufind.h). Then PAE
 * paging on the boot identity map (paging.c, bootmap.S) that serves
 * until vm_init's mmu_activate. The double-fault task is filled with
 * the GDT (so it works early) and again once paging is on (so it
 * carries the boot CR3); mmu_activate refills it with the kernel
 * tables' CR3. The timer's PIT window opens first of all (timer.c), so
 * that the rest of the boot fills its millisecond (it needs neither the
 * console nor the descriptor tables).
 */
#include <stdint.h>
#include "platform.h"
#include "bootinfo.h"
#include "x86.h"
#include "pc.h"
#include "pic.h"
#include "cpufind.h"

void platform_init(struct bootinfo *bi)
{
	timer_calibration_start();     /* the PIT window: open while the rest of the boot runs */
	uart_init();
	fpu_init();
	pc_devices_cmdline(bi);
	gdt_init();
	idt_init();
	pic_disable();
	cpus_read_early(bi->rsdp);
	paging_init();
	doublefault_init();
}
