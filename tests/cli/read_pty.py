#!/usr/bin/env python3
"""`read -s` and `read -t` on the CLI's terminal (used by read_terminal_test.cpp).

usage: read_pty.py KEFKA_BINARY

In the REPL: `read -s` does not echo what is typed and echo is back on
afterwards; `read -t` times out (status 142) while nothing is typed and
returns a line typed in time. Then `kefka -c` on a terminal does the same for
`read -s`. Prints "OK" and exits 0 on success; otherwise prints what was
expected and the transcript, and exits 1.
"""
import os
import select
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from pty_driver import PtySession, kefka_session  # noqa: E402

session = kefka_session(timeout=10.0)


def drain(session, seconds):
    """Collects what the terminal shows for `seconds`, keeping it all."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        ready, _, _ = select.select([session.fd], [], [], 0.05)
        if ready:
            try:
                session.transcript += os.read(session.fd, 4096)
            except OSError:
                return


def type_hidden(session, secret):
    """Types `secret` at a pending `read -s`; fails if the terminal echoes it."""
    drain(session, 0.3)  # let read turn echo off first
    session.send(secret + "\r")
    drain(session, 0.3)
    if secret.encode() in session.transcript:
        session.fail("read -s echoed %r" % secret)


send, read_until = session.send, session.read_until

# read -s: the typed secret must not appear; its reverse is printed instead.
send('read -s pw; echo "got=$(rev <<< "$pw")"\r')
type_hidden(session, "hunter2")
read_until("got=2retnuh")
read_until("user@sandbox:~$ ")
send("echo visible-typing\r")
read_until("visible-typing")  # echo is back on: the typed command shows
read_until("visible-typing")  # and its output
read_until("user@sandbox:~$ ")

# read -t with nothing typed: times out with status 142.
start = time.time()
send('read -t 0.5 x; echo "rc=$?"\r')
read_until("rc=142", timeout=5.0)
if time.time() - start > 4.0:
    session.fail("read -t 0.5 took %.1f s" % (time.time() - start))
read_until("user@sandbox:~$ ")

# read -t with a line typed in time.
send('read -t 5 x; echo "rc=$? x=$x"\r')
time.sleep(0.3)
send("typed\r")
read_until("rc=0 x=typed")
read_until("user@sandbox:~$ ")
send("exit\r")
session.wait_exit()

# kefka -c on a terminal: same read -s.
c = PtySession([sys.argv[1], "-c", 'read -s pw; echo "len=${#pw}"; read -r -s -p "pass: " q; echo "q=${#q}"'])
type_hidden(c, "abcdef")
c.read_until("len=6")
c.read_until("pass: ")
type_hidden(c, "xyz")
c.read_until("q=3")
if c.wait_exit() != 0:
    c.fail("kefka -c did not exit with status 0")
print("OK")
