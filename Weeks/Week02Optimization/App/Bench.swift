// `bench`: exact t-SNE and EM timed against scikit-learn on the same data and settings, in the
// same run. scikit-learn runs in a python3 child process (when python3 and scikit-learn are
// installed: `pip install scikit-learn`); its wall-clock time is measured inside the child, so
// interpreter start-up and imports are not counted.

import Foundation
import Shared
import Week01LinearAlgebra
import Week02Optimization

enum Bench {
    static func run(points: Int, json: Bool) throws {
        let url = try Dataset.sklearn.file("digits.csv")
        let all = try FeatureTable.load(url)
        guard points >= 50 && points <= all.features.rows else { throw UsageError("--points must be between 50 and \(all.features.rows), got \(points)") }
        // The first `points` rows, so that the child reads exactly the same data.
        let x = all.features.rows(0..<points)
        if !json {
            print("BLAS: \(BLASInfo.summary)")
            print("data: the first \(points) rows of Datasets/sklearn/digits.csv (64 features) for t-SNE; all \(all.features.rows) rows for EM\n")
        }
        // t-SNE: defaults on both sides (perplexity 30, 1000 iterations, early exaggeration 12 for 250,
        // learning rate "auto", PCA initialisation).
        var settings = TSNESettings()
        settings.seed = 0
        let tsneStart = Timing.now()
        let tsne = try TSNE.embed(x, settings: settings)
        let tsneSeconds = Timing.now() - tsneStart
        // EM: 10 components, full covariance, reg 1e-6, tolerance 1e-3 on ℓ/n, at most 100 iterations, one start.
        let gmmStart = Timing.now()
        let gmm = try GaussianMixture.fit(all.features, components: 10, covarianceType: .full, maxIterations: 100, tolerance: 1e-3, seed: 0)
        let gmmSeconds = Timing.now() - gmmStart
        let gmmPerSample = gmm.logLikelihoodHistory.last! / Double(all.features.rows)

        let reference = scikitLearn(csv: url, points: points)
        if json {
            var pairs: [(String, JSONValue)] = [("points", .int(points)),
                                                ("tsne_seconds", .number(rounded(tsneSeconds))), ("tsne_kl", .number(tsne.finalKL)),
                                                ("gmm_seconds", .number(rounded(gmmSeconds))), ("gmm_iterations", .int(gmm.iterations)),
                                                ("gmm_loglik_per_sample", .number(gmmPerSample))]
            if let r = reference {
                pairs += [("sklearn_tsne_exact_seconds", .number(rounded(r.tsneExactSeconds))), ("sklearn_tsne_exact_kl", .number(r.tsneExactKL)),
                          ("sklearn_tsne_exact_iterations", .int(r.tsneExactIterations)),
                          ("sklearn_tsne_barnes_hut_seconds", .number(rounded(r.tsneBarnesHutSeconds))), ("sklearn_tsne_barnes_hut_kl", .number(r.tsneBarnesHutKL)),
                          ("sklearn_gmm_seconds", .number(rounded(r.gmmSeconds))), ("sklearn_gmm_iterations", .int(r.gmmIterations)),
                          ("sklearn_gmm_loglik_per_sample", .number(r.gmmPerSample)), ("sklearn_version", .string(r.version))]
            }
            print(JSONText.line(pairs))
            return
        }
        var table = TextTable(["task", "Swift (s)", "scikit-learn (s)", "scikit-learn / Swift", "Swift result", "scikit-learn result"])
        func ratio(_ theirs: Double?, _ ours: Double) -> String { theirs.map { String(format: "%.1f×", $0 / ours) } ?? "–" }
        func s(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "–" }
        table.add(["t-SNE exact, \(points) points, 1000 it", s(tsneSeconds), s(reference?.tsneExactSeconds), ratio(reference?.tsneExactSeconds, tsneSeconds),
                   String(format: "KL %.4f", tsne.finalKL),
                   reference.map { String(format: "KL %.4f (%d it)", $0.tsneExactKL, $0.tsneExactIterations) } ?? "–"])
        table.add(["t-SNE Barnes–Hut (scikit-learn only)", "–", s(reference?.tsneBarnesHutSeconds), ratio(reference?.tsneBarnesHutSeconds, tsneSeconds), "–",
                   reference.map { String(format: "KL %.4f", $0.tsneBarnesHutKL) } ?? "–"])
        table.add(["EM, 10 full Gaussians, 1797 × 64", s(gmmSeconds), s(reference?.gmmSeconds), ratio(reference?.gmmSeconds, gmmSeconds),
                   String(format: "ℓ/n %.3f (%d it)", gmmPerSample, gmm.iterations),
                   reference.map { String(format: "ℓ/n %.3f (%d it)", $0.gmmPerSample, $0.gmmIterations) } ?? "–"])
        print(table.render())
        if let r = reference {
            print("\nscikit-learn \(r.version) (numpy, single process). Different k-means starts make the two EM fits end at different local maxima,")
            print("so compare seconds per iteration: Swift \(String(format: "%.3f", gmmSeconds / Double(Swift.max(gmm.iterations, 1)))) s, "
                  + "scikit-learn \(String(format: "%.3f", r.gmmSeconds / Double(Swift.max(r.gmmIterations, 1)))) s.")
        } else {
            print("\n(scikit-learn columns empty: python3 with scikit-learn was not found; pip install scikit-learn)")
        }
    }

    static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    struct Reference {
        var version: String
        var tsneExactSeconds: Double, tsneExactKL: Double, tsneExactIterations: Int
        var tsneBarnesHutSeconds: Double, tsneBarnesHutKL: Double
        var gmmSeconds: Double, gmmIterations: Int, gmmPerSample: Double
    }

    static let script = """
    import json, sys, time
    import numpy as np
    import sklearn
    from sklearn.manifold import TSNE
    from sklearn.mixture import GaussianMixture
    path, points = sys.argv[1], int(sys.argv[2])
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    X_all = data[:, :64]
    X = X_all[:points]
    out = {"version": sklearn.__version__}
    for method in ("exact", "barnes_hut"):
        model = TSNE(n_components=2, perplexity=30.0, early_exaggeration=12.0, learning_rate="auto", max_iter=1000,
                     init="pca", method=method, random_state=0)
        start = time.perf_counter(); model.fit_transform(X); seconds = time.perf_counter() - start
        out[method] = {"seconds": seconds, "kl": float(model.kl_divergence_), "iterations": int(model.n_iter_)}
    gmm = GaussianMixture(n_components=10, covariance_type="full", tol=1e-3, reg_covar=1e-6, max_iter=100, n_init=1,
                          init_params="kmeans", random_state=0)
    start = time.perf_counter(); gmm.fit(X_all); seconds = time.perf_counter() - start
    out["gmm"] = {"seconds": seconds, "iterations": int(gmm.n_iter_), "loglik_per_sample": float(gmm.score(X_all))}
    print(json.dumps(out))
    """

    /// Runs the script above in python3; nil when python3 or scikit-learn is missing.
    static func scikitLearn(csv: URL, points: Int) -> Reference? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, csv.path, "\(points)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let exact = object["exact"] as? [String: Any], let bh = object["barnes_hut"] as? [String: Any],
              let gmm = object["gmm"] as? [String: Any] else { return nil }
        func number(_ d: [String: Any], _ key: String) -> Double { (d[key] as? NSNumber)?.doubleValue ?? .nan }
        return Reference(version: object["version"] as? String ?? "?",
                         tsneExactSeconds: number(exact, "seconds"), tsneExactKL: number(exact, "kl"), tsneExactIterations: Int(number(exact, "iterations")),
                         tsneBarnesHutSeconds: number(bh, "seconds"), tsneBarnesHutKL: number(bh, "kl"),
                         gmmSeconds: number(gmm, "seconds"), gmmIterations: Int(number(gmm, "iterations")), gmmPerSample: number(gmm, "loglik_per_sample"))
    }
}
