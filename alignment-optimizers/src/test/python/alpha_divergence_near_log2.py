#!/usr/bin/env python3
"""Reference values for sigmoid DPO under TRL's alpha_divergence score where the loss is (almost) exactly log 2.

One pair (n = 1): l = pi - pi_ref, g(l) = exp((a - 1) l) / (a - 1), Delta = g(l_w) - g(l_l), loss = softplus(-b Delta)
(TRL HEAD's score and sigmoid loss, trl-objectives.md 1.2 and 1.3). The loss is computed in 60-digit arithmetic and
its gradients with respect to the policy log-probabilities by mpmath's numerical differentiation of that loss, so
nothing here uses a hand-derived derivative. The first case is the pair that PairwisePropertyTest's descent check met
with a loss that rounds to log 2 (Delta ~ -7e-18); the others move l_w and l_l to and across Delta = 0 with larger
gradients. Inputs are the Java doubles' shortest decimal strings, converted exactly to mpf.

    python3 alignment-optimizers/src/test/python/alpha_divergence_near_log2.py
"""

from mpmath import mp, mpf, exp, log, diff

mp.dps = 60

# beta, alpha, policy chosen, policy rejected, reference chosen, reference rejected
CASES = [
    ("0.762937181639913", "-0.7643549539445059", "-6.658236486956653", "-3.650325776963591",
     "-28.894456837882675", "-38.83649086153109"),
    ("0.762937181639913", "-0.7643549539445059", "-3.0", "-3.0", "-3.3", "-3.3"),
    ("0.762937181639913", "-0.7643549539445059", "-3.0", "-3.01", "-3.3", "-3.3"),
    ("0.762937181639913", "-0.7643549539445059", "-3.5", "-2.5", "-3.0", "-3.0"),
    ("0.1", "2.0", "-30.0", "-31.0", "-1.0", "-1.5"),
    ("0.1", "0.5", "-12.0", "-12.0", "-2.0", "-2.0"),
]


def exact(s):
    return mpf(float(s))


def loss(b, a, c, r, c0, r0):
    def g(l):
        return exp((a - 1) * l) / (a - 1)
    delta = g(c - c0) - g(r - r0)
    return log(1 + exp(-b * delta))


for case in CASES:
    b, a, c, r, c0, r0 = (exact(s) for s in case)
    value = loss(b, a, c, r, c0, r0)
    gc = diff(lambda x: loss(b, a, x, r, c0, r0), c)
    gr = diff(lambda x: loss(b, a, c, x, c0, r0), r)
    print('{"%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s"},' % (
        *case, mp.nstr(value, 20, min_fixed=0, max_fixed=0), mp.nstr(gc, 20, min_fixed=0, max_fixed=0),
        mp.nstr(gr, 20, min_fixed=0, max_fixed=0)))
