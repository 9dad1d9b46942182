"""Unit tests of the benchmark harness: python3 -m unittest discover -s bench -p 'test_*.py'

They use fake engines, so they run in a second and need neither kefka nor the peers.
"""

import hashlib
import sys
import tempfile
import types
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen  # noqa: E402
import report  # noqa: E402
from bench import Runner  # noqa: E402
from engines import Engine, ProcessEngine, Sample  # noqa: E402
from scenarios import BULK, SCENARIOS, STARTUP, Scenario  # noqa: E402


class FakeEngine(Engine):
    """Answers every exec with the next of `answers` (Samples), recording calls."""

    def __init__(self, name, answers, label=None):
        self.name = name
        self.label = label or name
        self.data_path = "/data"
        self.answers = list(answers)
        self.calls = 0

    def exec(self, scenario, script, timeout, include_create=False):
        self.calls += 1
        return self.answers[min(self.calls - 1, len(self.answers) - 1)]


def runner(quick=False):
    return Runner(types.SimpleNamespace(timeout=5.0), quick)


def ok(value, stdout="7\n", status=0):
    return Sample(value=value, status=status, stdout=stdout)


SCENARIO = Scenario("demo", "group", "demo", script="echo 7", target=BULK)


class RunnerTest(unittest.TestCase):
    def test_warm_up_is_discarded_and_median_taken(self):
        r = runner()
        bash = FakeEngine("bash", [ok(3.0), ok(1.0), ok(3.0), ok(2.0), ok(2.0), ok(2.0)])
        cell = r.measure(bash, SCENARIO)
        self.assertEqual(bash.calls, 6)  # warm-up + 5 measured runs
        self.assertEqual(cell.samples, [1.0, 3.0, 2.0, 2.0, 2.0])
        self.assertEqual(cell.median, 2.0)
        self.assertAlmostEqual(cell.spread, 0.5)

    def test_a_slow_warm_up_is_followed_by_one_run(self):
        engine = FakeEngine("bash", [ok(5.0), ok(4.5), ok(4.5)])
        cell = runner().measure(engine, SCENARIO)
        self.assertEqual((engine.calls, cell.samples), (2, [4.5]))

    def test_a_very_slow_run_is_made_once(self):
        engine = FakeEngine("bash", [ok(15.0), ok(14.0)])
        cell = runner().measure(engine, SCENARIO)
        self.assertEqual((engine.calls, cell.samples), (1, [15.0]))

    def test_quick_mode_is_one_run_without_warm_up(self):
        engine = FakeEngine("bash", [ok(1.0), ok(2.0)])
        cell = runner(quick=True).measure(engine, SCENARIO)
        self.assertEqual((engine.calls, cell.samples), (1, [1.0]))

    def test_different_output_is_reported_not_hidden(self):
        r = runner()
        r.measure(FakeEngine("bash", [ok(1.0)]), SCENARIO)
        cell = r.measure(FakeEngine("peer", [ok(0.5, stdout="8\n")]), SCENARIO)
        self.assertIn("output differs", cell.wrong_output)
        text = report._cell_text(cell, None, SCENARIO, lambda t: 1, "peer")
        self.assertIn("wrong output", text)

    def test_refusal_is_a_failure_with_its_message(self):
        r = runner()
        r.measure(FakeEngine("bash", [ok(1.0)]), SCENARIO)
        refused = Sample(value=0.1, status=1, stderr="peer: input too large\n")
        cell = r.measure(FakeEngine("peer", [refused]), SCENARIO)
        self.assertIsNone(cell.median)
        self.assertIn("status 1", cell.failure)
        self.assertIn("input too large", cell.failure)

    def test_peers_get_three_times_bash_before_timing_out(self):
        r = runner()
        r.measure(FakeEngine("bash", [ok(10.0)]), SCENARIO)
        self.assertEqual(r.timeout_for(FakeEngine("bash", []), SCENARIO), 120.0)
        self.assertEqual(r.timeout_for(FakeEngine("peer", []), SCENARIO), 30.0)
        self.assertEqual(r.timeout_for(FakeEngine("peer", []), SCENARIOS[0]), 5.0)

    def test_timeout_and_crash_are_failures(self):
        for failure in ("timeout (> 5 s)", "crashed (SIGSEGV)"):
            cell = runner().measure(FakeEngine("peer", [Sample(failure=failure)]), SCENARIO)
            self.assertEqual(cell.failure, failure)


class VerdictTest(unittest.TestCase):
    def cells(self, bash, kefka):
        r = runner()
        b = r.measure(FakeEngine("bash", [ok(bash)] * 6), SCENARIO)
        k = r.measure(FakeEngine("kefka", [ok(kefka)] * 6), SCENARIO)
        return b, k

    def test_ratio_target(self):
        b, k = self.cells(1.0, 1.2)
        self.assertEqual(report._verdict(SCENARIO, {"kefka": k}, b, ["kefka"]), "CLI ✓ 1.20×")
        b, k = self.cells(1.0, 2.0)
        self.assertEqual(report._verdict(SCENARIO, {"kefka": k}, b, ["kefka"]), "CLI ✗ 2.00×")

    def test_startup_api_target_is_absolute(self):
        scenario = Scenario("s", "g", "t", script="echo 7", target=STARTUP)
        r = runner()
        b = r.measure(FakeEngine("bash", [ok(0.003)] * 6), scenario)
        api = r.measure(FakeEngine("kefka-api", [ok(0.0004)] * 6), scenario)
        verdict = report._verdict(scenario, {"kefka-api": api}, b, ["kefka-api"])
        self.assertEqual(verdict, "API ✓ 400 µs")


class FormatTest(unittest.TestCase):
    def test_units(self):
        self.assertEqual(report.format_value(0.0123, "s"), "12.3 ms")
        self.assertEqual(report.format_value(42e-6, "s"), "42 µs")
        self.assertEqual(report.format_value(2.5, "s"), "2.5 s")
        self.assertEqual(report.format_value(300 * 1024, "bytes"), "300.0 KB")

    def test_big_speed_ups_show_the_factor(self):
        self.assertEqual(report.format_ratio(0.85), "0.85×")
        self.assertEqual(report.format_ratio(0.004), "0.004× (250× faster)")


class ScenarioTest(unittest.TestCase):
    def test_every_issue_scenario_is_present(self):
        names = {s.name for s in SCENARIOS}
        for wanted in ("startup_echo", "startup_empty", "loop_builtins", "function_calls",
                       "substitutions", "dispatch", "pipe_grep", "pipe_sort_uniq", "bulk_wc",
                       "bulk_grep", "bulk_sort", "bulk_sed", "bulk_awk", "bulk_cut", "bulk_tr",
                       "bulk_cat", "bulk_sort_n", "bulk_sha256", "bulk_gzip", "files_ops", "files_find_xargs", "sandbox_create", "sandbox_fork",
                       "session_memory", "parallel"):
            self.assertIn(wanted, names)

    def test_scripts_run_under_bash_and_busybox_sh(self):
        # The quick scripts are valid POSIX sh: busybox's ash must parse them too.
        for scenario in SCENARIOS:
            if scenario.script:
                script = scenario.render(quick=True)
                for shell in (["bash", "-n", "-c"], ["busybox", "sh", "-n", "-c"]):
                    engine = ProcessEngine("t", "t", lambda s, sh=shell: sh + [s], "/tmp")
                    sample = engine.exec(scenario, script, 10)
                    self.assertEqual(sample.status, 0, f"{shell[0]}: {scenario.name}: "
                                     f"{sample.stderr}")


class DatagenTest(unittest.TestCase):
    def test_quick_inputs_are_deterministic(self):
        with tempfile.TemporaryDirectory() as tmp:
            folder = datagen.ensure(Path(tmp), "quick", lambda m: None)
            text = (folder / "text.txt").read_bytes()
            self.assertLessEqual(len(text), 250 * 1000)
            self.assertEqual(hashlib.md5(text).hexdigest(), "797d33596915eb68e1b8831ac5d8c467")
            files = sorted(p for p in (folder / "tree").rglob("*") if p.is_file())
            self.assertEqual(len(files), 400)
            first = text.split(b"\n", 1)[0].split(b"\t")
            self.assertTrue(first[0].isdigit())
            self.assertEqual(len(first), 4)


if __name__ == "__main__":
    unittest.main()
