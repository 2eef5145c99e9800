/* symact C prelude: the stable kernels every generated C (and CUDA) kernel body calls.
 *
 * The same text compiles as C99 (gcc, cc) and as CUDA device code (nvcc, NVRTC through CuPy):
 * SYMACT_FN marks a helper `static inline` and, under CUDA, `__device__`. Everything is computed
 * in double; the float entry points round once at the end. Compile WITHOUT -ffast-math (it drops
 * nan/inf handling and reorders the compensated sums below) and without FMA contraction
 * (-ffp-contract=off; nvcc/NVRTC: --fmad=false): the Veltkamp splits and the Horner/shift kernels
 * rely on every product and sum being rounded exactly as written.
 */
#ifndef SYMACT_PRELUDE_H
#define SYMACT_PRELUDE_H

#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
#define SYMACT_DEVICE __device__
#define SYMACT_INF __longlong_as_double(0x7ff0000000000000LL)
#define SYMACT_NAN __longlong_as_double(0x7ff8000000000000LL)
#else
#include <math.h>
#define SYMACT_DEVICE
#define SYMACT_INF ((double)INFINITY)
#define SYMACT_NAN ((double)NAN)
#endif
#ifndef SYMACT_FN /* host C: vector.h defines it first (always inlined, so that the loops vectorise) */
#define SYMACT_FN static inline SYMACT_DEVICE
#endif

/* One step c + t·a of the fitted polynomials' Horner sums: an fma where the host has one (a single
 * rounding: at least as accurate as the product and the sum the fits were checked with, and half
 * the instructions), else the two operations. */
#if defined(__FMA__) && !defined(__CUDACC__) && !defined(__CUDACC_RTC__)
#define SYMACT_HORNER_STEP(t, a, c) fma((t), (a), (c))
#else
#define SYMACT_HORNER_STEP(t, a, c) ((c) + (t) * (a))
#endif

/* σ(u) = 1/(1 + e^{−u}); for u < 0 as e^u/(1 + e^u), so e^{−u} never overflows and σ keeps its
 * subnormal values down to u ≈ −745 instead of flushing to 0 past u ≈ −709.8. One e^{−|u|} for
 * both sides and a select, no branch: the same values, and the array loops vectorise (σ(u) and
 * σ(−u) in one kernel share that exponential). */
SYMACT_FN double symact_sigmoid(double u)
{
#if defined(SYMACT_VEXP_PAIR)
    return symact_vsigmoid(u); /* host SIMD build: from the exp's unrounded pair (vector.h) */
#else
    double e = exp(-fabs(u));
    return u < 0.0 ? e / (1.0 + e) : 1.0 / (1.0 + e);
#endif
}

/* softplus(u) = log(1 + e^u) = max(u, 0) + log1p(e^{−|u|}), exactly NumPy's logaddexp(0, u):
 * no overflow for u ≫ 0, no cancellation for u ≪ 0; nan propagates (e^{−|nan|} is nan). One
 * exponential and one log1p for both signs, selected without a branch (vectorises). */
SYMACT_FN double symact_softplus(double u)
{
    double r = log1p(exp(-fabs(u)));
    return u == 0.0 ? 0.693147180559945309417232121458176568 : (u > 0.0 ? u + r : r);
}

/* Veltkamp split: u = h + l with h holding the top 26 bits, so h·h is exact in double. */
SYMACT_FN double symact_split_high(double u)
{
    double c = 134217729.0 * u; /* 2^27 + 1 */
    double h = c - (c - u);
    return (h - h == 0.0) ? h : u; /* c overflows for |u| ≳ 1e300: no split needed there */
}

/* φ(u) = e^{−u²/2}/√(2π) with u² split exactly (Veltkamp): the rounding of u² never reaches the
 * exponent, e^{−u²/2} = e^{−h²/2}·e^{−(2hl + l²)/2}. Past |u| ≈ 39.6, φ(u) is below half the
 * smallest subnormal: exactly 0 (and u² may overflow). */
SYMACT_FN double symact_phi(double u)
{
    double h = symact_split_high(u);
    double l = u - h;
    double v = exp(-(h * h) / 2.0) * exp(-(2.0 * h * l + l * l) / 2.0) * 0.398942280401432677939946059934381868;
    return fabs(u) > 39.58600969059592 ? 0.0 : v;
}

/* e^{−u²/2} with u² split exactly (Veltkamp), as in symact_phi */
SYMACT_FN double symact_gauss(double u)
{
    double h = symact_split_high(u);
    double l = u - h;
    return exp(-(h * h) / 2.0) * exp(-(2.0 * h * l + l * l) / 2.0);
}

/* Φ(u) = erfc(−u/√2)/2, with the rounding of w = −u/√2 compensated: w = t + δ exactly (Dekker's
 * two-product, no FMA needed), then erfc(t + δ) = erfc(t) − δ·(2/√π)e^{−t²} to first order. The
 * uncompensated form loses ≈ 2t² ULP for u ≪ 0 (≈ 1400 ULP at u = −38). |u| > 40: Φ is 0 or 1
 * to double precision (Φ(−40) ≈ 3.7e−350). */
SYMACT_FN double symact_Phi(double u)
{
    const double ch = -0.70710678118654757, cl = 4.833646656726457e-17; /* −1/√2 = ch + cl */
    const double chh = -0.7071067839860916, chl = 2.7995440410322203e-09; /* ch split, 26 + 27 bits */
    if (u < -40.0)
        return 0.0;
    if (u > 40.0)
        return 1.0;
    double t = u * ch;
    double uh = symact_split_high(u);
    double ul = u - uh;
    double err = ((uh * chh - t) + uh * chl + ul * chh) + ul * chl; /* u·ch − t, exactly */
    double delta = err + u * cl;
    return 0.5 * erfc(t) - delta * exp(-t * t) * 0.564189583547756286948079451560772586;
}

/* sinc(u) = sin(u)/u, sinc(0) = 1 */
SYMACT_FN double symact_sinc(double u)
{
    return u == 0.0 ? 1.0 : sin(u) / u;
}

/* Taylor coefficients in w = u²: sinc′(u) = u·Σ (−1)^k 2k w^(k−1)/(2k+1)!, sinc″(u) =
 * Σ (−1)^k 2k(2k−1) w^(k−1)/(2k+1)!, k = 1..16 (as symact.codegen.runtime._sinc_series). */
SYMACT_DEVICE static const double symact_sinc_s1[16] = {
    -0.3333333333333333, 0.03333333333333333, -0.0011904761904761906, 2.2045855379188714e-05,
    -2.505210838544172e-07, 1.9270852604185937e-09, -1.0706029224547743e-11, 4.498331606952833e-14,
    -1.4797143443923793e-16, 3.9145882126782523e-19, -8.509974375387505e-22, 1.5472680682522736e-24,
    -2.387759364586842e-27, 3.166789608205361e-30, -3.6483751246605535e-33, 3.685227398647024e-36};
SYMACT_DEVICE static const double symact_sinc_s2[16] = {
    -0.3333333333333333, 0.1, -0.005952380952380952, 0.00015432098765432098,
    -2.2546897546897547e-06, 2.1197937864604532e-08, -1.3917837991912066e-10, 6.74749741042925e-13,
    -2.515514385467045e-15, 7.437717604088679e-18, -1.787094618831376e-20, 3.5587165569802293e-23,
    -5.969398411467106e-26, 8.550331942154474e-29, -1.0580287861515605e-31, 1.1424204935805774e-34};

SYMACT_FN double symact_sinc_series(const double *c, double w)
{
    double acc = c[15];
    for (int k = 14; k >= 0; --k)
        acc = c[k] + w * acc;
    return acc;
}

/* Host C only: sinc′ where its closed form cancels (near the zeros of tan u = u past the eight
 * the compensation serves, κ = (|cos u| + |sin(u)/u|)/|cos u − sin(u)/u| > 4), recomputed with
 * libquadmath's 113-bit sinq/cosq (exact argument reduction; κ·2⁻¹¹³ stays below an ULP of the
 * result up to κ = 2⁶⁰: the float nearest the 9th zero has κ ≈ 10¹²) when the C backend links it
 * (-DSYMACT_QUADMATH -lquadmath), else with long double (64 bits: enough up to κ ≈ 2¹¹). The
 * NumPy runtime does the same with long double and mpmath. Never inlined: it keeps the loop
 * scalar (sin and cos have no accepted vector variant anyway). */
#if !defined(__CUDACC__) && !defined(__CUDACC_RTC__)
#if defined(SYMACT_QUADMATH)
#include <quadmath.h>
#endif
#if defined(__GNUC__)
__attribute__((__noinline__))
#endif
static double symact_sinc_d1_slow(double u)
{
#if defined(SYMACT_QUADMATH)
    __float128 v = u;
    return (double)((cosq(v) - sinq(v) / v) / v);
#else
    long double v = u;
    return (double)((cosl(v) - sinl(v) / v) / v);
#endif
}
#define SYMACT_SINC_SLOW 1
#endif

/* sinc′(u) = (u cos u − sin u)/u²: the series for |u| < 1.5, where the closed form cancels like
 * 3/u², and the closed form without forming u² beyond (on the host, the slow path above where
 * that cancels). */
SYMACT_FN double symact_sinc_d1(double u)
{
    if (fabs(u) < 1.5)
        return u * symact_sinc_series(symact_sinc_s1, u * u);
    double c = cos(u), q = sin(u) / u;
#if defined(SYMACT_SINC_SLOW)
    if (!((fabs(c) + fabs(q)) <= 4.0 * fabs(c - q)) && fabs(u) < SYMACT_INF)
        return symact_sinc_d1_slow(u);
#endif
    return (c - q) / u;
}

/* sinc″(u) = (2 sin u − 2u cos u − u² sin u)/u³, the series for |u| < 1.5, no u³ beyond */
SYMACT_FN double symact_sinc_d2(double u)
{
    if (fabs(u) < 1.5)
        return symact_sinc_series(symact_sinc_s2, u * u);
    double s = sin(u), c = cos(u);
    return (-s + (2.0 * s / u - 2.0 * c) / u) / u;
}

SYMACT_FN double symact_sech(double u)
{
    return 1.0 / cosh(u);
}

/* sign(u): −1, 0 or 1; nan stays nan (NumPy's np.sign) */
SYMACT_FN double symact_sign(double u)
{
    return u > 0.0 ? 1.0 : (u < 0.0 ? -1.0 : u);
}

/* max and min that propagate nan (np.maximum / np.minimum; C's fmax/fmin drop it) */
SYMACT_FN double symact_max(double a, double b)
{
    return (a != a || b != b) ? a + b : (a > b ? a : b);
}

SYMACT_FN double symact_min(double a, double b)
{
    return (a != a || b != b) ? a + b : (a < b ? a : b);
}

/* Heaviside(u, h0): 1 for u > 0, 0 for u < 0, h0 at 0 (and for nan, as np.where does) */
SYMACT_FN double symact_heaviside(double u, double h0)
{
    return u > 0.0 ? 1.0 : (u < 0.0 ? 0.0 : h0);
}

/* shift(u, hi, lo) = (u − hi) − lo: u minus a constant held as hi + lo, in that order, so that
 * u − hi is exact near the constant (Sterbenz) and lo restores the digits hi dropped. */
SYMACT_FN double symact_shift(double u, double hi, double lo)
{
    return (u - hi) - lo;
}

/* ---- double-double arithmetic (symact.codegen.dd): a polynomial argument in x that would
 * round more than once is carried as an unevaluated sum hi + lo (Dekker's exact product with a
 * Veltkamp split, Knuth's exact sum); a kernel K receiving it is corrected to first order,
 * K(h + l) = K(h) + l·K'(h), anywhere else the pair is rounded once, fl(h + l). */
typedef struct {
    double hi, lo;
} symact_dd;

SYMACT_FN symact_dd symact_dd_make(double hi, double lo)
{
    symact_dd r;
    r.hi = hi;
    r.lo = lo;
    return r;
}

SYMACT_FN int symact_finite(double v)
{
    return v - v == 0.0;
}

SYMACT_FN symact_dd symact_dd_add(symact_dd a, symact_dd b)
{
    double s = a.hi + b.hi;
    double bb = s - a.hi;
    double err = (a.hi - (s - bb)) + (b.hi - bb);
    double e = symact_finite(s) ? err + (a.lo + b.lo) : 0.0;
    double hi = s + e;
    return symact_dd_make(hi, symact_finite(hi) ? e - (hi - s) : 0.0);
}

SYMACT_FN symact_dd symact_dd_mul(symact_dd a, symact_dd b)
{
    double p = a.hi * b.hi;
    double ah = symact_split_high(a.hi), bh = symact_split_high(b.hi);
    double al = a.hi - ah, bl = b.hi - bh;
    double e = ((ah * bh - p) + ah * bl + al * bh) + al * bl; /* a·b − p, exactly */
    e = symact_finite(p) ? e + (a.hi * b.lo + a.lo * b.hi) : 0.0;
    double hi = p + e;
    return symact_dd_make(hi, symact_finite(hi) ? e - (hi - p) : 0.0);
}

SYMACT_FN double symact_dd_round(symact_dd a)
{
    return a.hi + a.lo;
}

/* K(h + l) = K(h) + l·K'(h) where that is finite, else K(h) */
SYMACT_FN double symact_first_order(double value, double slope, double lo)
{
    double corrected = value + lo * slope;
    return symact_finite(corrected) ? corrected : value;
}

SYMACT_FN double symact_dd_sigmoid(symact_dd a)
{
    double s = symact_sigmoid(a.hi);
    return symact_first_order(s, s * symact_sigmoid(-a.hi), a.lo);
}

SYMACT_FN double symact_dd_exp(symact_dd a)
{
    double e = exp(a.hi);
    return symact_first_order(e, e, a.lo);
}

SYMACT_FN double symact_dd_expm1(symact_dd a)
{
    return symact_first_order(expm1(a.hi), exp(a.hi), a.lo);
}

SYMACT_FN double symact_dd_softplus(symact_dd a)
{
    return symact_first_order(symact_softplus(a.hi), symact_sigmoid(a.hi), a.lo);
}

SYMACT_FN double symact_dd_Phi(symact_dd a)
{
    return symact_first_order(symact_Phi(a.hi), symact_phi(a.hi), a.lo);
}

SYMACT_FN double symact_dd_tanh(symact_dd a)
{
    return symact_first_order(tanh(a.hi), 4.0 * symact_sigmoid(2.0 * a.hi) * symact_sigmoid(-2.0 * a.hi), a.lo);
}

SYMACT_FN double symact_dd_erf(symact_dd a)
{
    return symact_first_order(erf(a.hi), 1.1283791670955126 * symact_gauss(1.4142135623730951 * a.hi), a.lo);
}

SYMACT_FN double symact_dd_erfc(symact_dd a)
{
    return symact_first_order(erfc(a.hi), -1.1283791670955126 * symact_gauss(1.4142135623730951 * a.hi), a.lo);
}

SYMACT_FN double symact_dd_log1p(symact_dd a)
{
    return symact_first_order(log1p(a.hi), 1.0 / (1.0 + a.hi), a.lo);
}

#endif /* SYMACT_PRELUDE_H */

/* ==== appended by the accuracy work (issue 10): exponentials of exponentials ====
 * symact_expexp(x, a, c, d) = exp(a·x + c·exp(d·x)), the rule "exp(ax + c·e^{dx}) = expexp(x, a, c, d)"
 * of symact/codegen/rules.py. In double the rounding of e^{dx} (relative 2^-53) becomes an absolute
 * error |c·e^{dx}|·2^-53 of the outer argument, i.e. up to 745·2^-53 relative in the result (GoLU
 * e^{-e^{-x}}: 438 ULP). With x86's long double (64-bit significand) that is 745·2^-64 ≈ 0.4 ULP.
 * Where long double is plain double (MSVC) this is the double formula; CUDA device code has no long
 * double and computes in double. This section sits after the prelude's include guard, under its own. */
#ifndef SYMACT_EXPEXP_H
#define SYMACT_EXPEXP_H
#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
SYMACT_FN double symact_expexp(double x, double a, double c, double d)
{
    double u = c * exp(d * x);
    if (a != 0.0)
        u += a * x;
    return exp(u);
}
#else
SYMACT_FN double symact_expexp(double x, double a, double c, double d)
{
    long double xl = (long double)x;
    long double u = (long double)c * expl((long double)d * xl);
    if (a != 0.0)
        u += (long double)a * xl;
    return (double)expl(u);
}
#endif
#endif /* SYMACT_EXPEXP_H */

/* ==== appended by the accuracy work (issue 10): 1 + sin 2u at its double zeros ====
 * symact_onepsin2(u) = 1 + sin(2u) = 2 sin²(u + π/4) (Snake′), the rule "1 + sin(2u) = onepsin2(u)" of
 * symact/codegen/rules.py: w = u + π/4 in double-double, sin w = sin h·cos l + cos h·sin l, so the
 * double zeros w = nπ keep their relative accuracy (1 + fl(sin 2u) has none there). For an integer
 * |u| ≥ 2^53 (l = π/4 is not small), (sin u + cos u)². The NumPy runtime also recomputes by mpmath
 * the elements where the two products cancel (within about an ULP of a zero); C instead forms them
 * in long double on the host. */
#ifndef SYMACT_ONEPSIN2_H
#define SYMACT_ONEPSIN2_H
#if defined(__CUDACC__) || defined(__CUDACC_RTC__)
SYMACT_FN double symact_dd_onepsin2(symact_dd a)
{
    if (fabs(a.hi) >= 9007199254740992.0 && a.lo == 0.0) {
        double s = sin(a.hi) + cos(a.hi);
        return s * s;
    }
    symact_dd w = symact_dd_add(a, symact_dd_make(0.7853981633974483, 3.061616997868383e-17));
    double r = sin(w.hi) * cos(w.lo) + cos(w.hi) * sin(w.lo);
    return 2.0 * (r * r);
}
#else
/* On the host the products and the sum are formed in long double (sinl/cosl reduce exactly, and
 * libmvec's SIMD sin/cos, up to 4 ULP, are not used): the cancellation near a zero costs κ·2^-64. */
SYMACT_FN double symact_dd_onepsin2(symact_dd a)
{
    if (fabs(a.hi) >= 9007199254740992.0 && a.lo == 0.0) {
        long double u = (long double)a.hi;
        long double s = sinl(u) + cosl(u);
        return (double)(s * s);
    }
    symact_dd w = symact_dd_add(a, symact_dd_make(0.7853981633974483, 3.061616997868383e-17));
    long double h = (long double)w.hi, l = (long double)w.lo;
    long double r = sinl(h) * cosl(l) + cosl(h) * sinl(l);
    return (double)(2.0L * (r * r));
}
#endif

SYMACT_FN double symact_onepsin2(double u)
{
    return symact_dd_onepsin2(symact_dd_make(u, 0.0));
}
#endif /* SYMACT_ONEPSIN2_H */

/* ==== appended by the accuracy work (issue 10): sech² ====
 * symact_sech2(u) = 1/cosh(u)², the rules "1 − tanh(u)² = sech2(u)" and "1/cosh(u)² = sech2(u)" of
 * symact/codegen/rules.py: 1 − tanh(u)² for |u| < 1/2 (tanh² < 0.22: ≤ 1 ULP), 4σ(2u)σ(−2u) beyond
 * (no cancellation, no overflow; 2 ULP near 0). */
#ifndef SYMACT_SECH2_H
#define SYMACT_SECH2_H
SYMACT_FN double symact_sech2(double u)
{
    if (fabs(u) < 0.5) {
        double t = tanh(u);
        return 1.0 - t * t;
    }
    return 4.0 * (symact_sigmoid(2.0 * u) * symact_sigmoid(-2.0 * u));
}
#endif /* SYMACT_SECH2_H */

/* sech²(h + l) for a double-double argument (symact.codegen.dd): 1 − t² with t = tanh(h + l) corrected
 * to first order for |h| < 1/2, 4σ(2h + 2l)σ(−2h − 2l) with each σ corrected beyond. */
#ifndef SYMACT_DD_SECH2_H
#define SYMACT_DD_SECH2_H
SYMACT_FN double symact_dd_sech2(symact_dd a)
{
    if (fabs(a.hi) < 0.5) {
        double t = symact_dd_tanh(a);
        return 1.0 - t * t;
    }
    return 4.0 * (symact_dd_sigmoid(symact_dd_make(2.0 * a.hi, 2.0 * a.lo))
                  * symact_dd_sigmoid(symact_dd_make(-2.0 * a.hi, -2.0 * a.lo)));
}
#endif /* SYMACT_DD_SECH2_H */
