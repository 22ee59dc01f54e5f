#!/usr/bin/env python3
"""Independent reference values for the alignment-optimizers objectives, advantage and KL estimators.

Every number here is computed from the published formulas (the papers, and TRL's code where align4j follows TRL;
see trl-objectives.md), not from the Java code: the losses in 50-digit arithmetic (mpmath), the gradients by
mpmath's high-precision numerical differentiation of those losses (so a gradient pins the loss's definition, not a
hand-derived derivative). Inputs are decimal strings; Java parses the same strings to the same doubles, and the
script converts each double exactly to an mpf before computing.

Run from the repository root (or anywhere):

    python3 alignment-optimizers/src/test/python/reference_values.py

It rewrites three generated data classes next to the tests that read them:

    objective/ObjectiveReferenceValues.java   (pairwise, unpaired, listwise, token-level, policy-gradient)
    advantage/AdvantageReferenceValues.java   (GAE, group-normalised, RLOO, REINFORCE++, ReMax, whitening)
    kl/KlReferenceValues.java                 (k1/k2/k3, masked means, reward shaping, adaptive controller)

Needs mpmath (pip install mpmath); numpy/scipy are not needed.
"""

import os
import sys

from mpmath import mp, mpf

mp.dps = 50

HERE = os.path.dirname(os.path.abspath(__file__))
JAVA_ROOT = os.path.join(HERE, "..", "java", "dev", "align4j", "optimizers")


# ---------------------------------------------------------------------------------------------------------------
# numerics


def D(s):
    """The exact value of the double nearest to the decimal string s (what Java's parser gives)."""
    return mpf(float(s))


def sig(x):
    return 1 / (1 + mp.exp(-x))


def logsig(x):
    return -mp.log(1 + mp.exp(-x))


def softplus(x):
    return mp.log(1 + mp.exp(x))


def mean(xs):
    return sum(xs) / len(xs)


def grad(f, xs, idx=None):
    """∂f/∂xs[i] for every i (or the listed ones) by mpmath's numerical differentiation at 50 digits."""
    out = []
    for i in range(len(xs)) if idx is None else idx:
        def g(v, i=i):
            ys = list(xs)
            ys[i] = v
            return f(ys)
        out.append(mp.diff(g, xs[i]))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Java emission


def lit(x):
    """A Java double literal that parses to the double nearest to x."""
    v = float(x)
    r = repr(v)
    if r in ("inf", "-inf", "nan"):
        raise ValueError(x)
    if "e" not in r and "." not in r:
        r += ".0"
    return r


def jarr(xs, indent, lead=0):
    parts = [lit(x) for x in xs]
    return wrap("{", parts, "}", indent, lead)


def jints(xs, indent, lead=0):
    return wrap("{", [str(int(x)) for x in xs], "}", indent, lead)


def wrap(open_, parts, close, indent, lead=0):
    """Joins parts into lines of at most 118 columns; the first line already holds `lead` characters."""
    lines = []
    cur = open_
    used = indent + lead
    for k, p in enumerate(parts):
        piece = p + (", " if k < len(parts) - 1 else "")
        if used + len(cur + piece.rstrip()) + 2 > 118:
            lines.append(cur.rstrip())
            cur = " " * 4 + piece
            used = indent
        else:
            cur += piece
    lines.append(cur + close)
    return ("\n" + " " * indent).join(lines)


def jdoc(text, indent):
    """A Javadoc comment wrapped at 118 columns."""
    words = text.split()
    lines, cur = [], ""
    for w in words:
        if indent + 4 + len(cur) + 1 + len(w) > 118:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w).strip()
    lines.append(cur)
    pad = " " * indent
    if len(lines) == 1 and indent + 7 + len(lines[0]) <= 118:
        return pad + "/** " + lines[0] + " */"
    return "\n".join([pad + "/**"] + [pad + " * " + l for l in lines] + [pad + " */"])


class Emitter:
    def __init__(self, public=False):
        # public: the class is read by tests in other packages (the objective family sub-packages)
        self.vis = "public " if public else ""
        self.fields = []
        self.maps = {}

    def arr(self, name, xs, doc=None):
        head = self.vis + "static final double[] %s = " % name
        self.fields.append((doc, head + jarr(xs, 2, len(head)) + ";"))

    def ints(self, name, xs, doc=None):
        head = self.vis + "static final int[] %s = " % name
        self.fields.append((doc, head + jints(xs, 2, len(head)) + ";"))

    def scalar(self, name, x, doc=None):
        self.fields.append((doc, self.vis + "static final double %s = %s;" % (name, lit(x))))

    def put(self, mapname, key, rows):
        """rows: list of lists of values; stored as double[][] under key."""
        self.maps.setdefault(mapname, []).append((key, rows))

    def render(self, package, cls, doc):
        out = ["package %s;" % package, "", "import java.util.LinkedHashMap;", "import java.util.Map;", "",
               "/**"]
        for line in doc:
            out.append((" * " + line).rstrip())
        out += [" *",
                " * <p>GENERATED by {@code alignment-optimizers/src/test/python/reference_values.py} (mpmath, 50"
                " digits); do not",
                " * edit by hand: change the script and run it again.",
                " */",
                self.vis + "final class %s {" % cls, "  private %s() {}" % cls, ""]
        for d, f in self.fields:
            if d:
                out.append(jdoc(d, 2))
            out.append("  " + f)
            out.append("")
        for mapname, entries in self.maps.items():
            out.append("  /** Expected values by case name (rows as documented on the test that reads them). */")
            out.append("  " + self.vis + "static final Map<String, double[][]> %s = new LinkedHashMap<>();" % mapname)
            out.append("")
            # one static method per entry keeps every method far below the JVM's 64 KB limit
            out.append("  static {")
            for k, (key, _) in enumerate(entries):
                out.append("    %s.put(\"%s\", %s%d());" % (mapname, key, mapname.lower(), k))
            out.append("  }")
            out.append("")
            for k, (key, rows) in enumerate(entries):
                out.append("  private static double[][] %s%d() {" % (mapname.lower(), k))
                out.append("    return new double[][] {")
                for row in rows:
                    out.append("      " + jarr(row, 6) + ",")
                out.append("    };")
                out.append("  }")
                out.append("")
        out.append("}")
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# pairwise losses (trl-objectives.md §1.3; papers for the types TRL lacks)

PW_C = ["-12.5", "-30.25", "-7.75", "-55.0", "-3.125", "-20.0", "-41.75", "-9.2", "-16.75"]
PW_R = ["-14.0", "-28.5", "-11.25", "-50.5", "-6.0", "-19.5", "-45.0", "-8.25", "-21.0"]
PW_C0 = ["-13.3", "-31.1", "-7.5", "-53.6", "-4.55", "-21.35", "-39.9", "-9.45", "-18.2"]
PW_R0 = ["-13.05", "-27.8", "-12.15", "-52.2", "-5.35", "-19.65", "-46.55", "-7.45", "-19.45"]
PW_LW = [5, 17, 3, 40, 2, 11, 29, 8, 14]
PW_LL = [9, 12, 6, 33, 4, 11, 37, 3, 20]


def fscore(f, l, a):
    if f == "reverse_kl":
        return l
    if f == "forward_kl":
        return -mp.exp(-l)
    if f == "js_divergence":
        return logsig(l)
    if f == "alpha_divergence":
        return mp.exp((a - 1) * l) / (a - 1)
    raise ValueError(f)


def pairwise_losses(t, p, c, r, c0, r0, lw, ll):
    """Per-pair losses of loss type t with hyper-parameters p; c0/r0 None = reference-free."""
    n = len(c)
    beta = p.get("beta", mpf("0.1"))
    f = p.get("f", "reverse_kl")
    fa = p.get("falpha", mpf("0.5"))
    eps = p.get("eps", mpf(0))
    rw = [c[i] - (c0[i] if c0 else 0) for i in range(n)]  # raw log-ratios ℓ_w
    rl = [r[i] - (r0[i] if r0 else 0) for i in range(n)]
    sw = [fscore(f, x, fa) for x in rw]
    sl = [fscore(f, x, fa) for x in rl]
    dl = [sw[i] - sl[i] for i in range(n)]
    out = []
    if t in ("aot", "aot_unpaired"):
        if t == "aot":
            first = sorted(c[i] - r[i] for i in range(n))
            second = sorted((c0[i] if c0 else 0) - (r0[i] if r0 else 0) for i in range(n))
        else:
            first = sorted(rw)
            second = sorted(rl)
        for k in range(n):
            d = first[k] - second[k]
            out.append(-(1 - eps) * logsig(beta * d) - eps * logsig(-beta * d))
        return out
    if t == "sft":
        nll = -sum(c) / sum(lw)
        return [nll] * n
    if t == "beta_dpo":
        # β-DPO: β_b = β·max(1e-3, 1 + α(M̄ − M₀)), M̄ the batch mean of β(ℓ_w − ℓ_l); detached, so p carries it
        beta = p["beta_b"]
    for i in range(n):
        x = beta * dl[i]
        if t in ("sigmoid", "ld_dpo", "beta_dpo"):
            L = -logsig(x)
        elif t == "hinge":
            L = max(mpf(0), 1 - x)
        elif t == "ipo":
            if p.get("ipo_norm", True):
                u = sw[i] / lw[i] - sl[i] / ll[i] - 1 / (2 * beta)
            else:
                u = dl[i] - 1 / (2 * beta)
            L = u * u
        elif t == "exo_pair":
            L = sig(x) * (logsig(x) - mp.log(1 - eps)) + sig(-x) * (logsig(-x) - mp.log(eps))
        elif t == "nca_pair":
            L = -logsig(beta * sw[i]) - logsig(-beta * sw[i]) / 2 - logsig(-beta * sl[i]) / 2
        elif t == "robust":
            L = (-(1 - eps) * logsig(x) + eps * logsig(-x)) / (1 - 2 * eps)
        elif t == "bco_pair":
            L = -logsig(beta * sw[i]) - logsig(-beta * sl[i])
        elif t == "sppo_hard":
            h = 1 / (2 * beta)
            L = (sw[i] - h) ** 2 + (sl[i] + h) ** 2
        elif t == "apo_zero":
            L = (1 - sig(beta * rw[i])) + sig(beta * rl[i])
        elif t == "apo_down":
            L = sig(beta * rw[i]) + (1 - sig(x))
        elif t == "discopop":
            m = sig(x / p["tau"])
            L = (1 - m) * (-logsig(x)) + m * mp.exp(-x)
        elif t == "sigmoid_norm":
            L = -logsig(beta * (sw[i] / lw[i] - sl[i] / ll[i]))
        elif t == "cdpo":
            L = -(1 - eps) * logsig(x) - eps * logsig(-x)
        elif t == "r_dpo":
            # Park et al. 2024, Eq. 9: the margin is βΔ + α(|y_w| − |y_l|)
            L = -logsig(x + p["alpha"] * (lw[i] - ll[i]))
        elif t == "dpop":
            # Pal et al. 2024: −logσ(β(Δ − λ·max(0, log π_ref(y_w)/π_θ(y_w))))
            L = -logsig(beta * (dl[i] - p["lambda"] * max(mpf(0), -rw[i])))
        elif t == "slic":
            L = max(mpf(0), p["delta"] - (c[i] - r[i]))
        elif t == "simpo":
            z = beta * (c[i] / lw[i] - r[i] / ll[i]) - p["gamma"]
            L = -(1 - eps) * logsig(z) - eps * logsig(-z)
        elif t == "cpo":
            z = beta * (c[i] - r[i])
            L = -(1 - eps) * logsig(z) - eps * logsig(-z)
        elif t == "cpo_hinge":
            L = max(mpf(0), 1 - beta * (c[i] - r[i]))
        elif t == "cpo_ipo":
            u = c[i] / lw[i] - r[i] / ll[i] - 1 / (2 * beta)
            L = u * u
        elif t == "alphapo":
            a = p["alpha"]
            Rw = (1 - mp.exp(-a * c[i] / lw[i])) / a
            Rl = (1 - mp.exp(-a * r[i] / ll[i])) / a
            z = beta * (Rw - Rl) - p["gamma"]
            L = -(1 - eps) * logsig(z) - eps * logsig(-z)
        elif t == "orpo":
            cm = c[i] / lw[i]
            rm = r[i] / ll[i]
            lo = (cm - rm) - (mp.log(1 - mp.exp(cm)) - mp.log(1 - mp.exp(rm)))
            L = -beta * logsig(lo)
        else:
            raise ValueError(t)
        out.append(L)
    return out


POLICY_ONLY = {"slic", "simpo", "cpo", "cpo_hinge", "cpo_ipo", "alphapo", "orpo", "sft"}

# name -> (loss_type, params); the Java test builds the same objects under the same names
PAIRWISE_CASES = []


def case(name, t, **p):
    PAIRWISE_CASES.append((name, t, p))


B = mpf("0.3")
for f in ("reverse_kl", "forward_kl", "js_divergence", "alpha_divergence"):
    sfx = "" if f == "reverse_kl" else "/" + f
    fp = dict(f=f, falpha=D("0.3"))
    case("sigmoid" + sfx, "sigmoid", beta=B, **fp)
    case("hinge" + sfx, "hinge", beta=D("0.2"), **fp)
    case("ipo" + sfx, "ipo", beta=B, **fp)
    case("exo_pair" + sfx, "exo_pair", beta=B, eps=D("0.15"), **fp)
    case("nca_pair" + sfx, "nca_pair", beta=B, **fp)
    case("robust" + sfx, "robust", beta=B, eps=D("0.15"), **fp)
    case("bco_pair" + sfx, "bco_pair", beta=B, **fp)
    case("sppo_hard" + sfx, "sppo_hard", beta=B, **fp)
    case("apo_down" + sfx, "apo_down", beta=B, **fp)
    case("discopop" + sfx, "discopop", beta=B, tau=D("0.07"), **fp)
    case("sigmoid_norm" + sfx, "sigmoid_norm", beta=D("1.5"), **fp)
    case("cdpo" + sfx, "cdpo", beta=B, eps=D("0.15"), **fp)
    case("r_dpo" + sfx, "r_dpo", beta=B, alpha=D("0.02"), **fp)
    case("dpop" + sfx, "dpop", beta=B, **{"lambda": D("5.0")}, **fp)
    case("beta_dpo" + sfx, "beta_dpo", beta=B, bdalpha=D("0.4"), bdthreshold=D("0.05"), **fp)
    case("ld_dpo" + sfx, "ld_dpo", beta=B, **fp)
case("ipo/unnormalised", "ipo", beta=B, ipo_norm=False)
case("aot", "aot", beta=B, eps=D("0.15"))
case("aot_unpaired", "aot_unpaired", beta=B, eps=D("0.15"))
case("apo_zero", "apo_zero", beta=B)
case("sft", "sft", beta=B)
case("slic", "slic", delta=D("1.7"))
case("simpo", "simpo", beta=D("2.0"), gamma=D("0.4"), eps=D("0.1"))
case("cpo", "cpo", beta=D("0.2"), eps=D("0.1"))
case("cpo_hinge", "cpo_hinge", beta=D("0.2"))
case("cpo_ipo", "cpo_ipo", beta=D("0.2"))
case("alphapo", "alphapo", beta=D("2.0"), gamma=D("0.4"), alpha=D("0.3"), eps=D("0.1"))
case("orpo", "orpo", beta=D("0.25"))
case("sigmoid/reference_free", "sigmoid", beta=B, reference_free=True)
case("r_dpo/alpha_0.5", "r_dpo", beta=B, alpha=D("0.5"))


def pairwise(em):
    c = [D(x) for x in PW_C]
    r = [D(x) for x in PW_R]
    c0 = [D(x) for x in PW_C0]
    r0 = [D(x) for x in PW_R0]
    n = len(c)
    em.arr("PAIRWISE_C", c, "Pairwise batch: Σ log π_θ(y_w).")
    em.arr("PAIRWISE_R", r, "Pairwise batch: Σ log π_θ(y_l).")
    em.arr("PAIRWISE_C0", c0, "Pairwise batch: Σ log π_ref(y_w).")
    em.arr("PAIRWISE_R0", r0, "Pairwise batch: Σ log π_ref(y_l).")
    em.ints("PAIRWISE_LW", PW_LW, "Pairwise batch: |y_w|.")
    em.ints("PAIRWISE_LL", PW_LL, "Pairwise batch: |y_l|.")
    for name, t, p in PAIRWISE_CASES:
        free = t in POLICY_ONLY or p.get("reference_free", False)
        rc0 = None if free else c0
        rr0 = None if free else r0
        p = dict(p)
        if t == "beta_dpo":
            margin = mean([p["beta"] * ((c[i] - c0[i]) - (r[i] - r0[i])) for i in range(n)])
            p["beta_b"] = p["beta"] * max(mpf("1e-3"), 1 + p["bdalpha"] * (margin - p["bdthreshold"]))

        def total(cc, rr, t=t, p=p, rc0=rc0, rr0=rr0):
            return mean(pairwise_losses(t, p, cc, rr, rc0, rr0, PW_LW, PW_LL))

        losses = pairwise_losses(t, p, c, r, rc0, rr0, PW_LW, PW_LL)
        check_smooth(name, t, p, c, r, rc0, rr0)
        gc = grad(lambda xs: total(xs, r), c)
        gr = grad(lambda xs: total(c, xs), r)
        rows = [[mean(losses)], losses, gc, gr]
        if t == "beta_dpo":
            rows.append([p["beta_b"]])
        em.put("PAIRWISE", name, rows)
    # r_dpo inside a loss_type list: r_dpo + 0.5·sft (TRL multi-loss: Σ_k w_k·mean_i L_k,i)
    p = dict(beta=B, alpha=D("0.02"))

    def combo(cc, rr):
        a = mean(pairwise_losses("r_dpo", p, cc, rr, c0, r0, PW_LW, PW_LL))
        b = mean(pairwise_losses("sft", {}, cc, rr, c0, r0, PW_LW, PW_LL))
        return a + D("0.5") * b

    lr = pairwise_losses("r_dpo", p, c, r, c0, r0, PW_LW, PW_LL)
    ls = pairwise_losses("sft", {}, c, r, c0, r0, PW_LW, PW_LL)
    em.put("PAIRWISE", "r_dpo+0.5*sft", [[combo(c, r)], [lr[i] + D("0.5") * ls[i] for i in range(n)],
                                         grad(lambda xs: combo(xs, r), c), grad(lambda xs: combo(c, xs), r)])
    # TRL's common metrics from raw log-ratios (β = 0.3)
    lw_ = [c[i] - c0[i] for i in range(n)]
    ll_ = [r[i] - r0[i] for i in range(n)]
    em.arr("PAIRWISE_METRICS", [B * mean(lw_), B * mean(ll_), B * (mean(lw_) - mean(ll_)),
                                mpf(sum(1 for i in range(n) if lw_[i] > ll_[i])) / n, mean(c), mean(r)],
           "rewards/chosen, rewards/rejected, rewards/margins, rewards/accuracies, logps/chosen, logps/rejected"
           " at β = 0.3.")
    # ORPO's own metrics (TRL names): log_odds_ratio = mean logσ(log odds), log_odds_chosen = mean log odds
    lo = []
    for i in range(n):
        cm = c[i] / PW_LW[i]
        rm = r[i] / PW_LL[i]
        lo.append((cm - rm) - (mp.log(1 - mp.exp(cm)) - mp.log(1 - mp.exp(rm))))
    em.arr("ORPO_METRICS", [mean([logsig(x) for x in lo]), mean(lo)], "log_odds_ratio, log_odds_chosen.")


def check_smooth(name, t, p, c, r, c0, r0):
    """Refuses inputs on a kink of a piecewise loss (the gradient would not be defined there)."""
    n = len(c)
    beta = p.get("beta", mpf("0.1"))
    f = p.get("f", "reverse_kl")
    fa = p.get("falpha", mpf("0.5"))
    for i in range(n):
        lw = c[i] - (c0[i] if c0 else 0)
        ll = r[i] - (r0[i] if r0 else 0)
        d = fscore(f, lw, fa) - fscore(f, ll, fa)
        if t == "hinge":
            assert abs(1 - beta * d) > mpf("1e-3"), (name, i)
        if t == "cpo_hinge":
            assert abs(1 - beta * (c[i] - r[i])) > mpf("1e-3"), (name, i)
        if t == "slic":
            assert abs(p["delta"] - (c[i] - r[i])) > mpf("1e-3"), (name, i)
        if t == "dpop":
            assert abs(lw) > mpf("1e-3"), (name, i)
    if t.startswith("aot"):
        xs = [c[i] - r[i] for i in range(n)] + [(c0[i] - r0[i]) if c0 else 0 for i in range(n)]
        ys = [c[i] - (c0[i] if c0 else 0) for i in range(n)] + [r[i] - (r0[i] if r0 else 0) for i in range(n)]
        for zs in (xs[:n], xs[n:], ys[:n], ys[n:]):
            s = sorted(zs)
            assert all(s[k + 1] - s[k] > mpf("1e-3") for k in range(n - 1)), name


# ---------------------------------------------------------------------------------------------------------------
# LD-DPO (TRL ld_alpha): per-token sums with tokens past min(|y_w|, |y_l|) scaled by α, policy and reference alike

LD_PC = [["-0.5", "-1.25", "-0.75"], ["-2.0", "-0.125", "-0.5", "-1.5", "-0.25", "-0.875"]]
LD_PR = [["-0.25", "-1.5", "-1.0", "-0.625", "-2.25"], ["-0.75", "-1.0"]]
LD_RC = [["-0.75", "-1.0", "-0.5"], ["-1.75", "-0.25", "-0.625", "-1.25", "-0.5", "-0.75"]]
LD_RR = [["-0.5", "-1.25", "-0.75", "-1.0", "-1.5"], ["-0.5", "-1.25"]]


def ld_dpo(em):
    alpha = D("0.35")
    beta = D("0.3")
    pc = [[D(x) for x in row] for row in LD_PC]
    pr = [[D(x) for x in row] for row in LD_PR]
    rc = [[D(x) for x in row] for row in LD_RC]
    rr = [[D(x) for x in row] for row in LD_RR]

    def agg(row, keep):
        return sum(row[:keep]) + alpha * sum(row[keep:])

    def sums(pc, pr):
        out = []
        for i in range(len(pc)):
            keep = min(len(pc[i]), len(pr[i]))
            out.append((agg(pc[i], keep), agg(pr[i], keep), agg(rc[i], keep), agg(rr[i], keep)))
        return out

    def loss(pc, pr):
        s = sums(pc, pr)
        return mean([-logsig(beta * ((a - c0) - (b - r0))) for a, b, c0, r0 in s])

    s = sums(pc, pr)
    flat_c = [x for row in pc for x in row]
    for nm, rows in (("LD_PC", pc), ("LD_PR", pr), ("LD_RC", rc), ("LD_RR", rr)):
        em.arr(nm, [x for row in rows for x in row], "LD-DPO per-token log-probabilities, rows concatenated.")
    em.ints("LD_LC", [len(row) for row in pc], "LD-DPO chosen row lengths.")
    em.ints("LD_LR", [len(row) for row in pr], "LD-DPO rejected row lengths.")
    flat_r = [x for row in pr for x in row]

    def unflat(flat, like):
        out, k = [], 0
        for row in like:
            out.append(flat[k:k + len(row)])
            k += len(row)
        return out

    gtc = grad(lambda xs: loss(unflat(xs, pc), pr), flat_c)
    gtr = grad(lambda xs: loss(pc, unflat(xs, pr)), flat_r)
    em.put("LD_DPO", "ld_dpo", [[loss(pc, pr)], [x[0] for x in s], [x[1] for x in s], [x[2] for x in s],
                                [x[3] for x in s], gtc, gtr])


# ---------------------------------------------------------------------------------------------------------------
# unpaired: KTO (TRL kto_trainer, KTO paper Eq. 7), APO-zero unpaired, BCO (TRL bco_trainer), NPO (Zhang et al. 2024)

UP_POLICY = ["-10.0", "-12.5", "-14.0", "-9.0", "-20.25", "-7.5", "-16.0"]
UP_REF = ["-10.6", "-12.0", "-13.0", "-9.85", "-19.25", "-8.3", "-15.6"]
UP_DESIRABLE = [True, True, False, False, True, False, True]
KL_POS_POLICY = ["-11.0", "-13.0", "-12.0", "-10.0", "-18.0"]
KL_POS_REF = ["-11.4", "-13.05", "-12.5", "-10.35", "-17.9"]
KL_NEG_POLICY = ["-11.0", "-13.0", "-12.0", "-10.0", "-18.0"]
KL_NEG_REF = ["-10.4", "-13.2", "-11.5", "-10.05", "-17.6"]
NPO_POLICY = ["-10.0", "-12.5", "-14.0", "-9.0", "-20.25"]
NPO_REF = ["-10.6", "-12.0", "-13.0", "-9.85", "-16.25"]


def unpaired(em):
    pol = [D(x) for x in UP_POLICY]
    ref = [D(x) for x in UP_REF]
    lab = UP_DESIRABLE
    n = len(pol)
    em.arr("UNPAIRED_POLICY", pol, "Unpaired batch: Σ log π_θ(y).")
    em.arr("UNPAIRED_REFERENCE", ref, "Unpaired batch: Σ log π_ref(y).")
    for nm, pp, rr in (("KL_POS", KL_POS_POLICY, KL_POS_REF), ("KL_NEG", KL_NEG_POLICY, KL_NEG_REF)):
        em.arr(nm + "_POLICY", [D(x) for x in pp], "Mismatched KL pairs: Σ log π_θ.")
        em.arr(nm + "_REFERENCE", [D(x) for x in rr], "Mismatched KL pairs: Σ log π_ref.")
    beta = D("0.25")
    wd = D("1.3")
    wu = D("0.8")

    def kto_losses(xs, z0, apo=False):
        out = []
        for i in range(n):
            l = xs[i] - ref[i]
            if apo:
                out.append(wd * (1 - sig(beta * l)) if lab[i] else wu * sig(beta * l))
            elif lab[i]:
                out.append(wd * (1 - sig(beta * (l - z0))))
            else:
                out.append(wu * (1 - sig(beta * (z0 - l))))
        return out

    def metrics(xs, kl=None):
        rd = [beta * (xs[i] - ref[i]) for i in range(n) if lab[i]]
        ru = [beta * (xs[i] - ref[i]) for i in range(n) if not lab[i]]
        ld = [xs[i] for i in range(n) if lab[i]]
        lu = [xs[i] for i in range(n) if not lab[i]]
        m = [] if kl is None else [kl]
        return m + [mean(rd), mean(ru), mean(rd) - mean(ru), mean(ld), mean(lu)]

    for nm, pp, rr, clamp in (("kto/kl_positive", KL_POS_POLICY, KL_POS_REF, True),
                              ("kto/kl_negative_clamped", KL_NEG_POLICY, KL_NEG_REF, True),
                              ("kto/kl_negative_unclamped", KL_NEG_POLICY, KL_NEG_REF, False)):
        raw = mean([D(a) - D(b) for a, b in zip(pp, rr)])
        z0 = max(mpf(0), raw) if clamp else raw  # TRL: clamp(min=0), detached
        ls = kto_losses(pol, z0)
        g = grad(lambda xs: mean(kto_losses(xs, z0)), pol)
        em.put("UNPAIRED", nm, [[mean(ls)], ls, g, metrics(pol, z0)])
    ls = kto_losses(pol, 0, apo=True)
    em.put("UNPAIRED", "apo_zero_unpaired", [[mean(ls)], ls, grad(lambda xs: mean(kto_losses(xs, 0, True)), pol),
                                             metrics(pol)])

    # BCO: δ is TRL's RunningMoments mean of every β-reward, updated with the batch BEFORE the loss (do_train=True)
    bb = D("0.2")

    def bco_losses(xs, delta):
        out = []
        for i in range(n):
            x = bb * (xs[i] - ref[i]) - delta
            out.append(-logsig(x) if lab[i] else -logsig(-x))
        return out

    def bco_metrics(xs, delta):
        rd = [bb * (xs[i] - ref[i]) for i in range(n) if lab[i]]
        ru = [bb * (xs[i] - ref[i]) for i in range(n) if not lab[i]]
        return [delta, mean(rd), mean(ru), mean(rd) - mean(ru), mean([xs[i] for i in range(n) if lab[i]]),
                mean([xs[i] for i in range(n) if not lab[i]])]

    batch_mean = mean([bb * (pol[i] - ref[i]) for i in range(n)])
    prior_mean, prior_count = D("0.37"), D("5.0")
    em.scalar("BCO_PRIOR_MEAN", prior_mean, "A restored reward shift: mean.")
    em.scalar("BCO_PRIOR_COUNT", prior_count, "A restored reward shift: count.")
    for nm, m0, k0, update in (("bco/fresh", mpf(0), mpf("1e-24"), True),
                               ("bco/restored", prior_mean, prior_count, True),
                               ("bco/restored_no_update", prior_mean, prior_count, False)):
        if update:
            total = k0 + n
            delta = m0 + (batch_mean - m0) * (n / total)
            count = total
        else:
            delta, count = m0, k0
        ls = bco_losses(pol, delta)
        g = grad(lambda xs: mean(bco_losses(xs, delta)), pol)  # δ is detached
        em.put("UNPAIRED", nm, [[mean(ls)], ls, g, bco_metrics(pol, delta), [delta, count]])

    # NPO: L = (2/β)·softplus(β·ℓ) on negatives only
    npol = [D(x) for x in NPO_POLICY]
    nref = [D(x) for x in NPO_REF]
    em.arr("NPO_POLICY", npol, "NPO negatives: Σ log π_θ.")
    em.arr("NPO_REFERENCE", nref, "NPO negatives: Σ log π_ref.")
    nb = D("0.4")

    def npo(xs):
        return [2 / nb * softplus(nb * (xs[i] - nref[i])) for i in range(len(xs))]

    ls = npo(npol)
    em.put("UNPAIRED", "npo", [[mean(ls)], ls, grad(lambda xs: mean(npo(xs)), npol),
                               [mean([nb * (npol[i] - nref[i]) for i in range(len(npol))]), mean(npol)]])


# ---------------------------------------------------------------------------------------------------------------
# listwise: Plackett–Luce DPO (DPO paper Eq. 18), LiPO-λ (Liu et al. 2024 §4), PRO (Song et al. 2024), RRHF

LW_POLICY = ["-10.0", "-12.5", "-11.0", "-20.0", "-18.5", "-25.5", "-19.0", "-6.0", "-7.25"]
LW_REF = ["-11.2", "-11.9", "-12.6", "-21.5", "-17.0", "-24.1", "-20.3", "-6.6", "-6.5"]
LW_LENGTHS = [4, 9, 6, 12, 7, 15, 10, 3, 5]
LW_SIZES = [3, 4, 2]
LW_SCORES = ["0.9", "0.6", "0.1", "2.0", "1.25", "1.25", "0.5", "0.7", "0.2"]


def lists(xs):
    out, k = [], 0
    for s in LW_SIZES:
        out.append(list(range(k, k + s)))
        k += s
    return out


def listwise(em):
    pol = [D(x) for x in LW_POLICY]
    ref = [D(x) for x in LW_REF]
    scores = [D(x) for x in LW_SCORES]
    em.arr("LISTWISE_POLICY", pol, "Listwise batch (lists of 3, 4, 2, best first): Σ log π_θ.")
    em.arr("LISTWISE_REFERENCE", ref, "Listwise batch: Σ log π_ref.")
    em.ints("LISTWISE_LENGTHS", LW_LENGTHS, "Listwise batch: completion lengths.")
    em.ints("LISTWISE_SIZES", LW_SIZES, "Listwise batch: list sizes.")
    em.arr("LISTWISE_SCORES", scores, "Listwise batch: graded labels (one tie in the second list).")
    L = lists(pol)

    def better(i, j, use_scores):
        return (not use_scores) or scores[i] > scores[j]

    def reward_metrics(rw, use_scores):
        best = mean([rw[q[0]] for q in L])
        worst = mean([rw[q[-1]] for q in L])
        pairs = [(i, j) for q in L for a, i in enumerate(q) for j in q[a + 1:] if better(i, j, use_scores)]
        acc = mpf(sum(1 for i, j in pairs if rw[i] > rw[j])) / len(pairs)
        return [best, worst, best - worst, acc]

    def finish(name, per_list, xs, extra=()):
        ls = per_list(xs)
        g = grad(lambda ys: mean(per_list(ys)), xs)
        em.put("LISTWISE", name, [[mean(ls)], ls, g] + [list(e) for e in extra])

    # Plackett–Luce DPO: s = β·log-ratio, L = Σ_k (log Σ_{j≥k} e^{s_j} − s_k)
    beta = D("0.7")

    def pl(xs):
        out = []
        for q in L:
            s = [beta * (xs[i] - ref[i]) for i in q]
            out.append(sum(mp.log(sum(mp.exp(v) for v in s[k:])) - s[k] for k in range(len(s))))
        return out

    s_all = [beta * (pol[i] - ref[i]) for i in range(len(pol))]
    finish("dpo_pl", pl, pol, [reward_metrics(s_all, False)])

    # LiPO-λ: Δ_ij = |G_i − G_j|·|1/D(τ_i) − 1/D(τ_j)|, G = 2^ψ − 1, D(τ) = log2(1 + τ), τ = rank by s (constant)
    def lipo(xs, use_scores):
        out = []
        for q in L:
            k = len(q)
            s = [beta * (xs[i] - ref[i]) for i in q]
            s0 = [beta * (pol[i] - ref[i]) for i in q]  # ranks are piecewise constant: take them at the point
            order = sorted(range(k), key=lambda a: (-s0[a], a))
            tau = [0] * k
            for rank, a in enumerate(order):
                tau[a] = rank + 1
            psi = [scores[i] for i in q] if use_scores else [mpf(k - 1 - a) / (k - 1) for a in range(k)]
            G = [2 ** v - 1 for v in psi]
            tot = 0
            for a in range(k):
                for b in range(a + 1, k):
                    if psi[a] > psi[b]:
                        w = abs(G[a] - G[b]) * abs(1 / mp.log(1 + tau[a], 2) - 1 / mp.log(1 + tau[b], 2))
                        tot += -w * logsig(s[a] - s[b])
            out.append(tot)
        return out

    finish("lipo_lambda/scores", lambda xs: lipo(xs, True), pol, [reward_metrics(s_all, True)])
    finish("lipo_lambda/positions", lambda xs: lipo(xs, False), pol, [reward_metrics(s_all, False)])

    # PRO: s = log π/|y|; Σ_{k<K} [LSE_{i≥k}(τ_ki s_i) − τ_kk s_k] − w·log π(y_1); τ_ki = r_k − r_i, τ_kk = max_{i>k}
    def pro(xs, temps, w=None):
        out = []
        for q in L:
            k = len(q)
            s = [xs[i] / LW_LENGTHS[i] for i in q]
            r = [scores[i] for i in q]
            tot = 0
            for st in range(k - 1):
                tau = [None] * k
                for i in range(st + 1, k):
                    tau[i] = (r[st] - r[i]) if temps else mpf(1)
                tau[st] = max(tau[st + 1:]) if temps else mpf(1)
                z = [tau[i] * s[i] for i in range(st, k)]
                tot += mp.log(sum(mp.exp(v) for v in z)) - z[0]
            ww = w if w is not None else D("0.05") * (k - 1) ** 2
            tot += -ww * xs[q[0]]
            out.append(tot)
        return out

    p_all = [pol[i] / LW_LENGTHS[i] for i in range(len(pol))]
    nll = mean([-pol[q[0]] for q in L])
    finish("pro/scores", lambda xs: pro(xs, True), pol, [reward_metrics(p_all, True) + [nll]])
    finish("pro/positions_w0.3", lambda xs: pro(xs, False, D("0.3")), pol, [reward_metrics(p_all, False) + [nll]])

    # RRHF: p = log π/|y|^α; ρ·Σ_{i better than j} max(0, p_j − p_i) − w·log π(y_1)/|y_1|
    def rrhf(xs, rho, w, a, use_scores):
        out = []
        for q in L:
            p = {i: xs[i] / mpf(LW_LENGTHS[i]) ** a for i in q}
            # the hinge has a kink at p_i = p_j: keep the inputs away from it
            assert all(abs(p[i] - p[j]) > mpf("1e-6") for i in q for j in q if i != j)
            tot = 0
            for ai, i in enumerate(q):
                for j in q[ai + 1:]:
                    if better(i, j, use_scores):
                        tot += rho * max(mpf(0), p[j] - p[i])
            tot += w * (-xs[q[0]] / LW_LENGTHS[q[0]])
            out.append(tot)
        return out

    nll_tok = mean([-pol[q[0]] / LW_LENGTHS[q[0]] for q in L])
    finish("rrhf/scores", lambda xs: rrhf(xs, mpf(1), mpf(1), mpf(1), True), pol,
           [reward_metrics(p_all, True) + [nll_tok]])
    pa = [pol[i] / mpf(LW_LENGTHS[i]) ** D("0.5") for i in range(len(pol))]
    finish("rrhf/positions_rho2_w0.5_alpha0.5", lambda xs: rrhf(xs, D("2.0"), D("0.5"), D("0.5"), False), pol,
           [reward_metrics(pa, False) + [nll_tok]])


# ---------------------------------------------------------------------------------------------------------------
# TDPO (Zeng et al. 2024, Eq. 17 and 19)

TD_PC = ["-0.5", "-1.25", "-0.75", "-2.0", "-0.125", "-0.5", "-1.5"]
TD_RC = ["-0.75", "-1.0", "-0.5", "-1.75", "-0.25", "-0.625", "-1.25"]
TD_KC = ["0.01", "0.05", "0.02", "0.3", "0.0", "0.07", "0.12"]
TD_LC = [3, 1, 3]
TD_PR = ["-0.25", "-1.5", "-1.0", "-0.625", "-2.25", "-0.75", "-1.0", "-0.3"]
TD_RR = ["-0.5", "-1.25", "-0.75", "-1.0", "-1.5", "-0.5", "-1.25", "-0.2"]
TD_KR = ["0.04", "0.2", "0.11", "0.02", "0.5", "0.08", "0.03", "0.15"]
TD_LR = [2, 4, 2]


def seqs(flat, lengths):
    out, k = [], 0
    for n in lengths:
        out.append(flat[k:k + n])
        k += n
    return out


def tdpo(em):
    pc, rc, kc = [D(x) for x in TD_PC], [D(x) for x in TD_RC], [D(x) for x in TD_KC]
    pr, rr, kr = [D(x) for x in TD_PR], [D(x) for x in TD_RR], [D(x) for x in TD_KR]
    for nm, v in (("TDPO_PC", pc), ("TDPO_RC", rc), ("TDPO_KC", kc), ("TDPO_PR", pr), ("TDPO_RR", rr),
                  ("TDPO_KR", kr)):
        em.arr(nm, v)
    em.ints("TDPO_LC", TD_LC)
    em.ints("TDPO_LR", TD_LR)
    beta = D("0.2")
    alpha = D("0.3")

    def losses(pc, pr, kc, kr, v2, kc_detached):
        out = []
        for a, b, c, d, e, f, cd in zip(seqs(pc, TD_LC), seqs(rc, TD_LC), seqs(kc, TD_LC), seqs(pr, TD_LR),
                                        seqs(rr, TD_LR), seqs(kr, TD_LR), seqs(kc_detached, TD_LC)):
            u = (sum(a) - sum(b)) - (sum(d) - sum(e))
            if v2:
                x = beta * (u - alpha * (sum(f) - sum(cd)))  # sg(K_w): the chosen KL enters as a constant
            else:
                x = beta * (u - (sum(f) - sum(c)))
            out.append(-logsig(x))
        return out

    for nm, v2 in (("tdpo1", False), ("tdpo2", True)):
        ls = losses(pc, pr, kc, kr, v2, kc)
        rows = [[mean(ls)], ls,
                grad(lambda xs: mean(losses(xs, pr, kc, kr, v2, kc)), pc),
                grad(lambda xs: mean(losses(pc, xs, kc, kr, v2, kc)), pr),
                grad(lambda xs: mean(losses(pc, pr, xs, kr, v2, kc)), kc),
                grad(lambda xs: mean(losses(pc, pr, kc, xs, v2, kc)), kr)]
        rw = [beta * (sum(a) - sum(b) + sum(c)) for a, b, c in zip(seqs(pc, TD_LC), seqs(rc, TD_LC),
                                                                    seqs(kc, TD_LC))]
        rl = [beta * (sum(a) - sum(b) + sum(c)) for a, b, c in zip(seqs(pr, TD_LR), seqs(rr, TD_LR),
                                                                    seqs(kr, TD_LR))]
        rows.append([mean(rw), mean(rl), mean(rw) - mean(rl), mpf(sum(1 for a, b in zip(rw, rl) if a > b)) / 3,
                     mean([sum(s) for s in seqs(kc, TD_LC)]), mean([sum(s) for s in seqs(kr, TD_LR)])])
        em.put("TDPO", nm, rows)
    # token-level implicit rewards (Rafailov et al. 2024, "From r to Q*"): r_t = β·(log π_θ − log π_ref)
    tb = D("0.2")
    tr = [tb * (pc[t] - rc[t]) for t in range(len(pc))]
    cum, k = [], 0
    for n in TD_LC:
        s = 0
        for t in range(k, k + n):
            s += tr[t]
            cum.append(s)
        k += n
    em.put("TDPO", "token_rewards", [tr, cum, [sum(s) for s in seqs(tr, TD_LC)]])


# ---------------------------------------------------------------------------------------------------------------
# policy gradient: GRPO family (TRL grpo_trainer §8), PPO (TRL ppo_trainer §10), RLOO loss (§9)

PG_LENGTHS = [3, 2, 4, 1, 3]
PG_LOGP = ["-1.0", "-0.5", "-2.0", "-0.3", "-1.2", "-0.9", "-0.1", "-1.5", "-0.7", "-2.0", "-0.4", "-1.1",
           "-0.25"]
PG_OLD = ["-1.1", "-0.45", "-1.7", "-0.3", "-0.95", "-1.0", "-0.4", "-1.55", "-0.6", "-1.5", "-0.9", "-1.15",
          "-0.05"]
PG_REF = ["-1.2", "-0.6", "-1.9", "-0.4", "-1.1", "-0.8", "-0.2", "-1.4", "-0.9", "-1.8", "-0.35", "-1.3",
          "-0.3"]
PG_MASK = ["1", "1", "0", "1", "0.5", "1", "1", "1", "1", "0", "1", "1", "1"]
PG_SEQ_ADV = ["1.2", "-0.7", "0.45", "2.0", "-1.1"]
PG_TOKEN_ADV = ["0.8", "-0.3", "1.1", "-1.4", "0.25", "0.6", "-0.9", "1.3", "-0.2", "0.5", "-0.75", "1.05",
                "-0.5"]
PG_VALUES = ["0.5", "0.1", "-0.3", "0.9", "0.4", "-0.2", "0.0", "0.35", "0.7", "-0.6", "0.2", "0.45", "0.05"]
PG_OLD_VALUES = ["0.45", "0.4", "-0.3", "0.6", "0.38", "-0.1", "0.3", "0.3", "0.95", "-0.5", "0.1", "0.5",
                 "0.2"]
PG_RETURNS = ["0.9", "-0.2", "0.1", "0.5", "0.0", "0.3", "0.4", "-0.1", "0.2", "0.0", "0.6", "0.15", "0.5"]
PG_ENTROPY = ["1.5", "0.9", "2.1", "0.4", "1.1", "0.7", "1.3", "0.2", "1.8", "0.6", "1.0", "0.5", "0.8"]


def pg_seqs():
    out, k = [], 0
    for n in PG_LENGTHS:
        out.append(list(range(k, k + n)))
        k += n
    return out


def k3(x):
    return mp.exp(x) - x - 1


def pg_eval(lp, cfg):
    """(loss, per-sequence losses, metrics) of a policy-gradient objective on the PG batch, from the formulas."""
    old = [D(x) for x in PG_OLD]
    ref = [D(x) for x in PG_REF]
    m = [D(x) for x in PG_MASK] if cfg.get("mask", True) else [mpf(1)] * len(lp)
    adv = [D(x) for x in PG_TOKEN_ADV] if cfg.get("token_adv") else \
        [D(PG_SEQ_ADV[i]) for i, s in enumerate(pg_seqs()) for _ in s]
    S = pg_seqs()
    n = len(S)
    lo = 1 - cfg.get("eps", D("0.2"))
    hi = 1 + cfg.get("eps_high", cfg.get("eps", D("0.2")))
    beta = cfg.get("beta", mpf(0))
    level = cfg.get("level", "token")
    kind = cfg.get("surrogate", "clip")
    delta = cfg.get("delta")
    seq_mask = [sum(m[t] for t in s) for s in S]
    total_mask = sum(seq_mask)
    per_token = [mpf(0)] * len(lp)
    low = [0] * len(lp)
    high = [0] * len(lp)
    rho_tok = [None] * len(lp)
    for i, s in enumerate(S):
        if level == "sequence":  # GSPO: exp of the masked mean token log-ratio
            lr = sum(m[t] * (lp[t] - old[t]) for t in s) / max(seq_mask[i], 1)
        elif level == "sequence_sum":  # RLOO: exp of the masked summed log-ratio
            lr = sum(m[t] * (lp[t] - old[t]) for t in s)
        for t in s:
            rho = mp.exp(lr) if level != "token" else mp.exp(lp[t] - old[t])
            rho_tok[t] = rho
            a = adv[t]
            if kind == "clip":
                first = (min(rho, delta) if delta is not None else rho) * a
                phi = -min(first, min(max(rho, lo), hi) * a)
                low[t] = 1 if (a < 0 and rho < lo) else 0
                high[t] = 1 if (a > 0 and rho > hi) else 0
            elif kind == "cispo":
                phi = -cfg["cispo_weight"](t) * a * lp[t]
                high[t] = 1 if (a > 0 and rho > cfg["eps_high"]) else 0
            elif kind == "sapo":
                tau = cfg.get("tau_pos", mpf(1)) if a > 0 else cfg.get("tau_neg", D("1.05"))
                phi = -(4 / tau) * sig(tau * (rho - 1)) * a
            if beta != 0:
                kk = k3(ref[t] - lp[t])
                phi += beta * kk * (rho if cfg.get("bias_kl") else 1)
            per_token[t] = phi
    agg = cfg["agg"]
    seq_losses = []
    for i, s in enumerate(S):
        tot = sum(m[t] * per_token[t] for t in s)
        if agg == "seq_mean":
            w = mpf(1) / (n * max(seq_mask[i], 1))
        elif agg == "token_mean":
            w = mpf(1) / cfg.get("normaliser", max(total_mask, 1))
        elif agg == "fixed":
            w = mpf(1) / (n * cfg["L"])
        seq_losses.append(n * w * tot)
    loss = mean(seq_losses)
    metrics = {}
    if level == "token":
        metrics["low"] = sum(m[t] * low[t] for t in range(len(lp))) / total_mask
        metrics["high"] = sum(m[t] * high[t] for t in range(len(lp))) / total_mask
    else:  # TRL masked_batch_mean of a (B, 1) tensor: the plain mean over sequences
        metrics["low"] = mean([mpf(low[s[0]]) for s in S])
        metrics["high"] = mean([mpf(high[s[0]]) for s in S])
    if beta != 0:
        metrics["kl"] = sum(m[t] * k3(ref[t] - lp[t]) * (rho_tok[t] if cfg.get("bias_kl") else 1)
                            for t in range(len(lp))) / total_mask
    metrics["ratio"] = sum(m[t] * rho_tok[t] for t in range(len(lp))) / total_mask
    metrics["approxkl"] = sum(m[t] * (lp[t] - old[t]) ** 2 / 2 for t in range(len(lp))) / total_mask
    ent = [D(x) for x in PG_ENTROPY]
    metrics["entropy"] = sum(m[t] * ent[t] for t in range(len(lp))) / total_mask
    return loss, seq_losses, metrics


def ppo_value(values):
    """½·masked_mean max((V − G)², (clip(V, V_old ± c_v) − G)²) and its clip fraction (TRL PPO)."""
    m = [D(x) for x in PG_MASK]
    vo = [D(x) for x in PG_OLD_VALUES]
    g = [D(x) for x in PG_RETURNS]
    cv = D("0.2")
    tot, clip, per_seq = 0, 0, []
    for s in pg_seqs():
        sv = 0
        for t in s:
            vc = min(max(values[t], vo[t] - cv), vo[t] + cv)
            u1 = (values[t] - g[t]) ** 2
            u2 = (vc - g[t]) ** 2
            sv += m[t] * max(u1, u2) / 2
            clip += m[t] * (1 if u2 > u1 else 0)
        per_seq.append(sv)
        tot += sv
    z = sum(m)
    return tot / z, clip / z, [x / z for x in per_seq]


PG_CASES = [
    ("grpo", dict(agg="seq_mean", beta=D("0.04"), eps_high=D("0.28"))),
    ("bnpo", dict(agg="token_mean", beta=D("0.04"), eps_high=D("0.28"))),
    ("dr_grpo", dict(agg="fixed", L=6, beta=D("0.04"), eps_high=D("0.28"))),
    ("dapo", dict(agg="token_mean", beta=D("0.04"), eps_high=D("0.28"))),
    ("dapo/token_normalizer_20", dict(agg="token_mean", normaliser=D("20"), beta=D("0.04"),
                                      eps_high=D("0.28"))),
    ("dapo/delta_1.6", dict(agg="token_mean", delta=D("1.6"), eps_high=D("0.28"))),
    ("dapo/bias_corrected_kl", dict(agg="token_mean", beta=D("0.04"), bias_kl=True, eps_high=D("0.28"))),
    ("cispo", dict(agg="token_mean", surrogate="cispo", eps_high=D("1.1"), beta=D("0.04"))),
    ("sapo", dict(agg="seq_mean", surrogate="sapo", beta=D("0.04"))),
    ("gspo", dict(agg="seq_mean", level="sequence", eps=D("3e-4"), eps_high=D("4e-4"))),
    ("grpo/sequence_level", dict(agg="seq_mean", level="sequence", beta=D("0.04"), eps_high=D("0.28"))),
    ("grpo/no_mask", dict(agg="seq_mean", beta=D("0.04"), eps_high=D("0.28"), mask=False)),
    ("dapo/no_mask", dict(agg="token_mean", beta=D("0.04"), eps_high=D("0.28"), mask=False)),
    ("rloo", dict(agg="seq_mean", level="sequence_sum", eps_high=D("0.28"))),
    ("ppo", dict(agg="token_mean", token_adv=True)),
]


def policy_gradient(em):
    lp = [D(x) for x in PG_LOGP]
    em.ints("PG_LENGTHS", PG_LENGTHS, "Policy-gradient batch: tokens per sequence.")
    for nm, v in (("PG_LOGP", PG_LOGP), ("PG_OLD", PG_OLD), ("PG_REF", PG_REF), ("PG_MASK", PG_MASK),
                  ("PG_SEQ_ADV", PG_SEQ_ADV), ("PG_TOKEN_ADV", PG_TOKEN_ADV), ("PG_VALUES", PG_VALUES),
                  ("PG_OLD_VALUES", PG_OLD_VALUES), ("PG_RETURNS", PG_RETURNS), ("PG_ENTROPY", PG_ENTROPY)):
        em.arr(nm, [D(x) for x in v])
    old = [D(x) for x in PG_OLD]
    for name, cfg in PG_CASES:
        cfg = dict(cfg)
        if cfg.get("surrogate") == "cispo":
            # CISPO's weight sg(min(ρ, ε_high)) is detached: evaluate it at the point and hold it
            w0 = {t: min(mp.exp(lp[t] - old[t]), cfg["eps_high"]) for t in range(len(lp))}
            cfg["cispo_weight"] = lambda t, w0=w0: w0[t]
        check_pg_smooth(name, lp, cfg)
        loss, seq_losses, met = pg_eval(lp, cfg)
        g = grad(lambda xs: pg_eval(xs, cfg)[0], lp)
        rows = [[loss], seq_losses, g,
                [met["low"], met["high"], met.get("kl", mpf(0)), met["ratio"], met["approxkl"], met["entropy"]]]
        if name == "ppo":
            vals = [D(x) for x in PG_VALUES]
            vf, vclip, vseq = ppo_value(vals)
            vfc = D("0.1")
            gv = grad(lambda xs: vfc * ppo_value(xs)[0], vals)
            n = len(PG_LENGTHS)
            rows = [[loss + vfc * vf], [seq_losses[i] + n * vfc * vseq[i] for i in range(n)], g,
                    [loss, met["low"] + met["high"], met["approxkl"], met["ratio"], vf, vclip, met["entropy"]], gv]
        em.put("POLICY_GRADIENT", name, rows)


def check_pg_smooth(name, lp, cfg):
    old = [D(x) for x in PG_OLD]
    lo = 1 - cfg.get("eps", D("0.2"))
    hi = 1 + cfg.get("eps_high", cfg.get("eps", D("0.2")))
    for t in range(len(lp)):
        rho = mp.exp(lp[t] - old[t])
        for edge in (lo, hi, cfg.get("delta", mpf(-9))):
            assert abs(rho - edge) > mpf("1e-4"), (name, t)


# ---------------------------------------------------------------------------------------------------------------
# advantages (GAE paper; GRPO/TRL; RLOO; REINFORCE++; ReMax; TRL masked_whiten)

AD_LENGTHS = [3, 1, 4]
AD_REWARDS = ["0.0", "-0.02", "1.3", "0.7", "-0.01", "0.03", "-0.05", "2.1"]
AD_VALUES = ["0.4", "0.55", "0.9", "0.2", "0.1", "0.3", "0.8", "1.5"]
AD_BOOTSTRAP = ["0.0", "0.35", "-0.2"]
AD_GROUP_REWARDS = ["1.0", "0.0", "0.5", "0.0", "2.0", "2.0", "2.0", "2.0", "-1.0", "0.25", "3.5", "0.75"]
AD_MASK = ["1", "1", "0.5", "1", "0", "1", "1", "1"]
AD_GREEDY = ["0.4", "2.5", "0.3"]


def advantages(em):
    lengths = AD_LENGTHS
    rew = [D(x) for x in AD_REWARDS]
    val = [D(x) for x in AD_VALUES]
    boot = [D(x) for x in AD_BOOTSTRAP]
    for nm, v in (("REWARDS", rew), ("VALUES", val), ("BOOTSTRAP", boot), ("MASK", [D(x) for x in AD_MASK]),
                  ("GROUP_REWARDS", [D(x) for x in AD_GROUP_REWARDS]), ("GREEDY", [D(x) for x in AD_GREEDY])):
        em.arr(nm, v)
    em.ints("LENGTHS", lengths)

    def gae(gamma, lam, bootstrap):
        adv, ret = [], []
        k = 0
        for i, n in enumerate(lengths):
            seq_r = rew[k:k + n]
            seq_v = val[k:k + n] + [bootstrap[i] if bootstrap else mpf(0)]
            a = [mpf(0)] * n
            # A_t = Σ_l (γλ)^l δ_{t+l}, δ_t = r_t + γV_{t+1} − V_t (Schulman et al. 2016, Eq. 16)
            deltas = [seq_r[t] + gamma * seq_v[t + 1] - seq_v[t] for t in range(n)]
            for t in range(n):
                a[t] = sum((gamma * lam) ** l * deltas[t + l] for l in range(n - t))
            adv += a
            ret += [a[t] + seq_v[t] for t in range(n)]
            k += n
        return adv, ret

    a, r = gae(D("0.97"), D("0.9"), boot)
    em.put("ADVANTAGES", "gae/bootstrap", [a, r])
    a, r = gae(mpf(1), D("0.95"), None)
    em.put("ADVANTAGES", "gae/trl_defaults", [a, r])

    gr = [D(x) for x in AD_GROUP_REWARDS]
    G = 4
    groups = [gr[k:k + G] for k in range(0, len(gr), G)]

    def std(xs):
        mu = mean(xs)
        return mp.sqrt(sum((x - mu) ** 2 for x in xs) / (len(xs) - 1))

    eps = D("1e-4")
    bstd = std(gr)
    for mode in ("group", "batch", "none"):
        out = []
        for g in groups:
            mu = mean(g)
            sd = std(g)
            for x in g:
                if sd == 0:
                    out.append(mpf(0))
                elif mode == "group":
                    out.append((x - mu) / (sd + eps))
                elif mode == "batch":
                    out.append((x - mu) / (bstd + eps))
                else:
                    out.append(x - mu)
        rows = [out, [mean(g) for g in groups], [std(g) for g in groups],
                [mean(gr), mean([std(g) for g in groups for _ in g]),
                 mpf(sum(G for g in groups if std(g) <= mpf("1e-8"))) / len(gr)]]
        em.put("ADVANTAGES", "group_normalized/" + mode, rows)

    loo = []
    for g in groups:
        for j, x in enumerate(g):
            loo.append(mpf(0) if std(g) == 0 else x - (sum(g) - x) / (G - 1))
    em.put("ADVANTAGES", "rloo", [loo])
    mu = mean(loo)
    sd = std(loo)
    em.put("ADVANTAGES", "rloo/normalized", [[(x - mu) / (sd + eps) for x in loo]])

    def whiten(xs, mask, shift):
        w = [mpf(1)] * len(xs) if mask is None else mask
        z = sum(w)
        mu = sum(w[t] * xs[t] for t in range(len(xs))) / z
        var = sum(w[t] * (xs[t] - mu) ** 2 for t in range(len(xs))) / z * (z / (z - 1))
        return [(x - mu) / mp.sqrt(var + D("1e-8")) + (0 if shift else mu) for x in xs]

    mask = [D(x) for x in AD_MASK]
    gamma = D("0.98")
    ret, k = [], 0
    for n in lengths:
        ret += [sum(gamma ** (s - t) * rew[k + s] for s in range(t, n)) for t in range(n)]
        k += n
    em.put("ADVANTAGES", "reinforce_plus_plus", [whiten(ret, mask, True), ret])
    em.put("ADVANTAGES", "whiten/masked_shift", [whiten(val, mask, True)])
    em.put("ADVANTAGES", "whiten/unmasked_no_shift", [whiten(val, None, False)])
    greedy = [D(x) for x in AD_GREEDY]
    em.put("ADVANTAGES", "remax/grouped", [[gr[j] - greedy[j // G] for j in range(len(gr))]])


# ---------------------------------------------------------------------------------------------------------------
# KL estimators (Schulman 2020), reward shaping (Ziegler et al. 2019; TRL PPO/RLOO), adaptive controller

KL_LOGP = ["-1.0", "-0.5", "-2.0", "-0.3", "-1.2", "-0.9", "-0.0001", "-3.5"]
KL_REF = ["-1.2", "-0.6", "-1.9", "-0.4", "-1.1", "-0.8", "-0.00015", "-0.5"]
KL_MASK = ["1", "0.5", "1", "0", "1", "1", "1", "0.25"]
KL_LENGTHS = [3, 1, 4]
KL_SCORES = ["1.5", "-0.25", "0.8"]
KL_OBSERVED = ["4.0", "9.5", "7.0", "1.0", "6.6"]
KL_STEPS = [64, 256, 128, 512, 32]


def kl(em):
    lp = [D(x) for x in KL_LOGP]
    rf = [D(x) for x in KL_REF]
    mask = [D(x) for x in KL_MASK]
    for nm, v in (("LOGP", lp), ("REF", rf), ("MASK", mask), ("SCORES", [D(x) for x in KL_SCORES]),
                  ("OBSERVED", [D(x) for x in KL_OBSERVED])):
        em.arr(nm, v)
    em.ints("LENGTHS", KL_LENGTHS)
    em.ints("STEPS", KL_STEPS)
    est = {
        "k1": lambda p, q: p - q,
        "k2": lambda p, q: (q - p) ** 2 / 2,
        "k3": lambda p, q: mp.exp(q - p) - (q - p) - 1,
    }
    scores = [D(x) for x in KL_SCORES]
    for name, f in est.items():
        vals = [f(lp[t], rf[t]) for t in range(len(lp))]
        grads = [mp.diff(lambda v, t=t: f(v, rf[t]), lp[t]) for t in range(len(lp))]
        masked_mean = sum(mask[t] * vals[t] for t in range(len(lp))) / max(sum(mask), 1)
        sums, k = [], 0
        for n in KL_LENGTHS:
            sums.append(sum(mask[t] * vals[t] for t in range(k, k + n)))
            k += n
        beta = D("0.05")
        tok, k = [], 0
        for i, n in enumerate(KL_LENGTHS):
            row = [-beta * vals[t] for t in range(k, k + n)]
            row[-1] += scores[i]
            tok += row
            k += n
        seq = [scores[i] - beta * sums[i] for i in range(len(scores))]
        em.put("KL", name, [vals, grads, [masked_mean], sums, tok, seq])
    # adaptive controller (Ziegler et al. 2019 §2.2): e = clip(KL/target − 1, ±0.2); β ← β(1 + e·n/horizon)
    b = D("0.2")
    coefs = []
    for obs, steps in zip(KL_OBSERVED, KL_STEPS):
        e = min(max(D(obs) / 6 - 1, mpf("-0.2")), mpf("0.2"))
        b = b * (1 + e * steps / 10000)
        coefs.append(b)
    b2 = D("0.05")
    coefs2 = []
    for obs, steps in zip(KL_OBSERVED, KL_STEPS):
        e = min(max(D(obs) / D("3.0") - 1, -D("0.5")), D("0.5"))
        b2 = b2 * (1 + e * steps / D("2000"))
        coefs2.append(b2)
    em.put("KL", "adaptive/defaults", [coefs])
    em.put("KL", "adaptive/custom", [coefs2])


# ---------------------------------------------------------------------------------------------------------------


def self_check():
    """The pairwise formulas reproduce TRL vector TV1 (trl-objectives.md §16, six decimals) before anything is
    written."""
    c = [D(x) for x in ("-10", "-20", "-15")]
    r = [D(x) for x in ("-12", "-19", "-18")]
    c0 = [D(x) for x in ("-11", "-21", "-15.5")]
    r0 = [D(x) for x in ("-11.5", "-20", "-17")]
    lw, ll = [5, 10, 8], [6, 9, 12]
    tv1 = {"sigmoid": "0.645020", "hinge": "0.900000", "ipo": "23.640371", "nca_pair": "1.363169",
           "bco_pair": "1.338169", "sppo_hard": "41.500000", "apo_zero": "0.975016", "apo_down": "0.995865",
           "discopop": "0.848416", "sigmoid_norm": "0.686222"}
    p = dict(beta=mpf("0.1"), tau=mpf("0.05"))
    for t, want in tv1.items():
        got = mean(pairwise_losses(t, p, c, r, c0, r0, lw, ll))
        assert abs(got - mpf(want)) < mpf("6e-7"), (t, got, want)
    for t, eps, want in (("exo_pair", "1e-3", "2.590755"), ("robust", "0.1", "0.632520")):
        got = mean(pairwise_losses(t, dict(p, eps=mpf(eps)), c, r, c0, r0, lw, ll))
        assert abs(got - mpf(want)) < mpf("6e-7"), (t, got, want)
    for f, want in (("forward_kl", "0.639142"), ("js_divergence", "0.668622"), ("alpha_divergence", "0.643591")):
        got = mean(pairwise_losses("sigmoid", dict(p, f=f, falpha=mpf("0.5")), c, r, c0, r0, lw, ll))
        assert abs(got - mpf(want)) < mpf("6e-7"), (f, got, want)


def main():
    self_check()
    obj = Emitter(public=True)
    pairwise(obj)
    ld_dpo(obj)
    unpaired(obj)
    listwise(obj)
    tdpo(obj)
    policy_gradient(obj)
    adv = Emitter()
    advantages(adv)
    klem = Emitter()
    kl(klem)
    files = [
        ("objective", "ObjectiveReferenceValues", obj,
         ["Independent reference values for the objectives: inputs and expected losses, gradients and metrics."]),
        ("advantage", "AdvantageReferenceValues", adv,
         ["Independent reference values for the advantage estimators: inputs and expected outputs."]),
        ("kl", "KlReferenceValues", klem,
         ["Independent reference values for the KL estimators, reward shaping and the adaptive controller."]),
    ]
    for pkg, cls, em, doc in files:
        path = os.path.join(JAVA_ROOT, pkg, cls + ".java")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(em.render("dev.align4j.optimizers." + pkg, cls, doc))
        print("wrote", os.path.relpath(path), file=sys.stderr)


if __name__ == "__main__":
    main()
