#!/usr/bin/env python3
"""Drives kefka's REPL through a pseudo-terminal (used by cli_test.cpp).

usage: repl_pty.py KEFKA_BINARY

Checks, in order: the prompt, that a command runs, the continuation prompt of
an incomplete command, history recall (Ctrl-P), Ctrl-C cancelling a running
loop, and that `exit` ends the session with its status. Prints "OK" and exits 0 on success; otherwise
prints what was expected and the transcript, and exits 1.
"""
import os
import pty
import select
import sys
import time

kefka = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.environ.clear()
    os.environ.update({"TERM": "xterm", "PATH": "/usr/bin:/bin"})
    os.execv(kefka, [kefka])

transcript = b""


def read_until(needle, timeout=10.0):
    global transcript
    deadline = time.time() + timeout
    while needle.encode() not in transcript:
        left = deadline - time.time()
        if left <= 0:
            sys.stdout.write("expected %r\ntranscript:\n%r\n" % (needle, transcript))
            sys.exit(1)
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                sys.stdout.write("EOF while expecting %r\ntranscript:\n%r\n" % (needle, transcript))
                sys.exit(1)
            transcript += chunk
    found = transcript.index(needle.encode()) + len(needle)
    transcript = transcript[found:]


def send(text):
    os.write(fd, text.encode())


read_until("user@sandbox:~$ ")
send("echo hello-$((6*7))\r")
read_until("hello-42")
read_until("user@sandbox:~$ ")

send("cd /tmp\r")
read_until("user@sandbox:/tmp$ ")

send("if true; then\r")
read_until("> ")
send("echo continued; fi\r")
read_until("continued")
read_until("user@sandbox:/tmp$ ")

send("echo recalled-$((1+1))\r")
read_until("recalled-2")
read_until("$ ")
send("\x10\r")  # Ctrl-P: the previous line from history
read_until("recalled-2")
read_until("$ ")

send("while :; do :; done\r")  # Ctrl-C cancels the running command only
time.sleep(0.3)
send("\x03")
read_until("execution cancelled")
read_until("$ ")
send("echo status=$?\r")
read_until("status=130")
read_until("$ ")

send("exit 3\r")
deadline = time.time() + 10
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.time() > deadline:
        print("kefka did not exit; transcript:\n%r" % transcript)
        sys.exit(1)
    try:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            os.read(fd, 4096)
    except OSError:
        pass
code = os.waitstatus_to_exitcode(status)
if code != 3:
    print("exit status %d, expected 3" % code)
    sys.exit(1)
print("OK")
