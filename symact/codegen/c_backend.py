r"""C source from a SymPy expression: one kernel body per function, compiled and loaded with ctypes.

For an activation NAME the translation unit holds the prelude (``prelude.h``: σ, softplus, Φ,
φ with a Veltkamp split, sinc and its derivatives, nan-propagating max/min, …), then

.. code-block:: c

    static inline double NAME_value(double x);                       /* f(x) */
    static inline double NAME_value_and_grad(double x, double *d);   /* f(x), *d = f'(x): cse over both */
    void NAME_f64(const double *x, double *y, long n);
    void NAME_vg_f64(const double *x, double *y, double *dy, long n);
    void NAME_f32(const float *x, float *y, long n);                 /* computed in double, rounded once */
    void NAME_vg_f32(const float *x, float *y, float *dy, long n);

The kernel bodies mirror the NumPy backend (:mod:`symact.codegen.numpy_backend`) operation for
operation: the same stable rewriting and compensated (Horner / shift) branches, the same
polynomial arguments in double-double (:mod:`symact.codegen.dd`), the same constants (40 digits,
correctly rounded by the compiler), integer powers as products, ``Piecewise`` as nested ``?:``
(only the owning branch is evaluated), nan in → nan out and x = ∓inf → the proved limits. The array loops carry
``#pragma omp parallel for`` and run multithreaded when OpenMP is available (``-fopenmp``;
``OMP_NUM_THREADS`` or :func:`set_num_threads` choose the thread count). The same kernel text is
CUDA device code (``SYMACT_DEVICE``), which :mod:`symact.codegen.cupy_backend` compiles with CuPy.

Compiled with the system ``gcc`` (``cc`` if there is no gcc) as
``-O2 -fno-math-errno -ffp-contract=off -fPIC -shared`` (never ``-ffast-math``: it breaks nan,
inf and the compensated kernels) into a cache directory keyed by the hash of the source and the
flags: ``$SYMACT_CACHE_DIR``, else ``$XDG_CACHE_HOME/symact``, else ``~/.cache/symact``.
"""
from __future__ import annotations

import ctypes
import hashlib
import math
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import mpmath
import numpy as np
import sympy as sp
from sympy.logic.boolalg import Boolean
from sympy.printing.c import C99CodePrinter

from ..core.errors import UnsupportedError
from ..core.symbols import X
from .dd import CORRECTED, mark
from .array_printer import coefficient_last, fold, whole_tree_cse

# SymPy function name → C function (libm or the prelude)
KERNELS = {
    "sigmoid": "symact_sigmoid", "softplus": "symact_softplus", "Phi": "symact_Phi", "phi": "symact_phi",
    "erf": "erf", "erfc": "erfc", "expm1": "expm1", "log1p": "log1p", "sinc": "symact_sinc", "exp": "exp",
    "log": "log", "tanh": "tanh", "sin": "sin", "cos": "cos", "atan": "atan", "sinh": "sinh", "cosh": "cosh",
    "asinh": "asinh", "sqrt": "sqrt", "Abs": "fabs", "sign": "symact_sign", "sech": "symact_sech",
    "shift": "symact_shift",
}
FLAGS = ("-O2", "-fno-math-errno", "-ffp-contract=off", "-fPIC", "-shared", "-std=c99")
PRELUDE = (Path(__file__).with_name("prelude.h")).read_text(encoding="utf-8")


class _Printer(C99CodePrinter):
    """C99 expressions with symact's kernels; numbers become correctly rounded double literals.
    ``horner(t, c0, …, cn)`` becomes ``symact_hornerK``, K = n + 1 coefficients (defined on demand,
    :attr:`horners`)."""

    def __init__(self, dd: dict | None = None):
        super().__init__({"allow_unknown_functions": False, "strict": False})
        self.dd = dd or {}  # placeholder symbol → polynomial in x evaluated in double-double (symact.codegen.dd)
        self.horners: set[int] = set()
        self.locals: set = set()  # the common subexpressions' symbols (C locals)

    def _print(self, expr, **kwargs):
        if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Integer and expr.is_real is not False:
            return self._constant(expr)  # pi, sqrt(2/pi), E: one correctly rounded constant
        return super()._print(expr, **kwargs)

    def _constant(self, value) -> str:
        if value.is_Integer and abs(value) < 2**53:
            text = f"{int(value)}.0"
        else:
            text = str(sp.N(value, 40))
            if not re.fullmatch(r"-?\d+(\.\d*)?(e[+-]?\d+)?", text):
                raise UnsupportedError(f"the constant {sp.sstr(value)[:60]} is not a real number")
        return f"({text})" if text.startswith("-") else text

    def _print_Number(self, expr):
        return self._constant(expr)

    _print_Rational = _print_Number
    _print_Integer = _print_Number
    _print_Float = _print_Number

    def _print_NumberSymbol(self, expr):
        return self._constant(expr)

    def _print_Infinity(self, expr):
        return "SYMACT_INF"

    def _print_NegativeInfinity(self, expr):
        return "(-SYMACT_INF)"

    def _print_NaN(self, expr):
        return "SYMACT_NAN"

    def _print_Symbol(self, expr):
        if expr == X:
            return "x"
        if expr in self.locals:
            return expr.name
        if expr in self.dd:
            return f"symact_dd_round({self._pair(self.dd[expr])})"
        raise UnsupportedError(f"the parameter {expr.name} has no value (give it with --param / keyword)")

    def _print_Function(self, expr):
        # undefined functions (expm1, log1p, horner, shift of the rules) skip their own class
        # name in SymPy's dispatch and arrive here
        name = type(expr).__name__
        args = [self._print(a) for a in expr.args]
        if name in KERNELS:
            return _kernel_printer(name, KERNELS[name])(self, expr)
        if name == "horner" and len(args) >= 2:
            self.horners.add(len(args) - 1)
            return f"symact_horner{len(args) - 1}({', '.join(args)})"
        if name == "sinc_derivative" and expr.args[0] in (1, 2):
            return f"symact_sinc_d{int(expr.args[0])}({args[1]})"
        raise UnsupportedError(f"no C kernel for {name}")

    def _pair(self, u: sp.Expr) -> str:
        """The double-double pair of the polynomial u, operation for operation as
        :func:`symact.codegen.dd.pair_code` (constants split from 40 digits)."""
        if u == X:
            return "symact_dd_make(x, 0.0)"
        if u.is_number:
            with mpmath.workdps(50):
                v = mpmath.mpf(str(sp.N(u, 40)))
                hi = float(v)
                lo = float(v - hi)
            if not (math.isfinite(hi) and math.isfinite(lo)):
                raise UnsupportedError(f"the constant {sp.sstr(u)[:60]} is not a finite double")
            return f"symact_dd_make({hi!r}, {lo!r})"
        if isinstance(u, (sp.Add, sp.Mul)):
            op = "symact_dd_add" if isinstance(u, sp.Add) else "symact_dd_mul"
            parts = [self._pair(a) for a in u.args]
            out = parts[0]
            for p in parts[1:]:
                out = f"{op}({out}, {p})"
            return out
        if isinstance(u, sp.Pow) and u.exp.is_Integer and u.exp > 0:
            base = self._pair(u.base)
            out = base
            for _ in range(int(u.exp) - 1):
                out = f"symact_dd_mul({out}, {base})"
            return out
        raise UnsupportedError(f"not a polynomial node: {sp.sstr(u)[:60]}")

    def _print_Pow(self, expr, rational=False):
        base, e = expr.as_base_exp()
        if e == sp.Rational(1, 2):
            return f"sqrt({self._print(base)})"
        if e.is_Integer and abs(e) <= 8:
            b = self._print(base)
            if e > 0:
                return "(" + "*".join([f"({b})"] * int(e)) + ")"
            return "(1.0/(" + "*".join([f"({b})"] * int(-e)) + "))"
        return f"pow({self._print(base)}, {self._print(e)})"

    def _print_Piecewise(self, expr):
        last_true = expr.args[-1][1] == sp.true
        out = self._print(expr.args[-1][0]) if last_true else "SYMACT_NAN"
        for value, cond in reversed(expr.args[:-1] if last_true else expr.args):
            out = f"(({self._print(cond)}) ? ({self._print(value)}) : ({out}))"
        return out

    def _print_Mul(self, expr):
        return coefficient_last(self, expr, C99CodePrinter._print_Mul)

    def _print_Relational(self, expr):
        op = {"==": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}.get(expr.rel_op)
        if op is None:
            raise UnsupportedError(f"no C form for the relation {expr.rel_op}")
        return f"({self._print(expr.lhs)} {op} {self._print(expr.rhs)})"

    def _print_And(self, expr):
        return "(" + " && ".join(self._print(a) for a in expr.args) + ")"

    def _print_Or(self, expr):
        return "(" + " || ".join(self._print(a) for a in expr.args) + ")"

    def _print_Not(self, expr):
        return f"(!{self._print(expr.args[0])})"

    def _print_BooleanTrue(self, expr):
        return "1"

    def _print_BooleanFalse(self, expr):
        return "0"

    def _print_Max(self, expr):
        return fold("symact_max", [self._print(a) for a in expr.args])

    def _print_Min(self, expr):
        return fold("symact_min", [self._print(a) for a in expr.args])

    def _print_Heaviside(self, expr):
        h0 = self._print(expr.args[1]) if len(expr.args) > 1 else "0.5"
        return f"symact_heaviside({self._print(expr.args[0])}, {h0})"

    def _print_not_supported(self, expr):
        raise UnsupportedError(f"no C kernel for {type(expr).__name__}")

    emptyPrinter = _print_not_supported


def _kernel_printer(name: str, kernel: str):
    def print_it(self, expr):
        if name in CORRECTED and len(expr.args) == 1 and expr.args[0] in self.dd:
            return f"symact_dd_{name}({self._pair(self.dd[expr.args[0]])})"  # K(h + l) = K(h) + l·K′(h)
        return f"{kernel}({', '.join(self._print(a) for a in expr.args)})"
    return print_it


# one printing method per kernel (SymPy's printer dispatches on the function's class name)
for _name, _kernel in KERNELS.items():
    setattr(_Printer, f"_print_{_name}", _kernel_printer(_name, _kernel))


def c_name(name: str) -> str:
    """A C identifier for an activation (``f`` for an expression)."""
    return name if name.isidentifier() and name.isascii() and not name.startswith("symact") else "f"


def _horner(k: int) -> str:
    """``symact_hornerK(t, c0, …, c(K−1))`` = c0 + t·(c1 + t·(… + t·c(K−1))), K coefficients,
    evaluated in exactly that nesting."""
    params = ", ".join(f"double c{i}" for i in range(k))
    body = f"c{k - 1}"
    for i in range(k - 2, -1, -1):
        body = f"c{i} + t * ({body})"
    return (f"#ifndef SYMACT_HORNER{k}\n#define SYMACT_HORNER{k}\n"
            f"SYMACT_FN double symact_horner{k}(double t, {params})\n{{\n    return {body};\n}}\n#endif\n")


def _end(printer: _Printer, v) -> str | None:
    if v is None:
        return None
    if v is sp.oo:
        return "SYMACT_INF"
    if v is sp.S.NegativeInfinity:
        return "(-SYMACT_INF)"
    return printer._print(sp.sympify(v))


def _guards(printer: _Printer, ends, var: str) -> list[str]:
    """x = ∓inf → the proved limits (where proved); nan in → nan out."""
    lo, hi = (_end(printer, v) for v in ends)
    out = []
    if lo is not None:
        out.append(f"    if (x == -SYMACT_INF) {var} = {lo};")
    if hi is not None:
        out.append(f"    if (x == SYMACT_INF) {var} = {hi};")
    out.append(f"    if (x != x) {var} = x;")
    return out


def _needed(reps, expr) -> list:
    """The common subexpressions ``expr`` depends on, directly or through others, in cse order."""
    need = set(expr.free_symbols)
    for sym, e in reversed(reps):
        if sym in need:
            need |= e.free_symbols
    return [(sym, e) for sym, e in reps if sym in need]


def kernel_source(name: str, f: sp.Expr, d: sp.Expr, limits=((None, None), (None, None))) -> str:
    """The two kernel functions ``NAME_value`` and ``NAME_value_and_grad`` (device-ready C), with the
    Horner helpers they need; ``limits`` are the proved limits of f and f′ at (−∞, +∞).

    Common subexpressions of f and f′ are found once (whole subtrees only, as the NumPy backend
    does: :func:`~symact.codegen.array_printer.whole_tree_cse`); the
    fused function computes all of them, ``NAME_value`` only those f needs, with the same text,
    so the fused value is bit-for-bit ``NAME_value``'s."""
    cname = c_name(name)
    title = f"/* {name}: f(x) = {sp.sstr(f)[:300].replace('*/', '* /')} */"
    (f, d), placeholders = mark([f, d])  # polynomials in x that round more than once: double-double
    printer = _Printer(placeholders)
    reps, (fv, dv) = whole_tree_cse([f, d])
    printer.locals = {sym for sym, _ in reps}
    local = {}
    for sym, e in reps:
        kind = "int" if isinstance(e, Boolean) else "double"
        local[sym] = f"    const {kind} {sym.name} = {printer._print(e)};"
    lines = [title]
    lines += [f"SYMACT_FN double {cname}_value(double x)", "{"]
    lines += [local[sym] for sym, _ in _needed(reps, fv)]
    lines += [f"    double v = {printer._print(fv)};"]
    lines += _guards(printer, limits[0], "v") + ["    return v;", "}", ""]
    lines += [f"SYMACT_FN double {cname}_value_and_grad(double x, double *d)", "{"]
    lines += [local[sym] for sym, _ in reps]
    lines += [f"    double v = {printer._print(fv)};", f"    double dv = {printer._print(dv)};"]
    lines += _guards(printer, limits[0], "v") + _guards(printer, limits[1], "dv")
    lines += ["    *d = dv;", "    return v;", "}", ""]
    helpers = "".join(_horner(n) + "\n" for n in sorted(printer.horners))
    return helpers + "\n".join(lines)


def entry_points(name: str) -> str:
    """The array loops (host C only): double and float, value and fused value + derivative."""
    n = c_name(name)
    loop = "#pragma omp parallel for schedule(static) if (n > 32768)\n    for (long i = 0; i < n; i++)"
    return (
        f"void {n}_f64(const double *x, double *y, long n)\n{{\n    {loop}\n        y[i] = {n}_value(x[i]);\n}}\n\n"
        f"void {n}_f32(const float *x, float *y, long n)\n{{\n    {loop}\n        y[i] = (float){n}_value((double)x[i]);\n}}\n\n"
        f"void {n}_vg_f64(const double *x, double *y, double *dy, long n)\n{{\n    {loop} {{\n"
        f"        double d;\n        y[i] = {n}_value_and_grad(x[i], &d);\n        dy[i] = d;\n    }}\n}}\n\n"
        f"void {n}_vg_f32(const float *x, float *y, float *dy, long n)\n{{\n    {loop} {{\n"
        f"        double d;\n        y[i] = (float){n}_value_and_grad((double)x[i], &d);\n        dy[i] = (float)d;\n    }}\n}}\n")


_THREADS = """#ifdef _OPENMP
#include <omp.h>
#endif
int symact_set_threads(int n)
{
#ifdef _OPENMP
    if (n > 0)
        omp_set_num_threads(n);
    return omp_get_max_threads();
#else
    (void)n;
    return 1;
#endif
}
"""


def translation_unit(kernels: list[tuple[str, str]]) -> str:
    """The whole C file: prelude, then for each ``(name, kernel_source)`` its kernels and loops."""
    parts = ["/* generated by symact (symact.codegen.c_backend); compile without -ffast-math */\n", PRELUDE, "\n", _THREADS]
    for name, kernels_text in kernels:
        parts += ["\n", kernels_text, "\n", entry_points(name)]
    return "".join(parts)


def _compiler() -> str:
    for cc in ("gcc", "cc"):
        path = shutil.which(cc)
        if path:
            return path
    raise UnsupportedError("the C backend needs a C compiler: neither gcc nor cc is on PATH")


def cache_dir() -> Path:
    """``$SYMACT_CACHE_DIR``, else ``$XDG_CACHE_HOME/symact``, else ``~/.cache/symact``."""
    if os.environ.get("SYMACT_CACHE_DIR"):
        return Path(os.environ["SYMACT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "symact"


def compile_source(source: str) -> Path:
    """The shared library for ``source``, compiled once per (source, compiler, flags) and cached.
    OpenMP is used when the compiler supports it. Written atomically: a concurrent build of the
    same source never sees a half-written file."""
    cc = _compiler()
    key = hashlib.sha256("\0".join([source, cc, *FLAGS]).encode()).hexdigest()[:24]
    folder = cache_dir()
    lib = folder / f"symact_{key}.so"
    if lib.exists():
        return lib
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        c_file = Path(tmp) / "kernel.c"
        c_file.write_text(source, encoding="utf-8")
        out = Path(tmp) / "kernel.so"
        error = ""
        for extra in (["-fopenmp"], []):  # without OpenMP if the compiler has none
            done = subprocess.run([cc, *FLAGS, *extra, str(c_file), "-o", str(out), "-lm"],
                                  capture_output=True, text=True, timeout=300)
            if done.returncode == 0:
                break
            lines = done.stderr.strip().splitlines() or ["(no message)"]
            error = next((ln for ln in lines if "error" in ln), lines[0])
        else:
            raise UnsupportedError(f"the C compiler failed on the generated code: {error[:200]}")
        os.replace(out, lib)
        os.replace(c_file, lib.with_suffix(".c"))
    return lib


_LIBS: list = []  # loaded libraries (kept alive; the last one sets the thread count)


def load(lib_path: Path):
    lib = ctypes.CDLL(str(lib_path))
    lib.symact_set_threads.argtypes = [ctypes.c_int]
    lib.symact_set_threads.restype = ctypes.c_int
    _LIBS.append(lib)
    return lib


def set_num_threads(n: int) -> int:
    """Use ``n`` OpenMP threads in the C loops from now on (0: keep); the thread count in use."""
    if not _LIBS:
        raise UnsupportedError("no C function has been built yet")
    return _LIBS[-1].symact_set_threads(int(n))


def _functions(lib, name: str):
    """``value(x)`` and ``value_and_grad(x)`` over NumPy arrays, calling the library's loops."""
    n = c_name(name)
    ptr = ctypes.c_void_p
    table = {}
    for suffix, arity in (("f64", 2), ("f32", 2), ("vg_f64", 3), ("vg_f32", 3)):
        fn = getattr(lib, f"{n}_{suffix}")
        fn.argtypes = [ptr] * arity + [ctypes.c_long]
        fn.restype = None
        table[suffix] = fn

    def prepare(x):
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        if x.dtype == np.float32:
            return x, x.astype(np.float32, order="C", copy=False), "f32"
        work = x.astype(np.float64, order="C", copy=False)  # float16, long double: in double, rounded once
        return x, work, "f64"

    def value(x):
        x, work, kind = prepare(x)
        y = np.empty_like(work)
        table[kind](work.ctypes.data, y.ctypes.data, work.size)
        return y.astype(x.dtype, copy=False)

    def value_and_grad(x):
        x, work, kind = prepare(x)
        y, dy = np.empty_like(work), np.empty_like(work)
        table["vg_" + kind](work.ctypes.data, y.ctypes.data, dy.ctypes.data, work.size)
        return y.astype(x.dtype, copy=False), dy.astype(x.dtype, copy=False)

    return value, value_and_grad


def _kernels(name, stable, derivative, limits) -> str:
    try:
        return kernel_source(name, stable, derivative, limits)
    except UnsupportedError as exc:
        raise UnsupportedError(f"cannot generate C code for {name}: {exc}") from None
    except (ValueError, NotImplementedError, TypeError) as exc:
        raise UnsupportedError(f"cannot generate C code for {name}: {str(exc).splitlines()[0][:120]}") from None


def build_many(items) -> list:
    """C :class:`~symact.codegen.NumericFunction` s for ``(name, expr, stable, derivative, limits)``
    items, compiled into ONE shared library (one compiler run for a whole catalog). Names must
    be distinct C identifiers."""
    from .function import NumericFunction
    items = list(items)
    names = [c_name(it[0]) for it in items]
    if len(set(names)) != len(names):
        raise UnsupportedError("build_many needs distinct activation names")
    kernels = [(it[0], _kernels(it[0], it[2], it[3], it[4])) for it in items]
    source = translation_unit(kernels)
    lib = load(compile_source(source))
    out = []
    for (name, expr, stable, derivative, _), (_, text) in zip(items, kernels):
        value, both = _functions(lib, name)
        out.append(NumericFunction(name, expr, stable, derivative, translation_unit([(name, text)]), value, both))
    return out


def build(name: str, expr: sp.Expr, stable: sp.Expr, derivative: sp.Expr, limits):
    """The C :class:`~symact.codegen.NumericFunction` (see :func:`symact.codegen.numeric`);
    ``source`` is the whole translation unit."""
    return build_many([(name, expr, stable, derivative, limits)])[0]


__all__ = ["FLAGS", "KERNELS", "PRELUDE", "build", "build_many", "cache_dir", "c_name", "compile_source",
           "entry_points", "kernel_source", "load", "set_num_threads", "translation_unit"]
