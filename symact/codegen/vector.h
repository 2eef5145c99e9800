/* symact vector math: host C only (never CUDA), included before the prelude.
 *
 * With -DSYMACT_LIBMVEC (the C backend passes it, with -lmvec, when the compiler and glibc have
 * libmvec), the libm kernels listed below are declared `simd("notinbranch")`: gcc's vectoriser
 * then calls glibc's SIMD variants (_ZGVdN4v_log1p, _ZGVeN8v_tanh, …) on 4 or 8 doubles at a
 * time. glibc's <math.h> declares them only under -ffast-math, which symact never uses (it breaks
 * nan, inf and the compensated kernels); declaring them here keeps IEEE semantics elsewhere.
 *
 * Measured against mpmath (AVX2 / AVX-512 variants, glibc 2.36, 15 000 points over the whole
 * finite range): log ≤ 1.33 ULP, expm1 ≤ 1.70, log1p ≤ 1.60, tanh ≤ 2.13, erf ≤ 1.58, erfc ≤ 1
 * (normal results), atan ≤ 1.97, sinh ≤ 1.72, cosh ≤ 1.80, asinh ≤ 1.72; every composite of the
 * catalog stays within symact's targets (tests/test_codegen_c.py checks them against mpmath).
 * Not used: exp (2.41 ULP: GELU-tanh′ in its far tail reached 4.9 ULP; our own below, ≤ 0.68
 * ULP with FMA, fdlibm's < 1 ULP without, replaces it), sin (2.73) and cos (3.16).
 * Without SYMACT_LIBMVEC (another compiler, no libmvec, not x86-64) nothing is declared and the
 * loops call scalar libm exactly as before.
 */
#ifndef SYMACT_VECTOR_H
#define SYMACT_VECTOR_H

#include <math.h>

/* Every kernel helper inlined into the array loops, however long its body (the compensated
 * derivatives' Horner branches exceed gcc's inlining limits): an out-of-line call in the loop
 * body stops vectorisation. */
#if defined(__GNUC__) && defined(__OPTIMIZE__)
#define SYMACT_FN static inline __attribute__((__always_inline__))
#endif

/* The array loops run on whole blocks of SYMACT_BLOCK elements (a multiple of every vector
 * length: up to 16 floats); SYMACT_NOIPA keeps one compiled copy of each loop. */
#define SYMACT_BLOCK 16
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 8
#define SYMACT_NOIPA __attribute__((__noipa__))
#elif defined(__GNUC__)
#define SYMACT_NOIPA __attribute__((__noinline__))
#else
#define SYMACT_NOIPA
#endif

/* A loop the C backend keeps scalar (its sibling loop did not vectorise: see c_backend._mixed). */
#if defined(__GNUC__) && !defined(__clang__)
#define SYMACT_NOVEC __attribute__((__optimize__("no-tree-vectorize")))
#else
#define SYMACT_NOVEC
#endif

#if defined(SYMACT_LIBMVEC) && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 6
#define SYMACT_SIMD_DECL __attribute__((__simd__("notinbranch")))
extern double log(double) SYMACT_SIMD_DECL;
extern double expm1(double) SYMACT_SIMD_DECL;
extern double log1p(double) SYMACT_SIMD_DECL;
extern double tanh(double) SYMACT_SIMD_DECL;
extern double erf(double) SYMACT_SIMD_DECL;
extern double erfc(double) SYMACT_SIMD_DECL;
extern double atan(double) SYMACT_SIMD_DECL;
extern double sinh(double) SYMACT_SIMD_DECL;
extern double cosh(double) SYMACT_SIMD_DECL;
extern double asinh(double) SYMACT_SIMD_DECL;

/* e^x for the vector loops, in place of libmvec's exp (measured up to 2.4 ULP, which composites
 * such as GELU-tanh′ in its far tail amplify past 4 ULP), branch-free so that gcc vectorises it:
 * x = k·ln2 + r (ln2 in two parts, k·ln2_hi exact), e^r, then 2^k in two exact steps (so that
 * subnormal results round once). e^r: with FMA a Taylor polynomial without division (first
 * below); without, fdlibm's (e_exp.c, < 1 ULP) e^r = 1 + 2r/(2 − c) with c = r − r²·P(r²).
 * x is clamped to [−746, 710] first: e^710 overflows to inf and e^−746 rounds to 0 as they
 * should; nan gives nan. */
typedef union {
    double d;
    long long i;
} symact_bits;

SYMACT_FN double symact_pow2i(long long k) /* 2^k for −1022 ≤ k ≤ 1023 */
{
    symact_bits b;
    b.i = (k + 1023) << 52;
    return b.d;
}

/* e^r for |r| ≤ ln2/2 given as r = hi − lo (lo: k·ln2_lo).
 * With FMA (every x86-64 CPU since Haswell): the Taylor polynomial of degree 13 in Horner form,
 * each step one fma (truncation error r^14/14! < 5e-18 relative), no division; the rounding error
 * r_lo of r = hi − lo is kept, and e^r = (1 + r) + (r²·P(r) + r_lo) with 1 + r split exactly into
 * a1 + b1, so that only the last addition rounds at the size of the result. Measured against
 * 80-bit long double on 1.3e7 points over the whole range: ≤ 0.68 ULP for normal results of e^x,
 * 1.4 % of them not correctly rounded (fdlibm's form: 0.89 ULP, 9.7 %).
 * Without FMA: fdlibm's e^r = 1 + 2r/(2 − c) with c = r − r²·P(r²) (< 1 ULP). */
SYMACT_FN double symact_vexp_reduced(double hi, double lo, double *rest)
{
    double r = hi - lo;
    *rest = 0.0;
#if defined(__FMA__)
    double r_lo = (hi - r) - lo;
    double p = fma(r, 1.6059043836821613e-10, 2.08767569878681e-09); /* 1/13!, 1/12! */
    p = fma(r, p, 2.505210838544172e-08);
    p = fma(r, p, 2.755731922398589e-07);
    p = fma(r, p, 2.7557319223985893e-06);
    p = fma(r, p, 2.48015873015873e-05);
    p = fma(r, p, 1.984126984126984e-04);
    p = fma(r, p, 1.388888888888889e-03);
    p = fma(r, p, 8.333333333333333e-03);
    p = fma(r, p, 4.1666666666666664e-02);
    p = fma(r, p, 0.16666666666666666);
    p = fma(r, p, 0.5);
    double a1 = 1.0 + r; /* 1 + r = a1 + b1 exactly (Fast2Sum: |r| < 1) */
    double b1 = (1.0 - a1) + r;
    double t = b1 + fma(r * r, p, r_lo);
    double y = a1 + t;
    *rest = (a1 - y) + t; /* e^r = y + rest to about 2^-60 (Fast2Sum: |t| < |a1|) */
    return y;
#else
    double s = r * r;
    double c = r - s * (1.66666666666666019037e-01 + s * (-2.77777777770155933842e-03 + s * (6.61375632143793436117e-05
               + s * (-1.65339022054652515390e-06 + s * 4.13813679705723846039e-08))));
    return 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
#endif
}

/* e^x = hi + *lo: the rounded value (symact_vexp's, bit for bit) and what its last rounding
 * dropped (0 without FMA), for kernels that need more than the rounded exponential (σ). */
SYMACT_FN double symact_vexp_pair(double x, double *lo)
{
    const double shifter = 6755399441055744.0; /* 1.5·2^52: adding it rounds to an integer */
    double xc = x > 710.0 ? 710.0 : (x < -746.0 ? -746.0 : x);
    symact_bits t;
    t.d = xc * 1.44269504088896338700e+00 + shifter;
    double kf = t.d - shifter;
    long long k = t.i - 0x4338000000000000LL; /* the integer kf, from the low bits */
    double hi = xc - kf * 6.93147180369123816490e-01; /* exact: ln2_hi has 32 significant bits */
    double rest;
    double y = symact_vexp_reduced(hi, kf * 1.90821492927058770002e-10, &rest);
    long long k1 = (long long)((unsigned long long)(k + 2048) >> 1) - 1024; /* floor(k/2) */
    double v = (y * symact_pow2i(k1)) * symact_pow2i(k - k1);
    *lo = (rest * symact_pow2i(k1)) * symact_pow2i(k - k1);
    return x != x ? x : v;
}

SYMACT_FN double symact_vexp(double x)
{
    double lo;
    return symact_vexp_pair(x, &lo);
}

/* σ(u) for the prelude's symact_sigmoid in the host SIMD build: e = e^{−|u|} as a pair, 1 + e =
 * d + dl exactly, and the quotient n/(d + dl) corrected once, q + ((n − q·d) + nl − q·dl)/d with
 * n − q·d exact by an fma: ≤ 0.72 ULP against mpmath (the rounded e and one division were up to
 * 1 ULP off, amplified to 4.4 ULP in E-swish′). */
SYMACT_FN double symact_vsigmoid(double u)
{
    double el;
    double e = symact_vexp_pair(-fabs(u), &el);
    double d = 1.0 + e;
    double dl = ((1.0 - d) + e) + el;
    double n = u < 0.0 ? e : 1.0, nl = u < 0.0 ? el : 0.0;
    double q = n / d;
    double v = q + ((fma(-q, d, n) + nl) - q * dl) / d;
    return u != u ? u : v;
}
#define exp(u) symact_vexp(u)
#define SYMACT_VEXP_PAIR 1
#endif

#endif /* SYMACT_VECTOR_H */
