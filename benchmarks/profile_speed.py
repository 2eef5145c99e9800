#!/usr/bin/env python3
"""How long profiling takes: every `symact show NAME` as a fresh process (cold, import included),
and the whole catalog in one process, cold (first profile) and warm (profiles cached).

    python benchmarks/profile_speed.py            # table for every catalog entry
    python benchmarks/profile_speed.py gelu mish  # only these

Targets (issue 2): every `symact show NAME` under 2 s wall, the whole catalog under 60 s cold.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def show_wall(name: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "symact", "show", name], check=True, capture_output=True)
    return time.perf_counter() - start


def catalog_in_process(names: list[str]) -> tuple[float, float]:
    code = f"""
import time, symact
from symact.vector import vector_profile
names = {names!r}
def run():
    for n in names:
        r = symact.get(n)
        (r.profile() if r.kind == 'pointwise' else vector_profile(r)).facts()
t = time.perf_counter(); run(); cold = time.perf_counter() - t
t = time.perf_counter(); run(); warm = time.perf_counter() - t
print(cold, warm)
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    cold, warm = map(float, out.split())
    return cold, warm


def main(argv: list[str]) -> int:
    import symact
    names = argv or symact.names()
    # A regular `pip install` byte-compiles the package; an editable install under
    # PYTHONDONTWRITEBYTECODE=1 (this machine's default) would recompile it in every process.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(symact.__file__).parent)], check=True)
    print("(symact byte-compiled first, as a regular pip install does)")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import symact"], check=True)
    import_s = time.perf_counter() - start
    print(f"python -c 'import symact': {import_s:.2f} s\n")
    print(f"{'activation':<20} {'symact show (s)':>16}")
    walls = []
    for n in names:
        w = show_wall(n)
        walls.append((w, n))
        flag = "  > 2 s" if w > 2 else ""
        print(f"{n:<20} {w:>16.2f}{flag}")
    walls.sort()
    total = sum(w for w, _ in walls)
    print(f"\nshow, fresh process each: median {walls[len(walls) // 2][0]:.2f} s, max {walls[-1][0]:.2f} s "
          f"({walls[-1][1]}), {sum(w > 2 for w, _ in walls)} over 2 s, sum {total:.1f} s")
    cold, warm = catalog_in_process(names)
    print(f"whole catalog in one process: cold {cold:.1f} s, warm (cached) {warm:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
