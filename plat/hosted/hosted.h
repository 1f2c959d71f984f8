/*
 * hosted.h - what the hosted platform's files share among themselves.
 *
 * The hosted platform is goro built as a Linux process: the files in
 * hosted/ give the runtime, through the same interfaces (kernel/arch.h,
 * kernel/kernel.h, kernel/physmem.h, runtime/runtime.h's tls.h), what
 * kernel/, arch/ and boot/ give it on bare metal. The portable parts
 * (runtime/, kernel/mem.c, fatal.c, printf.c, options.c, symtab.c and
 * the amd64 switch code) are compiled unchanged.
 */
#ifndef GORO_HOSTED_H
#define GORO_HOSTED_H

/* trap_init installs the fault handlers on their own stack (hosted/trap.c). */
void trap_init(void);

#endif
