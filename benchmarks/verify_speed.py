#!/usr/bin/env python3
"""How long the verifier takes: the whole built-in identity catalog, and each certified
sup-norm bound on ℝ, in one process.

    python benchmarks/verify_speed.py

Targets (issue 9): the identity catalog in under 30 s on a 2-core machine; each certified
sup-norm bound on ℝ in under 10 s.
"""
from __future__ import annotations

import time

import symact
from symact.verifier.identities import IDENTITIES

BOUNDS = [
    "sup(abs(gelu(x) - gelu_tanh(x)), x, -oo, oo) <= 4.74e-4",
    "sup(abs(gelu(x) - gelu_sigmoid(x)), x, -oo, oo) <= 2.04e-2",
    "sup(abs(hard_sigmoid(x) - sigmoid(x)), x, -oo, oo) <= 0.0692",
    "sup(abs(hard_swish(x) - swish(x)), x, -oo, oo) <= 0.1423",
]

#: parameter boxes, touching inequalities, vector sums (certificate kinds other than the plain cover)
OTHERS = [
    "for 1 <= beta <= 10: x*sigmoid(beta*x) >= -0.2785/beta",
    "for 1 <= a <= 2 and 1 <= b <= 3: a*tanh(b*x) >= -2",
    "swish(x) >= -LambertW(exp(-1))",
    "x*log(x) >= -exp(-1) on (0, oo)",
    "sup(abs(hard_swish(x) - swish(x)), x, -oo, oo) <= 3*sigmoid(-3)",
    "for vector x: sum(softmax(x)) == 1",
]


def main() -> None:
    t0 = time.perf_counter()
    symact.verify("x == x")  # imports and first compilation
    print(f"warm-up (imports): {time.perf_counter() - t0:.2f} s\n")
    print(f"{'claim':<78} {'verdict':<10} {'s':>6}")
    start = time.perf_counter()
    held = 0
    for _, claim in IDENTITIES:
        t = time.perf_counter()
        v = symact.verify(claim)
        held += v.status.holds
        print(f"{claim[:78]:<78} {str(v.status):<10} {time.perf_counter() - t:6.2f}")
    from symact.verifier.vectors import IDENTITIES as VECTOR, verify_vector
    for ident in VECTOR:
        t = time.perf_counter()
        v = verify_vector(ident)
        held += v.status.holds
        print(f"{ident.text[:78]:<78} {str(v.status):<10} {time.perf_counter() - t:6.2f}")
    total = time.perf_counter() - start
    count = len(IDENTITIES) + len(VECTOR)
    print(f"\nidentity catalog: {held}/{count} proved or certified in {total:.1f} s\n")
    import tempfile
    from symact.verifier import certificates, decide, parse_claim
    for claim in BOUNDS:
        parsed = parse_claim(claim)
        t = time.perf_counter()
        v = decide(parsed)
        spent = time.perf_counter() - t
        print(f"{str(v.status):<10} {spent:6.2f} s  {claim}")
        if v.enclosure:
            print(f"{'':<19} sup ∈ [{v.enclosure[0]}, {v.enclosure[1]}] at x ≈ {v.where}")
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            certificates.write(f.name, [certificates.certificate(v, parsed)])
            t = time.perf_counter()
            r = certificates.replay(f.name)[0]
            again = time.perf_counter() - t
        print(f"{'':<19} replay: {r.outcome} in {again:.3f} s ({100 * again / spent:.0f} % of the verification; {r.detail})")
    print("\nother kinds (verification, certificate, replay):")
    for claim in OTHERS:
        parsed = parse_claim(claim)
        t = time.perf_counter()
        v = decide(parsed)
        spent = time.perf_counter() - t
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            t = time.perf_counter()
            certificates.write(f.name, [certificates.certificate(v, parsed)])
            built = time.perf_counter() - t
            t = time.perf_counter()
            r = certificates.replay(f.name)[0]
            again = time.perf_counter() - t
        print(f"{str(v.status):<10} {spent:6.2f} s  {claim}")
        print(f"{'':<19} certificate {built:.2f} s; replay: {r.outcome} in {again:.3f} s "
              f"({100 * again / spent:.0f} % of the verification)")


if __name__ == "__main__":
    main()
