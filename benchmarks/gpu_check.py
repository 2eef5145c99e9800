"""The CuPy backend on a GPU, in one go: accuracy and throughput of the generated kernels.

    python benchmarks/gpu_check.py [--n 134217728] [--repeat 20] [--quick] [NAME ...]

For each activation (both float64 and float32):

* accuracy — max ULP error of f and f' where the exact value is 0 or a normal number of the
  dtype, with the number of non-finite outputs where it is finite. float64 against mpmath at
  50 digits on a sample (log-spaced over the whole finite range, dense on [−10, 10], ±0,
  subnormals, ±inf, nan); float32 against symact's float64 NumPy kernel (itself ≤ 4 ULP in
  float64) rounded to float32, on a larger sample. Also the count of inputs where the GPU and
  the C backend on the CPU (the same kernel text) differ at all.
* throughput — the forward kernel on N elements already on the device vs a device-to-device
  copy of the same array: GB/s counted as bytes read + bytes written, and the kernel's share
  of the copy's bandwidth (the issue's target: ≥ 80 %). The fused value + derivative kernel
  (one read, two writes) likewise.

Needs numpy, scipy, sympy, mpmath, python-flint (symact's own dependencies) and CuPy on a
machine with an NVIDIA GPU; prints a table and exits 0 (1 when CuPy or the GPU is missing).
"""
from __future__ import annotations

import argparse
import sys
import time

import mpmath
import numpy as np
import sympy as sp

DEFAULT = ("sigmoid", "tanh", "softplus", "log_sigmoid", "elu", "selu", "gelu", "gelu_tanh", "swish", "mish")


def _sample(dtype, count: int, seed: int = 1) -> np.ndarray:
    info = np.finfo(dtype)
    rng = np.random.default_rng(seed)
    lo, hi = np.log10(float(info.smallest_normal)), np.log10(float(info.max)) - 0.01
    mags = 10 ** rng.uniform(lo, hi, count) * rng.choice([-1.0, 1.0], count)
    special = [0.0, -0.0, float(info.smallest_subnormal), -float(info.smallest_subnormal), np.inf, -np.inf, np.nan]
    with np.errstate(over="ignore"):
        return np.concatenate([mags, rng.uniform(-10, 10, count), special]).astype(dtype)


def _ulps(got: np.ndarray, exact: np.ndarray, dtype) -> tuple[float, int]:
    """(max ULP where exact is 0 or normal, non-finite outputs where exact is finite)."""
    info = np.finfo(dtype)
    exact = np.asarray(exact, dtype=np.float64)
    got64 = got.astype(np.float64)
    finite = np.isfinite(exact) & (np.abs(exact) <= float(info.max))
    counted = finite & ((exact == 0) | (np.abs(exact) >= float(info.smallest_normal)))
    bad = int(np.count_nonzero(finite & ~np.isfinite(got64)))
    ok = counted & np.isfinite(got64)
    if not ok.any():
        return 0.0, bad
    with np.errstate(all="ignore"):
        r = exact[ok].astype(dtype)
        u = np.abs(got64[ok] - exact[ok]) / np.spacing(np.abs(r)).astype(np.float64)
    return float(u.max()), bad


def _mp_reference(expr: sp.Expr, xs: np.ndarray) -> np.ndarray:
    from symact.core.symbols import X
    from symact.numeric.compile import point_evaluator
    evaluate = point_evaluator(expr, X, 50)
    out = np.empty(xs.size)
    with mpmath.workdps(50):
        for i, t in enumerate(xs):
            if not np.isfinite(t):
                out[i] = np.nan
                continue
            v = evaluate(mpmath.mpf(float(t)))
            out[i] = np.nan if v is None else float(v)
    return out


def _time(cupy, fn, repeat: int) -> float:
    fn()
    cupy.cuda.Device().synchronize()
    start, end = cupy.cuda.Event(), cupy.cuda.Event()
    best = float("inf")
    for _ in range(repeat):
        start.record()
        fn()
        end.record()
        end.synchronize()
        best = min(best, cupy.cuda.get_elapsed_time(start, end) / 1e3)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", default=list(DEFAULT))
    ap.add_argument("--n", type=int, default=1 << 27, help="elements for the throughput test")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="smaller accuracy samples")
    args = ap.parse_args()
    try:
        import cupy
        cupy.cuda.runtime.getDeviceCount()
    except Exception as exc:  # noqa: BLE001 - report and stop
        print(f"gpu_check: CuPy with a GPU is needed ({type(exc).__name__}: {str(exc)[:100]})", file=sys.stderr)
        return 1
    import symact
    from symact.codegen import c_backend
    from symact.core.symbols import X
    props = cupy.cuda.runtime.getDeviceProperties(0)
    print(f"device: {props['name'].decode() if isinstance(props['name'], bytes) else props['name']}, "
          f"CuPy {cupy.__version__}, N = {args.n:,}")
    mp_count, f32_count = (150, 5000) if args.quick else (600, 100000)
    samples = {"float64": _sample(np.float64, mp_count), "float32": _sample(np.float32, f32_count)}
    copy_time = {}
    big = {}
    for dtype in ("float64", "float32"):
        big[dtype] = cupy.random.uniform(-10, 10, args.n, dtype=cupy.float64).astype(dtype)
        out = cupy.empty_like(big[dtype])
        copy_time[dtype] = _time(cupy, lambda d=dtype, o=out: cupy.copyto(o, big[d]), args.repeat)
        print(f"device-to-device copy, {dtype}: {2 * big[dtype].nbytes / copy_time[dtype] / 1e9:.0f} GB/s")
    header = (f"{'name':<12}{'dtype':<9}{'ulp f':>8}{'ulp fp':>8}{'nonfin':>7}{'!=C':>6}"
              f"{'f GB/s':>9}{'f %copy':>9}{'vg GB/s':>9}{'vg %copy':>9}")
    print(header)
    print("-" * len(header))
    for name in args.names:
        try:
            t0 = time.perf_counter()
            gpu = symact.numeric(name, backend="cupy")
            ref = symact.numeric(name)
            cpu = c_backend.build(ref.name, ref.expr, ref.stable, ref.derivative, ref.limits)
            derivative = sp.diff(ref.expr, X)
            for dtype, xs in samples.items():
                v, d = (cupy.asnumpy(a) for a in gpu.value_and_grad(cupy.asarray(xs)))
                if dtype == "float64":
                    exact_v, exact_d = _mp_reference(ref.expr, xs), _mp_reference(derivative, xs)
                else:
                    with np.errstate(all="ignore"):
                        exact_v, exact_d = ref.value_and_grad(xs.astype(np.float64))
                (uf, nf), (ud, nd) = _ulps(v, exact_v, np.dtype(dtype)), _ulps(d, exact_d, np.dtype(dtype))
                cv, cd = cpu.value_and_grad(xs)
                differ = int(np.count_nonzero(~((v == cv) | (np.isnan(v) & np.isnan(cv))))
                             + np.count_nonzero(~((d == cd) | (np.isnan(d) & np.isnan(cd)))))
                x = big[dtype]
                tf = _time(cupy, lambda x=x, g=gpu: g(x), args.repeat)  # the first call compiles (untimed)
                tv = _time(cupy, lambda x=x, g=gpu: g.value_and_grad(x), args.repeat)
                gf, gv = 2 * x.nbytes / tf / 1e9, 3 * x.nbytes / tv / 1e9
                copy_bw = 2 * x.nbytes / copy_time[dtype] / 1e9
                print(f"{name:<12}{dtype:<9}{uf:>8.2f}{ud:>8.2f}{nf + nd:>7}{differ:>6}"
                      f"{gf:>9.0f}{100 * gf / copy_bw:>8.0f}%{gv:>9.0f}{100 * gv / copy_bw:>8.0f}%")
            print(f"{'':<12}({time.perf_counter() - t0:.1f} s for {name})")
        except Exception as exc:  # noqa: BLE001 - one activation's failure is reported, the rest still run
            print(f"{name:<12}FAILED: {type(exc).__name__}: {str(exc)[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
