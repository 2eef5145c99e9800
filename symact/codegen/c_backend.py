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
and x = ∓inf → the proved limits, nan in → nan out. The same kernel text is CUDA device code
(``SYMACT_DEVICE``), which :mod:`symact.codegen.cupy_backend` compiles with CuPy.

The array loops (:func:`entry_points`) are ``#pragma omp parallel for simd``: OpenMP threads for
long arrays (``OMP_NUM_THREADS`` or :func:`set_num_threads`) and SIMD within each thread. Host C
is preceded by ``vector.h``: with glibc's libmvec, log1p, expm1, tanh, erf, erfc, … are declared
``simd`` (gcc calls their vector variants) and exp is fdlibm's algorithm written branch-free
(< 1 ULP; libmvec's exp, up to 2.4 ULP, pushes composites past 4 ULP); the helpers are always
inlined so that the loops vectorise, and gcc if-converts ``?:`` (both sides computed, one
selected). Loops run on whole blocks of ``SYMACT_BLOCK`` elements, the tail in a padded buffer,
so an element's result does not depend on its index; an activation whose value and fused loops
do not vectorise alike is made scalar (:func:`_mixed`), so the fused value stays the value, bit
for bit.

Compiled with the system ``gcc`` (``cc`` if there is no gcc) as ``FLAGS`` =
``-O2 -fno-math-errno -ffp-contract=off -fPIC -shared -std=c99`` (never ``-ffast-math``: it
breaks nan, inf and the compensated kernels; no FMA contraction, which would undo the exact
splits) plus the first of :data:`ATTEMPTS` that compiles and loads: ``-O3 -march=native
-fno-trapping-math -fopenmp -DSYMACT_LIBMVEC -lmvec``, then without libmvec, then without
OpenMP, then the portable ``-fopenmp`` / nothing (``SYMACT_C_VECTOR=0``: the portable ones
only). The library is cached in a directory keyed by the hash of the source, the compiler, the
flags and, for ``-march=native``, this CPU's model and feature flags: ``$SYMACT_CACHE_DIR``,
else ``$XDG_CACHE_HOME/symact``, else ``~/.cache/symact``.
"""
from __future__ import annotations

import ctypes
import functools
import hashlib
import math
import os
import platform
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
from .array_printer import coefficient_last, dyadic_roots, fold, whole_tree_cse

# SymPy function name → C function (libm or the prelude)
KERNELS = {
    "sigmoid": "symact_sigmoid", "softplus": "symact_softplus", "Phi": "symact_Phi", "phi": "symact_phi",
    "erf": "erf", "erfc": "erfc", "expm1": "expm1", "log1p": "log1p", "sinc": "symact_sinc", "exp": "exp",
    "log": "log", "tanh": "tanh", "sin": "sin", "cos": "cos", "atan": "atan", "sinh": "sinh", "cosh": "cosh",
    "asinh": "asinh", "sqrt": "sqrt", "Abs": "fabs", "sign": "symact_sign", "sech": "symact_sech",
    "shift": "symact_shift", "expexp": "symact_expexp", "onepsin2": "symact_onepsin2", "sech2": "symact_sech2",
}
FLAGS = ("-O2", "-fno-math-errno", "-ffp-contract=off", "-fPIC", "-shared", "-std=c99")
# Tried in order on top of FLAGS, the first that compiles and loads wins (see compile_source):
# SIMD code for this CPU with glibc's vector libm, then without libmvec, then the scalar build.
# -fno-trapping-math lets gcc if-convert `?:` (compute both sides, select): the values, nan and
# inf are IEEE's as before; only floating-point exception flags, which symact never reads, differ.
VECTOR = ("-O3", "-march=native", "-fno-trapping-math")
ATTEMPTS = (
    (*VECTOR, "-fopenmp", "-DSYMACT_LIBMVEC", "-lmvec"),
    (*VECTOR, "-fopenmp"),
    (*VECTOR, "-fopenmp-simd"),
    ("-fopenmp",),
    (),
)
PRELUDE = (Path(__file__).with_name("prelude.h")).read_text(encoding="utf-8")
VECTOR_H = (Path(__file__).with_name("vector.h")).read_text(encoding="utf-8")


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
            factored = dyadic_roots(self.dd[expr])
            if factored is not None:  # c·∏(x − r): exact near each root, (n + 1)/2 ULP, no pair arithmetic
                c, roots = factored
                product = " * ".join(f"(x - {self._print(r)})" if r != 0 else "x" for r in roots)
                return f"(({product}) * {self._print(c)})"
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
        :func:`symact.codegen.array_printer.pair_code` (constants split from 40 digits)."""
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
    evaluated in exactly that nesting, each step ``SYMACT_HORNER_STEP`` (one fma on a host with
    FMA: one rounding instead of two, half the instructions; prelude.h)."""
    params = ", ".join(f"double c{i}" for i in range(k))
    body = f"c{k - 1}"
    for i in range(k - 2, -1, -1):
        body = f"SYMACT_HORNER_STEP(t, {body}, c{i})"
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


_LOOP = ("#pragma omp parallel for simd schedule(static) if (parallel: n > 32768)\n"
         "    for (long i = 0; i < n; i++)")


def _entry(fn: str, ctype: str, body: str, outs: tuple[str, ...]) -> str:
    """One array entry point ``fn(x, outs…, n)`` over ``ctype`` elements.

    The loop is ``fn_run`` (``#pragma omp parallel for simd``: each thread's share in SIMD with
    -fopenmp or -fopenmp-simd, plain C without; the ``if`` binds to ``parallel`` only, so short
    arrays run on one thread). It is only ever called on a multiple of ``SYMACT_BLOCK`` elements:
    the last ``n % SYMACT_BLOCK`` go through the same compiled loop in a zero-padded buffer. So
    every element is computed by the same vector code, whatever its index and the array's length
    (the vectoriser's scalar remainder would call scalar libm, whose last bit may differ from
    libmvec's), and ``fn_run`` is ``noipa``: no clone specialised for the tail's constant length."""
    params = ", ".join([f"const {ctype} *x", *(f"{ctype} *{o}" for o in outs), "long n"])
    tails = ", ".join(["tx[SYMACT_BLOCK] = {0}", *(f"t{o}[SYMACT_BLOCK]" for o in outs)])
    copy_out = "".join(f"            {o}[k] = t{o}[k - m];\n" for o in outs)
    return (
        f"SYMACT_NOIPA static void {fn}_run({params})\n{{\n    {_LOOP}{body}\n}}\n\n"
        f"void {fn}({params})\n{{\n"
        f"    long m = n - n % SYMACT_BLOCK;\n"
        f"    {fn}_run(x, {', '.join(outs)}, m);\n"
        f"    if (m < n) {{\n"
        f"        {ctype} {tails};\n"
        f"        for (long k = m; k < n; k++)\n            tx[k - m] = x[k];\n"
        f"        {fn}_run(tx, {', '.join('t' + o for o in outs)}, SYMACT_BLOCK);\n"
        f"        for (long k = m; k < n; k++) {{\n{copy_out}        }}\n"
        f"    }}\n}}\n\n")


def entry_points(name: str) -> str:
    """The array loops (host C only): double and float, value and fused value + derivative
    (:func:`_entry`: SIMD where the compiler vectorises, OpenMP threads for long arrays)."""
    n = c_name(name)
    value = "\n        y[i] = {cast}" + n + "_value({arg}x[i]);"
    both = (" {{\n        double d;\n        y[i] = {cast}" + n + "_value_and_grad({arg}x[i], &d);\n"
            "        dy[i] = {cast}d;\n    }}")
    return (_entry(f"{n}_f64", "double", value.format(cast="", arg=""), ("y",))
            + _entry(f"{n}_f32", "float", value.format(cast="(float)", arg="(double)"), ("y",))
            + _entry(f"{n}_vg_f64", "double", both.format(cast="", arg=""), ("y", "dy"))
            + _entry(f"{n}_vg_f32", "float", both.format(cast="(float)", arg="(double)"), ("y", "dy")))


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
    parts = ["/* generated by symact (symact.codegen.c_backend); compile without -ffast-math */\n", VECTOR_H, "\n",
             PRELUDE, "\n", _THREADS]
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


def host_signature() -> str:
    """What ``-march=native`` compiles for: the CPU's model and feature flags (``/proc/cpuinfo``),
    else the platform's processor. Part of the cache key, so that a cache directory shared between
    machines never hands one CPU a library built for another's instruction set."""
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    wanted = [ln for ln in lines if ln.split(":")[0].strip() in ("model name", "flags", "Features", "CPU part")]
    return "\n".join(dict.fromkeys(wanted)) or f"{platform.machine()} {platform.processor()}"


def attempts() -> tuple[tuple[str, ...], ...]:
    """The extra flag sets :func:`compile_source` tries, in order (:data:`ATTEMPTS`); with
    ``SYMACT_C_VECTOR=0`` in the environment only the scalar ones (no -march=native, no libmvec)."""
    if os.environ.get("SYMACT_C_VECTOR", "1").strip() in ("0", "no", "off", "false"):
        return tuple(a for a in ATTEMPTS if "-march=native" not in a)
    return ATTEMPTS


@functools.lru_cache(maxsize=None)
def quadmath_flags(cc: str) -> tuple[str, ...]:
    """``("-DSYMACT_QUADMATH", "-lquadmath")`` when ``cc`` compiles and links a call of
    libquadmath's ``sinq`` (gcc on x86-64 and others ship it), else (): the prelude's sinc′ slow
    path then falls back to long double."""
    probe = "#include <quadmath.h>\nint main(void) { __float128 v = 1; return sinq(v) > 2; }\n"
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = Path(tmp) / "probe.c", Path(tmp) / "probe"
        src.write_text(probe, encoding="utf-8")
        try:
            done = subprocess.run([cc, "-std=c99", str(src), "-o", str(exe), "-lquadmath"], capture_output=True,
                                  text=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return ()
    return ("-DSYMACT_QUADMATH", "-lquadmath") if done.returncode == 0 else ()


def _command(cc: str, extra: tuple[str, ...], c_file: Path, out: Path) -> list[str]:
    """The compiler command: FLAGS, the attempt's compile flags and :func:`quadmath_flags`, the
    file, then the libraries (``-l…`` after the object, so that --as-needed linkers keep them)."""
    extra = (*extra, *quadmath_flags(cc))
    libs = [f for f in extra if f.startswith("-l")]
    opts = [f for f in extra if not f.startswith("-l")]
    return [cc, *FLAGS, *opts, str(c_file), "-o", str(out), *libs, "-lm"]


def _loads(path: Path) -> bool:
    """Whether the freshly built library loads here (every symbol it needs, libmvec's included)."""
    try:
        ctypes.CDLL(str(path))
    except OSError:
        return False
    return True


def _run_loops(source: str) -> dict[str, int]:
    """{entry point: the source line of ``static void NAME_run(``} for every array loop."""
    out = {}
    for k, line in enumerate(source.splitlines(), start=1):
        found = re.match(r"SYMACT_NOIPA static void (\w+)_run\(", line)
        if found:
            out[found.group(1)] = k
    return out


def _mixed(source: str, report: str) -> set[str]:
    """The entry points to compile without SIMD, from gcc's ``-fopt-info-vec-optimized`` report
    (``file:LINE:COL: optimized: loop vectorized using N byte vectors``, LINE within the ``_run``
    function's 9 lines). Where an activation's two loops of one dtype (value; fused value +
    derivative) are not vectorised alike (one not at all, as with a helper that has no vector
    form such as a long double kernel, or with other vector widths, hence other libmvec
    variants), they would call different libm versions and the fused value would not be the
    separate value to the bit: then both go scalar."""
    found = [(int(m.group(1)), int(m.group(2)))
             for m in re.finditer(r":(\d+):\d+: optimized: loop vectorized using (\d+) byte vectors", report)]
    loops = _run_loops(source)
    width = {fn: max((b for line, b in found if start < line < start + 9), default=0) for fn, start in loops.items()}
    mixed = set()
    for fn in loops:
        for dtype in ("_f64", "_f32"):
            if fn.endswith(dtype) and not fn.endswith("_vg" + dtype):
                fused = fn[: -len(dtype)] + "_vg" + dtype
                if fused in loops and width[fn] != width[fused]:
                    mixed |= {f for f in (fn, fused) if width[f]}
    return mixed


def _scalar_loops(source: str, entries: set[str]) -> str:
    """``source`` with the loops of ``entries`` compiled without SIMD (``SYMACT_NOVEC``, no
    ``simd`` in the OpenMP pragma), so that they call scalar libm as their sibling does."""
    lines = source.splitlines(keepends=True)
    loops = _run_loops(source)
    for fn in entries:
        start = loops[fn] - 1  # the signature; the pragma is two lines below
        lines[start] = lines[start].replace("SYMACT_NOIPA static", "SYMACT_NOIPA SYMACT_NOVEC static")
        lines[start + 2] = "    #pragma omp parallel for schedule(static) if (n > 32768)\n"
    return "".join(lines)


def _try(cc: str, extra: tuple[str, ...], source: str, tmp: Path, k: int) -> tuple[Path | None, str]:
    """One compile of ``source`` with FLAGS + ``extra``: the library (None if it fails or does not
    load) and the compiler's first error line. With libmvec, the loops whose siblings did not
    vectorise (:func:`_mixed`) are made scalar and the file compiled once more."""
    c_file, out, report = tmp / f"kernel{k}.c", tmp / f"kernel{k}.so", tmp / f"vec{k}.txt"
    c_file.write_text(source, encoding="utf-8")
    libmvec = "-DSYMACT_LIBMVEC" in extra
    flags = (*extra, f"-fopt-info-vec-optimized={report}") if libmvec else extra
    done = subprocess.run(_command(cc, flags, c_file, out), capture_output=True, text=True, timeout=300)
    if done.returncode == 0 and libmvec and report.exists():
        mixed = _mixed(source, report.read_text(encoding="utf-8", errors="replace"))
        if mixed:
            c_file.write_text(_scalar_loops(source, mixed), encoding="utf-8")
            done = subprocess.run(_command(cc, extra, c_file, out), capture_output=True, text=True, timeout=300)
    if done.returncode == 0 and _loads(out):
        return out, ""
    lines = done.stderr.strip().splitlines() or ["(the library does not load)"]
    return None, next((ln for ln in lines if "error" in ln), lines[0])


def _build_library(cc: str, source: str, folder: Path, lib: Path) -> tuple[str, ...]:
    """Compile ``source`` into ``lib`` with the first of :func:`attempts` that compiles and loads;
    that attempt's flags."""
    error = ""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        for k, extra in enumerate(attempts()):
            out, error = _try(cc, extra, source, Path(tmp), k)
            if out is not None:
                break
        else:
            raise UnsupportedError(f"the C compiler failed on the generated code: {error[:200]}")
        lib.with_suffix(".flags").write_text(" ".join(extra) + "\n", encoding="utf-8")
        os.replace(out, lib)
        os.replace(out.with_suffix(".c"), lib.with_suffix(".c"))
    return extra


def compile_source(source: str) -> Path:
    """The shared library for ``source``, compiled once per (source, compiler, flags, CPU) and
    cached. The flag sets of :func:`attempts` are tried in order: SIMD for this CPU with glibc's
    vector libm, SIMD without it, then the portable scalar build (OpenMP when the compiler has
    it); the one used is in ``<library>.flags`` (:func:`library_flags`). Written atomically: a
    concurrent build of the same source never sees a half-written file."""
    cc = _compiler()
    tried = attempts()
    host = host_signature() if any("-march=native" in a for a in tried) else ""
    key = hashlib.sha256("\0".join([source, cc, *FLAGS, *quadmath_flags(cc), repr(tried), host]).encode()).hexdigest()[:24]
    folder = cache_dir()
    lib = folder / f"symact_{key}.so"
    if lib.exists():
        return lib
    folder.mkdir(parents=True, exist_ok=True)
    _build_library(cc, source, folder, lib)
    return lib


def library_flags(lib_path: Path) -> tuple[str, ...]:
    """The extra flags (one of :data:`ATTEMPTS`) a cached library was built with."""
    try:
        return tuple(lib_path.with_suffix(".flags").read_text(encoding="utf-8").split())
    except OSError:
        return ()


_LIBS: list = []  # loaded libraries (kept alive; the last one sets the thread count)


def load(lib_path: Path):
    """The library, loaded (and kept alive); ``lib.symact_flags``: the flags it was built with."""
    lib = ctypes.CDLL(str(lib_path))
    lib.symact_flags = library_flags(lib_path)
    lib.symact_set_threads.argtypes = [ctypes.c_int]
    lib.symact_set_threads.restype = ctypes.c_int
    _LIBS.append(lib)
    return lib


def last_flags() -> tuple[str, ...]:
    """The extra flags (one of :data:`ATTEMPTS`) of the most recently loaded C library."""
    if not _LIBS:
        raise UnsupportedError("no C function has been built yet")
    return _LIBS[-1].symact_flags


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


__all__ = ["ATTEMPTS", "FLAGS", "KERNELS", "PRELUDE", "VECTOR", "VECTOR_H", "attempts", "build", "build_many",
           "cache_dir", "c_name", "compile_source", "entry_points", "host_signature", "kernel_source",
           "last_flags", "library_flags", "load", "quadmath_flags", "set_num_threads", "translation_unit"]
