/*
 * soak - the soak appliance: every part of the runtime at once, for as
 * long as the host says, and then every figure back where it began.
 *
 *   soak [port [watchdog]]  listens on port (default 7); exits 1 if the
 *                           host says nothing for watchdog seconds (900)
 *
 * The host (apps/soak/client.py) drives it through the forwarded port.
 * Each connection starts with a line saying what it is:
 *   E         the host's echo: every byte comes back (counted)
 *   L         the guest's own loopback echo (loop.c)
 *   B         take the baseline figures, then start the workers
 *   P         end a phase: stop the workers, wait for them, wait for
 *             the figures to settle, compare them with the baseline,
 *             start the workers again (unless it was the last phase)
 *   Q C N     the host ended C echo connections carrying N bytes: they
 *             must be what the server counted; print the totals, exit
 * The control commands answer one line, "ok ..." or "FAIL ...".
 *
 * The baseline: what must come back exactly once the workers and the
 * host's connections have ended: live goroutines, stack bytes in use,
 * the C heap in use, lwIP's heap and the use of its pools (but TCP_PCB,
 * which keeps a connection closed first through TIME_WAIT, TCP's own
 * rule, and SYS_TIMEOUT, lwIP's TCP timer that runs while such a PCB
 * exists). Page frames are not: freed stacks, heap and runtime records
 * stay cached for reuse. So the frames after the second phase are
 * compared with the first's, by what holds them (frames_back):
 *   - the rest, frames outside the stacks, the C heap, the runtime's
 *     records and the page tables: at most RESTSLACK more;
 *   - the runtime's records: at most RECORDSLACK pages more, mapped;
 *     they grow with the most ever used at once, never with time;
 *   - the page tables, never freed: at most 8 more, and with
 *     stackfaultonfree=1 a page per 2 MiB of quarantine more, since the
 *     quarantine of freed stacks keeps its address space's tables.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include "goro.h"
#include "goro_net.h"
#include "soak.h"

enum { PHASES = 2, RESTSLACK = 4, RECORDSLACK = 64 };

struct soak_counts counts;
int soak_port;
static int failures;
static int stop;
static int64_t lastword;                /* nanotime of the host's last command */

void soak_fail(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
	printf("soak: FAIL %s\n", msg);
}

static mutex count_mu;

void count_add(uint64_t *c, uint64_t n)
{
	mutex_lock(&count_mu);
	*c += n;
	mutex_unlock(&count_mu);
}

int soak_failures(void)
{
	return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}

bool soak_stopping(void)
{
	return __atomic_load_n(&stop, __ATOMIC_RELAXED);
}

/* --- the figures ----------------------------------------------------------- */

struct figures {
	int gs, gs_free;
	size_t stack, stack_mapped, heap, arena, frames, pagesize;
	size_t runtime, runtime_inuse, tables;
	uint64_t lwip_heap;
	int npools;
	const char *name[GORO_NET_MAXPOOLS];
	uint32_t used[GORO_NET_MAXPOOLS];
};

static struct goro_net_stats netst;     /* under ctl_mu */

static void measure(struct figures *f)
{
	struct goro_memstats ms;
	struct goro_stackstats ss;
	goro_memstats(&ms);
	goro_stackstats(&ss);
	struct mallinfo mi = mallinfo();
	goro_net_stats(&netst);
	f->gs = ms.goroutines;
	f->gs_free = ms.gs_free;
	f->stack = ss.inuse;
	f->stack_mapped = ss.mapped;
	f->heap = (size_t)mi.uordblks;
	f->arena = (size_t)mi.arena;
	f->pagesize = ms.pagesize;
	f->frames = ms.frames - ms.frames_free;
	f->runtime = ms.runtime_bytes;
	f->runtime_inuse = ms.runtime_inuse;
	f->tables = ms.table_frames;
	f->lwip_heap = netst.heap_used;
	f->npools = netst.npools;
	for (int i = 0; i < netst.npools; i++) {
		f->name[i] = netst.pools[i].name;
		f->used[i] = netst.pools[i].used;
	}
}

static size_t pages(const struct figures *f, size_t bytes)
{
	return (bytes + f->pagesize - 1) / f->pagesize;
}

/* rest: page frames in use outside the stacks, the C heap, the runtime's records and the tables. */
static size_t rest(const struct figures *f)
{
	size_t known = pages(f, f->stack_mapped) + pages(f, f->arena) + pages(f, f->runtime) + f->tables;
	return f->frames > known ? f->frames - known : 0;
}

/* tableslack: how many more table pages phase 2 may end with than phase 1 */
static size_t tableslack(void)
{
	const char *f = goro_option("stackfaultonfree"), *q = goro_option("stackquarantine");
	if (!f || strcmp(f, "1") != 0)
		return 8;
	size_t quarantine = q ? (size_t)strtoul(q, NULL, 10) : 0;
	if (quarantine == 0)
		quarantine = (size_t)256 << 20;         /* the runtime's default (runtime/stackalloc.c) */
	return quarantine / (2u << 20) + 8;
}

/* D, in frames_back and differ: when cond holds, appends a printf'd note to buf (n bytes, len used). */
#define D(cond, ...) do { if ((cond) && len < n) len += (size_t)snprintf(buf + len, n - len, __VA_ARGS__); } while (0)

/* frames_back: f holds no more frames than first by the rules above; if not, why, in buf. */
static int frames_back(const struct figures *first, const struct figures *f, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	D(rest(f) > rest(first) + RESTSLACK, " rest %zu->%zu (slack %d)", rest(first), rest(f), RESTSLACK);
	D(pages(f, f->runtime) > pages(first, first->runtime) + RECORDSLACK, " runtime records %zu->%zu pages (slack %d)",
	  pages(first, first->runtime), pages(f, f->runtime), RECORDSLACK);
	D(f->tables > first->tables + tableslack(), " page tables %zu->%zu (slack %zu)",
	  first->tables, f->tables, tableslack());
	return len == 0;
}

static int exempt(const char *pool)
{
	return strcmp(pool, "TCP_PCB") == 0 || strcmp(pool, "SYS_TIMEOUT") == 0;
}

/* differ writes what differs from the baseline b into buf; 0 if nothing. */
static int differ(const struct figures *b, const struct figures *f, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = 0;
	D(f->gs != b->gs, " goroutines %d->%d", b->gs, f->gs);
	D(f->stack != b->stack, " stack inuse %zu->%zu", b->stack, f->stack);
	D(f->heap != b->heap, " heap inuse %zu->%zu", b->heap, f->heap);
	D(f->lwip_heap != b->lwip_heap, " lwip heap %llu->%llu", (unsigned long long)b->lwip_heap,
	  (unsigned long long)f->lwip_heap);
	for (int i = 0; i < f->npools && i < b->npools; i++)
		D(!exempt(f->name[i]) && f->used[i] != b->used[i], " %s %u->%u", f->name[i], b->used[i], f->used[i]);
	return len > 0;
}

static uint32_t poolsum(const struct figures *f)
{
	uint32_t s = 0;
	for (int i = 0; i < f->npools; i++)
		if (!exempt(f->name[i]))
			s += f->used[i];
	return s;
}

static void show(const char *what, const struct figures *f)
{
	printf("soak: %s: goroutines %d (free Gs %d), stacks inuse %zu B mapped %zu B, "
	       "heap inuse %zu B arena %zu B, runtime records inuse %zu B mapped %zu B, "
	       "lwip heap %llu B, pools inuse %u, frames inuse %zu (tables %zu, rest %zu)\n",
	       what, f->gs, f->gs_free, f->stack, f->stack_mapped, f->heap, f->arena,
	       f->runtime_inuse, f->runtime, (unsigned long long)f->lwip_heap, poolsum(f),
	       f->frames, f->tables, rest(f));
}

/* --- the workers ------------------------------------------------------------ */

static waitgroup workers;

static void start_workers(void)
{
	static void (*const fns[])(void *) = {
		work_churn, work_chan, work_stack, work_stack, work_timers, work_timers,
		work_spin, work_spin, work_malloc, work_malloc, work_loopback, work_loopback,
	};
	__atomic_store_n(&stop, 0, __ATOMIC_RELAXED);
	wg_add(&workers, (int)(sizeof fns / sizeof fns[0]));
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
		go(fns[i], &workers);
}

static void stop_workers(void)
{
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	wg_wait(&workers);
}

static uint64_t preempts(void)
{
	uint64_t n = 0;
	for (int i = 0; i < goro_ncpu(); i++)
		n += goro_cpupreempts(i, 0) + goro_cpupreempts(i, 1);
	return n;
}

static void show_counts(void)
{
	printf("soak: done: %llu goroutines churned, %llu channel values in %llu selects, "
	       "%llu frames recursed, %llu timer events, %llu spins, %llu preemptions, %llu mallocs, "
	       "loopback %llu messages %llu B, host %llu connections %llu B\n",
	       (unsigned long long)counts.spawned, (unsigned long long)counts.chanmsgs,
	       (unsigned long long)counts.selects, (unsigned long long)counts.recursions,
	       (unsigned long long)counts.timers, (unsigned long long)counts.spins,
	       (unsigned long long)preempts(), (unsigned long long)counts.mallocs,
	       (unsigned long long)counts.lo_msgs, (unsigned long long)counts.lo_bytes,
	       (unsigned long long)counts.host_conns, (unsigned long long)counts.host_bytes);
}

/* --- control ---------------------------------------------------------------- */

static mutex ctl_mu;
static struct figures base, first, now;
static int phase, based;

/* phase_end: stop, settle (at most 60 s, polled), compare; the answer in reply. */
static void phase_end(char *reply, size_t n)
{
	char diff[512];
	printf("soak: phase %d: stopping the workers\n", phase + 1);
	stop_workers();
	phase++;
	char why[256] = "";
	int d = 1, back = 0;
	for (int i = 0; i < 600 && (d || !back); i++) {
		gosleep(100 * 1000 * 1000);     /* parked: this goroutine's stack may shrink, as at the baseline */
		measure(&now);
		d = differ(&base, &now, diff, sizeof diff);
		/* the runtime's cache of free records goes back as the CPUs idle */
		back = phase == 1 || frames_back(&first, &now, why, sizeof why);
	}
	char what[32];
	snprintf(what, sizeof what, "phase %d", phase);
	show(what, &now);
	show_counts();
	if (d) {
		soak_fail("phase %d: not back to the baseline:%s", phase, diff);
		snprintf(reply, n, "FAIL phase %d: not back to the baseline:%s\n", phase, diff);
	} else if (phase == 1) {
		first = now;
		snprintf(reply, n, "ok phase 1: back to the baseline\n");
	} else if (!back) {
		soak_fail("phase %d: more page frames held than after phase 1:%s", phase, why);
		snprintf(reply, n, "FAIL phase %d: more page frames held than after phase 1:%s\n", phase, why);
	} else
		snprintf(reply, n, "ok phase %d: back to the baseline; frames as after phase 1: "
			 "rest %zu (%zu), runtime records %zu pages (%zu), page tables %zu (%zu)\n", phase,
			 rest(&now), rest(&first), pages(&now, now.runtime), pages(&first, first.runtime),
			 now.tables, first.tables);
	if (phase < PHASES)
		start_workers();
}

static void control(int fd, const char *line)
{
	char reply[640];
	mutex_lock(&ctl_mu);
	if (line[0] == 'B' && !based) {
		based = 1;
		/* settled: the same figures twice, 100 ms apart, parked between (at most 60 s) */
		struct figures *prev = &first;
		measure(prev);
		for (int i = 0; i < 600; i++) {
			char diff[512];
			gosleep(100 * 1000 * 1000);
			measure(&base);
			if (!differ(prev, &base, diff, sizeof diff) && base.stack_mapped == prev->stack_mapped)
				break;
			*prev = base;
		}
		show("baseline", &base);
		start_workers();
		snprintf(reply, sizeof reply, "ok baseline\n");
	} else if (line[0] == 'P' && based && phase < PHASES) {
		phase_end(reply, sizeof reply);
	} else if (line[0] == 'Q' && phase == PHASES) {
		unsigned long long c = 0, b = 0;
		sscanf(line + 1, "%llu %llu", &c, &b);
		if (c != counts.host_conns || b != counts.host_bytes)
			soak_fail("the host ended %llu connections of %llu bytes; the server saw %llu of %llu",
				  c, b, (unsigned long long)counts.host_conns,
				  (unsigned long long)counts.host_bytes);
		int f = soak_failures();
		printf("soak: %s: %d failures\n", f ? "FAIL" : "ok", f);
		snprintf(reply, sizeof reply, "%s %d failures\n", f ? "FAIL" : "ok", f);
		write(fd, reply, strlen(reply));
		/* the answer must reach the host before the machine powers off: wait for its close (10 s at most) */
		struct timeval tv = { 10, 0 };
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		char ch;
		while (read(fd, &ch, 1) > 0)
			;
		close(fd);
		exit(f ? 1 : 0);
	} else
		snprintf(reply, sizeof reply, "FAIL command '%s' out of turn\n", line);
	mutex_unlock(&ctl_mu);
	write(fd, reply, strlen(reply));
}

/* conn is a connection's goroutine: its first line says what it is. */
static void conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char line[64];
	size_t n = 0;
	while (n < sizeof line - 1 && read(fd, &line[n], 1) == 1 && line[n] != '\n')
		n++;
	line[n] = 0;
	if (line[0] == 'E') {
		uint64_t b = echo_serve(fd);
		/* counted once the bytes are back: the host sends Q only after its closes */
		COUNT(host_bytes, b);
		COUNT(host_conns, 1);
	} else if (line[0] == 'L')
		echo_serve(fd);
	else if (line[0]) {
		__atomic_store_n(&lastword, nanotime(), __ATOMIC_RELAXED);
		control(fd, line);
	}
	close(fd);
}

/* watchdog: a host gone quiet ends the run as a failure, not a hang. */
static void watchdog(void *arg)
{
	int64_t limit = (int64_t)(intptr_t)arg * 1000000000LL;
	for (;;) {
		gosleep(1000000000LL);
		if (nanotime() - __atomic_load_n(&lastword, __ATOMIC_RELAXED) > limit) {
			printf("soak: FAIL no word from the host in %lld s\n", (long long)(limit / 1000000000LL));
			exit(1);
		}
	}
}

int main(int argc, char **argv)
{
	soak_port = argc > 1 ? atoi(argv[1]) : 7;
	int wd = argc > 2 ? atoi(argv[2]) : 900;
	if (soak_port <= 0 || soak_port > 65535 || wd <= 0) {
		fprintf(stderr, "usage: soak [port [watchdog seconds]]\n");
		return 2;
	}
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)soak_port);
	sa.sin_addr.s_addr = htonl(INADDR_ANY);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 64) < 0) {
		perror("soak: socket/bind/listen");
		return 1;
	}
	lastword = nanotime();
	go(watchdog, (void *)(intptr_t)wd);
	printf("soak: listening on port %d, %d CPUs\n", soak_port, goro_ncpu());
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		if (fd < 0) {
			soak_fail("accept: %d", fd);
			gosleep(10 * 1000 * 1000);
			continue;
		}
		go(conn, (void *)(intptr_t)fd);
	}
}
