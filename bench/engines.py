"""The engines a scenario runs under: processes (bash, busybox sh, kefka CLI,
just-bash CLI) and in-process drivers (kefka C++ API, just-bash node API).

Every operation returns a Sample: a measured value, or a failure saying what went
wrong (refused, crashed, timed out, unsupported). Failures are data, never hidden.
"""

import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

STDOUT_KEEP = 65536


@dataclass
class Sample:
    value: float | None = None  # seconds, or bytes for memory scenarios
    status: int | None = None
    stdout: str = ""
    stderr: str = ""
    failure: str | None = None  # "timeout", "crashed (...)", "unsupported: ..."


def _signal_name(code):
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def _private_bytes(pid):
    """Private (unshared) memory of a process: what one more session costs."""
    total = 0
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            key, _, rest = line.partition(":")
            if key in ("Private_Clean", "Private_Dirty"):
                total += int(rest.split()[0]) * 1024
    return total


class Engine:
    name = ""
    label = ""
    available = True
    why_unavailable = ""
    in_process = False

    def close(self):
        pass


class ProcessEngine(Engine):
    """A shell run as one process per script."""

    def __init__(self, name, label, argv, data_path, env=None, idle_argv=None, scratch=None):
        self.name = name
        self.label = label
        self._argv = argv  # callable(script) -> argv
        self.data_path = data_path  # the data folder as the script sees it
        self._env = env or {}
        self._idle_argv = idle_argv
        self._scratch = scratch

    def _environment(self, home):
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "LC_ALL": "C",
            "LANG": "C",
            "TZ": "UTC",
        }
        env.update(self._env)
        return env

    def _spawn(self, argv, cwd, stdin=subprocess.DEVNULL):
        return subprocess.Popen(argv, cwd=cwd, env=self._environment(cwd), stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)

    @staticmethod
    def _kill(proc):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()

    @staticmethod
    def _finish(proc, out, err, seconds):
        sample = Sample(value=seconds, status=proc.returncode,
                        stdout=out.decode("utf-8", "replace")[:STDOUT_KEEP],
                        stderr=err.decode("utf-8", "replace")[-4096:])
        if proc.returncode < 0:
            sample.failure = f"crashed ({_signal_name(proc.returncode)})"
        return sample

    def exec(self, scenario, script, timeout, include_create=False):
        cwd = Path(tempfile.mkdtemp(prefix="run-", dir=self._scratch))
        try:
            start = time.perf_counter()
            proc = self._spawn(self._argv(script), cwd)
            try:
                out, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._kill(proc)
                return Sample(failure=f"timeout (> {timeout:g} s)")
            return self._finish(proc, out, err, time.perf_counter() - start)
        finally:
            shutil.rmtree(cwd, ignore_errors=True)

    def parallel(self, script, sessions, timeout):
        cwds = [Path(tempfile.mkdtemp(prefix="par-", dir=self._scratch)) for _ in range(sessions)]
        try:
            start = time.perf_counter()
            procs = [self._spawn(self._argv(script), cwd) for cwd in cwds]
            results = []
            deadline = start + timeout
            for proc in procs:
                try:
                    out, err = proc.communicate(timeout=max(0.01, deadline - time.perf_counter()))
                    results.append((proc, out, err))
                except subprocess.TimeoutExpired:
                    for p in procs:
                        self._kill(p)
                    return Sample(failure=f"timeout (> {timeout:g} s)")
            seconds = time.perf_counter() - start
            samples = [self._finish(p, o, e, seconds) for p, o, e in results]
            bad = [s for s in samples if s.failure or s.status != 0]
            return bad[0] if bad else samples[0]
        finally:
            for cwd in cwds:
                shutil.rmtree(cwd, ignore_errors=True)

    def idle_memory(self, count, timeout, settle=1.0):
        """Idle shells waiting for their script on stdin: the private memory of one.

        Two are started and the second is measured, so that the pages of the
        program file both map count as shared, as they are for every session
        after the first (otherwise a binary no other process happens to run
        would be charged its whole text to each session)."""
        cwds = [Path(tempfile.mkdtemp(prefix="idle-", dir=self._scratch)) for _ in range(2)]
        procs = []
        try:
            for cwd in cwds:
                procs.append(self._spawn(self._idle_argv, cwd, stdin=subprocess.PIPE))
            time.sleep(settle)  # long enough for node to load its bundle
            for proc in procs:
                if proc.poll() is not None:
                    out, err = proc.communicate()
                    return Sample(failure=f"exited while idle (status {proc.returncode}): "
                                  + err.decode("utf-8", "replace")[-300:])
            return Sample(value=float(_private_bytes(procs[-1].pid)), status=0)
        finally:
            for proc in procs:
                self._kill(proc)
            for cwd in cwds:
                shutil.rmtree(cwd, ignore_errors=True)

    def create_destroy(self, count, timeout):
        return Sample(failure="n/a: no sandbox object (one process per script: see start-up)")

    def fork(self, files, forks, timeout):
        return [Sample(failure="n/a: no sandbox to fork")]


class DriverEngine(Engine):
    """An in-process API behind a long-lived driver speaking JSON lines."""

    in_process = True

    def __init__(self, name, label, argv, data_path, log_path, cwd):
        self.name = name
        self.label = label
        self._argv = argv
        self.data_path = data_path
        self._log_path = log_path
        self._cwd = cwd
        self._proc = None
        self.data_dir = None  # host folder mounted at data_path

    def _start(self):
        log = open(self._log_path, "ab")
        self._proc = subprocess.Popen(self._argv, cwd=self._cwd, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=log, start_new_session=True)
        log.close()

    def close(self):
        if self._proc and self._proc.poll() is None:
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait()
        self._proc = None

    def _log_tail(self):
        try:
            return Path(self._log_path).read_bytes()[-600:].decode("utf-8", "replace").strip()
        except OSError:
            return ""

    def request(self, message, timeout):
        """Sends one request; returns (reply dict, None) or (None, failure)."""
        if self._proc is None or self._proc.poll() is not None:
            self._start()
        proc = self._proc
        try:
            proc.stdin.write((json.dumps(message) + "\n").encode())
            proc.stdin.flush()
        except BrokenPipeError:
            pass
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            # The driver enforces `timeout` itself; the grace covers setup outside it.
            if not sel.select(timeout + 5):
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                self._proc = None
                return None, f"timeout (> {timeout:g} s; driver killed)"
        line = proc.stdout.readline()
        if not line:
            code = proc.wait()
            self._proc = None
            what = f"crashed ({_signal_name(code)})" if code < 0 else f"driver exited ({code})"
            return None, f"{what}: {self._log_tail()[-300:]}"
        reply = json.loads(line)
        if "error" in reply:
            return None, "error: " + reply["error"][:300]
        if "unsupported" in reply:
            return None, "n/a: " + reply["unsupported"]
        return reply, None

    def _sample(self, reply, failure, key="seconds"):
        if failure:
            return Sample(failure=failure)
        return Sample(value=reply.get(key), status=reply.get("status", 0),
                      stdout=reply.get("stdout", ""), stderr=reply.get("stderr", ""))

    def _exec_message(self, script, timeout):
        message = {"script": script, "timeout_ms": int(timeout * 1000)}
        if self.data_dir:
            message.update(data_dir=str(self.data_dir), data_mount=self.data_path)
        return message

    def exec(self, scenario, script, timeout, include_create=False):
        message = self._exec_message(script, timeout)
        message.update(op="exec", include_create=include_create)
        return self._sample(*self.request(message, timeout))

    def parallel(self, script, sessions, timeout):
        message = self._exec_message(script, timeout)
        message.update(op="parallel", sessions=sessions)
        return self._sample(*self.request(message, timeout))

    def create_destroy(self, count, timeout):
        reply, failure = self.request(
            {"op": "create_destroy", "count": count, "max_seconds": timeout / 2}, timeout)
        sample = self._sample(reply, failure)
        if reply and reply.get("count", count) < count:
            sample.stdout = f"only {reply['count']:,} of {count:,} within {timeout / 2:g} s"
        return sample

    def fork(self, files, forks, timeout):
        reply, failure = self.request({"op": "fork", "files": files, "forks": forks}, timeout)
        if failure:
            return [Sample(failure=failure)]
        return [Sample(value=v, status=0) for v in reply["samples"]]

    def idle_memory(self, count, timeout, settle=0):
        """Measured in a fresh driver, so memory freed by earlier scenarios is not reused."""
        self.close()
        try:
            return self._sample(*self.request({"op": "idle_memory", "count": count}, timeout),
                                key="bytes")
        finally:
            self.close()


class UnavailableEngine(Engine):
    def __init__(self, name, label, why):
        self.name = name
        self.label = label
        self.available = False
        self.why_unavailable = why
        self.in_process = name.endswith("-api")
        self.data_path = ""
