#!/usr/bin/env python3
"""tools/difftest/gen.py - random concurrent programs, each written twice:
as C against goro.h and as Go, for the differential test (docs/difftest.md).

    gen.py FIRST COUNT OUTDIR      programs for seeds FIRST .. FIRST+COUNT-1

writes OUTDIR/dtFIRST_COUNT/*.c (one appliance, so named that batches
do not share a build: argv[1] picks the program) and
OUTDIR/go/main.go (one Go program: os.Args[1] picks it).

Design: a program is a few phases run one after another by main, then a
terminal event. Each phase is a concurrent pattern whose result does not
depend on scheduling by construction (producers and consumers with known
totals, select loops that drain until every channel is closed, counters
under a mutex, pipelines, goroutines that goexit after a known share of
their work); every goroutine a phase starts has ended, or is parked for
good, before the next one begins, and main alone prints, one line
"r PHASE VALUE" per phase. The terminal event is the program's only way
to end: a return with an exit status, a panic (in main, or in a goroutine
while main waits forever), a certain deadlock, or main's goexit. The
random choices come from random.Random(seed) alone, so a seed is the
same program on every run and every machine.

Both languages come from one emitter (class P): each statement is given
as its C and its Go text side by side, so the two can only differ where
a line says so.
"""
import random
import sys


class P:
    """One program's text in both languages."""

    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)
        self.cg, self.gg = [], []       # globals and functions
        self.cb, self.gb = [], []       # main's body
        self.n = 0
        self.caps = {}                  # channel -> capacity

    def name(self, what):
        self.n += 1
        return 's%d_%s%d' % (self.seed, what, self.n)

    def glob(self, c, g):
        self.cg.append(c)
        self.gg.append(g)

    def body(self, c, g):
        self.cb.append(c)
        self.gb.append(g)

    # -- declarations --
    def chan(self, cap=None):
        n = self.name('c')
        self.glob('static chan *%s;' % n, 'var %s chan int64' % n)
        return n

    def make(self, n, cap, lines):
        self.caps[n] = cap
        lines[0].append('%s = chan_make(sizeof(int64_t), %d);' % (n, cap))
        lines[1].append('%s = make(chan int64, %d)' % (n, cap))

    def var(self, what='v'):
        n = self.name(what)
        self.glob('static int64_t %s;' % n, 'var %s int64' % n)
        return n

    def mutex(self):
        n = self.name('mu')
        self.glob('static mutex %s;' % n, 'var %s sync.Mutex' % n)
        return n

    def wg(self):
        n = self.name('wg')
        self.glob('static waitgroup %s;' % n, 'var %s sync.WaitGroup' % n)
        return n

    def func(self, name, c, g):
        """A goroutine body taking an int64 id: c and g are lists of lines."""
        self.glob('static void %s(void *arg_)\n{\n\tint64_t id = (int64_t)(intptr_t)arg_;\n\t(void)id;\n%s\n}'
                  % (name, ind(c)), 'func %s(id int64) {\n\t_ = id\n%s\n}' % (name, ind(g)))


def ind(lines, n=1):
    out = []
    for l in lines:
        for s in l.split('\n'):
            out.append('\t' * n + s if s else s)
    return '\n'.join(out)


def go(fn, arg):
    return ['go(%s, (void *)(intptr_t)%s);' % (fn, arg), 'go %s(int64(%s))' % (fn, arg)]


def C_(*a):
    return list(a)


# --- small statements as (C, Go) ---
def sleep_us(us):
    return ('gosleep(%d);' % (us * 1000), 'time.Sleep(%d * time.Microsecond)' % us)


def jitter(p):
    """Something that moves the schedule and nothing else, or nothing."""
    k = p.r.randrange(6)
    if k == 0:
        return [('gosched();', 'runtime.Gosched()')]
    if k == 1:
        return [sleep_us(p.r.choice([1, 20, 100, 300]))]
    return []


def send(p, ch, val):
    """A send in one of several shapes that all deliver val to ch once.
    Only a buffered channel is polled (both sides polling an unbuffered
    one would never meet)."""
    k = p.r.randrange(4)
    if k == 2 and p.caps[ch] == 0:
        k = 3
    if k == 0:
        return [('{ int64_t sv_ = %s; chan_send(%s, &sv_); }' % (val, ch), '%s <- %s' % (ch, val))]
    if k == 1:      # a select with a nil case beside it
        return [('{ int64_t sv_ = %s; struct chan_case cs_[2] = { { NULL, CHAN_RECV, NULL, false }, { %s, CHAN_SEND, &sv_, false } };\n'
                 '  if (chan_select(cs_, 2, true) != 1) panic("difftest: wrong case"); }' % (val, ch),
                 'select {\ncase <-(chan int64)(nil):\n\tpanic("difftest: wrong case")\ncase %s <- %s:\n}' % (ch, val))]
    if k == 2:      # a non-blocking send, retried until it goes
        return [('{ int64_t sv_ = %s; struct chan_case cs_[1] = { { %s, CHAN_SEND, &sv_, false } };\n'
                 '  while (chan_select(cs_, 1, false) < 0) gosched(); }' % (val, ch),
                 'for sent := false; !sent; {\n\tselect {\n\tcase %s <- %s:\n\t\tsent = true\n\tdefault:\n\t\truntime.Gosched()\n\t}\n}'
                 % (ch, val))]
    return [('{ int64_t sv_ = %s; struct chan_case cs_[1] = { { %s, CHAN_SEND, &sv_, false } };\n'
             '  chan_select(cs_, 1, true); }' % (val, ch), 'select {\ncase %s <- %s:\n}' % (ch, val))]


def lines(pairs):
    return [a for a, _ in pairs], [b for _, b in pairs]


def drain(p, ch, sum_, cnt):
    """Receive from ch until it is closed, adding each value to sum_ and
    counting; polled only when buffered, as in send."""
    k = p.r.randrange(3)
    if k == 1 and p.caps[ch] == 0:
        k = 0
    if k == 0:
        return [('{ int64_t x_; while (chan_recv(%s, &x_)) { %s += x_ * x_ %% 1009 + x_; %s++; } }' % (ch, sum_, cnt),
                 'for x_ := range %s {\n\t%s += x_*x_%%1009 + x_\n\t%s++\n}' % (ch, sum_, cnt))]
    if k == 1:      # select with default, polling
        return [('for (;;) { int64_t x_ = 0; struct chan_case cs_[1] = { { %s, CHAN_RECV, &x_, false } };\n'
                 '  int i_ = chan_select(cs_, 1, false);\n'
                 '  if (i_ < 0) { gosched(); continue; }\n'
                 '  if (!cs_[0].ok) break;\n  %s += x_ * x_ %% 1009 + x_; %s++; }' % (ch, sum_, cnt),
                 'for done_ := false; !done_; {\n\tselect {\n\tcase x_, ok_ := <-%s:\n\t\tif !ok_ {\n\t\t\tdone_ = true\n\t\t\tbreak\n\t\t}\n'
                 '\t\t%s += x_*x_%%1009 + x_\n\t\t%s++\n\tdefault:\n\t\truntime.Gosched()\n\t}\n}' % (ch, sum_, cnt))]
    return [('for (;;) { int64_t x_ = 0; struct chan_case cs_[2] = { { %s, CHAN_RECV, &x_, false }, { NULL, CHAN_SEND, &x_, false } };\n'
             '  if (chan_select(cs_, 2, true) != 0) panic("difftest: nil case ran");\n'
             '  if (!cs_[0].ok) break;\n  %s += x_ * x_ %% 1009 + x_; %s++; }' % (ch, sum_, cnt),
             'for done_ := false; !done_; {\n\tvar x_ int64\n\tselect {\n\tcase v_, ok_ := <-%s:\n\t\tif !ok_ {\n\t\t\tdone_ = true\n\t\t\tbreak\n\t\t}\n'
             '\t\t%s += v_*v_%%1009 + v_\n\t\t%s++\n\tcase (chan int64)(nil) <- x_:\n\t\tpanic("difftest: nil case ran")\n\t}\n}'
             % (ch, sum_, cnt))]


def result(p, k, expr):
    p.body('printf("r %d %%lld\\n", (long long)(%s)); fflush(stdout);' % (k, expr),
           'fmt.Printf("r %d %%d\\n", %s)' % (k, expr))


# --- phases: each leaves no goroutine running and prints one result ---
def ph_prodcons(p, k):
    """P producers, C consumers on one channel; the last producer's wg closes it."""
    r = p.r
    np_, nc, cnt = r.randint(1, 4), r.randint(1, 3), r.randint(0, 20)
    cap = r.choice([0, 0, 1, 2, 5])
    ch, mu, wgp, wgc, tot, num = p.chan(), p.mutex(), p.wg(), p.wg(), p.var('tot'), p.var('num')
    base = r.randint(1, 1000)
    m = ([], [])
    p.make(ch, cap, m)
    for a, b_ in zip(*m):
        p.body(a, b_)
    stop = {j: r.randint(0, cnt) if r.random() < 0.3 else None for j in range(np_)}   # goexit after
    prod = p.name('prod')
    b = []
    b.append(('for (int64_t i = 0; i < %d; i++) {' % cnt, 'for i := int64(0); i < %d; i++ {' % cnt))
    stops = [j for j in stop if stop[j] is not None]
    if stops:
        cond = ' || '.join('(id == %d && i == %d)' % (j, stop[j]) for j in stops)
        b.append(('if (%s) { wg_done(&%s); goexit(); }' % (cond, wgp),
                  'if %s {\n\t%s.Done()\n\truntime.Goexit()\n}' % (cond.replace('(', '').replace(')', ''), wgp)))
    b += jitter(p)
    b += send(p, ch, '%d + id * 100 + i' % base)
    b.append(('}', '}'))
    b.append(('wg_done(&%s);' % wgp, '%s.Done()' % wgp))
    c, g = lines(b)
    p.func(prod, c, g)
    cons = p.name('cons')
    s, n = p.name('s'), p.name('n')
    b = [('int64_t %s = 0, %s = 0;' % (s, n), 'var %s, %s int64' % (s, n))]
    b += drain(p, ch, s, n)
    b += [('mutex_lock(&%s); %s += %s; %s += %s; mutex_unlock(&%s);' % (mu, tot, s, num, n, mu),
           '%s.Lock()\n%s += %s\n%s += %s\n%s.Unlock()' % (mu, tot, s, num, n, mu)),
          ('wg_done(&%s);' % wgc, '%s.Done()' % wgc)]
    c, g = lines(b)
    p.func(cons, c, g)
    closer = p.name('closer')
    p.func(closer, ['wg_wait(&%s);' % wgp, 'chan_close(%s);' % ch], ['%s.Wait()' % wgp, 'close(%s)' % ch])
    p.body('wg_add(&%s, %d); wg_add(&%s, %d);' % (wgp, np_, wgc, nc), '%s.Add(%d)\n%s.Add(%d)' % (wgp, np_, wgc, nc))
    order = ['p%d' % j for j in range(np_)] + ['c%d' % j for j in range(nc)] + ['x']
    r.shuffle(order)
    for o in order:
        if o == 'x':
            p.body(*go(closer, 0))
        elif o[0] == 'p':
            p.body(*go(prod, o[1:]))
        else:
            p.body(*go(cons, o[1:]))
    p.body('wg_wait(&%s);' % wgc, '%s.Wait()' % wgc)
    result(p, k, '%s * 1000 + %s' % (tot, num))


def ph_fanin(p, k):
    """N channels, each filled and closed by its own goroutine; a select loop drains them all."""
    r = p.r
    nch = r.randint(1, 4)
    chs = [p.chan() for _ in range(nch)]
    sum_, cnt = p.var('sum'), p.var('cnt')
    for j, ch in enumerate(chs):
        m = ([], [])
        p.make(ch, r.choice([0, 0, 1, 3]), m)
        for a, b_ in zip(*m):
            p.body(a, b_)
        f = p.name('src')
        b = []
        n = r.randint(0, 15)
        b.append(('for (int64_t i = 0; i < %d; i++) {' % n, 'for i := int64(0); i < %d; i++ {' % n))
        b += jitter(p)
        b += send(p, ch, 'i * %d + id' % r.randint(1, 50))
        b.append(('}', '}'))
        b.append(('chan_close(%s);' % ch, 'close(%s)' % ch))
        c, g = lines(b)
        p.func(f, c, g)
        p.body(*go(f, j + 1))
    nilcase = r.random() < 0.5
    dflt = r.random() < 0.3 and all(p.caps[ch] > 0 for ch in chs)
    n = nch + (1 if nilcase else 0)
    cs = ', '.join('{ %s, CHAN_RECV, &x_, false }' % ch for ch in chs) + (', { NULL, CHAN_RECV, &x_, false }' if nilcase else '')
    loc = p.name('l')
    p.body('{\n\tint64_t x_ = 0; int left_ = %d;\n\tstruct chan_case cs_[%d] = { %s };\n'
           '\twhile (left_ > 0) {\n\t\tint i_ = chan_select(cs_, %d, %s);\n'
           '\t\tif (i_ < 0) { gosched(); continue; }\n'
           '\t\tif (i_ >= %d) panic("difftest: nil case ran");\n'
           '\t\tif (!cs_[i_].ok) { cs_[i_].c = NULL; left_--; continue; }\n'
           '\t\t%s += x_ * (i_ + 1); %s++;\n\t}\n}' % (nch, n, cs, n, 'false' if dflt else 'true', nch, sum_, cnt),
           '{\n\t%s\n\tleft_ := %d\n\tfor left_ > 0 {\n\t\tselect {\n%s%s%s\t\t}\n\t}\n}' % (
               ('%s := []chan int64{%s}' % (loc, ', '.join(chs))), nch,
               ''.join('\t\tcase x_, ok_ := <-%s[%d]:\n\t\t\tif !ok_ {\n\t\t\t\t%s[%d] = nil\n\t\t\t\tleft_--\n\t\t\t\tbreak\n\t\t\t}\n'
                       '\t\t\t%s += x_ * %d\n\t\t\t%s++\n' % (loc, j, loc, j, sum_, j + 1, cnt) for j in range(nch)),
               '\t\tcase <-(chan int64)(nil):\n\t\t\tpanic("difftest: nil case ran")\n' if nilcase else '',
               '\t\tdefault:\n\t\t\truntime.Gosched()\n' if dflt else ''))
    result(p, k, '%s * 1000 + %s' % (sum_, cnt))


def ph_fanout(p, k):
    """main sends through a select over N consumers' channels, then closes them."""
    r = p.r
    nch = r.randint(1, 3)
    chs = [p.chan() for _ in range(nch)]
    mu, wg, tot = p.mutex(), p.wg(), p.var('tot')
    p.body('wg_add(&%s, %d);' % (wg, nch), '%s.Add(%d)' % (wg, nch))
    for j, ch in enumerate(chs):
        m = ([], [])
        p.make(ch, r.choice([0, 1, 2]), m)
        for a, b_ in zip(*m):
            p.body(a, b_)
        f = p.name('sink')
        s, n = p.name('s'), p.name('n')
        b = [('int64_t %s = 0, %s = 0;' % (s, n), 'var %s, %s int64' % (s, n))]
        b += jitter(p)
        b += drain(p, ch, s, n)
        b += [('mutex_lock(&%s); %s += %s + %s; mutex_unlock(&%s);' % (mu, tot, s, n, mu),
               '%s.Lock()\n%s += %s + %s\n%s.Unlock()' % (mu, tot, s, n, mu)),
              ('wg_done(&%s);' % wg, '%s.Done()' % wg)]
        c, g = lines(b)
        p.func(f, c, g)
        p.body(*go(f, j))
    cnt = r.randint(0, 30)
    cs = ', '.join('{ %s, CHAN_SEND, &x_, false }' % ch for ch in chs)
    p.body('for (int64_t i = 0; i < %d; i++) {\n\tint64_t x_ = i * 7 + 3;\n\tstruct chan_case cs_[%d] = { %s };\n'
           '\tchan_select(cs_, %d, true);\n}' % (cnt, nch, cs, nch),
           'for i := int64(0); i < %d; i++ {\n\tselect {\n%s\t}\n}' % (
               cnt, ''.join('\tcase %s <- i*7 + 3:\n' % ch for ch in chs)))
    for ch in chs:
        p.body('chan_close(%s);' % ch, 'close(%s)' % ch)
    p.body('wg_wait(&%s);' % wg, '%s.Wait()' % wg)
    result(p, k, tot)


def ph_counter(p, k):
    """N goroutines add to one counter under a mutex (lock or trylock)."""
    r = p.r
    n, m = r.randint(1, 6), r.randint(1, 40)
    mu, wg, ctr = p.mutex(), p.wg(), p.var('ctr')
    f = p.name('inc')
    b = [('for (int64_t i = 0; i < %d; i++) {' % m, 'for i := int64(0); i < %d; i++ {' % m)]
    if r.random() < 0.4:
        b.append(('while (!mutex_trylock(&%s)) gosched();' % mu, 'for !%s.TryLock() {\n\truntime.Gosched()\n}' % mu))
    else:
        b.append(('mutex_lock(&%s);' % mu, '%s.Lock()' % mu))
    b.append(('int64_t t_ = %s;' % ctr, 't_ := %s' % ctr))
    b += jitter(p)
    b.append(('%s = t_ + i + id;' % ctr, '%s = t_ + i + id' % ctr))
    b.append(('mutex_unlock(&%s);' % mu, '%s.Unlock()' % mu))
    b.append(('}', '}'))
    b.append(('wg_done(&%s);' % wg, '%s.Done()' % wg))
    c, g = lines(b)
    p.func(f, c, g)
    p.body('wg_add(&%s, %d);' % (wg, n), '%s.Add(%d)' % (wg, n))
    for j in range(n):
        p.body(*go(f, j))
    p.body('wg_wait(&%s);' % wg, '%s.Wait()' % wg)
    result(p, k, ctr)


def ph_pipeline(p, k):
    """A chain of stages, each transforming and forwarding, closing downstream at the end."""
    r = p.r
    ns = r.randint(1, 4)
    chs = [p.chan() for _ in range(ns + 1)]
    for ch in chs:
        m = ([], [])
        p.make(ch, r.choice([0, 0, 1, 4]), m)
        for a, b_ in zip(*m):
            p.body(a, b_)
    for j in range(ns):
        f = p.name('stage')
        a, bb = r.randint(2, 9), r.randint(0, 99)
        b = [('int64_t x_;', 'var x_ int64'),
             ('while (chan_recv(%s, &x_)) {' % chs[j], 'for x_ = range %s {' % chs[j])]
        b += jitter(p)
        b += send(p, chs[j + 1], '(x_ * %d + %d) %% 1000003' % (a, bb))
        b += [('}', '}'), ('chan_close(%s);' % chs[j + 1], 'close(%s)' % chs[j + 1])]
        c, g = lines(b)
        p.func(f, c, g)
        p.body(*go(f, j))
    src = p.name('feed')
    cnt = r.randint(0, 25)
    b = [('for (int64_t i = 0; i < %d; i++) {' % cnt, 'for i := int64(0); i < %d; i++ {' % cnt)]
    b += send(p, chs[0], 'i + id')
    b += [('}', '}'), ('chan_close(%s);' % chs[0], 'close(%s)' % chs[0])]
    c, g = lines(b)
    p.func(src, c, g)
    p.body(*go(src, r.randint(0, 9)))
    s, n = p.var('s'), p.var('n')
    for a, b_ in drain(p, chs[-1], s, n):
        p.body(a, b_)
    result(p, k, '%s * 1000 + %s' % (s, n))


def ph_local(p, k):
    """One goroutine's view of channel states: len, cap, non-blocking ops, closed receives."""
    r = p.r
    cap = r.randint(1, 5)
    ch, h = p.chan(), p.var('h')
    m = ([], [])
    p.make(ch, cap, m)
    for a, b_ in zip(*m):
        p.body(a, b_)
    nsend = r.randint(0, cap)
    p.body('for (int64_t i = 0; i < %d; i++) { int64_t x_ = i + 5; chan_send(%s, &x_); }' % (nsend, ch),
           'for i := int64(0); i < %d; i++ {\n\t%s <- i + 5\n}' % (nsend, ch))
    p.body('%s = %s * 31 + (int64_t)chan_len(%s) * 7 + (int64_t)chan_cap(%s);' % (h, h, ch, ch),
           '%s = %s*31 + int64(len(%s))*7 + int64(cap(%s))' % (h, h, ch, ch))
    ops = []
    for _ in range(r.randint(1, 8)):
        ops.append(r.choice(['trysend', 'tryrecv', 'nilsel', 'recv']))
    closed = False
    for o in ops + (['close'] if r.random() < 0.6 else []) + (['tryrecv', 'recv'] if r.random() < 0.5 else []):
        if o == 'close':
            if closed:
                continue
            closed = True
            p.body('chan_close(%s);' % ch, 'close(%s)' % ch)
        elif o == 'trysend':
            if closed:
                continue
            p.body('{ int64_t x_ = 9; struct chan_case cs_[1] = { { %s, CHAN_SEND, &x_, false } }; %s = %s * 31 + chan_select(cs_, 1, false) + 2; }' % (ch, h, h),
                   'select {\ncase %s <- 9:\n\t%s = %s*31 + 2\ndefault:\n\t%s = %s*31 + 1\n}' % (ch, h, h, h, h))
        elif o == 'tryrecv':
            p.body('{ int64_t x_ = 0; struct chan_case cs_[1] = { { %s, CHAN_RECV, &x_, false } }; int i_ = chan_select(cs_, 1, false);\n'
                   '  %s = %s * 31 + i_ + 2 + x_ * 3 + cs_[0].ok; }' % (ch, h, h),
                   'select {\ncase x_, ok_ := <-%s:\n\t%s = %s*31 + 2 + x_*3 + b2i(ok_)\ndefault:\n\t%s = %s*31 + 1\n}' % (ch, h, h, h, h))
        elif o == 'nilsel':
            p.body('{ struct chan_case cs_[2] = { { NULL, CHAN_RECV, NULL, false }, { NULL, CHAN_SEND, NULL, false } }; %s = %s * 31 + chan_select(cs_, 2, false) + 2; }' % (h, h),
                   'select {\ncase <-(chan int64)(nil):\n\t%s = %s*31 + 2\ncase (chan int64)(nil) <- 1:\n\t%s = %s*31 + 3\ndefault:\n\t%s = %s*31 + 1\n}' % ((h,) * 6))
        elif o == 'recv':
            # a plain receive only where it cannot block: something buffered, or closed
            p.body('if (chan_len(%s) > 0%s) { int64_t x_ = 0; bool ok_ = chan_recv(%s, &x_); %s = %s * 31 + x_ * 5 + ok_; }'
                   % (ch, ' || 1' if closed else '', ch, h, h),
                   'if len(%s) > 0%s {\n\tx_, ok_ := <-%s\n\t%s = %s*31 + x_*5 + b2i(ok_)\n}'
                   % (ch, ' || true' if closed else '', ch, h, h))
        p.body('%s = (%s %% 1000000007 + 1000000007) %% 1000000007;' % (h, h), '%s = (%s%%1000000007 + 1000000007) %% 1000000007' % (h, h))
    p.body('%s = %s * 31 + (int64_t)chan_len(%s);' % (h, h, ch), '%s = %s*31 + int64(len(%s))' % (h, h, ch))
    result(p, k, h)


def ph_stack(p, k):
    """Goroutines recurse deep with arrays in their frames: stacks grow, move and shrink."""
    r = p.r
    n = r.randint(1, 4)
    ch = p.chan()
    m = ([], [])
    p.make(ch, r.choice([0, n]), m)
    for a, b_ in zip(*m):
        p.body(a, b_)
    rec = p.name('rec')
    p.glob('static int64_t __attribute__((noinline)) %s(int64_t d, int64_t x)\n{\n\tvolatile int64_t a[16];\n'
           '\tfor (int i = 0; i < 16; i++) a[i] = x + i + d;\n\tif (d == 0) return x %% 1000;\n'
           '\tint64_t s = %s(d - 1, (x * 13 + a[d %% 16]) %% 100003);\n\tif (d %% 37 == 0) gosched();\n\treturn (s + a[(d * 7) %% 16]) %% 1000003;\n}' % (rec, rec),
           '//go:noinline\nfunc %s(d, x int64) int64 {\n\tvar a [16]int64\n\tfor i := int64(0); i < 16; i++ {\n\t\ta[i] = x + i + d\n\t}\n'
           '\tif d == 0 {\n\t\treturn x %% 1000\n\t}\n\ts := %s(d-1, (x*13+a[d%%16])%%100003)\n\tif d%%37 == 0 {\n\t\truntime.Gosched()\n\t}\n'
           '\treturn (s + a[(d*7)%%16]) %% 1000003\n}' % (rec, rec))
    f = p.name('deep')
    depth = r.choice([10, 50, 200, 600])
    b = [('int64_t x_ = %s(%d + id, id);' % (rec, depth), 'x_ := %s(%d+id, id)' % (rec, depth))]
    b += jitter(p)
    b += send(p, ch, 'x_')
    c, g = lines(b)
    p.func(f, c, g)
    for j in range(n):
        p.body(*go(f, j))
    s = p.var('s')
    p.body('for (int i = 0; i < %d; i++) { int64_t x_; chan_recv(%s, &x_); %s += x_; }' % (n, ch, s),
           'for i := 0; i < %d; i++ {\n\t%s += <-%s\n}' % (n, s, ch))
    result(p, k, s)


def ph_pingpong(p, k):
    """Two goroutines hand a value back and forth over unbuffered channels."""
    r = p.r
    a, b = p.chan(), p.chan()
    for ch in (a, b):
        m = ([], [])
        p.make(ch, 0, m)
        for x, y in zip(*m):
            p.body(x, y)
    rounds = r.randint(1, 30)
    f = p.name('pong')
    body = [('int64_t x_;', 'var x_ int64'),
            ('while (chan_recv(%s, &x_)) {' % a, 'for x_ = range %s {' % a)]
    body += jitter(p)
    body += send(p, b, '(x_ * 3 + 1) % 1000003')
    body += [('}', '}'), ('chan_close(%s);' % b, 'close(%s)' % b)]
    c, g = lines(body)
    p.func(f, c, g)
    p.body(*go(f, 0))
    v, v0 = p.var('v'), r.randint(1, 99)
    p.body('%s = %d;\nfor (int i = 0; i < %d; i++) { chan_send(%s, &%s); chan_recv(%s, &%s); }\nchan_close(%s);\n'
           '{ int64_t x_ = 7; if (chan_recv(%s, &x_) || x_ != 0) %s = -1; }' % (v, v0, rounds, a, v, b, v, a, b, v),
           '%s = %d\nfor i := 0; i < %d; i++ {\n\t%s <- %s\n\t%s = <-%s\n}\nclose(%s)\nif x_, ok_ := <-%s; ok_ || x_ != 0 {\n\t%s = -1\n}'
           % (v, v0, rounds, a, v, v, b, a, b, v))
    result(p, k, v)


PHASES = [ph_prodcons, ph_fanin, ph_fanout, ph_counter, ph_pipeline, ph_local, ph_stack, ph_pingpong]


# --- terminal events ---
def panic_stmt(p, kind):
    """A statement that panics (or throws) for certain, as (C, Go)."""
    if kind == 'send-closed':
        ch, cap = p.chan(), p.r.choice([0, 2])
        return ('%s = chan_make(sizeof(int64_t), %d); chan_close(%s); { int64_t x_ = 1; chan_send(%s, &x_); }' % (ch, cap, ch, ch),
                '%s = make(chan int64, %d)\nclose(%s)\n%s <- 1' % (ch, cap, ch, ch))
    if kind == 'select-send-closed':
        ch = p.chan()
        return ('%s = chan_make(sizeof(int64_t), 0); chan_close(%s);\n{ int64_t x_ = 1; struct chan_case cs_[2] = { { NULL, CHAN_RECV, NULL, false }, { %s, CHAN_SEND, &x_, false } }; chan_select(cs_, 2, true); }' % (ch, ch, ch),
                '%s = make(chan int64)\nclose(%s)\nselect {\ncase <-(chan int64)(nil):\ncase %s <- 1:\n}' % (ch, ch, ch))
    if kind == 'close-closed':
        ch = p.chan()
        return ('%s = chan_make(sizeof(int64_t), 1); chan_close(%s); chan_close(%s);' % (ch, ch, ch),
                '%s = make(chan int64, 1)\nclose(%s)\nclose(%s)' % (ch, ch, ch))
    if kind == 'close-nil':
        ch = p.chan()
        return ('chan_close(%s);' % ch, 'close(%s)' % ch)
    if kind == 'wg-negative':
        wg = p.wg()
        return ('wg_add(&%s, 1); wg_done(&%s); wg_done(&%s);' % (wg, wg, wg), '%s.Add(1)\n%s.Done()\n%s.Done()' % (wg, wg, wg))
    if kind == 'unlock-unlocked':
        mu = p.mutex()
        return ('mutex_lock(&%s); mutex_unlock(&%s); mutex_unlock(&%s);' % (mu, mu, mu),
                '%s.Lock()\n%s.Unlock()\n%s.Unlock()' % (mu, mu, mu))
    n = p.r.randint(0, 999)
    return ('panic("boom %d");' % n, 'panic("boom %d")' % n)


PANICS = ['send-closed', 'select-send-closed', 'close-closed', 'close-nil', 'wg-negative', 'unlock-unlocked', 'custom']


def block_forever(p):
    """main parks for good: a deadlock once nothing else can run."""
    k = p.r.randrange(8)
    if k == 0:
        ch = p.chan()
        return ('%s = chan_make(sizeof(int64_t), 0); { int64_t x_; chan_recv(%s, &x_); }' % (ch, ch),
                '%s = make(chan int64)\n<-%s' % (ch, ch))
    if k == 1:
        ch = p.chan()
        return ('{ int64_t x_ = 1; chan_send(%s, &x_); }' % ch, '%s <- 1' % ch)      # nil
    if k == 2:
        ch = p.chan()
        return ('{ int64_t x_; chan_recv(%s, &x_); }' % ch, '<-%s' % ch)              # nil
    if k == 3:
        return ('chan_select(NULL, 0, true);', 'select {}')
    if k == 4:
        ch = p.chan()
        return ('{ struct chan_case cs_[2] = { { NULL, CHAN_RECV, NULL, false }, { %s, CHAN_SEND, NULL, false } }; int64_t x_ = 0; cs_[1].elem = &x_; chan_select(cs_, 2, true); }' % ch,
                'select {\ncase <-(chan int64)(nil):\ncase %s <- 0:\n}' % ch)
    if k == 5:
        wg = p.wg()
        return ('wg_add(&%s, 1); wg_wait(&%s);' % (wg, wg), '%s.Add(1)\n%s.Wait()' % (wg, wg))
    if k == 6:
        mu = p.mutex()
        return ('mutex_lock(&%s); mutex_lock(&%s);' % (mu, mu), '%s.Lock()\n%s.Lock()' % (mu, mu))
    ch = p.chan()
    c = p.r.randint(1, 3)
    return ('%s = chan_make(sizeof(int64_t), %d); for (int i = 0; i <= %d; i++) { int64_t x_ = i; chan_send(%s, &x_); }' % (ch, c, c, ch),
            '%s = make(chan int64, %d)\nfor i := int64(0); i <= %d; i++ {\n\t%s <- i\n}' % (ch, c, c, ch))


def leftovers(p):
    """Zero to two goroutines that park for good (a deadlock stays certain) or end after a while."""
    for _ in range(p.r.randint(0, 2)):
        f = p.name('left')
        if p.r.random() < 0.5:
            c, g = block_forever(p)
        else:
            c, g = sleep_us(p.r.choice([0, 50, 500]))
        p.func(f, [c], [g])
        p.body(*go(f, 0))


def terminal(p):
    r = p.r
    k = r.choice(['exit'] * 4 + ['panic', 'gopanic', 'deadlock', 'goexit'])
    if k == 'exit':
        code = r.choice([0, 0, 0, 1, 3, 42])
        p.body('return %d;' % code, 'return %d' % code)
        return
    if k == 'panic':
        p.body(*panic_stmt(p, r.choice(PANICS)))
    elif k == 'gopanic':
        f = p.name('boom')
        c, g = panic_stmt(p, r.choice(PANICS))
        pre = jitter(p)
        p.func(f, [x for x, _ in pre] + [c], [y for _, y in pre] + [g])
        p.body(*go(f, 0))
        p.body(*block_forever(p))
    elif k == 'deadlock':
        leftovers(p)
        p.body(*block_forever(p))
    else:
        leftovers(p)
        p.body('goexit();', 'runtime.Goexit()')
    p.body('return 0;', 'return 0')


def program(seed):
    p = P(seed)
    for k in range(p.r.randint(1, 4)):
        p.r.choice(PHASES)(p, k)
    terminal(p)
    c = '\n'.join(p.cg) + '\n\nstatic int prog_%d(void)\n{\n%s\n}\n' % (seed, ind(p.cb))
    g = '\n'.join(p.gg) + '\n\nfunc prog_%d() int {\n%s\n}\n' % (seed, ind(p.gb))
    return c, g


C_HEAD = '''/* Generated by tools/difftest/gen.py: seeds %d..%d (docs/difftest.md). */
#include <stdint.h>
#include <stdio.h>
#include "goro.h"
'''
GO_HEAD = '''// Generated by tools/difftest/gen.py: seeds %d..%d (docs/difftest.md).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

var _ = time.Sleep

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

'''
PER_FILE = 40


def main():
    first, count, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    import os
    cdir = '%s/dt%d_%d' % (out, first, count)
    os.makedirs(cdir, exist_ok=True)
    os.makedirs(out + '/go', exist_ok=True)
    seeds = range(first, first + count)
    gos = [GO_HEAD % (first, first + count - 1)]
    for f0 in range(first, first + count, PER_FILE):
        part = [s for s in seeds if f0 <= s < f0 + PER_FILE]
        cs = [C_HEAD % (part[0], part[-1])]
        for s in part:
            c, g = program(s)
            cs.append(c + 'int (*difftest_%d)(void) = prog_%d;\n' % (s, s))
            gos.append(g)
        with open('%s/progs%d.c' % (cdir, f0), 'w') as f:
            f.write('\n'.join(cs))
    decl = ''.join('extern int (*difftest_%d)(void);\n' % s for s in seeds)
    table = ''.join('\t[%d] = &difftest_%d,\n' % (s - first, s) for s in seeds)
    with open(cdir + '/main.c', 'w') as f:
        f.write(C_HEAD % (first, first + count - 1) + '#include <stdlib.h>\n\n' + decl +
                '\nstatic int (**const progs[%d])(void) = {\n%s};\n\n'
                'int main(int argc, char **argv)\n{\n\tlong s = argc > 1 ? strtol(argv[1], NULL, 10) - %d : -1;\n'
                '\tif (s < 0 || s >= %d) {\n\t\tprintf("difftest: no program %%s\\n", argc > 1 ? argv[1] : "(none)");\n\t\treturn 125;\n\t}\n'
                '\treturn (*progs[s])();\n}\n' % (count, table, first, count))
    gos.append('var progs = map[int]func() int{\n%s}\n\nfunc main() {\n\ts, _ := strconv.Atoi(os.Args[1])\n'
               '\tf, ok := progs[s]\n\tif !ok {\n\t\tfmt.Printf("difftest: no program %%s\\n", os.Args[1])\n\t\tos.Exit(125)\n\t}\n\tos.Exit(f())\n}\n'
               % ''.join('\t%d: prog_%d,\n' % (s, s) for s in seeds))
    with open(out + '/go/main.go', 'w') as f:
        f.write('\n'.join(gos))


if __name__ == '__main__':
    main()
