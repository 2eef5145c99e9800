#!/usr/bin/env python3
"""How long profiling takes, and whether it is deterministic.

    python benchmarks/profile_speed.py             # every catalog entry
    python benchmarks/profile_speed.py gelu mish   # only these

Prints, for every entry: `symact show NAME` as a fresh process (cold, import included, answered
from the derived-fact store) and a live derivation of its profile in one process; then the whole
catalog derived cold and warm, the steps its SymPy calls used, and whether two derivations under
different hash seeds, one on a machine kept busy, agree byte for byte.

Targets (issue 8): every `symact show NAME` under 1 s cold, import included.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LIVE = r"""
import json, sys, time
from symact import api
from symact.catalog import get
out = {}
for name in sys.argv[1:]:
    r = get(name)
    t = time.perf_counter()
    p = api.profile(r) if r.kind == "pointwise" else api.vector_profile(r)
    p.facts()
    steps = sum(u for _, u, _, _ in p.analysis.budget.log) if r.kind == "pointwise" else 0
    out[name] = (time.perf_counter() - t, steps)
t = time.perf_counter()
for name in sys.argv[1:]:
    r = get(name)
    (api.profile(r) if r.kind == "pointwise" else api.vector_profile(r)).facts()
out["_warm"] = time.perf_counter() - t
print(json.dumps(out))
"""

DERIVE = "import sys; from symact.store.build import derive, serialise; sys.stdout.write(serialise(derive()))"


def show_wall(name: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "symact", "show", name], check=True, capture_output=True)
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    import symact
    names = argv or symact.names()
    # a regular install byte-compiles; an editable one under PYTHONDONTWRITEBYTECODE would not
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(symact.__file__).parent)], check=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import symact"], check=True)
    print(f"python -c 'import symact': {time.perf_counter() - start:.2f} s (lazy: SymPy is not loaded)")
    env = dict(os.environ, SYMACT_NO_CACHE="1")
    live = json.loads(subprocess.run([sys.executable, "-c", LIVE, *names], check=True, capture_output=True,
                                     text=True, env=env).stdout)
    print(f"\n{'activation':<20} {'show, cold (s)':>15} {'derive (s)':>11} {'SymPy steps':>12}")
    walls = []
    for n in names:
        w = show_wall(n)
        walls.append((w, n))
        d, steps = live[n]
        print(f"{n:<20} {w:>15.2f} {d:>11.2f} {steps:>12,}" + ("  > 1 s" if w > 1 else ""))
    walls.sort()
    cold = sum(live[n][0] for n in names)
    derive = sorted((live[n][0], n) for n in names)
    print(f"\nsymact show, fresh process each: median {walls[len(walls) // 2][0]:.2f} s, max {walls[-1][0]:.2f} s "
          f"({walls[-1][1]}), {sum(w > 1 for w, _ in walls)} over 1 s")
    print(f"live derivation: median {derive[len(derive) // 2][0]:.2f} s, max {derive[-1][0]:.2f} s ({derive[-1][1]}); "
          f"whole catalog cold {cold:.1f} s, warm (cached) {live['_warm']:.3f} s")
    if argv:
        return 0
    store = (ROOT / "symact" / "store" / "catalog.json").read_text(encoding="utf-8")
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        runs = [subprocess.run([sys.executable, "-c", DERIVE], capture_output=True, text=True, check=True,
                               env=dict(env, PYTHONHASHSEED=seed)).stdout for seed in ("1", "2")]
    finally:
        for b in burners:
            b.kill()
    same = all(r == store for r in runs)
    print(f"determinism: two derivations under load (hash seeds 1, 2) {'match' if same else 'DIFFER FROM'} the store")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
