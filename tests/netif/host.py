#!/usr/bin/env python3
# tests/netif/host.py PORT [BYTES] - the host's side of tests/netif's
# "serve" mode, run by tests/check's feed (a "&" step) once the guest
# says it is waiting: connects to 127.0.0.1:PORT (qemu/run -net forwards
# it to the guest, and it is the only address this touches), sends a
# line and checks the answer, then sends BYTES (default 1 MiB) of the
# pattern the guest knows while a second thread reads them echoed back,
# compares, and closes. One line per check, "ok: ..." or "FAIL: ..."; the exit
# status is the number of failures. Every wait is bounded (20 s a call).
import socket
import sys
import threading
import time

port = int(sys.argv[1])
total = int(sys.argv[2]) if len(sys.argv) > 2 else 1 << 20
failures = 0


def check(ok, what):
    global failures
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    failures += not ok


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h


# The guest's pattern (tests/netif/main.c): byte i of the stream.
data = bytes((((i * 2654435761) & 0xffffffff) >> 24 ^ (i & 0xff)) & 0xff for i in range(total))

try:
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
except OSError as e:
    check(False, "connect to 127.0.0.1:%d: %s" % (port, e))
    sys.exit(failures)
s.settimeout(20)

line = b"hello from the host\n"
s.sendall(line)
reply = b""
try:
    while not reply.endswith(b"\n") and len(reply) < 200:
        chunk = s.recv(200 - len(reply))
        if not chunk:
            break
        reply += chunk
except OSError as e:
    check(False, "line: no answer: %s" % e)
check(reply == b"echo: " + line, "line: the guest answered %r" % reply.decode(errors="replace"))

# The bulk: send and read back at once (the guest echoes as it reads).
got = bytearray()
err = []


def reader():
    try:
        while len(got) < total:
            chunk = s.recv(65536)
            if not chunk:
                err.append("end of stream after %d bytes" % len(got))
                return
            got.extend(chunk)
    except OSError as e:
        err.append(str(e))


t = threading.Thread(target=reader)
t.start()
t0 = time.monotonic()
try:
    for off in range(0, total, 32768):
        s.sendall(data[off:off + 32768])
except OSError as e:
    err.append("send: " + str(e))
t.join(30)
ms = (time.monotonic() - t0) * 1000
# Only now, with every byte back, the close: the guest waits for it
# before it powers off, so nothing it sent can be cut off in flight.
s.close()
check(not err and not t.is_alive(), "bulk: the exchange ended cleanly%s" % ("" if not err else ": " + "; ".join(err)))
check(bytes(got) == data, "bulk: %d bytes sent, %d echoed back, %s (fnv1a %08x) in %d ms"
      % (total, len(got), "intact" if bytes(got) == data else "DIFFERENT", fnv1a(got), ms))
sys.exit(failures)
