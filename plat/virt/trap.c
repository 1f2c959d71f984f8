/*
 * trap.c - turns an ARM exception into a fault report.
 *
 * The vector stubs (vectors.S) call arm_trap with the saved frame
 * (IRQs go to arm_irq in gic.c instead). Nothing is handled here, so
 * every trap is decoded into a struct faultinfo, with the abort status
 * registers put into words, and handed to fault_report, which prints
 * and exits.
 * Two paths avoid loops: the semihosting svc of machine_poweroff, when
 * QEMU runs without -semihosting, goes on to PSCI; and a trap once
 * poweroff has begun, or a third nested one, stops without printing.
 */
#include "platform.h"
#include "arm.h"
#include "psci.h"
#include "cpu.h"
#include "machine.h"
#include "trapframe.h"

static const char *const vector_names[] = {
	[VEC_RESET] = "reset",
	[VEC_UNDEF] = "undefined instruction",
	[VEC_SVC] = "supervisor call",
	[VEC_PABORT] = "prefetch abort",
	[VEC_DABORT] = "data abort",
	[VEC_HYP] = "hyp trap",
	[VEC_IRQ] = "irq",
	[VEC_FIQ] = "fiq",
};

/* Reports in progress; a fault while reporting gets one report of its own. */
static int trap_depth;

/*
 * The fault status of a DFSR or IFSR in words. The kernel translates
 * with long descriptors from boot on (mmu.h), so the status is in the
 * long-descriptor format (FSR.LPAE, bit 9, set): STATUS in bits 5:0,
 * whose low two bits give the table level for translation-related
 * faults. Anything else is shown raw.
 */
static const char *fault_status(uint32_t fsr)
{
	static char buf[64];
	static const char *const level_kinds[16] = {
		[0x0] = "address size fault",
		[0x1] = "translation fault",
		[0x2] = "access flag fault",
		[0x3] = "permission fault",
		[0x5] = "external abort on table walk",
		[0x7] = "parity error on table walk",
		[0xf] = "domain fault",
	};
	uint32_t status = fsr & 0x3f;

	if (!(fsr & (1u << 9))) {
		ksnprintf(buf, sizeof buf, "short-descriptor fault status 0x%x", (unsigned)fsr);
		return buf;
	}
	switch (status) {
	case 0x10: return "synchronous external abort";
	case 0x11: return "asynchronous external abort";
	case 0x18: return "synchronous parity error";
	case 0x19: return "asynchronous parity error";
	case 0x21: return "alignment fault";
	case 0x22: return "debug event";
	case 0x30: return "tlb conflict abort";
	case 0x34: return "lockdown abort";
	case 0x3a: return "coprocessor abort";
	}
	if (level_kinds[status >> 2]) {
		ksnprintf(buf, sizeof buf, "%s (level %u)", level_kinds[status >> 2],
		          (unsigned)(status & 3));
		return buf;
	}
	ksnprintf(buf, sizeof buf, "unknown fault status 0x%x", (unsigned)status);
	return buf;
}

static int thumb(const struct trapframe *tf)
{
	return (tf->cpsr & PSR_T) != 0;
}

/* The undefined instruction at tf->pc: one ARM word, or one or two Thumb halfwords. */
static uint32_t undefined_insn(const struct trapframe *tf)
{
	if (!thumb(tf))
		return *(const uint32_t *)tf->pc;
	const uint16_t *hw = (const uint16_t *)tf->pc;
	if ((hw[0] >> 11) >= 0x1d)      /* 0b11101, 0b11110, 0b11111: a 32-bit encoding */
		return (uint32_t)hw[0] << 16 | hw[1];
	return hw[0];
}

/* The immediate of the svc just executed (tf->pc is the next instruction). */
static uint32_t svc_number(const struct trapframe *tf)
{
	if (thumb(tf))
		return *(const uint16_t *)(tf->pc - 2) & 0xff;
	return *(const uint32_t *)(tf->pc - 4) & 0xffffff;
}

static _Noreturn void halt_forever(void)
{
	__asm__ volatile("cpsid if" ::: "memory");
	for (;;)
		wfi();
}

void arm_trap(struct trapframe *tf)
{
	/* Read the abort registers first: a fault on this path would overwrite them. */
	uint32_t dfsr = read_dfsr(), dfar = read_dfar();
	uint32_t ifsr = read_ifsr(), ifar = read_ifar();
	static char detail[48];
	struct faultinfo fi = {
		.name = tf->vector < nelem(vector_names) ? vector_names[tf->vector] : "trap",
		.vector = (int)tf->vector,
		.pc = tf->pc,
		.sp = tf->sp,
	};

	if (tf->vector == VEC_SVC) {
		uint32_t n = svc_number(tf);
		if (n == (thumb(tf) ? SEMIHOST_SVC_THUMB : SEMIHOST_SVC_ARM))
			psci_poweroff();        /* a semihosting call nobody intercepted */
		ksnprintf(detail, sizeof detail, "svc #0x%x", (unsigned)n);
		fi.detail = detail;
	}
	if (arm_powering_off)
		halt_forever();         /* poweroff itself trapped: nothing left to try */
	if (trap_depth >= 2)
		machine_poweroff(EXIT_FATAL);      /* the report keeps faulting: just stop */
	trap_depth++;

	switch (tf->vector) {
	case VEC_DABORT:
		fi.has_addr = 1;
		fi.addr = dfar;
		fi.access = (dfsr & (1u << 11)) ? "write" : "read";     /* WnR */
		fi.detail = fault_status(dfsr);
		break;
	case VEC_PABORT:
		fi.has_addr = 1;
		fi.addr = ifar;
		fi.access = "execute";
		fi.detail = fault_status(ifsr);
		break;
	case VEC_UNDEF: {
		uint32_t insn = undefined_insn(tf);
		if (thumb(tf) && insn <= 0xffff)
			ksnprintf(detail, sizeof detail, "instruction 0x%04x", (unsigned)insn);
		else
			ksnprintf(detail, sizeof detail, "instruction 0x%08x", (unsigned)insn);
		fi.detail = detail;
		break;
	}
	}
	fault_report(&fi, tf);
}

static const char *mode_name(uint32_t cpsr)
{
	switch (cpsr & PSR_MODE_MASK) {
	case PSR_MODE_USR: return "usr";
	case PSR_MODE_FIQ: return "fiq";
	case PSR_MODE_IRQ: return "irq";
	case PSR_MODE_SVC: return "svc";
	case PSR_MODE_MON: return "mon";
	case PSR_MODE_ABT: return "abt";
	case PSR_MODE_HYP: return "hyp";
	case PSR_MODE_UND: return "und";
	case PSR_MODE_SYS: return "sys";
	default:           return "?";
	}
}

void machine_dumpregs(const struct trapframe *tf)
{
	static const char *const names[16] = {
		" r0", " r1", " r2", " r3", " r4", " r5", " r6", " r7",
		" r8", " r9", "r10", "r11", "r12", " sp", " lr", " pc",
	};
	uint32_t regs[16];

	for (int i = 0; i < 13; i++)
		regs[i] = tf->r[i];
	regs[13] = tf->sp;
	regs[14] = tf->lr;
	regs[15] = tf->pc;
	for (int i = 0; i < 16; i++)
		kprintf("%s=0x%08x%s", names[i], (unsigned)regs[i], i % 4 == 3 ? "\n" : "  ");
	kprintf("cpsr=0x%08x (%s%s%s%s)\n", (unsigned)tf->cpsr, mode_name(tf->cpsr),
	        thumb(tf) ? ", thumb" : "", tf->cpsr & PSR_I ? ", irq off" : "",
	        tf->cpsr & PSR_F ? ", fiq off" : "");
}
