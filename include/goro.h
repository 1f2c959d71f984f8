/*
 * goro.h - the appliance API: goroutines, channels, select, time and
 * timers, sync, device interrupts, the console's input, entropy, network
 * cards and descriptors for libraries above the C library (goro_fdclaim).
 *
 * Goroutines are the only concurrency an appliance has. They run on
 * every CPU (procs=). A goroutine runs until it blocks (channel, select,
 * mutex, RWMutex, once, cond, wait group, sleep, console input, a device
 * interrupt), yields (gosched) or ends, or until it has kept its CPU for
 * 10 ms: then it is preempted, as in Go, between two instructions of
 * appliance code or at its next function prologue (asyncpreemptoff=1:
 * only there). Channels and select have Go's semantics exactly.
 *
 * Stacks: a goroutine starts on a small stack (2 KiB) that grows by
 * copying when a function's prologue check finds it too small, and
 * shrinks again while it waits. Pointers into a goroutine's stack are
 * relocated when it moves: those on the stack itself, in its registers,
 * and in the runtime's own records (a channel operation's element).
 * The rule for C code: a pointer to a local variable may be passed
 * down the stack, but must not be stored in the heap or a global, or
 * handed to another goroutine, while the goroutine can still run
 * functions (its stack may move). A goroutine that must publish such
 * pointers runs on a pinned stack (go_pinned). docs/stacks.md has the
 * whole design, the modes and what relocation can get wrong on 32-bit
 * machines. main runs on a pinned stack (StackMain, 256 KiB).
 */
#ifndef GORO_H
#define GORO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Goroutines. */
void    go(void (*fn)(void *), void *arg);    /* start fn(arg) in a new goroutine */
void    gosched(void);                         /* yield */
void    goexit(void);                          /* end the calling goroutine */
int64_t goid(void);                            /* main is 1 */

/*
 * go_pinned starts fn(arg) on a stack of stacksize bytes (rounded up to
 * whole pages, with a guard page below) that never moves or grows: its
 * locals may be handed to other goroutines or stored anywhere while it
 * lives. Running past the stack is a fatal "stack overflow" report. A
 * stacksize over maxstack (the option; 1 GiB on amd64, 256 MiB on
 * 32-bit by default) panics: "go_pinned: stack size N too large".
 */
void    go_pinned(void (*fn)(void *), void *arg, size_t stacksize);

/* Stack statistics (the same figures stackstats=1 prints at exit). */
struct goro_stackstats {
	size_t   inuse;         /* bytes of stack held by live goroutines */
	size_t   mapped;        /* bytes of stack memory mapped: in use, cached, free in pages */
	uint64_t grows;         /* stack copies to a bigger stack */
	uint64_t shrinks;       /* stack copies to a smaller stack */
	uint64_t bytes_copied;  /* by grows and shrinks */
	size_t   aliased;       /* i386, ARM: bytes of old places of moved stacks still mapped (docs/stacks.md) */
	uint64_t relocated;     /* words a copy changed because their value lay in the stack: pointers,
				   or data that looked like them (never on 64-bit; 32-bit stacks move by
				   remapping and are not copied in the default mode: docs/stacks.md) */
};
void    goro_stackstats(struct goro_stackstats *st);
/* goro_stackbounds: the calling goroutine's stack is [*lo, *hi) (it may move later). */
void    goro_stackbounds(uintptr_t *lo, uintptr_t *hi);
/*
 * goro_onstack: is [p, p+n) memory of the calling goroutine's stack, where
 * the stack is now or (i386, ARM) a place it moved from that still shows it?
 */
bool    goro_onstack(const void *p, size_t n);

/*
 * goro_stackhold keeps the calling goroutine's stack where it is until
 * the matching goro_stackrelease (holds nest): for calls into code
 * written for threads with fixed stacks, which stores pointers to its
 * locals in the heap or hands them to other goroutines while it runs
 * and waits (lwIP's API: its messages and the caller's buffers are read
 * by its tcpip goroutine while the caller is parked). It first makes
 * sure at least room bytes are free below the caller, growing the
 * stack now if need be, before any address in it has been handed out.
 * While held, the stack is not shrunk when the goroutine parks, and it
 * grows only where it stays in place (a big stack on amd64; i386 and
 * ARM remap, so old addresses still work); a grow that would copy it is
 * the fatal "stack overflow" report, which says to hold with more room.
 * A pinned stack needs no hold: there the call only counts (no room is
 * made, so a small pinned stack may call code that holds).
 */
void    goro_stackhold(size_t room);
void    goro_stackrelease(void);                /* throws without a hold */

/*
 * CPUs: goro_ncpu is how many run goroutines (procs=); goro_cpuruns(i)
 * how many times CPU i has started running a goroutine (0 for no such
 * CPU). goro_cpupreempts(i, async) how many goroutines CPU i has
 * preempted: at a function prologue (async 0) or between two
 * instructions (async 1). goro_cpu is the CPU the caller runs on now (it
 * may move at any switch).
 */
int      goro_ncpu(void);
uint64_t goro_cpuruns(int cpu);
uint64_t goro_cpupreempts(int cpu, int async);
int      goro_cpu(void);

/*
 * GORO_INIT(fn): fn() runs on goroutine 1 before main, after the C
 * library's constructors, for a library that must start something that
 * parks (a constructor runs before the scheduler and cannot): the
 * socket layer brings the network up there. Order among them is the
 * link's.
 */
#define GORO_INIT(fn) \
	static void (*const goro_init_##fn)(void) __attribute__((section("goro_init"), used)) = fn

/*
 * Goroutines and memory, for an appliance's own figures (a status page,
 * a leak check). goro_numgoroutine is how many goroutines exist now
 * (Go's runtime.NumGoroutine): running, runnable or waiting, drivers'
 * and lwIP's included. goro_memstats fills st with that count, the dead
 * goroutine records kept for reuse, the machine's page frames (in all
 * and free now; hosted, those of the arena the runtime maps from) and
 * what holds frames besides stacks and the C heap: the runtime's
 * records and the page tables. The C heap's figures are the C
 * library's own: mallinfo(); the stacks' are goro_stackstats. Frames in
 * use less those four holders is the rest, which a leak check can
 * compare exactly (tests/net/http_client.py, apps/soak).
 */
struct goro_memstats {
	int      goroutines;    /* live, as goro_numgoroutine */
	int      gs_free;       /* dead G records kept for reuse */
	size_t   pagesize;      /* bytes per page frame */
	size_t   frames;        /* page frames the runtime manages */
	size_t   frames_free;   /* of which free now */
	size_t   runtime_bytes; /* mapped for the runtime's own records (G records, ...) */
	size_t   runtime_inuse; /* of them, bytes live things hold (not the caches of free ones) */
	size_t   table_frames;  /* page frames the page tables hold (never freed) */
};
int     goro_numgoroutine(void);
void    goro_memstats(struct goro_memstats *st);

/*
 * memstats=1 prints, at every normal exit (main's return, exit()), a
 * line of the runtime's figures, the same as goro_memstats,
 * goro_stackstats and the C heap's mallinfo give:
 *   memstats: frames inuse N free N tables N; stacks inuse N B mapped N B;
 *   gs live N free N; records inuse N B mapped N B; heap inuse N B arena N B
 * then one line per report a library above goro.h registered with
 * goro_memreport (the network's pools, when lwIP is linked): at exit,
 * fn writes up to n - 1 bytes of text and a NUL into buf, and the
 * runtime prints it after "memstats: ". Registered reports stay; at
 * most GORO_MEMREPORTS of them (more panics). No runtime code depends
 * on a library: a library that is not linked registers nothing.
 */
#define GORO_MEMREPORTS 4
void    goro_memreport(void (*fn)(char *buf, size_t n));

/*
 * goro_rand: 32 random bits from the runtime's generator, the one that
 * picks select's cases (per CPU, seeded from the machine's entropy, or
 * from the seed= option). Fast and well spread; not for cryptography.
 */
uint32_t goro_rand(void);

/*
 * goro_option: the runtime option called name (README, "The command
 * line"; hosted, GORO_OPTIONS), as text, for code above goro.h such as
 * the network stack. An integer option gives its value in decimal,
 * given or default (goro_option("verbose") is "0" or "1"); a string
 * option (ip=, gw=) the value as given, or NULL if the command line
 * did not give it. NULL for a name that is no option. The boot has
 * already stopped on an unknown option or a malformed value, so what
 * comes back is well formed. The text lives as long as the machine.
 */
const char *goro_option(const char *name);

/* Channels: elements are copied in and out; elemsize may be 0. */
typedef struct chan chan;
chan   *chan_make(size_t elemsize, size_t cap);
void    chan_send(chan *c, const void *elem);  /* panics on a closed channel */
bool    chan_recv(chan *c, void *elem);        /* false once closed and drained; elem zeroed */
void    chan_close(chan *c);                   /* panics if nil or already closed */
void    chan_free(chan *c);                    /* no goroutine may still use it */
size_t  chan_len(chan *c);
size_t  chan_cap(chan *c);

enum { CHAN_SEND = 1, CHAN_RECV = 2 };
struct chan_case {
	chan *c;        /* NULL: the case is never ready */
	int dir;        /* CHAN_SEND or CHAN_RECV */
	void *elem;     /* the value to send, or where to receive (may be NULL) */
	bool ok;        /* receive: true if a value arrived, false if closed */
};
/*
 * chan_select runs one ready case, chosen uniformly at random among the
 * ready ones, and returns its index; with none ready it waits for one,
 * or, if !block, returns -1 at once.
 */
int     chan_select(struct chan_case *cases, int n, bool block);
/*
 * chan_select_timeout is chan_select that waits at most ns nanoseconds
 * for a case to be ready: it returns -1 once they have passed with none
 * run (Go's select with a case <-time.After(ns)). ns <= 0 is
 * chan_select(cases, n, false). The wait parks the goroutine like a
 * sleep; no goroutine or channel is made for it.
 */
int     chan_select_timeout(struct chan_case *cases, int n, int64_t ns);

/* Time: monotonic nanoseconds since boot; sleeping parks the goroutine. */
int64_t nanotime(void);
void    gosleep(int64_t ns);                   /* ns <= 0: just yields */

/*
 * Time as channels, Go's time.After, time.NewTimer and time.NewTicker.
 * Each channel delivers an int64_t, the nanotime at which it fired, and
 * holds one undelivered value: the runtime's timer sends without ever
 * blocking (Go's sendTime), from the scheduler, with no goroutine per
 * timer. Use them in chan_select like any channel. They are never
 * closed (chan_close panics). Stop and Reset are Go 1.23's: once they
 * return, no value of the old setting can be received.
 *
 * goro_after(ns) is a channel that delivers the time once, ns from now
 * (ns <= 0: at once). chan_free(ch) frees it and its timer, whether it
 * has fired or not; until then they stay, fired and unread or pending.
 *
 * goro_timer_new(ns) is a timer whose channel C delivers the time once,
 * ns from now. goro_timer_stop stops it: true if that stopped it before
 * its value was received (it was pending, or its value sat unread and
 * is dropped), false if it had been received or the timer was stopped.
 * goro_timer_reset makes it deliver ns from now instead, returning what
 * goro_timer_stop would have. goro_timer_free stops it and frees it and
 * C (no goroutine may still wait on C; chan_free(t->C) panics).
 *
 * goro_afterfunc(ns, f, arg) is Go's time.AfterFunc: a goro_timer with
 * no channel (C is NULL) that starts f(arg) in a goroutine of its own ns
 * from now. goro_timer_stop says whether it stopped it before f started
 * (f runs on regardless once started); goro_timer_reset starts f again,
 * ns from then; goro_timer_free stops and frees it (f, if started, runs
 * on). A NULL f panics "goro_afterfunc: nil func".
 *
 * goro_ticker_new(period) delivers the time every period ns: a value
 * waits in C until received, and the ticks that fall due meanwhile are
 * dropped, as Go drops them for a slow receiver. goro_ticker_stop stops
 * it (a tick unread is dropped); goro_ticker_reset starts it again with
 * a new period, the first tick period from now; goro_ticker_free stops
 * and frees it and C. A period <= 0 panics "non-positive interval for
 * goro_ticker_new" (or _reset), as Go's.
 *
 * Calls on one timer may come from several goroutines at once. Using a
 * timer after its free, or a goro_timer as a goro_ticker, is an error
 * (the latter panics).
 */
typedef struct goro_timer { chan *C; } goro_timer;
typedef struct goro_ticker { chan *C; } goro_ticker;
chan   *goro_after(int64_t ns);
goro_timer *goro_timer_new(int64_t ns);
goro_timer *goro_afterfunc(int64_t ns, void (*f)(void *), void *arg);
bool    goro_timer_stop(goro_timer *t);
bool    goro_timer_reset(goro_timer *t, int64_t ns);
void    goro_timer_free(goro_timer *t);
goro_ticker *goro_ticker_new(int64_t period);
void    goro_ticker_stop(goro_ticker *t);
void    goro_ticker_reset(goro_ticker *t, int64_t period);
void    goro_ticker_free(goro_ticker *t);

/* sync. The fields are the runtime's: zero means unlocked / counter 0. */
typedef struct mutex {
	uint32_t locked;
	uint32_t lock;
	void *head, *tail;
} mutex;
void    mutex_lock(mutex *m);
bool    mutex_trylock(mutex *m);               /* takes it if free (never waits): true if taken */
void    mutex_unlock(mutex *m);                /* fatal if not locked */

typedef struct waitgroup {
	int64_t count;
	uint32_t lock;
	void *waiters;
} waitgroup;
void    wg_add(waitgroup *wg, int n);          /* panics if the counter goes negative */
void    wg_done(waitgroup *wg);
void    wg_wait(waitgroup *wg);

/*
 * goro_once_do runs f(arg) if no call on o has run it yet (Go's
 * sync.Once.Do): exactly once, however many goroutines call it at once;
 * the others wait until it has returned. If f ends its goroutine
 * (goexit), o counts as done and the waiters go on, as Go's deferred
 * unlock does; a panic in f stops the machine. f calling
 * goro_once_do(o, ...) itself panics (Go's would wait for itself forever).
 */
typedef struct goro_once {
	uint32_t done;
	mutex m;
	struct goro_once *outer;       /* the runtime's: the once whose f its f runs in */
} goro_once;
void    goro_once_do(goro_once *o, void (*f)(void *), void *arg);

/*
 * goro_rwmutex: Go's sync.RWMutex, any number of readers or one writer.
 * A writer waiting keeps new readers out (rlock waits), so writers are
 * not starved; when a writer unlocks, the readers that waited meanwhile
 * go in before the next writer. trylock and tryrlock never wait: they
 * take it only if that wait would not be needed. An unlock or runlock
 * of a lock not so held is fatal, as Go's. As in Go, a reader must not
 * rlock it again while it holds it: behind a waiting writer, that waits
 * forever. The zero value is unlocked.
 */
typedef struct goro_rwmutex {
	uint32_t lock;
	int32_t readers;                /* holding it */
	uint32_t writer;                /* a writer holds it */
	void *rhead;                    /* readers waiting */
	void *whead, *wtail;            /* writers waiting, in order */
} goro_rwmutex;
void    goro_rwmutex_lock(goro_rwmutex *rw);
void    goro_rwmutex_unlock(goro_rwmutex *rw);
void    goro_rwmutex_rlock(goro_rwmutex *rw);
void    goro_rwmutex_runlock(goro_rwmutex *rw);
bool    goro_rwmutex_trylock(goro_rwmutex *rw);
bool    goro_rwmutex_tryrlock(goro_rwmutex *rw);

/*
 * goro_cond: Go's sync.Cond over the mutex L (set L before use; the rest
 * zero). goro_cond_wait unlocks L, parks until signalled, and locks L
 * again before it returns: wait in a loop that tests the condition.
 * goro_cond_signal wakes one waiter, the longest waiting, if any;
 * goro_cond_broadcast wakes every one waiting. Neither needs L held. A
 * wait without L set panics.
 */
typedef struct goro_cond {
	mutex *L;
	uint32_t lock;
	uint32_t wait, notify;          /* tickets: the next to hand out, the next to wake */
	void *head, *tail;              /* waiters, in the order they parked */
} goro_cond;
void    goro_cond_wait(goro_cond *c);
void    goro_cond_signal(goro_cond *c);
void    goro_cond_broadcast(goro_cond *c);

/*
 * Device interrupts. goro_intr_wait(irq) unmasks interrupt line irq (the
 * platform's number: the ISA IRQ on the PC, the GIC's interrupt ID on
 * ARM virt, hosted's own) and parks the calling goroutine until the line
 * has fired; the line is masked again when it returns. A driver services
 * its device until the device has nothing more to say (which lowers the
 * line) and then waits again: a line still raised fires again, so
 * nothing is lost in between. Only one goroutine may wait for a line at
 * a time (a second is a fatal error naming the line). A goroutine
 * waiting for a line is not a deadlock: tracebacks show it as
 * "[interrupt N]". Lines are delivered to CPU 0, and the waiter runs
 * once a CPU next looks for work: at once if CPU 0 was idle, else when
 * the goroutine it interrupted parks, yields or is preempted.
 */
void    goro_intr_wait(int irq);

/*
 * The console's input. goro_console_read reads up to n bytes the console
 * has received into buf, parking the calling goroutine (only it) until at
 * least one is there, and returns how many; 0 once the input has ended
 * (hosted: standard input at end of file; a serial line never ends). A
 * terminal's Enter ("\r") and "\r\n" arrive as "\n"; nothing is echoed.
 * Readers queue: one reads at a time. newlib's read(0, ...) is this, so
 * fgets(stdin) and friends park only their goroutine. goro_console_irq
 * is the console's receive line, or -1 if it has none the machine can
 * wait for (then a reader looks every 10 ms).
 */
int     goro_console_read(void *buf, size_t n);
int     goro_console_irq(void);

/*
 * Entropy from the machine's random-number device (virtio-rng: QEMU's
 * -device virtio-rng-pci or virtio-rng-device, qemu/run -rng; hosted,
 * the kernel's getrandom). goro_entropy fills buf with n bytes, parking
 * only the calling goroutine while the device answers, and returns 0;
 * -1 with errno ENOSYS if the machine has no such device. Fit for keys
 * and TCP's initial sequence numbers, unlike the seed machine_entropy
 * gives the scheduler. goro_entropy_source names the device ("virtio-rng
 * (pci 0:3.0 irq 11)"), or is NULL without one.
 */
int     goro_entropy(void *buf, size_t n);
const char *goro_entropy_source(void);

/*
 * Network cards: Ethernet frames in and out of the machine's virtio-net
 * cards (QEMU's -device virtio-net-pci or virtio-net-device; qemu/run
 * -net or -nic), for a TCP/IP stack's interface glue or an appliance
 * that speaks raw Ethernet. docs/virtio.md has the driver.
 *
 * goro_nic_get(i) is card i (0 first, in the order the machine lists
 * them), set up and running on its first use, or NULL (errno ENODEV) if
 * the machine has no such card; hosted, there is none. A card is never
 * released. Every call may be made from any goroutine.
 *
 * A frame is a whole Ethernet frame from the destination address up to
 * the end of the payload, without the frame check sequence: 14 to
 * GORO_NIC_FRAME_MAX bytes (an MTU of 1500). The card computes and
 * checks no checksum and segments nothing: the frames are what the
 * stack makes.
 *
 * goro_nic_send copies the frame out of buf into the card's transmit
 * ring and returns 0 once the card has it (buf may be reused at once);
 * while the ring is full it parks the calling goroutine, only it, until
 * the card has sent a frame. -1 with errno EMSGSIZE for a frame outside
 * 14..GORO_NIC_FRAME_MAX bytes. Frames from one goroutine leave in the
 * order sent.
 *
 * goro_nic_recv takes the oldest frame received and not yet taken,
 * copies up to n bytes of it into buf and returns its length (more than
 * n if it was cut). With none waiting it parks the calling goroutine
 * until one comes (the card's interrupt wakes it), or, if !block,
 * returns -1 with errno EAGAIN at once. Frames wait in the card's
 * receive ring (GORO_NIC_RXQUEUE of them): when nobody takes them, the
 * card drops what comes next, as a full ring on real hardware does.
 * Several goroutines may receive from one card; each frame goes to one.
 *
 * goro_nic_mac gives the card's MAC address (the device's own, QEMU's
 * 52:54:00:12:34:56 unless told otherwise). goro_nic_link is 1 while the
 * link is up, 0 while it is down (read from the device at each call; a
 * card that cannot tell is up). goro_nic_name names the card
 * ("virtio-net (pci 0:4.0 irq 11)"). goro_nic_stats counts frames and
 * bytes each way, and the sends that waited for room.
 */
#define GORO_NIC_FRAME_MAX      1514
#define GORO_NIC_RXQUEUE        128
typedef struct goro_nic goro_nic;
struct goro_nic_stats {
	uint64_t tx_frames, tx_bytes;
	uint64_t rx_frames, rx_bytes;
	uint64_t tx_waits;              /* sends that parked for a free slot */
};
goro_nic *goro_nic_get(int i);
int     goro_nic_send(goro_nic *nic, const void *buf, size_t len);
int     goro_nic_recv(goro_nic *nic, void *buf, size_t n, bool block);
void    goro_nic_mac(goro_nic *nic, uint8_t mac[6]);
int     goro_nic_link(goro_nic *nic);
const char *goro_nic_name(goro_nic *nic);
void    goro_nic_stats(goro_nic *nic, struct goro_nic_stats *st);

/*
 * Descriptors the C library does not own, for a library above goro.h
 * (the socket layer's sockets, docs/net.md). goro_fdclaim gives the
 * descriptors [lo, lo+n) to ops: from then on newlib's read, write,
 * close, fstat, isatty, lseek and fcntl on one of them call ops, which
 * set errno as those calls do (fstat fails with EBADF for a descriptor
 * of the range that is not open; isatty and lseek use it to tell EBADF
 * from ENOTTY and ESPIPE). fcntl's third argument arrives as an int.
 * lo >= 3 (0-2 stay the console's); a claim overlapping another, or
 * more than GORO_FDCLAIMS of them, panics. Returns 0. It may be called
 * from a constructor, before main. Hosted, the descriptors are Linux's:
 * it returns -1 with errno ENOSYS.
 */
#define GORO_FDCLAIMS 4
struct stat;
struct goro_fdops {
	ptrdiff_t (*read)(int fd, void *buf, size_t n);
	ptrdiff_t (*write)(int fd, const void *buf, size_t n);
	int     (*close)(int fd);
	int     (*fstat)(int fd, struct stat *st);
	int     (*fcntl)(int fd, int cmd, int arg);
};
int     goro_fdclaim(int lo, int n, const struct goro_fdops *ops);

/*
 * panic prints "panic: " and the message (the runtime's printf: %d %u
 * %x %p %s %c with l/ll/z, no floating point), a traceback of every
 * goroutine, and stops the machine with exit status 2.
 */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
