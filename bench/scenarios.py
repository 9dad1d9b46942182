"""The scenarios of the benchmark suite (issue 7).

Scripts are POSIX sh where they can be, so busybox's ash runs them too. Each one
starts with `DATA=<folder of the generated inputs>` as every engine sees it
(bench.py prepends it), and works in a fresh scratch directory as its cwd.
Outputs are small on purpose: every engine's stdout is compared with bash's, and
a different answer is reported as such instead of a time.
"""

from dataclasses import dataclass, field


@dataclass
class Target:
    """A goal from the issue. `ratio` is kefka:bash (lower is better);
    `absolute` is in the scenario's unit (seconds or bytes)."""

    text: str
    ratio: float | None = None
    absolute: float | None = None
    # Which kefka engines the target judges.
    engines: tuple = ("kefka", "kefka-api")
    # Different goal for the in-process API (e.g. start-up: microseconds).
    api_absolute: float | None = None


@dataclass
class Scenario:
    name: str
    group: str
    title: str
    # "exec" runs `script`; the others are sandbox operations of the drivers.
    kind: str = "exec"
    script: str = ""
    # Size parameters, full and quick.
    full: dict = field(default_factory=dict)
    quick: dict = field(default_factory=dict)
    unit: str = "s"  # "s" (lower is better) or "bytes"
    target: Target | None = None
    # In-process: time Sandbox::create + exec (start-up), not exec alone.
    include_create: bool = False
    # Compare stdout with bash's (off where the answer legitimately differs).
    check_output: bool = True

    def params(self, quick):
        return self.quick if quick else self.full

    def render(self, quick):
        return self.script.format(**self.params(quick))

    def display_title(self, quick):
        return self.title.format(**self.params(quick))


STARTUP = Target("≤ 1.0× bash (process); in-process < 1 ms", ratio=1.0, api_absolute=1e-3)
INTERPRETER = Target("≤ 1.0× bash", ratio=1.0)
DISPATCH = Target("≥ 20× faster than bash (≤ 0.05×)", ratio=0.05)
BULK = Target("≤ 1.5× GNU", ratio=1.5)

_BULK_FILE = '"$DATA/text.txt"'

SCENARIOS = [
    Scenario("startup_echo", "start-up", "`echo hi`", script="echo hi", target=STARTUP,
             include_create=True),
    Scenario("startup_empty", "start-up", "empty script", script="", target=STARTUP,
             include_create=True),
    Scenario(
        "loop_builtins", "interpreter",
        "{n:,}-iteration loop: `[`, arithmetic, string ops",
        script="""i=0; s=0; t=
while [ "$i" -lt {n} ]; do
  s=$(( (s + i * 7) % 1000003 ))
  t="${{t}}ab"
  if [ ${{#t}} -gt 20 ]; then t=${{t#abab}}; fi
  i=$((i + 1))
done
echo "$s $t"
""",
        full={"n": 100000}, quick={"n": 300}, target=INTERPRETER),
    Scenario(
        "function_calls", "interpreter", "{n:,} function calls",
        script="""add() {{ r=$(( $1 + $2 )); }}
i=0; r=0
while [ "$i" -lt {n} ]; do add "$r" "$i"; i=$((i + 1)); done
echo "$r"
""",
        full={"n": 100000}, quick={"n": 300}, target=INTERPRETER),
    Scenario(
        "substitutions", "interpreter", "{n:,} `$(...)` substitutions",
        script="""i=0; n=0
while [ "$i" -lt {n} ]; do v=$(echo "$i"); n=$((n + ${{#v}})); i=$((i + 1)); done
echo "$n"
""",
        full={"n": 10000}, quick={"n": 100}, target=INTERPRETER),
    Scenario(
        "dispatch", "command dispatch",
        "{n:,} small commands: `cat /dev/null`, `basename x`, `date +%s` in turn",
        script="""i=0
while [ "$i" -lt {n} ]; do
  cat /dev/null; basename x >/dev/null; date +%s >/dev/null
  i=$((i + 3))
done
echo "$i"
""",
        full={"n": 10000}, quick={"n": 150}, target=DISPATCH),
    Scenario("pipe_grep", "pipelines", "`seq 1 {n} | grep 7 | wc -l`",
             script="seq 1 {n} | grep 7 | wc -l", full={"n": 1000000}, quick={"n": 10000}),
    Scenario("pipe_sort_uniq", "pipelines", "`yes | head -n {n} | sort | uniq -c`",
             script="yes | head -n {n} | sort | uniq -c", full={"n": 1000000},
             quick={"n": 10000}),
    Scenario("bulk_wc", "bulk text ({mb} MB file)", "`wc -l`",
             script=f"wc -l < {_BULK_FILE}", target=BULK),
    Scenario("bulk_grep", "bulk text ({mb} MB file)", "`grep -c sandbox`",
             script=f"grep -c sandbox {_BULK_FILE}", target=BULK),
    Scenario("bulk_sort", "bulk text ({mb} MB file)", "`sort | tail -n 2`",
             script=f"sort {_BULK_FILE} | tail -n 2", target=BULK),
    Scenario("bulk_sed", "bulk text ({mb} MB file)", "`sed 's/ra/RA_/g' | wc -c`",
             script=f"sed 's/ra/RA_/g' {_BULK_FILE} | wc -c", target=BULK),
    Scenario("bulk_awk", "bulk text ({mb} MB file)", "`awk '{{s+=$1}} END{{print s}}'`",
             script="awk '{{s+=$1}} END{{print s}}' " + _BULK_FILE, target=BULK),
    Scenario("bulk_cut", "bulk text ({mb} MB file)", "`cut -f 2 | wc -c`",
             script=f"cut -f 2 {_BULK_FILE} | wc -c", target=BULK),
    Scenario("bulk_tr", "bulk text ({mb} MB file)", "`tr a-z A-Z | tail -n 1`",
             script=f"tr a-z A-Z < {_BULK_FILE} | tail -n 1", target=BULK),
    # The rest of the coreutils issue's throughput list.
    Scenario("bulk_cat", "bulk text ({mb} MB file)", "`cat | wc -c`",
             script=f"cat {_BULK_FILE} | wc -c", target=BULK),
    Scenario("bulk_sort_n", "bulk text ({mb} MB file)", "`sort -n | tail -n 2`",
             script=f"sort -n {_BULK_FILE} | tail -n 2", target=BULK),
    Scenario("bulk_sha256", "bulk text ({mb} MB file)", "`sha256sum`",
             script=f"sha256sum < {_BULK_FILE}", target=BULK),
    # Compressed bytes differ between zlib and GNU gzip, so the answer is the
    # round trip's size; both engines pay for the same decompression.
    Scenario("bulk_gzip", "bulk text ({mb} MB file)", "`gzip -c | gzip -dc | wc -c`",
             script=f"gzip -c {_BULK_FILE} | gzip -dc | wc -c", target=BULK),
    Scenario(
        "files_ops", "files", "create, stat, list, delete {n:,} files",
        script="""mkdir work && cd work || exit 1
i=0
while [ "$i" -lt {n} ]; do : > "f$i.txt"; i=$((i + 1)); done
stat -c %s -- *.txt | wc -l
ls -l | wc -l
rm -f -- *.txt
ls | wc -l
""",
        full={"n": 10000}, quick={"n": 200}),
    Scenario(
        "files_find_xargs", "files", "`find . -name '*.txt' | xargs wc -l` over {files:,} files",
        script="""cd "$DATA/tree" || exit 1
find . -name '*.txt' | xargs wc -l | awk '$2 != "total" {{ n++; s += $1 }} END {{ print n, s }}'
""",
        full={"files": 10000}, quick={"files": 400}),
    Scenario("sandbox_create", "sandboxes", "create and destroy {n:,} sandboxes (per sandbox)",
             kind="create_destroy", full={"n": 10000}, quick={"n": 100},
             target=Target("< 50 µs", absolute=50e-6, engines=("kefka-api",))),
    Scenario("sandbox_fork", "sandboxes", "fork a sandbox holding {files:,} files",
             kind="fork", full={"files": 100000}, quick={"files": 1000},
             target=Target("< 1 ms", absolute=1e-3, engines=("kefka-api",))),
    Scenario("session_memory", "sandboxes", "memory per idle session ({n:,} sessions)",
             kind="idle_memory", unit="bytes", full={"n": 1000}, quick={"n": 100},
             target=Target("< 256 KB", absolute=256 * 1024, engines=("kefka-api",))),
    Scenario(
        "parallel", "sandboxes",
        "{n} sessions in parallel, each a 1,000-iteration loop + `seq 1 1000 | grep -c 7`",
        kind="parallel",
        script="""i=0; while [ "$i" -lt 1000 ]; do i=$((i + 1)); done
seq 1 1000 | grep -c 7
""",
        full={"n": 64}, quick={"n": 4}),
]

# python3: kefka's CPython (WebAssembly compiled ahead of time) against the host's
# native python3, which is what bash runs.
PYTHON_STARTUP = Target("< 100 ms wall", absolute=0.1, engines=("kefka", "kefka-api"))
PYTHON_CPU = Target("≤ 2× native CPython", ratio=2.0)

SCENARIOS += [
    Scenario("python_startup", "python3", "`python3 -c pass`", script="python3 -c pass",
             target=PYTHON_STARTUP),
    Scenario(
        "python_cpu", "python3",
        "CPU-bound script: recursive fib({fib}), {n:,}-iteration arithmetic loop, dict and str work",
        script="""python3 -c '
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
s = 0
d = {{}}
for i in range({n}):
    s = (s * 31 + i * i) % 1000003
    d[i % 1000] = str(s)
print(fib({fib}), s, len("".join(d.values())))
'
""",
        full={"fib": 27, "n": 1000000}, quick={"fib": 15, "n": 2000}, target=PYTHON_CPU),
    Scenario("python_parallel", "python3",
             "{n} sessions in parallel, each `python3 -c` with json and a file write",
             kind="parallel",
             script="""python3 -c 'import json; open("out.json", "w").write(json.dumps(list(range(100))))'
wc -c < out.json
""",
             full={"n": 50}, quick={"n": 4}),
]

# Scenarios waiting for a feature of kefka.
PENDING = []
