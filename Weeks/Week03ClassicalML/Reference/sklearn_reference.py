#!/usr/bin/env python3
"""scikit-learn's figures on exactly the splits Week03ClassicalML uses, for its README, its tests
and its default run (which calls this script as a child process when scikit-learn is importable).

Split rule (seed-free, identical to Split.everyFourth in Features.swift): within each class, the
class's 4th, 8th, 12th, ... row in file order is a test row; for the regression target (diabetes)
every 4th row is a test row.

  python3 Weeks/Week03ClassicalML/Reference/sklearn_reference.py                 # table
  python3 Weeks/Week03ClassicalML/Reference/sklearn_reference.py --json          # one line per fit
  python3 Weeks/Week03ClassicalML/Reference/sklearn_reference.py --fashion --json
  python3 Weeks/Week03ClassicalML/Reference/sklearn_reference.py --extras        # values the tests pin
"""
import argparse, gzip, json, os, sys, time, warnings
import numpy as np

warnings.filterwarnings("ignore")
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn import linear_model, neighbors, naive_bayes, tree, ensemble, svm, metrics, cluster

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
CLASSIFICATION = ["iris", "wine", "breast_cancer", "digits"]
REGRESSION = ["diabetes"]


def load(name, datasets):
    data = np.loadtxt(os.path.join(datasets, "sklearn", name + ".csv"), delimiter=",", skiprows=1)
    return data[:, :-1], data[:, -1]


def every_fourth(y, classification):
    seen, test = {}, []
    for i, v in enumerate(y):
        key = v if classification else 0
        k = seen.get(key, 0)
        seen[key] = k + 1
        test.append(k % 4 == 3)
    test = np.array(test)
    return np.where(~test)[0], np.where(test)[0]


def classifiers(seed=0):
    return {
        "logistic": lambda: make_pipeline(StandardScaler(), linear_model.LogisticRegression(max_iter=1000)),
        "knn": lambda: make_pipeline(StandardScaler(), neighbors.KNeighborsClassifier()),
        "naive-bayes": lambda: naive_bayes.GaussianNB(),
        "tree": lambda: tree.DecisionTreeClassifier(random_state=seed),
        "forest": lambda: ensemble.RandomForestClassifier(random_state=seed, n_jobs=2),
        "boosting": lambda: ensemble.GradientBoostingClassifier(random_state=seed),
        "svm": lambda: make_pipeline(StandardScaler(), svm.SVC()),
    }


def regressors(seed=0):
    return {
        "linear": lambda: linear_model.LinearRegression(),
        "ridge": lambda: linear_model.Ridge(alpha=1.0),
        "lasso": lambda: linear_model.Lasso(alpha=1.0),
        "knn": lambda: make_pipeline(StandardScaler(), neighbors.KNeighborsRegressor()),
        "tree": lambda: tree.DecisionTreeRegressor(random_state=seed),
        "forest": lambda: ensemble.RandomForestRegressor(random_state=seed, n_jobs=2),
        "boosting": lambda: ensemble.GradientBoostingRegressor(random_state=seed),
    }


def timed(make, xtr, ytr, xte, repeats):
    fits, predicts, model, pred = [], [], None, None
    for _ in range(repeats):
        model = make()
        t = time.perf_counter(); model.fit(xtr, ytr); fits.append(time.perf_counter() - t)
        t = time.perf_counter(); pred = model.predict(xte); predicts.append(time.perf_counter() - t)
    return model, pred, float(np.median(fits)), float(np.median(predicts))


def score_classifier(model, xte, yte, pred):
    k = len(np.unique(yte))
    out = {"accuracy": metrics.accuracy_score(yte, pred),
           "f1": metrics.f1_score(yte, pred, average="binary" if k == 2 else "macro")}
    if k == 2:
        s = model.decision_function(xte) if not hasattr(model, "predict_proba") else model.predict_proba(xte)[:, 1]
        out["roc_auc"] = metrics.roc_auc_score(yte, s)
        out["pr_auc"] = metrics.average_precision_score(yte, s)
    return out


def small(datasets, repeats, emit):
    for name in CLASSIFICATION + REGRESSION:
        is_class = name in CLASSIFICATION
        x, y = load(name, datasets)
        tr, te = every_fourth(y, is_class)
        zoo = classifiers() if is_class else regressors()
        for model_name, make in zoo.items():
            model, pred, fit_s, pred_s = timed(make, x[tr], y[tr], x[te], repeats)
            if is_class:
                row = score_classifier(model, x[te], y[te], pred)
            else:
                row = {"r2": metrics.r2_score(y[te], pred), "mse": metrics.mean_squared_error(y[te], pred)}
            emit(dict(dataset=name, model=model_name, **row, fit_seconds=fit_s, predict_seconds=pred_s))


def read_idx(path):
    with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    rank = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def fashion(datasets, emit):
    d = os.path.join(datasets, "fashion-mnist")
    def f(name):
        p = os.path.join(d, name)
        return p if os.path.exists(p) else p + ".gz"
    xtr = read_idx(f("train-images-idx3-ubyte")).reshape(60000, -1) / 255.0
    ytr = read_idx(f("train-labels-idx1-ubyte"))
    xte = read_idx(f("t10k-images-idx3-ubyte")).reshape(10000, -1) / 255.0
    yte = read_idx(f("t10k-labels-idx1-ubyte"))
    zoo = {
        "logistic": lambda: linear_model.LogisticRegression(),  # sklearn's defaults (max_iter=100)
        "tree": lambda: tree.DecisionTreeClassifier(max_depth=20, random_state=0),
        "forest": lambda: ensemble.RandomForestClassifier(n_estimators=50, n_jobs=2, random_state=0),
    }
    for model_name, make in zoo.items():
        model, pred, fit_s, pred_s = timed(make, xtr, ytr, xte, 1)
        emit(dict(dataset="fashion-mnist", model=model_name, accuracy=metrics.accuracy_score(yte, pred),
                  f1=metrics.f1_score(yte, pred, average="macro"), fit_seconds=fit_s, predict_seconds=pred_s))
    t = time.perf_counter()
    km = cluster.KMeans(n_clusters=10, n_init=1, random_state=0).fit(xtr)
    emit(dict(dataset="fashion-mnist", model="kmeans", ari=metrics.adjusted_rand_score(ytr, km.labels_),
              fit_seconds=time.perf_counter() - t, predict_seconds=0.0))


def extras(datasets):
    """Reference values pinned by Week03ClassicalMLTests."""
    x, y = load("diabetes", datasets)
    tr, te = every_fourth(y, False)
    lasso = linear_model.Lasso(alpha=1.0, tol=1e-10, max_iter=100000).fit(x[tr], y[tr])
    print("lasso(alpha=1) diabetes coef:", json.dumps([round(v, 6) for v in lasso.coef_]), "intercept:", round(lasso.intercept_, 6))
    ridge = linear_model.Ridge(alpha=1.0).fit(x[tr], y[tr])
    print("ridge(alpha=1) diabetes coef:", json.dumps([round(v, 6) for v in ridge.coef_]), "intercept:", round(ridge.intercept_, 6))
    xs, ys = load("breast_cancer", datasets)
    tr, te = every_fourth(ys, True)
    sc = StandardScaler().fit(xs[tr])
    lr = linear_model.LogisticRegression(C=1.0, max_iter=10000, tol=1e-10).fit(sc.transform(xs[tr]), ys[tr])
    print("logistic breast_cancer (scaled) first 5 coef:", json.dumps([round(v, 6) for v in lr.coef_[0][:5]]), "intercept:", round(lr.intercept_[0], 6))
    xi, yi = load("iris", datasets)
    tr, te = every_fourth(yi, True)
    nb = naive_bayes.GaussianNB().fit(xi[tr], yi[tr])
    print("naive bayes iris test proba row 0:", json.dumps([round(v, 8) for v in nb.predict_proba(xi[te][:1])[0]]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--datasets", default=os.path.join(ROOT, "Datasets"))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--fashion", action="store_true", help="Fashion-MNIST: logistic, tree (depth 20), forest (50), k-means")
    parser.add_argument("--extras", action="store_true", help="print the reference values the tests pin")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = []
    def emit(row):
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
    if args.extras:
        extras(args.datasets)
        return
    if args.fashion:
        fashion(args.datasets, emit)
    else:
        small(args.datasets, args.repeats, emit)
    if not args.json:
        for r in rows:
            figures = " ".join(f"{k}={v:.4f}" for k, v in r.items() if k not in ("dataset", "model"))
            print(f"{r['dataset']:14s} {r['model']:12s} {figures}")


if __name__ == "__main__":
    main()
