// In-process driver for the just-bash peer of the kefka benchmark suite.
// Reads one JSON request per line on stdin and answers one JSON line on stdout
// (protocol shared with kefka_bench_driver.cpp; see bench/bench.py).
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Bash, InMemoryFs, MountableFs, OverlayFs } from "just-bash";

// Raised so that large inputs and long loops are measured, not refused. Only the
// wall-clock limit stays, set per request to the harness's timeout.
const kRaisedLimits = {
  maxSourceBytes: 1 << 30,
  maxCallDepth: 10000,
  maxCommandCount: Number.MAX_SAFE_INTEGER,
  maxLoopIterations: Number.MAX_SAFE_INTEGER,
  maxAwkIterations: Number.MAX_SAFE_INTEGER,
  maxSedIterations: Number.MAX_SAFE_INTEGER,
  maxWorkUnits: Number.MAX_SAFE_INTEGER,
  maxTraversalEntries: Number.MAX_SAFE_INTEGER,
  maxTraversalWork: Number.MAX_SAFE_INTEGER,
  maxLiveBytes: 8 * 2 ** 30,
  maxInputBytes: 8 * 2 ** 30,
  maxFileSystemBytes: 8 * 2 ** 30,
  maxStringLength: 2 ** 30,
  maxArrayElements: Number.MAX_SAFE_INTEGER,
  maxGlobOperations: Number.MAX_SAFE_INTEGER,
  maxBraceExpansionResults: Number.MAX_SAFE_INTEGER,
  maxOutputSize: 8 * 2 ** 30,
  maxHeredocSize: 2 ** 30,
};

// The default layout (/home/user, /tmp, /bin stubs) is only made for Bash's own
// filesystem; a custom one gets the folders the scenarios use.
async function newBash(request) {
  const limits = { ...kRaisedLimits, maxExecutionTimeMs: request.timeout_ms || 600000 };
  const options = { executionLimits: limits, env: { LC_ALL: "C" } };
  if (request.data_dir) {
    options.fs = new MountableFs({
      base: new InMemoryFs(),
      mounts: [
        {
          mountPoint: request.data_mount,
          filesystem: new OverlayFs({
            root: request.data_dir,
            mountPoint: "/",
            readOnly: true,
            maxFileReadSize: 2 ** 31,
          }),
        },
      ],
    });
  }
  const bash = new Bash(options);
  if (request.data_dir) {
    await bash.fs.mkdir("/home/user", { recursive: true });
    await bash.fs.mkdir("/tmp", { recursive: true });
  }
  return bash;
}

const kVersion = JSON.parse(
  readFileSync(new URL("../node_modules/just-bash/package.json", import.meta.url), "utf8"),
).version;

const now = () => Number(process.hrtime.bigint()) / 1e9;

function rssBytes() {
  if (global.gc) global.gc();
  return process.memoryUsage().rss;
}

async function handle(request) {
  switch (request.op) {
    case "hello":
      return { engine: "just-bash", version: kVersion };
    case "exec": {
      let start = now();
      const bash = await newBash(request);
      if (!request.include_create) start = now();
      const result = await bash.exec(request.script, { rawScript: true });
      const seconds = now() - start;
      return {
        seconds,
        status: result.exitCode,
        stdout: String(result.stdout).slice(0, 65536),
        stderr: String(result.stderr).slice(0, 4096),
      };
    }
    case "create_destroy": {
      // Stops early past max_seconds, so a slow engine still gets a per-sandbox figure.
      const start = now();
      let done = 0;
      while (done < request.count && now() - start < (request.max_seconds || Infinity)) {
        await newBash({});
        done++;
      }
      return { seconds: (now() - start) / done, count: done };
    }
    case "idle_memory": {
      const sessions = [];
      const before = rssBytes();
      for (let i = 0; i < request.count; i++) {
        const bash = await newBash({});
        await bash.exec(":");
        sessions.push(bash);
      }
      const after = rssBytes();
      return { bytes: (after - before) / sessions.length };
    }
    case "parallel": {
      const sessions = [];
      for (let i = 0; i < request.sessions; i++) sessions.push(await newBash(request));
      const start = now();
      const results = await Promise.all(sessions.map((b) => b.exec(request.script, { rawScript: true })));
      const seconds = now() - start;
      const failed = results.filter((r) => r.exitCode !== 0);
      return {
        seconds,
        status: failed.length ? failed[0].exitCode : 0,
        stdout: String(results[0].stdout).slice(0, 65536),
        stderr: failed.length ? String(failed[0].stderr).slice(0, 4096) : "",
      };
    }
    default:
      return { unsupported: `just-bash has no equivalent of '${request.op}'` };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let reply;
  try {
    reply = await handle(JSON.parse(line));
  } catch (error) {
    reply = { error: String(error && error.stack ? error.stack : error).slice(0, 2000) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
