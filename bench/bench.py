#!/usr/bin/env python3
"""kefka benchmark suite: every scenario of issue 7 under kefka (CLI and C++ API),
bash 5.2 + GNU tools, busybox sh + applets, and just-bash (CLI and node API).

Usage: bash bench/run [--quick] [--filter NAME[,NAME]] [--engines E[,E]] [--no-build]

Ratios are taken in one run on one machine: absolute times drift with load, the
ratios hold. Each cell: one warm-up run, then several measured runs (fewer when a
run is slow); the table shows the median, the spread and the ratio to bash.
A peer that refuses, crashes, times out or answers differently from bash is
reported as such. The full run (no --filter, no --engines) rewrites
docs/BENCHMARKS.md; other runs write bench/.data/BENCHMARKS-<mode>.md.
"""

import argparse
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
import report  # noqa: E402
from engines import DriverEngine, ProcessEngine, Sample, UnavailableEngine  # noqa: E402
from scenarios import PENDING, SCENARIOS  # noqa: E402

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA_ROOT = BENCH / ".data"
JUST_BASH_VERSION = json.loads((BENCH / "package.json").read_text())["dependencies"]["just-bash"]
ENGINE_ORDER = ["bash", "kefka", "kefka-api", "busybox", "just-bash", "just-bash-api"]


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_quiet(argv, **kwargs):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          **kwargs)


def first_line(argv):
    try:
        out = run_quiet(argv).stdout
        return out.strip().splitlines()[0] if out.strip() else "?"
    except OSError:
        return "not installed"


# ----------------------------------------------------------------------------
# Peers and kefka: installed/built idempotently.


def ensure_busybox():
    """A folder of applet links, so busybox sh runs busybox's tools, not GNU's."""
    busybox = subprocess.run(["sh", "-c", "command -v busybox"], stdout=subprocess.PIPE,
                             text=True).stdout.strip()
    if not busybox:
        return None, "busybox not installed (run scripts/setup.sh)"
    folder = DATA_ROOT / "busybox-bin"
    applets = run_quiet([busybox, "--list"]).stdout.split()
    folder.mkdir(parents=True, exist_ok=True)
    for applet in applets:
        link = folder / applet
        if not link.is_symlink():
            link.symlink_to(busybox)
    return busybox, None


def ensure_just_bash():
    installed = BENCH / "node_modules" / "just-bash" / "package.json"
    if installed.exists() and json.loads(installed.read_text())["version"] == JUST_BASH_VERSION:
        return None
    for tool in ("node", "npm"):
        if subprocess.run(["sh", "-c", f"command -v {tool}"], stdout=subprocess.DEVNULL).returncode:
            return f"{tool} not installed"
    log(f"installing just-bash {JUST_BASH_VERSION} into bench/node_modules (npm ci)")
    result = run_quiet(["npm", "ci", "--no-audit", "--no-fund"], cwd=BENCH)
    if result.returncode:
        return "npm ci failed: " + result.stdout.strip()[-300:]
    return None


def build_kefka(build_dir, skip):
    """Builds the CLI and the in-process driver. Returns (cli, driver, problem)."""
    cli = build_dir / "kefka"
    if not skip:
        log(f"building kefka_cli in {build_dir.name}/")
        env = dict(os.environ, KEFKA_BUILD_DIR=str(build_dir))
        result = run_quiet(["bash", str(ROOT / "scripts" / "build.sh"), "kefka_cli"], cwd=ROOT,
                           env=env)
        if result.returncode:
            tail = [l for l in result.stdout.splitlines() if "error" in l.lower()][:3]
            return None, None, "build failed: " + (" | ".join(tail) or result.stdout[-300:])
    if not cli.exists():
        return None, None, f"{cli} missing"
    driver, problem = build_driver(build_dir, skip)
    return cli, driver, problem


def build_driver(build_dir, skip):
    ninja = build_dir / "build.ninja"
    if ninja.exists() and "kefka_bench_driver" in ninja.read_text():
        # bench/CMakeLists.txt includes bench/driver: the project builds it.
        binary = build_dir / "bench" / "kefka_bench_driver"
        if not skip:
            env = dict(os.environ, KEFKA_BUILD_DIR=str(build_dir))
            result = run_quiet(["bash", str(ROOT / "scripts" / "build.sh"), "kefka_bench_driver"],
                               cwd=ROOT, env=env)
            if result.returncode:
                return None, "driver build failed: " + result.stdout[-300:]
        return (binary, None) if binary.exists() else (None, f"{binary} missing")
    # Not wired into CMake yet: compile it directly, linked like the kefka CLI
    # (its link line in build.ninja names every library the layers need).
    source = BENCH / "driver" / "kefka_bench_driver.cpp"
    binary = build_dir / "bench-driver" / "kefka_bench_driver"
    link = _cli_link_line(ninja)
    if link is None:
        return None, f"no link line for the kefka CLI in {ninja}"
    libs = [build_dir / lib for lib in link if lib.startswith("libkefka")]
    missing = [str(lib) for lib in libs if not lib.exists()]
    if missing:
        return None, "libraries missing: " + ", ".join(missing)
    newest = max(p.stat().st_mtime for p in libs + [source])
    if binary.exists() and binary.stat().st_mtime >= newest:
        return binary, None
    binary.parent.mkdir(parents=True, exist_ok=True)
    argv = (["g++", "-std=c++20", "-O2", f"-I{ROOT / 'include'}", str(source), "-o", str(binary)]
            + link + ["-pthread"])
    log("compiling the in-process driver (g++, bench/driver/)")
    result = run_quiet(argv, cwd=build_dir)
    if result.returncode:
        return None, "driver build failed: " + result.stdout.strip()[-400:]
    return binary, None


def _cli_link_line(ninja):
    """LINK_FLAGS + LINK_LIBRARIES of the kefka CLI, as CMake wrote them."""
    if not ninja.exists():
        return None
    lines = ninja.read_text().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("build kefka:"):
            words = []
            for attr in lines[i + 1:i + 20]:
                if not attr.startswith("  "):
                    break
                key, _, value = attr.strip().partition(" = ")
                if key in ("LINK_FLAGS", "LINK_LIBRARIES"):
                    words += shlex.split(value)
            # The CLI's own line-editing library is not needed by the driver.
            return [w for w in words if "libedit" not in w]
    return None


# ----------------------------------------------------------------------------
# Engines.


def make_engines(args, data_dir, scratch):
    engines = {}
    path_gnu = "/usr/local/bin:/usr/bin:/bin"
    engines["bash"] = ProcessEngine(
        "bash", "bash 5.2 + GNU", lambda s: ["bash", "-c", s], str(data_dir),
        env={"PATH": path_gnu}, idle_argv=["bash"], scratch=scratch)

    busybox, problem = ensure_busybox()
    if busybox:
        engines["busybox"] = ProcessEngine(
            "busybox", "busybox sh", lambda s: [busybox, "sh", "-c", s], str(data_dir),
            env={"PATH": str(DATA_ROOT / "busybox-bin")}, idle_argv=[busybox, "sh"],
            scratch=scratch)
    else:
        engines["busybox"] = UnavailableEngine("busybox", "busybox sh", problem)

    build_dir = Path(args.build_dir).resolve()
    if "kefka" in args.engines or "kefka-api" in args.engines:
        cli, driver, problem = build_kefka(build_dir, args.no_build)
    else:
        cli, driver, problem = None, None, "not selected"
    if cli:
        # The data folder is mounted read-only at /data; the session works in memory.
        engines["kefka"] = ProcessEngine(
            "kefka", "kefka CLI",
            lambda s: [str(cli), "--mount", f"{data_dir}:/data:ro", "-c", s], "/data",
            idle_argv=[str(cli)], scratch=scratch)
    else:
        engines["kefka"] = UnavailableEngine("kefka", "kefka CLI", problem)
    if driver:
        engines["kefka-api"] = DriverEngine("kefka-api", "kefka API (in-process)", [str(driver)],
                                            "/data", DATA_ROOT / "kefka-driver.log", scratch)
        engines["kefka-api"].data_dir = data_dir
    else:
        engines["kefka-api"] = UnavailableEngine("kefka-api", "kefka API (in-process)",
                                                 problem or "driver unavailable")

    problem = ensure_just_bash()
    if problem:
        engines["just-bash"] = UnavailableEngine("just-bash", "just-bash CLI", problem)
        engines["just-bash-api"] = UnavailableEngine("just-bash-api", "just-bash API", problem)
    else:
        cli_js = str(BENCH / "node_modules" / "just-bash" / "dist" / "bin" / "just-bash.js")
        # Default CLI options: the data folder is the overlay root (read-only on the
        # host, writes kept in memory), mounted at /home/user/project.
        engines["just-bash"] = ProcessEngine(
            "just-bash", "just-bash CLI",
            lambda s: ["node", cli_js, "--root", str(data_dir), "--allow-write", "-c", s],
            "/home/user/project", idle_argv=["node", cli_js, "--root", str(data_dir)],
            scratch=scratch)
        engines["just-bash-api"] = DriverEngine(
            "just-bash-api", "just-bash API (in-process)",
            ["node", "--expose-gc", str(BENCH / "driver" / "just_bash_driver.mjs")], "/data",
            DATA_ROOT / "just-bash-driver.log", BENCH)
        engines["just-bash-api"].data_dir = data_dir
    return {name: engines[name] for name in ENGINE_ORDER if name in args.engines}


# ----------------------------------------------------------------------------
# Measuring.


@dataclass
class Cell:
    engine: str
    scenario: str
    samples: list = field(default_factory=list)  # measured values
    median: float | None = None
    spread: float | None = None  # (max - min) / 2 / median
    failure: str | None = None  # why there is no valid value
    wrong_output: str | None = None  # set when the value is there but the answer differs
    note: str | None = None


class Runner:
    def __init__(self, args, quick):
        self.quick = quick
        # Per run: bash, the reference, gets up to kReferenceTimeout; the others get
        # `timeout`, or three times what bash took when that is longer.
        self.timeout = args.timeout or 20.0
        self.reference_timeout = max(self.timeout, 120.0)
        self.bash_median = {}  # scenario -> seconds
        self.warmup = not quick
        self.min_runs, self.max_runs = (1, 1) if quick else (3, 5)
        self.slow = 3.0  # after a warm-up slower than this, one measured run
        self.very_slow = 10.0  # a warm-up slower than this is the only run
        self.cell_budget = 12.0
        self.reference = {}  # scenario -> bash's (status, stdout)

    def timeout_for(self, engine, scenario):
        if engine.name == "bash":
            return self.reference_timeout
        return min(self.reference_timeout, max(self.timeout, 3 * self.bash_median.get(scenario.name, 0)))

    def _op(self, engine, scenario, timeout):
        params = scenario.params(self.quick)
        if scenario.kind == "exec":
            script = f"DATA={shlex.quote(engine.data_path)}\n" + scenario.render(self.quick)
            return lambda: engine.exec(scenario, script, timeout, scenario.include_create)
        if scenario.kind == "parallel":
            script = f"DATA={shlex.quote(engine.data_path)}\n" + scenario.render(self.quick)
            return lambda: engine.parallel(script, params["n"], timeout)
        if scenario.kind == "create_destroy":
            return lambda: engine.create_destroy(params["n"], timeout)
        if scenario.kind == "idle_memory":
            settle = 0.3 if self.quick else 1.0
            return lambda: engine.idle_memory(params["n"], timeout, settle)
        raise ValueError(scenario.kind)

    def _problem(self, scenario, sample, timeout):
        """Why a sample is not a valid measurement, or None."""
        if sample.failure:
            return sample.failure
        if scenario.kind in ("exec", "parallel"):
            ref = self.reference.get(scenario.name)
            want_status = ref[0] if ref else 0
            if sample.status != want_status:
                message = sample.stderr.strip().splitlines()
                message = message[0][:200] if message else "(no message)"
                if sample.value is not None and sample.value >= timeout * 0.95:
                    # The engine's own deadline (set to ours) stopped it.
                    return f"timeout (> {timeout:g} s): {message}"
                return f"failed (status {sample.status}): {message}"
        return None

    def _wrong_output(self, scenario, sample):
        ref = self.reference.get(scenario.name)
        if not scenario.check_output or not ref or sample.stdout == ref[1]:
            return None
        said = sample.stderr.strip().splitlines()
        said = f"; its stderr: {said[0][:160]!r}" if said else ""
        return (f"output differs from bash: got {sample.stdout[:120]!r}, want {ref[1][:120]!r}"
                + said)

    def measure(self, engine, scenario):
        cell = Cell(engine.name, scenario.name)
        if not engine.available:
            cell.failure = "unavailable: " + engine.why_unavailable
            return cell
        if scenario.kind == "fork":
            return self._measure_fork(engine, scenario, cell)
        timeout = self.timeout_for(engine, scenario)
        op = self._op(engine, scenario, timeout)
        samples = []
        started = time.perf_counter()
        slow = False
        runs_wanted_override = 0
        if self.warmup and scenario.kind != "idle_memory":
            warm = op()
            problem = self._problem(scenario, warm, timeout)
            if problem:
                cell.failure = problem
                return cell
            if warm.value is not None and warm.value > self.very_slow:
                # Slow enough that warming up is noise and a second run would cost
                # too much: this run is the measurement (shown as n=1).
                slow = True
                samples.append(warm)
            elif warm.value is not None and warm.value > self.slow:
                runs_wanted_override = 1  # one measured run after the (cold) warm-up
            started = time.perf_counter()
        runs_wanted = (1 if self.quick else 3) if scenario.kind == "idle_memory" else self.max_runs
        runs_wanted = runs_wanted_override or runs_wanted
        while not slow:
            sample = op()
            problem = self._problem(scenario, sample, timeout)
            if problem:
                if not samples:
                    cell.failure = problem
                    return cell
                cell.note = f"run {len(samples) + 1} failed: {problem}"
                break
            samples.append(sample)
            elapsed = time.perf_counter() - started
            if (len(samples) >= runs_wanted
                    or (len(samples) >= self.min_runs and elapsed > 3.0)
                    or elapsed > self.cell_budget):
                break
        if scenario.kind == "create_destroy" and samples[0].stdout:
            cell.note = "averaged over " + samples[0].stdout
        if engine.name == "bash" and scenario.kind in ("exec", "parallel"):
            self.reference[scenario.name] = (samples[0].status, samples[0].stdout)
            self.bash_median[scenario.name] = statistics.median(s.value for s in samples)
        else:
            cell.wrong_output = self._wrong_output(scenario, samples[0])
        return self._summarise(cell, [s.value for s in samples])

    def _measure_fork(self, engine, scenario, cell):
        forks = 1 if self.quick else 5
        timeout = self.timeout * 3
        samples = engine.fork(scenario.params(self.quick)["files"], forks + (0 if self.quick else 1),
                              timeout)
        problem = self._problem(scenario, samples[0], timeout)
        if problem:
            cell.failure = problem
            return cell
        values = [s.value for s in samples][0 if self.quick else 1:]  # first fork: warm-up
        return self._summarise(cell, values)

    @staticmethod
    def _summarise(cell, values):
        cell.samples = values
        cell.median = statistics.median(values)
        cell.spread = (max(values) - min(values)) / 2 / cell.median if cell.median else 0.0
        return cell


# ----------------------------------------------------------------------------


def machine_and_versions(engines, build_dir):
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    os_name = "?"
    if Path("/etc/os-release").exists():
        match = re.search(r'PRETTY_NAME="([^"]*)"', Path("/etc/os-release").read_text())
        os_name = match.group(1) if match else "?"
    commit = run_quiet(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = run_quiet(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no",
                       "src", "include"]).stdout.strip()
    awk = os.path.realpath(subprocess.run(["sh", "-c", "command -v awk"], stdout=subprocess.PIPE,
                                          text=True).stdout.strip() or "awk")
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores, {mem_kb // 1024 // 1024} GiB RAM",
        "os": f"{os_name}, Linux {platform.release()}",
        "kefka": f"git {commit}{' + uncommitted changes in src/' if dirty else ''}, "
                 f"Release build ({Path(build_dir).name}/)",
        "bash": first_line(["bash", "--version"]),
        "GNU tools": "; ".join([first_line(["sort", "--version"]), first_line(["grep", "--version"]),
                                first_line(["sed", "--version"]),
                                f"awk = {awk}: " + first_line([awk, "--version"]).split(",")[0]]),
        "busybox": first_line(["busybox"]).split(" multi-call")[0],
        "node": first_line(["node", "--version"]),
        "just-bash": JUST_BASH_VERSION,
    }


def spawn_floor(scratch):
    """What the harness adds to every process run: spawning /bin/true and reaping it."""
    engine = ProcessEngine("true", "true", lambda s: ["/bin/true"], "", scratch=scratch)
    times = [engine.exec(None, "", 10).value for _ in range(20)]
    return statistics.median(times)


def rerender(mode, output):
    """The page again from stored results: for changes to the presentation only."""
    from types import SimpleNamespace

    stored = json.loads((DATA_ROOT / f"results-{mode}.json").read_text())
    cells = [Cell(**c) for c in stored["cells"]]
    names = {c.scenario for c in cells}
    scenarios = [s for s in SCENARIOS if s.name in names]
    engines = {n: SimpleNamespace(label=l) for n, l in stored["engines"].items()}
    runner = SimpleNamespace(**stored["runner"])
    markdown = report.render(scenarios, engines, cells, stored["info"], stored["command"],
                             stored["quick"], runner, datagen.SIZES[mode]["text_bytes"])
    if output:
        path = Path(output)
    elif stored["complete"] and not stored["quick"]:
        path = ROOT / "docs" / "BENCHMARKS.md"
    else:
        path = DATA_ROOT / f"BENCHMARKS-{mode}.md"
    path.write_text(markdown)
    log(f"re-rendered {path} from the run of {stored['info']['date']}")
    return 0


def main():
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one run (smoke test)")
    parser.add_argument("--filter", default="", help="comma-separated scenario names or prefixes")
    parser.add_argument("--engines", default=",".join(ENGINE_ORDER),
                        help=f"comma-separated subset of {','.join(ENGINE_ORDER)}")
    parser.add_argument("--build-dir", default=str(ROOT / os.environ.get("KEFKA_BUILD_DIR", "build")),
                        help="kefka build folder (default $KEFKA_BUILD_DIR or build)")
    parser.add_argument("--no-build", action="store_true", help="use the kefka already built")
    parser.add_argument("--timeout", type=float, default=0, help="seconds per run for the peers (default 20, or 3x bash; bash: 120)")
    parser.add_argument("--output", help="where to write the markdown table")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    parser.add_argument("--rerender", action="store_true",
                        help="rewrite the page from the stored results of the last run "
                             "(bench/.data/results-*.json) without measuring again")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when kefka fails, crashes, times out or answers wrongly "
                             "(for a smoke test)")
    args = parser.parse_args()
    args.engines = [e for e in args.engines.split(",") if e]
    unknown = [e for e in args.engines if e not in ENGINE_ORDER]
    if unknown:
        parser.error(f"unknown engine(s) {unknown}; choose from {ENGINE_ORDER}")
    if "bash" not in args.engines:
        args.engines.insert(0, "bash")  # the reference for every ratio and output
    mode = "quick" if args.quick else "full"

    filters = [f for f in args.filter.split(",") if f]
    scenarios = [s for s in SCENARIOS
                 if not filters or any(s.name == f or s.name.startswith(f) for f in filters)]
    if args.list:
        for s in SCENARIOS:
            print(f"{s.name:18} {s.display_title(args.quick)}")
        for name, title in PENDING:
            print(f"{name:18} {title} (pending)")
        return 0
    if not scenarios:
        parser.error(f"no scenario matches {args.filter!r} (see --list)")
    if args.rerender:
        return rerender(mode, args.output)

    begun = time.time()
    DATA_ROOT.mkdir(exist_ok=True)
    data_dir = datagen.ensure(DATA_ROOT, mode, log)
    scratch = DATA_ROOT / "scratch"
    scratch.mkdir(exist_ok=True)
    engines = make_engines(args, data_dir, scratch)
    for engine in engines.values():
        if not engine.available:
            log(f"{engine.name}: unavailable: {engine.why_unavailable}")
    floor = spawn_floor(scratch)
    runner = Runner(args, args.quick)
    cells = []
    try:
        for scenario in scenarios:
            for engine in engines.values():
                cell = runner.measure(engine, scenario)
                cells.append(cell)
                shown = (report.format_value(cell.median, scenario.unit)
                         if cell.median is not None else "-")
                trouble = cell.failure or cell.wrong_output or ""
                log(f"{scenario.name:18} {engine.name:14} {shown:>10}  n={len(cell.samples)} "
                    f"{trouble[:150]}")
    finally:
        for engine in engines.values():
            engine.close()

    info = machine_and_versions(engines, args.build_dir)
    info["spawn floor"] = report.format_value(floor, "s")
    info["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    info["duration"] = f"{time.time() - begun:.0f} s"
    command = "bash bench/run" + (" --quick" if args.quick else "")
    if filters:
        command += f" --filter {args.filter}"
    if args.engines != ENGINE_ORDER:
        command += f" --engines {','.join(args.engines)}"
    markdown = report.render(scenarios, engines, cells, info, command, args.quick, runner,
                             datagen.SIZES[mode]["text_bytes"])
    complete = not filters and args.engines == ENGINE_ORDER
    if args.output:
        output = Path(args.output)
    elif complete and not args.quick:
        output = ROOT / "docs" / "BENCHMARKS.md"
    else:
        output = DATA_ROOT / f"BENCHMARKS-{mode}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown)
    (DATA_ROOT / f"results-{mode}.json").write_text(json.dumps(
        {"info": info, "cells": [asdict(c) for c in cells], "command": command,
         "quick": args.quick, "complete": complete,
         "engines": {n: e.label for n, e in engines.items()},
         "runner": {"timeout": runner.timeout, "reference_timeout": runner.reference_timeout,
                    "slow": runner.slow, "very_slow": runner.very_slow,
                    "min_runs": runner.min_runs,
                    "max_runs": runner.max_runs}}, indent=1))
    log(f"wrote {output} ({info['duration']})")
    # Failing peers are results, not errors; exit non-zero only when bash itself
    # failed, which means the harness or the machine is broken.
    broken = [c for c in cells if c.engine == "bash" and c.failure
              and not c.failure.startswith("n/a")]
    for c in broken:
        log(f"bash failed {c.scenario}: {c.failure}")
    if args.strict:
        for c in cells:
            if c.engine.startswith("kefka") and (c.wrong_output or (
                    c.failure and not c.failure.startswith("n/a"))):
                log(f"kefka problem in {c.scenario} ({c.engine}): {c.failure or c.wrong_output}")
                broken.append(c)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
