#!/usr/bin/env python3
"""Every float32 input (all 2³² bit patterns, nan and inf left out) of a generated function,
against symact's own float64 NumPy kernel, on Dask (``pip install 'symact[dask]'``).

    python benchmarks/exhaustive_float32.py sigmoid                    # local cluster, one worker per core
    python benchmarks/exhaustive_float32.py gelu --derivative --limit 0.01
    python benchmarks/exhaustive_float32.py mish --scheduler tcp://10.0.0.5:8786

Before the sweep the float64 reference is checked against the 50-digit reference on the
sample of ``symact accuracy`` (≤ 4 ULP, no non-finite output); the run is refused otherwise.
Each task builds its inputs from its chunk index (``symact.codegen.exhaustive.evaluate_chunk``),
so no array of all inputs exists; workers of an existing cluster need symact installed. Prints
max ULP error, worst input and non-finite counts by region, the wall time and ns per input.
``--limit FRACTION`` takes every ⌈1/FRACTION⌉-th bit pattern (all binades, fewer inputs).
"""
from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import time


def _size(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+)\s*(?:\*\*\s*(\d+))?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"expected N or B**E, got {text!r}")
    n = int(m.group(1)) ** int(m.group(2)) if m.group(2) else int(m.group(1))
    if not 1 <= n <= 2**32:
        raise argparse.ArgumentTypeError("chunk size must be between 1 and 2**32")
    return n


def _fraction(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a fraction in (0, 1], got {text!r}") from None
    if not 0 < v <= 1:
        raise argparse.ArgumentTypeError(f"expected a fraction in (0, 1], got {text!r}")
    return v


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("name", help="a pointwise catalog activation")
    ap.add_argument("--derivative", action="store_true", help="the first derivative (from value_and_grad)")
    ap.add_argument("--scheduler", metavar="ADDRESS", help="an existing Dask scheduler (default: a local cluster)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="local cluster processes (default: cores)")
    ap.add_argument("--chunk", type=_size, default=2**24, help="inputs per task (default 2**24)")
    ap.add_argument("--limit", type=_fraction, default=1.0, help="a strided fraction of the bit patterns (default 1)")
    ap.add_argument("--backend", default="numpy", help="backend under test (default numpy)")
    ap.add_argument("--param", action="append", metavar="NAME=VALUE")
    return ap


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "uptime unavailable"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        from dask.distributed import Client, LocalCluster, as_completed
        from tqdm import tqdm
    except ImportError:
        print("the exhaustive sweep needs Dask: pip install 'symact[dask]'", file=sys.stderr)
        return 2
    from symact.codegen import numeric
    from symact.codegen.accuracy import interior_zeros, measure
    from symact.codegen.exhaustive import Stats, Sweep, evaluate_chunk
    from symact.core.errors import SymactError

    params = tuple((p.split("=", 1)[0].strip(), p.split("=", 1)[1].strip()) for p in args.param or [] if "=" in p)
    try:
        from symact.parse import parse_number
        ref = numeric(args.name, "numpy", **{k: parse_number(v) for k, v in params})
        if args.backend != "numpy":
            numeric(args.name, args.backend, **{k: parse_number(v) for k, v in params})
    except (SymactError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    what = "f'" if args.derivative else "f"
    check = measure(ref, ref.expr, "float64", interior_zeros(args.name) if not params else [], args.derivative)[-1]
    print(f"float64 reference {ref.name} {what}: {check.max_ulp:.3g} ULP max on the 50-digit sample "
          f"({check.nonfinite} non-finite)")
    if not (check.max_ulp <= 4 and check.nonfinite == 0):
        print(f"refused: the float64 kernel of {ref.name} {what} is {check.max_ulp:.3g} ULP off at x = {check.worst!r} "
              f"({check.nonfinite} non-finite) on the sample, over the 4 ULP a reference needs", file=sys.stderr)
        return 2

    sweep = Sweep(ref.name, params, args.backend, args.derivative, args.chunk, math.ceil(1 / args.limit))
    print(f"{sweep.chunks} chunks of {sweep.size} inputs, every {sweep.step}-th bit pattern; load: {uptime()}", flush=True)
    total = Stats()
    cluster = None
    try:
        if args.scheduler:
            client = Client(args.scheduler)
        else:
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0")
            client = Client(cluster)
        with client:
            start = time.perf_counter()  # the cluster is up: the sweep alone is timed
            futures = client.map(evaluate_chunk, [sweep] * sweep.chunks, range(sweep.chunks), pure=False)
            for fut in tqdm(as_completed(futures), total=len(futures), unit="chunk", file=sys.stdout):
                total.merge(fut.result())
                fut.release()
    finally:
        if cluster is not None:
            cluster.close()
    wall = time.perf_counter() - start
    workers = args.workers if not args.scheduler else None
    print(f"\n{ref.name} {what}, float32, {args.backend}: {total.inputs} inputs in {wall:.1f} s "
          f"({wall / total.inputs * 1e9:.2f} ns per input wall"
          + (f", {wall * workers / total.inputs * 1e9:.2f} ns per input per worker, {workers} workers)" if workers else ")"))
    print(f"load after: {uptime()}")
    print(f"{'region':<10}{'max ULP':>12}{'non-finite':>12}{'no reference':>14}{'inputs':>14}  worst input")
    for i, row in enumerate(total.rows()):
        print(f"{row.region:<10}{row.max_ulp:>12.4g}{row.nonfinite:>12}{total.noref[i]:>14}{row.count:>14}  {row.worst!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
