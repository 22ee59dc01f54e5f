"""Independent reference values for dev.align4j.core.eval.LengthControlledWinRate.

AlpacaEval-LC (Dubois et al. 2024, arXiv 2404.04475): a logistic GLM of the preference for the candidate on a
model-identity term theta, the length term phi * tanh(delta_len / sd(delta_len)) (sd with ddof = 1, delta_len not
centred) and, optionally, an instruction term gamma * difficulty_i. The length-controlled win rate is the mean
prediction with the length term set to 0: mean_i sigmoid(theta + gamma * difficulty_i).

The fit here is the unpenalised maximum-likelihood estimate with soft targets, found with scipy's L-BFGS-B / BFGS on
the cross-entropy (no Newton step, no code shared with the Java implementation). The data sets are closed-form so the
Java test rebuilds them exactly (see LengthControlledWinRateReferenceTest).

Run: python3 length_controlled_win_rate.py
"""
import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit


def data(n, with_difficulty):
    i = np.arange(n, dtype=float)
    diffs = np.mod(i * 37.0, 101.0) - 30.0
    wins = 0.5 + 0.45 * np.sin(0.7 * i + 0.3)
    # a length-driven share of the preference on top of the soft label
    wins = np.clip(wins + 0.002 * diffs, 0.0, 1.0)
    difficulty = np.cos(1.3 * i) if with_difficulty else None
    return wins, diffs, difficulty


def fit(wins, diffs, difficulty):
    sd = np.std(diffs, ddof=1)
    z = np.tanh(diffs / sd)
    cols = [np.ones_like(z), z] + ([difficulty] if difficulty is not None else [])
    x = np.column_stack(cols)

    def nll(beta):
        eta = x @ beta
        return -np.sum(wins * log_expit(eta) + (1 - wins) * log_expit(-eta))

    def grad(beta):
        return x.T @ (expit(x @ beta) - wins)

    res = minimize(nll, np.zeros(x.shape[1]), jac=grad, method="BFGS", options={"gtol": 1e-13, "maxiter": 10000})
    beta = res.x
    theta = beta[0]
    gamma = beta[2] if difficulty is not None else 0.0
    lc = np.mean(expit(theta + gamma * (difficulty if difficulty is not None else 0.0)))
    return float(np.mean(wins)), float(lc), beta, float(np.max(np.abs(grad(beta))))


for n, with_difficulty in [(60, False), (60, True)]:
    w, d, g = data(n, with_difficulty)
    raw, lc, beta, gmax = fit(w, d, g)
    print(f"n={n} difficulty={with_difficulty}: raw={raw!r} lc={lc!r} beta={[float(b) for b in beta]!r} "
          f"max|grad|={gmax:.1e}")
