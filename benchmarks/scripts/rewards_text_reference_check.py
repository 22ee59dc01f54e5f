# Independent cross-check of the reference fit behind alignment-rewards' TextRewardAccuracyTest: the same objective
# (L2-regularised logistic regression on word-count differences, lambda = 1/0.3^2) fitted by SciPy's L-BFGS-B instead
# of the test's Java Newton-CG, compared on weights, objective and held-out accuracy.
# Usage (from the repository root, after `mvn -o -q -pl alignment-rewards -am test-compile`):
#   java -cp alignment-rewards/target/test-classes:alignment-rewards/target/classes:alignment-core/target/classes:\
#     <slf4j-api.jar> dev.align4j.rewards.train.TextRewardDefaultsMeasurement export /tmp/text-prefs.txt
#   python3 benchmarks/scripts/rewards_text_reference_check.py /tmp/text-prefs.txt
import sys, numpy as np, scipy.sparse as sp
from scipy.optimize import minimize
V = 2000
rows = {"train": [], "test": []}
w_java = None
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0] == "w":
        w_java = np.array([float(x) for x in parts[1:]]); continue
    split, y = parts[0], int(parts[1])
    bar = parts.index("|")
    a = [int(x) for x in parts[2:bar]]; b = [int(x) for x in parts[bar + 1:]]
    rows[split].append((y, a, b))
def matrix(rs):
    data, ri, ci, ys = [], [], [], []
    for i, (y, a, b) in enumerate(rs):
        ys.append(y)
        for j in a: ri.append(i); ci.append(j); data.append(1.0)
        for j in b: ri.append(i); ci.append(j); data.append(-1.0)
    return sp.csr_matrix((data, (ri, ci)), shape=(len(rs), V)), np.array(ys, float)
Xtr, ytr = matrix(rows["train"]); Xte, yte = matrix(rows["test"])
lam = 1 / 0.09
def f(w):
    m = ytr * (Xtr @ w)
    loss = np.logaddexp(0, -m).sum() + 0.5 * lam * w @ w
    g = Xtr.T @ (-ytr * (1 / (1 + np.exp(m)))) + lam * w
    return loss, g
res = minimize(f, np.zeros(V), jac=True, method="L-BFGS-B", options={"maxiter": 5000, "gtol": 1e-10, "ftol": 1e-15})
w = res.x
acc = lambda w: np.mean(np.where(yte > 0, Xte @ w > 0, Xte @ w < 0))
print("scipy L-BFGS-B: converged", res.success, "iterations", res.nit, "test accuracy %.4f" % acc(w))
print("java Newton-CG: test accuracy %.4f" % acc(w_java))
print("max |w_scipy - w_java| = %.2e, max |w| = %.3f" % (np.abs(w - w_java).max(), np.abs(w).max()))
print("objective scipy %.10f java %.10f" % (f(w)[0], f(w_java)[0]))
try:
    from sklearn.linear_model import LogisticRegression
    print("sklearn available")
except ImportError:
    print("sklearn not installed")
