#!/usr/bin/env python3
"""Drives python3's interactive REPL inside kefka's REPL through a
pseudo-terminal (used by python_test.cpp).

usage: python_repl_pty.py KEFKA_BINARY

Starts kefka, runs `python3` at its prompt, checks Python's banner and `>>> `
prompt, a statement, a multi-line block (`... ` prompt), an exception that
does not end the REPL, and that Ctrl-D returns to kefka's prompt with the
session intact. Prints "OK" and exits 0 on success; otherwise prints what was
expected and the transcript, and exits 1.
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from pty_driver import kefka_session  # noqa: E402

session = kefka_session(timeout=30.0)
read_until, send = session.read_until, session.send

send("cd /tmp && python3\r")
read_until("Python 3.12.0")
read_until(">>> ")
send("print(6 * 7, __import__('os').getcwd())\r")
read_until("42 /tmp")
read_until(">>> ")
send("for i in range(3):\r")
read_until("... ")
send("    print('row', i)\r")
read_until("... ")
send("\r")
read_until("row 2")
read_until(">>> ")
send("1/0\r")
read_until("ZeroDivisionError: division by zero")
read_until(">>> ")
send("\x04")  # Ctrl-D: end of input ends the REPL
read_until("user@sandbox:/tmp$ ")
send("echo back-$((1+1))\r")
read_until("back-2")
read_until("user@sandbox:/tmp$ ")
send("exit\r")
session.wait_exit()
print("OK")
