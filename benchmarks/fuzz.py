#!/usr/bin/env python3
"""Grammar-based fuzzing at scale: how many random expressions were answered, refused, crashed,
ran past 10 s, or had a proved/certified fact that dense samples contradict.

    python benchmarks/fuzz.py [COUNT] [SEED]      # default 300 expressions, seed 0
"""
from __future__ import annotations

import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzzing import SECONDS, analyse, disagreements, random_expression  # noqa: E402


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 300
    seed = int(argv[1]) if len(argv) > 1 else 0
    rng = random.Random(seed)
    counts = {"inputs": 0, "answered": 0, "refused": 0, "tracebacks": 0, "over 10 s": 0, "disagreements": 0}
    slowest = (0.0, "")
    start = time.monotonic()
    for _ in range(count):
        text = random_expression(rng)
        counts["inputs"] += 1
        try:
            p, seconds = analyse(text)
        except Exception:  # noqa: BLE001 - counted and shown
            counts["tracebacks"] += 1
            print(f"TRACEBACK {text!r}\n{traceback.format_exc(limit=3)}")
            continue
        slowest = max(slowest, (seconds, text))
        if seconds > SECONDS:
            counts["over 10 s"] += 1
            print(f"SLOW {seconds:.1f} s {text!r}")
        if p is None:
            counts["refused"] += 1
            continue
        counts["answered"] += 1
        bad = disagreements(p)
        if bad:
            counts["disagreements"] += 1
            print(f"DISAGREES {text!r}: {bad}")
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    print(f"slowest: {slowest[0]:.1f} s for {slowest[1]!r}; total {time.monotonic() - start:.0f} s")
    return 0 if counts["tracebacks"] == counts["over 10 s"] == counts["disagreements"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
