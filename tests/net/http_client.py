#!/usr/bin/env python3
"""http_client.py - the host side of the HTTP and echo appliances' tests.

    http_client.py httpd PORT     apps/httpd at 127.0.0.1:PORT
    http_client.py echo PORT      apps/echo at 127.0.0.1:PORT

Prints one line per check, "ok: ..." or "FAIL: ...", and exits with the
number of failures. Only 127.0.0.1 is contacted (QEMU forwards the port
to the guest); every connection has a timeout and every loop a bound, so
a run ends by itself whatever the appliance does.
"""
import hashlib
import os
import random
import socket
import subprocess
import sys
import threading
import time

HOST = "127.0.0.1"
TIMEOUT = 60            # seconds any one socket operation may take (QEMU TCG on a busy machine)
failures = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    failures += 0 if ok else 1


def connect(port):
    s = socket.create_connection((HOST, port), timeout=TIMEOUT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


class Reader:
    """Buffered reads of HTTP responses from one connection."""

    def __init__(self, sock):
        self.s, self.buf = sock, b""

    def fill(self):
        data = self.s.recv(65536)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def response(self, nobody=False):
        """One response: (status, headers dict with lower-case names, body); none after a HEAD."""
        while b"\r\n\r\n" not in self.buf:
            self.fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for l in lines[1:]:
            k, v = l.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        n = 0 if nobody else int(headers.get("content-length", "0"))
        while len(self.buf) < n:
            self.fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body

    def closed(self):
        """Whether the server closes the connection (EOF) with nothing more to say."""
        try:
            return self.s.recv(1) == b""
        except OSError:
            return True


def request(port, raw):
    """Send raw bytes on a fresh connection, read one response; (status, headers, body)."""
    with connect(port) as s:
        s.sendall(raw)
        return Reader(s).response(nobody=raw.startswith(b"HEAD "))


def reused_port(port, page):
    """httpd closes first (HTTP/1.0): its side of the connection waits in TIME-WAIT. The host
    gives a closed client's port out again at once, and through QEMU's user network every client
    is the same address: a new connection from that port must still be answered, not wait out
    the TIME-WAIT (lwIP's two minutes). (answered, why not)."""
    a = socket.socket()
    a.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    a.settimeout(TIMEOUT)
    a.bind((HOST, 0))
    cport = a.getsockname()[1]
    a.connect((HOST, port))
    a.sendall(b"GET / HTTP/1.0\r\n\r\n")
    r = Reader(a)
    r.response()
    closed = r.closed()
    a.close()
    if not closed:
        return False, ": httpd did not close the first connection"
    b = socket.socket()
    b.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    b.settimeout(TIMEOUT)
    try:
        b.bind((HOST, cport))
        b.connect((HOST, port))
        b.sendall(get("/"))
        status, _, body = Reader(b).response()
    except OSError as e:
        return False, ": from port %d again: %s: %s" % (cport, type(e).__name__, e)
    finally:
        b.close()
    return status == 200 and body == page, ": from port %d again: status %d" % (cport, status)


def get(path, host="goro"):
    return ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, host)).encode()


def stats(port):
    status, _, body = request(port, get("/stats"))
    assert status == 200, "GET /stats: status %d" % status
    return {k: int(v) for k, v in (l.split() for l in body.decode().splitlines())}


def curl(port, path):
    r = subprocess.run(["curl", "-s", "-m", str(TIMEOUT), "-o", "-", "-w", "%{http_code}",
                        "http://%s:%d%s" % (HOST, port, path)], capture_output=True)
    return r.stdout[:-3], r.stdout[-3:].decode()


def concurrent(port, page, nconn=200, nreq=5):
    """nconn connections open at once, each nreq keep-alive requests: how many answers were whole
    and right, the connections httpd had open while all were, and the errors.

    The connections are opened one at a time, each proven by its first answer: QEMU's user
    network accepts forwarded connections on the host with a listen backlog of 1, and a burst
    overflows the host kernel's accept queue, leaving clients that think they are connected
    and reach the guest only when a retransmission happens to find room (seconds, or past
    TIMEOUT on a busy machine; even 8 at a time overflowed it). Once all are open, they ask
    the rest at once."""
    good = [0] * nconn
    errors = []
    pace = threading.Semaphore(1)
    allopen = threading.Barrier(nconn + 1, timeout=TIMEOUT * 3)
    done = threading.Barrier(nconn + 1, timeout=TIMEOUT * 3)

    opened = [0]

    def client(i):
        step = ["waiting to open it"]
        try:
            s, r = connect_paced(port, pace, page, good, i, step)
            with s:
                opened[0] += 1
                step[0] = "waiting for the others to open"
                allopen.wait()          # every connection is open before the rest is asked
                for k in range(nreq - 1):
                    step[0] = "request %d of %d" % (k + 2, nreq)
                    s.sendall(get("/"))
                    status, _, body = r.response()
                    good[i] += status == 200 and body == page
                step[0] = "waiting for the others' answers"
                done.wait()             # and stays open until all have been answered
        except Exception as e:  # noqa: BLE001 - any failure is counted and shown
            errors.append("connection %d of %d (%d open before it), %s: %s: %s"
                          % (i + 1, nconn, opened[0], step[0], type(e).__name__, e))
            for b in (allopen, done):
                b.abort()

    ts = [threading.Thread(target=client, args=(i,)) for i in range(nconn)]
    for t in ts:
        t.start()
    held = -1
    try:
        allopen.wait()
        held = stats(port)["httpd_open"] - 1    # less the stats request's own connection
        done.wait()
    except threading.BrokenBarrierError:
        pass
    for t in ts:
        t.join(TIMEOUT * 2)
    return sum(good), held, errors


def connect_paced(port, pace, page, good, i, step=None):
    """A connection opened while no other is being opened (pace), and proven by a first
    answer (counted in good[i]); (socket, its Reader). step[0], if given, says how far it got."""
    step = step if step is not None else [None]
    with pace:
        step[0] = "connecting"
        s = connect(port)
        r = Reader(s)
        step[0] = "its first request"
        s.sendall(get("/"))
        status, _, body = r.response()
        good[i] += status == 200 and body == page
    return s, r


def disconnecters(port, page):
    """20 clients drop mid-response (a reset) while 20 others keep asking: the others all get whole
    answers. What befalls a dropper itself is not counted: QEMU's user network may reset its host
    side before it has read (the guest sends no reset: its frames show it)."""
    good, errors, stop = [0], [], time.time() + TIMEOUT
    pace = threading.Semaphore(1)       # one connection at a time until proven (concurrent's reason)

    def dropper():
        try:
            with pace:
                s = connect(port)
                body = os.urandom(64 * 1024)
                s.sendall(b"POST /echo HTTP/1.1\r\nHost: goro\r\nContent-Length: 1048576\r\n\r\n" + body)
                s.recv(4096)    # the answer has begun
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()           # a reset, mid-body and mid-answer
        except OSError:
            pass

    def steady():
        try:
            s, r = connect_paced(port, pace, page, good, 0)
            with s:
                for _ in range(19):
                    if time.time() > stop:
                        break
                    s.sendall(get("/"))
                    status, _, body = r.response()
                    if status == 200 and body == page:
                        good[0] += 1
        except Exception as e:  # noqa: BLE001
            errors.append("steady %s: %s" % (type(e).__name__, e))

    ts = [threading.Thread(target=f) for f in [dropper] * 20 + [steady] * 20]
    for t in ts:
        t.start()
    for t in ts:
        t.join(TIMEOUT * 2)
    return good[0], errors


MALFORMED = [
    b"GARBAGE\r\n\r\n",
    b"GET /\r\n\r\n",
    b"GET / HTTP/2.0\r\nHost: goro\r\n\r\n",
    b"GET index.html HTTP/1.1\r\nHost: goro\r\n\r\n",
    b"GET / HTTP/1.1\r\n\r\n",                                      # HTTP/1.1 without Host
    b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: goro\r\nNo colon here\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: goro\r\n: empty name\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: goro\r\nContent-Length: abc\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: goro\r\nContent-Length: -1\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: goro\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    b"GET / HTTP/1.1\nHost: goro\n\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: go\x00ro\r\n\r\n",
    b"\x00\x01\x02\x03\r\n\r\n",
    b"GET /\x7f HTTP/1.1\r\nHost: goro\r\n\r\n",
]


def malformed(port):
    """Every malformed request, and 50 of random bytes: a 400 and a closed connection; the count that were."""
    rnd = random.Random(12)
    reqs = MALFORMED + [bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 300))) + b"\r\n\r\n"
                        for _ in range(50)]
    good, bad = 0, []
    for raw in reqs:
        try:
            with connect(port) as s:
                s.sendall(raw)
                r = Reader(s)
                status, _, _ = r.response()
                if status == 400 and r.closed():
                    good += 1
                else:
                    bad.append("%r: %d" % (raw[:40], status))
        except Exception as e:  # noqa: BLE001
            bad.append("%r: %s" % (raw[:40], e))
    return good, len(reqs), bad


def httpd(port):
    body, code = curl(port, "/")
    check(code == "200" and len(body) == 612 and b"Welcome to goro!" in body,
          "curl fetches / through the forwarded port: 200 and the 612-byte page")
    page = body
    body, code = curl(port, "/stats")
    check(code == "200" and body.startswith(b"goroutines "), "curl fetches /stats: 200 and the figures")
    # curl's connection has ended, and nothing of it is still in flight
    base = steady(port, settle(port, {"httpd_open": 1}, keys=["httpd_open"]),
                  lambda st: [st.get(k) for k in BASELINE_KEYS(st)])

    s, h, b = request(port, b"HEAD / HTTP/1.1\r\nHost: goro\r\n\r\n")
    check(s == 200 and h.get("content-length") == "612" and b == b"", "HEAD / has the page's length and no body")
    s, _, _ = request(port, get("/nothing"))
    check(s == 404, "an unknown path is 404")
    s, _, _ = request(port, b"DELETE / HTTP/1.1\r\nHost: goro\r\n\r\n")
    check(s == 405, "another method on / is 405")
    with connect(port) as c:
        c.sendall(get("/") + get("/stats") + get("/"))
        r = Reader(c)
        answers = [r.response() for _ in range(3)]
        check([a[0] for a in answers] == [200] * 3 and answers[0][2] == page and answers[2][2] == page,
              "three pipelined requests on one connection are answered in order")
    with connect(port) as c:
        c.sendall(b"GET / HTTP/1.0\r\n\r\n")
        r = Reader(c)
        s, _, b = r.response()
        check(s == 200 and b == page and r.closed(), "HTTP/1.0 without keep-alive: the page, then the connection closes")
    s, why = reused_port(port, page)
    check(s, "a client port used again at once, after httpd closed first: answered%s" % why)

    n, held, errors = concurrent(port, page)
    check(n == 1000 and held == 200 and not errors,
          "200 concurrent connections: %d open in httpd at once, %d of 1000 keep-alive answers whole and right%s"
          % (held, n, "; " + errors[0] if errors else ""))
    first = steady(port, settle(port, base), lambda st: sorted(frames_by_use(st).items()))

    n, errors = disconnecters(port, page)
    check(n == 400 and not errors, "20 clients reset mid-response while 20 others ask 20 times: %d of 400 answers right%s"
          % (n, "; " + errors[0] if errors else ""))

    s, _, b = request(port, b"GET / HTTP/1.1\r\nHost: goro\r\nX-Pad: " + b"p" * 6000 + b"\r\n\r\n")
    check(s == 200 and b == page, "a 6 KB request head, across several segments: the page")
    big = os.urandom(300 * 1024)
    s, _, b = request(port, b"POST /echo HTTP/1.1\r\nHost: goro\r\nContent-Length: %d\r\n\r\n" % len(big) + big)
    check(s == 200 and b == big, "a 300 KB request body is echoed byte for byte")
    s, _, _ = request(port, b"GET / HTTP/1.1\r\nHost: goro\r\nX-Pad: " + b"p" * 9000 + b"\r\n\r\n")
    check(s == 431, "a request head over 8 KB is 431")
    s, _, _ = request(port, b"POST /echo HTTP/1.1\r\nHost: goro\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    check(s == 501, "a chunked body is 501")

    good, total, bad = malformed(port)
    check(good == total, "malformed requests: %d of %d answered 400 and closed%s"
          % (good, total, "; " + bad[0] if bad else ""))

    # Back to the baseline once the clients have gone; then the same load
    # again must hold the same page frames as the first did. Freed stacks,
    # heap and runtime records stay cached for reuse, in amounts that vary
    # with the scheduling, so frames are compared between two rounds, not
    # with the start, and by what holds them (frames_by_use).
    now = settle(port, base)
    diff = [k for k in BASELINE_KEYS(base) if now.get(k) != base.get(k)]
    check(not diff, "after the load, back to the baseline: %s%s" % (
        ", ".join("%s %s" % (k, now.get(k)) for k in BASELINE_KEYS(base)),
        "; differs: " + ", ".join("%s %s->%s" % (k, base.get(k), now.get(k)) for k in diff) if diff else ""))
    n, held, errors = concurrent(port, page)
    now = settle(port, base, until=lambda st: frames_back(first, st))
    check(n == 1000 and held == 200 and not errors and frames_back(first, now),
          "the same 200 connections again: %d of 1000 right; page frames after the first round: %s; now: %s "
          "(%s)%s" % (n, frames(first), frames(now), FRAMES_RULE, "; " + errors[0] if errors else ""))


def frames_by_use(st):
    """Page frames in use by what holds them: stacks and the C heap (whole pages
    mapped), the runtime's records, the page tables, and the rest."""
    pg = st["mem_pagesize"]
    use = {"stacks": -(-st["stack_mapped"] // pg), "heap": -(-st["heap_arena"] // pg),
           "runtime": st["mem_runtime"] // pg, "tables": st["mem_tables"]}
    use["rest"] = st["mem_frames"] - st["mem_frames_free"] - sum(use.values())
    return use


FRAMES_RULE = ("frames outside the stacks, heap, runtime records and page tables no more; "
               "runtime records live things hold at most 8 KiB more, mapped at most 64 pages more; "
               "page tables at most 4 more")


def frames_back(first, now):
    """The second round holds what the first did, by FRAMES_RULE. The records live things hold
    vary by a few KiB with what is in flight (timers, waiters); a record left per connection
    (200 of 64 bytes or more: a channel, a waiter) is past 8 KiB. A frame per connection shows
    in the rest. The allocator's cache of free blocks goes back when a CPU idles."""
    a, b = frames_by_use(first), frames_by_use(now)
    return (b["rest"] <= a["rest"] and now["mem_runtime_inuse"] <= first["mem_runtime_inuse"] + 8192
            and b["runtime"] <= a["runtime"] + 64 and b["tables"] <= a["tables"] + 4)


def frames(st):
    u = frames_by_use(st)
    return "free %d, stacks %d, heap %d, runtime %d (%d B in use), tables %d, rest %d" % (
        st["mem_frames_free"], u["stacks"], u["heap"], u["runtime"], st["mem_runtime_inuse"],
        u["tables"], u["rest"])


def BASELINE_KEYS(base):
    """What returns to its value before the load: goroutines, connections, heap and stacks in
    use, lwIP's pools. TCP_PCB is left out: a connection the server closed first waits out
    TIME_WAIT (2 MSL, TCP's rule) in its PCB, and that is no leak."""
    return ["goroutines", "httpd_open", "heap_inuse", "stack_inuse"] + \
        sorted(k for k in base if k.startswith("lwip_") and k.endswith("_used") and k != "lwip_TCP_PCB_used")


def steady(port, st, what, secs=30):
    """Figures that stay put: read again every half second until what(figures) gives the
    same twice running, or after secs seconds. A figure read
    while a CPU frees or takes memory can be off by what moves meanwhile (the figures are
    read one after another), and a baseline may catch the end of the last connection."""
    deadline = time.time() + secs
    while time.time() < deadline:
        time.sleep(0.5)
        now = stats(port)
        if what(now) == what(st):
            return now
        st = now
    return st


def settle(port, base, secs=30, keys=None, until=None):
    """The figures once those named by keys (the baseline's) are back at base (the
    connections' goroutines end as their clients go) and until(figures) holds, if
    given, or after secs seconds."""
    deadline = time.time() + secs
    while True:
        now = stats(port)
        back = all(now.get(k) == base.get(k) for k in keys or BASELINE_KEYS(base))
        if (back and (until is None or until(now))) or time.time() > deadline:
            return now
        time.sleep(0.5)


def echo(port):
    total = 10 * 1024 * 1024
    data = random.Random(7).randbytes(total)
    got = hashlib.sha256()
    n = [0]
    err = []
    with connect(port) as s:
        def reader():
            try:
                while n[0] < total:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    got.update(chunk)
                    n[0] += len(chunk)
            except Exception as e:  # noqa: BLE001
                err.append(e)
        t = threading.Thread(target=reader)
        start = time.time()
        t.start()
        s.sendall(data)
        t.join(TIMEOUT * 4)
        secs = time.time() - start
    ok = n[0] == total and got.digest() == hashlib.sha256(data).digest()
    check(ok, "10 MB echoed byte for byte (%d bytes back%s)" % (n[0], ", %.1f MB/s" % (total / secs / 1e6) if ok else ""))
    if ok:
        print("bench echo-10MB MB/s %.2f" % (total / secs / 1e6))


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    try:
        {"httpd": httpd, "echo": echo}[mode](port)
    except Exception as e:  # noqa: BLE001 - a client failure is a test failure, with its reason
        check(False, "%s client stopped: %s: %s" % (mode, type(e).__name__, e))
    sys.exit(failures)


if __name__ == "__main__":
    main()
