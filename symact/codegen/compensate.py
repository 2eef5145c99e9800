r"""Compensated evaluation near the interior zeros of a function (f′ at the minimum of GELU,
SiLU, Mish, …), where the stable formula still loses all relative accuracy.

Near a simple zero :math:`r` of :math:`g` written as a sum, e.g.
:math:`\mathrm{GELU}'(x) = \Phi(x) + x\varphi(x)`, the terms cancel: each is rounded to
:math:`\tfrac12` ULP of *its own* size, so the relative error of the sum grows like the
condition number :math:`\kappa(x) = \sum|{\rm term}| / |g(x)| \to \infty` as :math:`x \to r`
(6·10¹⁶ ULP at the floats next to r). No reordering of the formula helps; what does is to write

.. math:: g(x) = t\,q(t), \qquad t = (x - r_{\rm hi}) - r_{\rm lo},

with :math:`r = r_{\rm hi} + r_{\rm lo}` to twice double precision (so t is accurate
*relatively*, also at the float nearest r) and :math:`q(t) = g(r + t)/t` a polynomial fitted by
mpmath (Chebyshev nodes, 50 digits) on the window where the formula is worse than 2 ULP. q has no
zero there, so Horner's scheme evaluates it to a few ULP, and so :math:`t\,q(t)`.

Everything is decided at generation time and deterministically: r by bisection at 50 digits from
a sign change of g on a fixed grid (or a grid point where g is exactly 0), its order m (g = t^m q(t));
the window where the formula's condition number κ (the amplification of its leaves' rounding
errors by cancellation) exceeds 1.5 (then 4, 16 where a mild cancellation never ends) on a fixed
grid of points; each polynomial serves at most a unit interval, with the smallest degree of 8, 12,
…, 28 that is within 3 ULP of the 50-digit value (arb) on a fixed test grid. A zero where the
formula does not cancel (a factor such as x in x·h(x)) is left alone; a zero the fit cannot serve
is left alone too (the accuracy table then shows it).
"""
from __future__ import annotations

import functools

import mpmath
import numpy as np
import sympy as sp

from ..core.symbols import X

HORNER = sp.Function("horner")  # horner(t, c0, c1, …, cn) = c0 + t·(c1 + t·(… + t·cn))
SHIFT = sp.Function("shift")    # shift(x, hi, lo) = (x − hi) − lo, in that order

GRID = np.linspace(-40.0, 40.0, 16001)  # where sign changes of g are looked for
MAX_ZEROS = 8                            # the ones nearest 0 (an oscillating g has infinitely many)
KAPPA = 1.5                              # the formula is patched where it cancels more than this
TARGET_ULP = 3.0                         # … and the patch must do at least this well
DEGREES = (8, 12, 16, 20, 24, 28)
PIECE = 1.0                              # the widest interval one polynomial serves
SCAN = np.geomspace(1e-9, 6.0, 161)      # distances from r at which the formula is measured
RUN = 8                                  # calm scan points in a row that end the window


def _ulps(y: np.ndarray, exact: list) -> np.ndarray:
    out = np.zeros(len(exact))
    for k, r in enumerate(exact):
        if r is None or r == 0:
            out[k] = 0.0 if r == 0 and y[k] == 0 else (np.inf if r == 0 else 0.0)
            continue
        rd = float(r)
        if not np.isfinite(y[k]):
            out[k] = np.inf
            continue
        out[k] = float(abs(mpmath.mpf(float(y[k])) - r) / float(np.spacing(abs(rd))))
    return out


def _evaluator(g: sp.Expr):
    """g at mpmath points (the fits) with its arb evaluator attached as ``.arb`` (exact values)."""
    from ..numeric.compile import compile_expr
    ev = compile_expr(g, X, "mpmath")
    wrapped = lambda t: ev(t)  # noqa: E731 - a function object that takes an attribute
    wrapped.arb = compile_expr(g, X, "arb")
    return wrapped


def _zeros(g: sp.Expr, direct) -> list[mpmath.mpf]:
    """Simple zeros of g in [−40, 40] (sign changes on GRID), to 50 digits, nearest 0 first."""
    with np.errstate(all="ignore"):
        ys = np.asarray(direct(GRID), dtype=np.float64)
    ev = _evaluator(g)
    found = []
    signs = np.sign(ys)
    brackets = [(k, k + 1) for k in np.nonzero(signs[:-1] * signs[1:] < 0)[0]]
    # a zero on a grid point itself (x = 0): its neighbours have opposite signs
    brackets += [(k - 1, k + 1) for k in np.nonzero(signs[1:-1] == 0)[0] + 1 if signs[k - 1] * signs[k + 1] < 0]
    for i, j in sorted(brackets):
        a, b = mpmath.mpf(GRID[i]), mpmath.mpf(GRID[j])
        with mpmath.workdps(60):
            try:
                if j == i + 2 and ev(mpmath.mpf(GRID[i + 1])) == 0:  # exactly on the grid point (x = 0)
                    found.append(mpmath.mpf(GRID[i + 1]))
                    continue
                fa = ev(a)
                if fa * ev(b) > 0:
                    continue
                for _ in range(200):  # bisection: 2^-200 of 1/200 is far below 50 digits
                    m = (a + b) / 2
                    fm = ev(m)
                    if fm == 0:
                        a = b = m
                        break
                    if (fm > 0) == (fa > 0):
                        a, fa = m, fm
                    else:
                        b = m
                found.append((a + b) / 2)
            except (ValueError, ZeroDivisionError, TypeError):
                continue
    found.sort(key=lambda r: abs(r))
    return found[:MAX_ZEROS]


def _exact(ev, points) -> list:
    """g at the float points to 50 digits, by arb with the precision raised until the ball is
    that narrow (up to 4096 bits: x + (√(x² + 1) − 1)/2 at x = 5e−324 needs 1100), None if not."""
    from flint import arb

    from ..numeric.compile import arb_precision
    fn = ev.arb
    out = []
    for p in points:
        value = None
        for prec in (256, 1200, 4096):
            with arb_precision(prec):
                try:
                    ball = fn(arb(float(p)))
                except (ValueError, ZeroDivisionError, TypeError, OverflowError):
                    break
                if not ball.is_finite():
                    break
                if ball.is_exact() or ball.rad() <= abs(ball.mid()) * arb(2) ** -170:
                    with mpmath.workdps(60):
                        value = mpmath.mpf(ball.mid().str(60, radius=False))
                    break
        out.append(value)
    return out


def _condition(e: sp.Expr, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""(value, κ) of e at the points in float64, κ the amplification of relative errors by
    cancellation: κ = 1 at a leaf (a kernel call, x, a constant), κ(a·b) = max(κ(a), κ(b)) (a
    product passes relative errors on), κ(Σ tᵢ) = Σ |tᵢ| κ(tᵢ) / |Σ tᵢ|, κ(aⁿ) = κ(a)."""
    from .numpy_backend import build
    if isinstance(e, sp.Add) or isinstance(e, sp.Mul):
        parts = [_condition(a, points) for a in e.args]
        if isinstance(e, sp.Mul):
            return np.prod([v for v, _ in parts], axis=0), np.max([k for _, k in parts], axis=0)
        value = np.sum([v for v, _ in parts], axis=0)
        with np.errstate(all="ignore"):
            return value, np.sum([np.abs(v) * k for v, k in parts], axis=0) / np.abs(value)
    if type(e).__name__ == "sinc_derivative" and e.args[0] in (1, 2):  # a kernel that cancels inside
        u = e.args[1]
        closed = (sp.cos(u) / u - sp.sin(u) / u**2) if e.args[0] == 1 else (-sp.sin(u) / u - 2 * sp.cos(u) / u**2
                                                                                + 2 * sp.sin(u) / u**3)
        return _condition(closed, points)
    if isinstance(e, sp.Piecewise):  # the branch that owns each point
        value, kappa = np.full_like(points, np.nan), np.ones_like(points)
        taken = np.zeros(points.shape, dtype=bool)
        for branch, cond in e.args:
            if cond == sp.true:
                mask = ~taken
            else:
                owner = build("cond", X, sp.Piecewise((1, cond), (0, True)), None, ((None, None), (None, None)))
                mask = (np.asarray(owner(points)) == 1) & ~taken
            if mask.any():
                v, k = _condition(branch, points)
                value, kappa = np.where(mask, v, value), np.where(mask, k, kappa)
            taken |= mask
        return value, kappa
    if isinstance(e, sp.Pow) and e.exp.is_Integer:
        v, k = _condition(e.base, points)
        return v ** int(e.exp), k
    if not e.has(X):
        return np.full_like(points, float(e)), np.zeros_like(points)
    with np.errstate(all="ignore"):
        return np.asarray(build("leaf", e, e, None, ((None, None), (None, None)))(points), dtype=np.float64), np.ones_like(points)


def _window(r, stable: sp.Expr) -> tuple[float, float] | None:
    """[lo, hi] around r where the formula cancels (κ > KAPPA), None when it does not. Where a
    mild cancellation goes on without end (x + √(x² + 1)/2 − 1/2 for x ≪ 0: κ → 3), the window
    is where it is worse than 4, then 16: the patch serves the zero, not the whole line."""
    rf = float(r)
    kappas = [_condition(stable, rf + sign * SCAN)[1] for sign in (-1.0, 1.0)]
    for threshold in (KAPPA, 4.0, 16.0):
        sides = []
        for kappa in kappas:
            calm = ~(kappa > threshold)  # nan (0/0) counts as cancelling
            start = next((k for k in range(len(SCAN)) if calm[k:k + RUN].all()), None)
            sides.append(None if start is None else (0.0 if start == 0 else float(SCAN[start]) * 1.1))
        if None not in sides:
            break
    else:
        return None
    if sides == [0.0, 0.0]:
        return None
    return rf - max(sides[0], 1e-6), rf + max(sides[1], 1e-6)


def _split(r) -> tuple[float, float]:
    hi = float(r)
    with mpmath.workdps(60):
        lo = float(r - mpmath.mpf(hi))
    return hi, lo


def _multiplicity(ev, r) -> int:
    """The order of the zero r of g (1, 2 or 3 — the first derivative not ~0 at 50 digits)."""
    with mpmath.workdps(60):
        for m in (1, 2, 3):
            if abs(mpmath.diff(ev, r, m)) > mpmath.mpf(10) ** -30:
                return m
    return 0


def _fit(center, ev, lo: float, hi: float, degree: int, zero: int) -> list:
    """Coefficients c0..cn, in s = x − center, of g(x)/s^m (``zero`` = m ≥ 1: center is a zero
    of order m of g) or of g(x) (``zero`` = 0) on [lo, hi] (Chebyshev nodes, mpmath at 50 digits)."""
    with mpmath.workdps(50):
        if zero:
            m = zero
            q = lambda s: ev(center + s) / s**m if s != 0 else mpmath.diff(ev, center, m) / mpmath.factorial(m)
        else:
            q = lambda s: ev(center + s)
        poly, _ = mpmath.chebyfit(q, [mpmath.mpf(lo) - center, mpmath.mpf(hi) - center], degree + 1, error=True)
    return list(reversed(poly))  # chebyfit gives the highest power first


def _patched_values(coeffs, hi: float, lo: float, x: np.ndarray, zero: int, root=None) -> np.ndarray:
    """The piece's values in double: Horner in t = (x − hi) − lo, times t^zero about the zero
    itself, or times (x − r)^m for a side piece whose ``root`` = (r_hi, r_lo, m)."""
    t = (x - hi) - lo
    acc = np.full_like(t, float(coeffs[-1]))
    for c in reversed(coeffs[:-1]):
        acc = float(c) + t * acc
    for _ in range(zero):
        acc = t * acc
    if root is not None:
        rh, rl, m = root
        tr = (x - rh) - rl
        for _ in range(m):
            acc = tr * acc
    return acc


def _fit_side(center, r, m: int, ev, lo: float, hi: float, degree: int) -> list:
    """Coefficients, in s = x − center, of q(x) = g(x)/(x − r)^m on [lo, hi] (r, a zero of order
    m, outside it): q has no zero there, so its Horner sum does not cancel where g → 0 at the end
    of the piece next to r (x − tanh x ~ x³/3: p(x − 1) lost 5.5 ULP at x = 0.556)."""
    with mpmath.workdps(50):
        q = lambda s: ev(center + s) / (center + s - r) ** m
        poly, _ = mpmath.chebyfit(q, [mpmath.mpf(lo) - center, mpmath.mpf(hi) - center], degree + 1, error=True)
    return list(reversed(poly))


def _piece(r, ev, lo: float, hi: float) -> tuple[sp.Expr, sp.Expr] | None:
    """One polynomial piece on [lo, hi]: t·q(t) about r when r lies in it, else (x − r)^m·q(x − mid)
    (m the order of the zero r), or p(x − mid) where that is not within the target."""
    inside = lo <= float(r) <= hi
    zero = _multiplicity(ev, r) if inside else 0
    if inside and zero == 0:
        return None
    center = r if zero else mpmath.mpf((lo + hi) / 2)
    chi, clo = _split(center)
    tests = np.linspace(lo, hi, 241)
    if zero:
        tests = np.concatenate([tests, [np.nextafter(chi, -np.inf), chi, np.nextafter(chi, np.inf)]])
    tests = np.unique(tests[(tests >= lo) & (tests <= hi)])
    exact = _exact(ev, tests)
    side = 0 if inside else _multiplicity(ev, r)
    rhi, rlo = _split(r)
    t = SHIFT(X, sp.Float(chi, 17), sp.Float(clo, 17))
    for degree in DEGREES:
        for factored in ((True, False) if side else (False,)):
            if factored:
                coeffs = _fit_side(center, r, side, ev, lo, hi, degree)
                values = _patched_values(coeffs, chi, clo, tests, 0, (rhi, rlo, side))
            else:
                coeffs = _fit(center, ev, lo, hi, degree, zero)
                values = _patched_values(coeffs, chi, clo, tests, zero)
            if max(_ulps(values, exact)) <= TARGET_ULP:
                poly = HORNER(t, *[sp.Float(mpmath.nstr(c, 25), 25) for c in coeffs])
                factor = SHIFT(X, sp.Float(rhi, 17), sp.Float(rlo, 17)) ** side if factored else t**zero
                return factor * poly, sp.And(X >= sp.Float(lo, 17), X <= sp.Float(hi, 17))
    return None


def _patch(g: sp.Expr, stable: sp.Expr, r, ev) -> list[tuple[sp.Expr, sp.Expr]] | None:
    """Polynomial pieces covering the window around r (each at most PIECE wide: a wide window
    makes Horner's scheme cancel), or None when one of them cannot reach TARGET_ULP."""
    window = _window(r, stable)
    if window is None:
        return None
    lo, hi = window
    rf = float(r)
    cuts = [max(lo, rf - PIECE / 2), min(hi, rf + PIECE / 2)]
    while cuts[0] > lo:
        cuts.insert(0, max(lo, cuts[0] - PIECE))
    while cuts[-1] < hi:
        cuts.append(min(hi, cuts[-1] + PIECE))
    # a breakpoint of g (a Piecewise condition x < c) ends a piece: no polynomial fits a jump
    for c in _breakpoints(g):
        if lo < c < hi and c not in cuts:
            cuts.append(c)
    cuts.sort()
    pieces = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        piece = _piece(r, ev, a, b)
        if piece is None and a <= rf <= b:
            return None  # the zero itself cannot be served
        if piece is not None:  # a side piece that fails keeps the formula there
            pieces.append(piece)
    return pieces


def _breakpoints(g: sp.Expr) -> list[float]:
    from sympy.core.relational import Relational
    out = []
    for rel in g.atoms(Relational):
        for a, b in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if a == X and b.is_number and b.is_real:
                out.append(float(b))
    return sorted(set(out))


def _polynomial_at(stable: sp.Expr, r) -> bool:
    """The formula that serves a neighbourhood of r is a polynomial in x with number coefficients
    (hard-swish′ = (2x + 3)/6 near −3/2): the printers evaluate it in double-double (or as
    c·∏(x − r) where its roots are exact doubles), so it does not cancel and needs no patch."""
    try:
        folded = sp.piecewise_fold(stable)
        branch = folded
        if isinstance(folded, sp.Piecewise):
            rf = sp.Float(float(r), 30)
            branch = next((v for v, c in folded.args
                           if c == sp.true or all(bool(c.subs(X, rf + d)) for d in (-1e-9, 0, 1e-9))), None)
        if branch is None or not branch.has(X):
            return False
        poly = sp.Poly(branch, X)
    except (sp.PolynomialError, TypeError, ValueError):
        return False
    return all(c.is_number and c.is_real for c in poly.all_coeffs())


@functools.lru_cache(maxsize=256)
def compensate(g: sp.Expr, stable: sp.Expr) -> sp.Expr:
    """``stable`` (a stable form of g) with a polynomial patch around every interior zero of g
    where the formula cancels; ``stable`` itself when there is none or no patch is needed."""
    from .numpy_backend import build
    if not stable.has(X) or stable.has(sp.Piecewise) and stable.atoms(HORNER):
        return stable
    try:
        direct = build("g", g, stable, None, ((None, None), (None, None)))
        ev = _evaluator(g)
        zeros = _zeros(g, direct)
    except Exception:  # noqa: BLE001 - no evaluator, no patch (the formula stays as it is)
        return stable
    pieces = []
    for r in zeros:
        if _polynomial_at(stable, r):
            # one polynomial there once the branches are folded together (x·[…]/6 + (x + 3)/6 →
            # (2x + 3)/6): printed as a double-double pair or c·∏(x − r), it does not cancel
            stable = sp.piecewise_fold(stable)
            continue
        try:
            patch = _patch(g, stable, r, ev)
        except Exception:  # noqa: BLE001 - a zero the fit cannot serve keeps its formula
            patch = None
        if patch is not None:
            pieces.extend(patch)
    if not pieces:
        return stable
    return sp.Piecewise(*pieces, (stable, True))


__all__ = ["HORNER", "SHIFT", "compensate"]
