r"""CuPy ``ElementwiseKernel`` s built from the C backend's kernel body: the GPU runs the very same
text the C tests check on the CPU.

The preamble is the C prelude (:data:`symact.codegen.c_backend.PRELUDE`, device code under
NVRTC through ``SYMACT_DEVICE``) followed by :func:`symact.codegen.c_backend.kernel_source`;
the two kernels are

.. code-block:: c

    ElementwiseKernel("T x", "T y", "y = (T)NAME_value((double)x);")                  // f
    ElementwiseKernel("T x", "T y, T dy",
                      "double d; y = (T)NAME_value_and_grad((double)x, &d); dy = (T)d;")  // f, f'

for T = float64 and float32 (computed in double, rounded once), compiled with ``--fmad=false``
(a fused multiply-add would undo the Veltkamp splits and the compensated Horner kernels).

The source is generated anywhere (``symact codegen NAME --backend cupy``); calling the function
needs CuPy and an NVIDIA GPU, and says so in one line (:class:`~symact.core.errors.UnsupportedError`)
when either is missing.
"""
from __future__ import annotations

import sympy as sp

from ..core.errors import UnsupportedError
from . import c_backend

OPTIONS = ("--fmad=false",)


def kernel_parts(name: str, stable: sp.Expr, derivative: sp.Expr, limits) -> tuple[str, str, str]:
    """``(preamble, value operation, fused operation)`` for the two ElementwiseKernels."""
    try:
        body = c_backend.kernel_source(name, stable, derivative, limits)
    except UnsupportedError as exc:
        raise UnsupportedError(f"cannot generate C code for {name}: {exc}") from None
    n = c_backend.c_name(name)
    return (c_backend.PRELUDE + "\n" + body,
            f"y = (T){n}_value((double)x);",
            f"double d; y = (T){n}_value_and_grad((double)x, &d); dy = (T)d;")


def source(name: str, stable: sp.Expr, derivative: sp.Expr, limits) -> str:
    """The kernels as text: the preamble, then the two ElementwiseKernel calls that use it."""
    preamble, value_op, both_op = kernel_parts(name, stable, derivative, limits)
    n = c_backend.c_name(name)
    return (f"// CuPy preamble for {name} (C99 / CUDA device code)\n{preamble}\n"
            f"// value:  cupy.ElementwiseKernel('T x', 'T y', {value_op!r}, 'symact_{n}', preamble=PREAMBLE, options={OPTIONS!r})\n"
            f"// fused:  cupy.ElementwiseKernel('T x', 'T y, T dy', {both_op!r}, 'symact_{n}_vg', preamble=PREAMBLE, "
            f"options={OPTIONS!r})\n")


def _cupy():
    try:
        import cupy
    except ImportError:
        raise UnsupportedError("the cupy backend needs CuPy and an NVIDIA GPU: CuPy is not installed "
                               "('symact codegen NAME --backend cupy' prints the kernel source)") from None
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception:  # noqa: BLE001 - no driver, no runtime: CuPy raises its own CUDA errors
        count = 0
    if count < 1:
        raise UnsupportedError("the cupy backend needs CuPy and an NVIDIA GPU: no CUDA device is visible")
    return cupy


def build(name: str, expr: sp.Expr, stable: sp.Expr, derivative: sp.Expr, limits):
    """The CuPy :class:`~symact.codegen.NumericFunction` (see :func:`symact.codegen.numeric`):
    takes CuPy (or NumPy) arrays, returns CuPy arrays of the input's float dtype; the kernels are
    compiled by CuPy on first use."""
    from .function import NumericFunction
    preamble, value_op, both_op = kernel_parts(name, stable, derivative, limits)
    n = c_backend.c_name(name)
    kernels: dict = {}

    def kernel(which: str):
        if which not in kernels:
            cupy = _cupy()
            if which == "value":
                kernels[which] = cupy.ElementwiseKernel("T x", "T y", value_op, f"symact_{n}", preamble=preamble,
                                                        options=OPTIONS)
            else:
                kernels[which] = cupy.ElementwiseKernel("T x", "T y, T dy", both_op, f"symact_{n}_vg",
                                                        preamble=preamble, options=OPTIONS)
        return kernels[which]

    def prepare(x):
        cupy = _cupy()
        x = cupy.asarray(x)
        if x.dtype in (cupy.float32, cupy.float64):
            return x, x
        return x, x.astype(cupy.float64)  # ints, float16: in double (float16 rounded once at the end)

    def value(x):
        x, work = prepare(x)
        y = kernel("value")(work)
        return y if y.dtype == x.dtype or x.dtype.kind != "f" else y.astype(x.dtype)

    def value_and_grad(x):
        x, work = prepare(x)
        y, dy = kernel("fused")(work)
        if y.dtype != x.dtype and x.dtype.kind == "f":
            y, dy = y.astype(x.dtype), dy.astype(x.dtype)
        return y, dy

    return NumericFunction(name, expr, stable, derivative, source(name, stable, derivative, limits), value, value_and_grad)


__all__ = ["OPTIONS", "build", "kernel_parts", "source"]
