#!/usr/bin/env python3
"""Drives kefka's REPL through a pseudo-terminal (used by cli_test.cpp).

usage: repl_pty.py KEFKA_BINARY

Checks, in order: the prompt, that a command runs, the continuation prompt of
an incomplete command, history recall (Ctrl-P), Ctrl-C cancelling a running
loop, and that `exit` ends the session with its status. Prints "OK" and exits 0
on success; otherwise prints what was expected and the transcript, and exits 1.
"""
import os
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from pty_driver import kefka_session  # noqa: E402

session = kefka_session(timeout=10.0)
read_until, send = session.read_until, session.send

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
code = session.wait_exit()
if code != 3:
    print("exit status %d, expected 3" % code)
    sys.exit(1)
print("OK")
