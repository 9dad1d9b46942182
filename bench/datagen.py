"""Deterministic benchmark inputs, generated once into bench/.data/<size>/.

The text file has the shape the bulk-text scenarios need: a number in the first
field (awk sums it), tab-separated fields (cut -f), words from a fixed vocabulary
(grep, sed and tr find something to do). The same seed gives the same bytes on
every machine and Python version (only Random.random() and getrandbits() are used,
whose output CPython keeps stable).
"""

import os
import random
import shutil
from pathlib import Path

# Bumped whenever the generated content changes, so stale caches are rebuilt.
FORMAT_VERSION = "1"
SEED = 20261127

SIZES = {
    "full": {"text_bytes": 100 * 1000 * 1000, "tree_dirs": 20, "tree_subdirs": 10, "tree_files": 25},
    "quick": {"text_bytes": 250 * 1000, "tree_dirs": 4, "tree_subdirs": 5, "tree_files": 10},
}


def _vocabulary(rng):
    syllables = ["ka", "fe", "lo", "mi", "ra", "tu", "sen", "dor", "vi", "qua", "ne", "zo", "pli", "gar"]
    words = {"alpha", "beta", "gamma", "delta", "kefka", "sandbox", "shell", "the", "of", "and"}
    while len(words) < 2000:
        n = 1 + int(rng.random() * 4)
        words.add("".join(syllables[int(rng.random() * len(syllables))] for _ in range(n)))
    return sorted(words)


def _write_text(path, size):
    rng = random.Random(SEED)
    vocab = _vocabulary(rng)
    nv = len(vocab)
    rnd = rng.random
    written = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="ascii", newline="\n") as out:
        chunk = []
        chunk_bytes = 0
        while written < size:
            words = " ".join(vocab[int(rnd() * nv)] for _ in range(3 + int(rnd() * 7)))
            key = vocab[int(rnd() * nv)]
            line = f"{int(rnd() * 1000000)}\t{words}\t{key}\t{int(rnd() * 100)}\n"
            if written + len(line) > size:
                break
            chunk.append(line)
            chunk_bytes += len(line)
            written += len(line)
            if chunk_bytes > 1 << 20:
                out.write("".join(chunk))
                chunk, chunk_bytes = [], 0
        out.write("".join(chunk))
    os.replace(tmp, path)


def _write_tree(root, dirs, subdirs, files):
    tmp = root.with_name(root.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    for d in range(dirs):
        for s in range(subdirs):
            folder = tmp / f"d{d}" / f"s{s}"
            folder.mkdir(parents=True)
            for f in range(files):
                lines = 1 + (d + s + f) % 5
                body = "".join(f"line {i} of file {f}\n" for i in range(lines))
                (folder / f"f{f}.txt").write_text(body)
                (folder / f"f{f}.log").write_text(body)
    shutil.rmtree(root, ignore_errors=True)
    os.replace(tmp, root)


def ensure(data_root: Path, size: str, log) -> Path:
    """Returns bench/.data/<size>, generating what is missing or stale."""
    spec = SIZES[size]
    folder = data_root / size
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "STAMP"
    want = f"{FORMAT_VERSION} {SEED} {sorted(spec.items())}"
    if stamp.exists() and stamp.read_text() == want and (folder / "text.txt").exists() and (folder / "tree").is_dir():
        return folder
    log(f"generating inputs in {folder} (once; cached)")
    stamp.unlink(missing_ok=True)
    _write_text(folder / "text.txt", spec["text_bytes"])
    _write_tree(folder / "tree", spec["tree_dirs"], spec["tree_subdirs"], spec["tree_files"])
    stamp.write_text(want)
    return folder
