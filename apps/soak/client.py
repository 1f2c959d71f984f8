#!/usr/bin/env python3
"""client.py - the host side of the soak appliance (apps/soak).

    client.py PORT SECONDS [CONNS]

Drives the soak appliance at 127.0.0.1:PORT (QEMU forwards it to the
guest): the baseline, then two phases of SECONDS/2 each in which CONNS
threads (default 4) open echo connections one after another, each
sending messages of random sizes and reading every byte back before the
next; then the totals, which the guest checks against its own count.
Every message is compared byte for byte: one lost, cut or changed fails
the run. Prints "ok: ..." or "FAIL: ..." lines and exits with the
number of failures. Every socket has a timeout and every loop a bound
in count as well as time, so a run ends by itself whatever the guest does.
"""
import random
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
TIMEOUT = 120           # seconds one socket operation may take (QEMU TCG, a busy machine)
MSGS = 10               # messages per connection
MSGMAX = 32768          # bytes per message at most
MAXCONNS = 100000       # connections per thread per phase at most
failures = 0
lock = threading.Lock()
pace = threading.Semaphore(1)     # connections being opened (session)
conns = 0
nbytes = 0
msgs = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    failures += 0 if ok else 1


def connect(port):
    s = socket.create_connection((HOST, port), timeout=TIMEOUT)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def control(port, line):
    """One command on a connection of its own: the guest's answer line."""
    with connect(port) as s:
        s.sendall(line.encode() + b"\n")
        got = b""
        while not got.endswith(b"\n") and len(got) < 4096:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
    return got.decode("latin-1").strip()


def session(port, rnd, errors):
    """One echo connection: MSGS messages, each echoed whole and compared.

    Connections are opened one at a time, each until its first echo proves it reached the
    guest: QEMU accepts forwarded connections with a listen backlog of 1, and a connection
    the host's accept queue overflowed waits for a retransmission to get through."""
    global conns, nbytes, msgs
    sent = 0
    paced = pace.acquire(timeout=TIMEOUT)
    try:
        with connect(port) as s:
            s.sendall(b"E\n")
            for m in range(MSGS):
                data = rnd.randbytes(rnd.randint(1, MSGMAX))
                s.sendall(data)
                back = bytearray()
                while len(back) < len(data):
                    chunk = s.recv(len(data) - len(back))
                    if not chunk:
                        break
                    back += chunk
                if paced:
                    pace.release()
                    paced = False
                if back != data:
                    errors.append("message %d of %d bytes came back as %d bytes%s" % (
                        m, len(data), len(back), ", changed" if len(back) == len(data) else ""))
                    break
                sent += len(data)
                with lock:
                    msgs += 1
    finally:
        if paced:
            pace.release()
    # counted once closed: the guest counts a connection when its echo ends
    with lock:
        conns += 1
        nbytes += sent


def load(port, secs, nthreads, seed):
    """nthreads clients for secs seconds; the errors they met."""
    errors = []
    deadline = time.time() + secs

    def worker(i):
        rnd = random.Random(seed * 1000 + i)
        n = 0
        while time.time() < deadline and n < MAXCONNS and not errors:
            try:
                session(port, rnd, errors)
            except Exception as e:  # noqa: BLE001
                errors.append("connection: %r" % e)
            n += 1

    ts = [threading.Thread(target=worker, args=(i,)) for i in range(nthreads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return errors


def main():
    port, secs = int(sys.argv[1]), float(sys.argv[2])
    nthreads = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    r = control(port, "B")
    check(r.startswith("ok"), "baseline: %s" % r)
    for phase in (1, 2):
        errors = load(port, secs / 2, nthreads, phase)
        check(not errors, "phase %d: %d connections, %d messages, %d bytes echoed intact so far%s"
              % (phase, conns, msgs, nbytes, "; " + errors[0] if errors else ""))
        r = control(port, "P")
        check(r.startswith("ok"), "guest: %s" % r)
    r = control(port, "Q %d %d" % (conns, nbytes))
    check(r.startswith("ok"), "totals: %d connections, %d bytes: guest: %s" % (conns, nbytes, r))
    sys.exit(failures)


if __name__ == "__main__":
    main()
