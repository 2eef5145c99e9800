"""Speed of the C backend against the NumPy backend: ns per element, forward and fused
value + derivative, float64 and float32, 1 and 2 OpenMP threads; and the compile time per entry.

    python benchmarks/c_speed.py [--n 10000000] [--repeat 3] [NAME ...]

Compile times are measured in a fresh temporary cache (one compiler run per activation);
``SYMACT_C_VECTOR=0`` measures the portable scalar build (no -march=native, no libmvec).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

import symact
from symact.codegen import c_backend

DEFAULT = ("sigmoid", "gelu", "mish", "softplus", "silu")


def _best(fn, x, repeat: int) -> float:
    fn(x[:1000])
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn(x)
        best = min(best, time.perf_counter() - t)
    return best / x.size * 1e9


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", default=list(DEFAULT))
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ["SYMACT_CACHE_DIR"] = tempfile.mkdtemp(prefix="symact-speed-")
    rng = np.random.default_rng(0)
    x64 = rng.uniform(-10, 10, args.n)
    xs = {"float64": x64, "float32": x64.astype(np.float32)}
    copy = {k: _best(lambda a: a.copy(), v, args.repeat) for k, v in xs.items()}
    print(f"{args.n:.0e} elements, best of {args.repeat}; ns/element (a plain copy: "
          f"{copy['float64']:.2f} float64, {copy['float32']:.2f} float32)")
    print(f"{'name':<10}{'dtype':<9}{'compile s':>10}{'numpy f':>9}{'C f 1t':>8}{'C f 2t':>8}"
          f"{'numpy vg':>10}{'C vg 1t':>9}{'C vg 2t':>9}")
    for name in args.names:
        ref = symact.numeric(name)
        t = time.perf_counter()
        fc = c_backend.build(ref.name, ref.expr, ref.stable, ref.derivative, ref.limits)
        compile_s = time.perf_counter() - t
        if name == args.names[0]:
            print("built with", " ".join(c_backend.FLAGS + c_backend.last_flags()))
        for dtype, x in xs.items():
            row = [_best(ref, x, args.repeat)]
            for threads in (1, 2):
                c_backend.set_num_threads(threads)
                row.append(_best(fc, x, args.repeat))
            row.append(_best(ref.value_and_grad, x, args.repeat))
            for threads in (1, 2):
                c_backend.set_num_threads(threads)
                row.append(_best(fc.value_and_grad, x, args.repeat))
            print(f"{name:<10}{dtype:<9}{compile_s:>10.2f}{row[0]:>9.1f}{row[1]:>8.1f}{row[2]:>8.1f}"
                  f"{row[3]:>10.1f}{row[4]:>9.1f}{row[5]:>9.1f}")


if __name__ == "__main__":
    main()
