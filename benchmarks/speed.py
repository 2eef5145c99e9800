#!/usr/bin/env python3
"""Speed of the generated functions against PyTorch CPU and naive ``sympy.lambdify``.

    python benchmarks/speed.py               # 10**7 elements, the list below, prints the table
    python benchmarks/speed.py --write       # … and writes docs/speed.md
    python benchmarks/speed.py --quick       # 10**6 elements, 3 activations (a smoke test)
    python benchmarks/speed.py --only gelu,mish --threads 1

For each activation, float32 and float64, two passes: **forward** (f(x)) and **value+derivative**
(symact: ``f.value_and_grad(x)``, one fused pass; PyTorch: autograd forward + backward with
``torch.autograd.grad``; lambdify: the textbook f and f′, one after the other). Columns:

* symact numpy (NumPy ufunc chains: one thread), symact C (``backend="c"``, OpenMP loops with
  ``--threads`` threads; the column is skipped with a note when the C backend is unavailable),
  symact torch (``backend="torch"``, torch's intra-op threads);
* PyTorch CPU's own ``torch.nn.functional`` with ``torch.set_num_threads(--threads)``, and the
  same with PyTorch's transparent-huge-page allocator (``THP_MEM_ALLOC_ENABLE=1``, read when torch
  is imported, so both PyTorch columns run in fresh subprocesses);
* naive ``sympy.lambdify`` of the textbook formula (numpy + scipy).

Each cell is nanoseconds per element (median of ``--reps`` runs after one warm-up) and, in
parentheses, its ratio to a plain array copy of the same size (``np.copyto``). Inputs are
N(0, 3²) samples. The machine may be shared: the table notes the load average.

The list: every catalog activation PyTorch implements itself (``symact.codegen.frameworks.TORCH``,
at the catalog's default parameters: the 25 the accuracy benchmark compares with PyTorch).
Targets (issue 10): median over the list no slower than PyTorch CPU forward, and the fused
value+derivative no slower than PyTorch's autograd forward + backward. The summary gives the
median over both dtypes, each dtype alone, and the 12 activations of the earlier runs.

PyTorch's huge-page switch only changes its allocator (2 MB-aligned blocks with
``madvise(MADV_HUGEPAGE)``); NumPy, which allocates symact's outputs, already advises huge pages
for large arrays, so the THP column is PyTorch at the same allocation cost as symact.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from symact.codegen.frameworks import TORCH  # catalog name -> PyTorch's own function

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "speed.md"

# Every catalog activation PyTorch implements itself (symact.codegen.frameworks.TORCH, at the
# catalog's default parameters, the table the accuracy benchmark compares against): the median
# "over the catalog" is over these, each in float32 and float64.
NAMES = list(TORCH)
# The list of the runs before 2026-11-30 (docs/speed.md then), summarised separately for comparison.
EARLIER = ["sigmoid", "tanh", "softplus", "elu", "selu", "gelu", "gelu_tanh", "swish", "mish", "hard_swish",
           "softsign", "relu6"]
QUICK = ["sigmoid", "gelu", "mish"]
DTYPES = ("float32", "float64")
PASSES = ("forward", "value+derivative")
COLUMNS = ("symact numpy", "symact C", "symact torch", "PyTorch", "PyTorch THP", "lambdify")


def inputs(n: int, dtype: str) -> np.ndarray:
    return (np.random.default_rng(0).standard_normal(n) * 3).astype(dtype)


def timed(fn, n: int, reps: int) -> float:
    """Median nanoseconds per element of ``fn()`` over ``reps`` runs after one warm-up."""
    fn()
    runs = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) / n * 1e9


def torch_native(names: list[str], n: int, reps: int, threads: int) -> dict:
    """{name: {dtype: {pass: ns/element}}} for PyTorch's own functions (run in a fresh process)."""
    import torch
    torch.set_num_threads(threads)
    out = {}
    for name in names:
        entry = TORCH.get(name)
        if entry is None:
            continue
        fn = entry.build(torch)
        out[name] = {}
        for dt in DTYPES:
            x = torch.from_numpy(inputs(n, dt))
            g = torch.ones_like(x)

            def forward(fn=fn, x=x):
                with torch.no_grad():
                    fn(x)

            def both(fn=fn, x=x, g=g):
                xr = x.detach().requires_grad_()
                torch.autograd.grad(fn(xr), xr, g)
            out[name][dt] = {"forward": timed(forward, n, reps), "value+derivative": timed(both, n, reps)}
    return out


def torch_native_subprocess(names, n, reps, threads, thp: bool) -> tuple[dict | None, str]:
    env = {k: v for k, v in os.environ.items() if k != "THP_MEM_ALLOC_ENABLE"}
    if thp:
        env["THP_MEM_ALLOC_ENABLE"] = "1"
    cmd = [sys.executable, __file__, "--torch-native", ",".join(names), "--n", str(n), "--reps", str(reps),
           "--threads", str(threads)]
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if run.returncode != 0:
        return None, (run.stderr.strip().splitlines() or ["failed"])[-1][:160]
    return json.loads(run.stdout.strip().splitlines()[-1]), ""


def symact_columns(names, n, reps, threads, notes: list[str]) -> dict:
    """{column: {name: {dtype: {pass: ns/element}}}} for the symact backends and lambdify."""
    import symact
    from symact.codegen.accuracy import naive
    out = {c: {} for c in ("symact numpy", "symact C", "symact torch", "lambdify")}
    torch = None
    try:
        import torch
        torch.set_num_threads(threads)
    except ImportError:
        notes.append("symact torch: PyTorch is not installed")
    c_ok = True
    for name in names:
        print(f"timing {name} …", file=sys.stderr, flush=True)
        f = symact.numeric(name)
        built = {"symact numpy": f, "lambdify": naive(f.expr)}
        for column, backend in (("symact C", "c"), ("symact torch", "torch")):
            if (backend == "c" and not c_ok) or (backend == "torch" and torch is None):
                continue
            try:
                module = importlib.import_module(f"symact.codegen.{backend}_backend")
                built[column] = module.build(f.name, f.expr, f.stable, f.derivative, f.limits)
                if backend == "c" and hasattr(module, "set_num_threads"):
                    module.set_num_threads(threads)
                if backend == "c" and hasattr(module, "last_flags"):
                    notes.append("symact C: built with " + " ".join(module.FLAGS + module.last_flags()))
            except Exception as exc:  # noqa: BLE001 - a backend that cannot build here is a skipped column
                if backend == "c":
                    c_ok = False
                notes.append(f"{column}: skipped ({type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''})")
        for column, g in built.items():
            out[column][name] = {}
            for dt in DTYPES:
                x = inputs(n, dt)
                if column == "symact torch":
                    x = torch.from_numpy(x)
                out[column][name][dt] = {"forward": timed(lambda g=g, x=x: g(x), n, reps),
                                         "value+derivative": timed(lambda g=g, x=x: g.value_and_grad(x), n, reps)}
    return out


def copy_cost(n: int, reps: int) -> dict:
    out = {}
    for dt in DTYPES:
        src, dst = inputs(n, dt), np.empty(n, dt)
        out[dt] = timed(lambda dst=dst, src=src: np.copyto(dst, src), n, reps)
    return out


def cell(ns: float | None, copy: float) -> str:
    return "—" if ns is None else f"{ns:.2f} ({ns / copy:.1f}×)"


def sharing(load: tuple, threads: int | None) -> str:
    """What the 15-minute load average says about other work beside the benchmark's own threads."""
    own = threads or os.cpu_count() or 1
    return "the machine was shared" if load[2] > own + 0.5 else "nothing else running, by the load"


def table(names, results: dict, copy: dict) -> list[str]:
    head = ["activation", "dtype", "pass", "copy ns/el", *COLUMNS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        for dt in DTYPES:
            for p in PASSES:
                cells = [cell(results.get(c, {}).get(name, {}).get(dt, {}).get(p), copy[dt]) for c in COLUMNS]
                lines.append(f"| {name} | {dt} | {p} | {copy[dt]:.2f} | " + " | ".join(cells) + " |")
    return lines


def _ratios(ours, theirs, p, names, dtypes, results) -> list[float]:
    return [results[ours][nm][dt][p] / results[theirs][nm][dt][p] for nm in names for dt in dtypes
            if nm in results.get(ours, {}) and nm in results.get(theirs, {})]


def summary(names, results) -> list[str]:
    """Median over the list of (symact column) / (PyTorch column), per pass: over both dtypes, then
    each dtype alone, then (for the C backend) over the list of the earlier runs."""
    out = []
    for ours in ("symact C", "symact torch", "symact numpy"):
        for theirs in ("PyTorch", "PyTorch THP"):
            for p in PASSES:
                groups = [("", names, DTYPES)]
                if ours == "symact C":
                    groups += [(f" ({dt} only)", names, (dt,)) for dt in DTYPES]
                    earlier = [nm for nm in EARLIER if nm in names]
                    if len(earlier) < len(names):
                        groups.append((f" (the {len(earlier)} activations of the earlier runs)", earlier, DTYPES))
                for label, group, dtypes in groups:
                    ratios = _ratios(ours, theirs, p, group, dtypes, results)
                    if ratios:
                        out.append(f"- {ours} / {theirs}, {p}{label}: median time ratio {statistics.median(ratios):.2f} "
                                   f"over {len(ratios)} (range {min(ratios):.2f}–{max(ratios):.2f}; "
                                   f"{sum(r <= 1 for r in ratios)} no slower; below 1 is faster)")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10**6 elements, 3 activations, 3 runs")
    ap.add_argument("--write", action="store_true", help="write docs/speed.md")
    ap.add_argument("--only", help="comma-separated activation names")
    ap.add_argument("--n", type=int, help="elements (default 10**7, --quick 10**6)")
    ap.add_argument("--reps", type=int, help="timed runs per cell (default 5, --quick 3)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="threads for C and PyTorch (default: all cores)")
    ap.add_argument("--torch-native", help=argparse.SUPPRESS)  # internal: the PyTorch columns, as JSON
    args = ap.parse_args(argv)
    n = args.n or (10**6 if args.quick else 10**7)
    reps = args.reps or (3 if args.quick else 5)
    if args.torch_native:
        print(json.dumps(torch_native(args.torch_native.split(","), n, reps, args.threads)))
        return 0
    names = args.only.split(",") if args.only else (QUICK if args.quick else NAMES)
    notes: list[str] = []
    started = time.time()
    copy = copy_cost(n, reps)
    results: dict = {c: {} for c in COLUMNS}
    for name in names:  # one activation at a time, all columns: a shared machine's load hits them alike
        for column, got in symact_columns([name], n, reps, args.threads, notes).items():
            results[column].update(got)
        for column, thp in (("PyTorch", False), ("PyTorch THP", True)):
            got, why = torch_native_subprocess([name], n, reps, args.threads, thp)
            if got is None:
                notes.append(f"{column}: skipped for {name} ({why})")
            else:
                results[column].update(got)
    notes[:] = list(dict.fromkeys(notes))
    load = os.getloadavg()
    lines = table(names, results, copy)
    info = [f"{n:,} elements, median of {reps} runs after a warm-up, {args.threads} threads for C and PyTorch "
            f"(NumPy ufuncs use one); {platform.machine()}, {os.cpu_count()} cores, load average "
            f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} at the end ({sharing(load, args.threads)}); "
            f"{time.time() - started:.0f} s in all."]
    versions = [f"numpy {np.__version__}"]
    for mod in ("torch", "sympy"):
        try:
            versions.append(f"{mod} {importlib.import_module(mod).__version__}")
        except ImportError:
            pass
    info.append("Versions: " + ", ".join(versions) + ".")
    print("\n".join(lines))
    print()
    print("\n".join(summary(names, results)))
    print("\n".join(["", *info, *notes]))
    if args.write:
        OUT.write_text(_document(lines, summary(names, results), info, notes), encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


def _document(lines, summ, info, notes) -> str:
    return "\n".join([
        "# Speed",
        "",
        "Generated by `python benchmarks/speed.py --write` (see the script's docstring for what each column",
        "measures). Each cell: nanoseconds per element, and in parentheses the ratio to a plain array copy",
        "of the same size (`np.copyto`): a memory-bound elementwise kernel reading x and writing y costs",
        "about one copy; value+derivative writes two arrays. PyTorch's value+derivative is autograd",
        "forward + backward; symact's is one fused pass (`f.value_and_grad`).",
        "",
        *lines,
        "",
        "Summary (time ratios, median over the activations and both dtypes unless said):",
        "",
        *summ,
        "",
        *info,
        *([""] + [f"- {x}" for x in notes] if notes else []),
        "",
    ])


if __name__ == "__main__":
    sys.exit(main())
