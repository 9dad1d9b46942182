"""Runs a program on a pseudo-terminal and drives it like a user: send keys,
wait for text (used by the REPL scripts tests/cli/repl_pty.py and
tests/wasm_python/python_repl_pty.py).

Every wait has a deadline; a failure prints what was expected and the
transcript, kills the program and exits the script with status 1.
"""
import os
import pty
import select
import sys
import time


class PtySession:
    def __init__(self, argv, env=None, timeout=10.0):
        self.timeout = timeout
        self.transcript = b""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.clear()
            os.environ.update(env or {"TERM": "xterm", "PATH": "/usr/bin:/bin"})
            os.execv(argv[0], argv)

    def fail(self, message):
        sys.stdout.write("%s\ntranscript:\n%r\n" % (message, self.transcript))
        try:
            os.kill(self.pid, 9)
        except OSError:
            pass
        sys.exit(1)

    def read_until(self, needle, timeout=None):
        """Waits for `needle`, then drops the transcript up to its end."""
        deadline = time.time() + (self.timeout if timeout is None else timeout)
        while needle.encode() not in self.transcript:
            left = deadline - time.time()
            if left <= 0:
                self.fail("expected %r" % needle)
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    self.fail("EOF while expecting %r" % needle)
                self.transcript += chunk
        found = self.transcript.index(needle.encode()) + len(needle)
        self.transcript = self.transcript[found:]

    def send(self, text):
        os.write(self.fd, text.encode())

    def wait_exit(self, timeout=None):
        """Drains the terminal until the program exits; returns its status."""
        deadline = time.time() + (self.timeout if timeout is None else timeout)
        while True:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
            if time.time() > deadline:
                self.fail("the program did not exit")
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if ready:
                    self.transcript += os.read(self.fd, 4096)
            except OSError:
                pass


def kefka_session(timeout):
    """kefka (the binary named by the script's only argument) on a fresh
    terminal, once its first prompt has appeared."""
    session = PtySession([sys.argv[1]], timeout=timeout)
    session.read_until("user@sandbox:~$ ")
    return session
