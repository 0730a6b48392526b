// The default run: the week's tour on Fashion-MNIST.
//   1. recall@10 / queries-per-second table of exact, LSH and HNSW search, and its plot
//   2. an HNSW index saved, loaded and saved again (identical bytes), then ids deleted
//   3. contrastive (InfoNCE) training of a 64-d projection from augmented views
//   4. the CLIP-style toy: images and class descriptions, zero-shot accuracy

import Foundation
import Shared
import Week09VectorDB

enum Demo {
    static func run(_ invocation: Invocation) throws {
        let seed = UInt64(invocation.int("seed"))
        let steps = invocation.int("steps")
        let queryCount = invocation.int("queries")
        let out = try Project.outputDirectory("Week09VectorDB")
        print("Week09VectorDB · seed \(seed) · distance kernel \(Distance.kernel)")
        print("BLAS: \(BLASInfo.summary)\n")
        let data = try ImageDatasets.load(.fashionMNIST)
        let queries = try data.test.images.rows(0..<min(queryCount, data.test.images.rowCount))

        // 1. Recall / QPS.
        print("1. Search: 60,000 training images as the base, \(queries.rowCount) test images as queries, 2 threads")
        let plan = SweepPlan()
        let (report, graphs) = try Sweep.run(base: data.train.images, queries: queries, plan: plan) { line in
            FileHandle.standardError.write(Data("  \(line)\n".utf8))
        }
        print(Tables.recallTable(report.rows, k: plan.k))
        print("build seconds: " + report.buildSeconds.map { String(format: "%@ %.2f", $0.0, $0.1) }.joined(separator: " · "))
        let plotURL = out.appendingPathComponent("recall_qps.svg")
        try SVGPlot.save(Tables.recallPlot(report.rows, k: plan.k), to: plotURL)
        print("wrote \(Project.display(plotURL))")
        if let best = report.rows.first(where: { $0.index == "hnsw" && $0.recall >= 0.99 }) {
            print(String(format: "smallest HNSW setting with recall ≥ 0.99: %@ → recall %.4f at %.0f queries/s (exact: %.0f)",
                         best.label, best.recall, best.queriesPerSecond, report.rows[0].queriesPerSecond))
        }

        // 2. Persistence and deletion.
        print("\n2. Persistence: save, load, save again; then delete")
        let hnsw = graphs[0]
        hnsw.efSearch = 64
        let indexURL = out.appendingPathComponent("fashion-mnist.hnsw")
        let saveSeconds = try Timing.seconds { try hnsw.save(to: indexURL) }
        var loaded: HNSWIndex!
        let loadSeconds = try Timing.seconds { loaded = try HNSWIndex.load(from: indexURL) }
        let identical = loaded.serialized() == hnsw.serialized()
        let probeCount = min(100, queries.rowCount)
        let probe = try queries.rows(0..<probeCount).storage
        let sameResults = try loaded.search(batch: probe, k: 10, threads: 2) == hnsw.search(batch: probe, k: 10, threads: 2)
        let size = (try? FileManager.default.attributesOfItem(atPath: indexURL.path)[.size] as? Int) ?? 0
        print(String(format: "wrote %@ (%.1f MB) in %.2f s, loaded in %.2f s; bytes identical after reload: %@; same results: %@",
                     Project.display(indexURL), Double(size) / 1e6, saveSeconds, loadSeconds, identical ? "yes" : "NO", sameResults ? "yes" : "NO"))
        let nearest = try loaded.search(batch: probe, k: 10, threads: 2)
        let doomed = Set(nearest.compactMap { $0.first?.id })
        for id in doomed { try loaded.remove(id) }
        let after = try loaded.search(batch: probe, k: 10, threads: 2)
        let leaked = after.flatMap { $0 }.filter { doomed.contains($0.id) }.count
        print("deleted the nearest neighbour of each of \(probeCount) queries (\(doomed.count) ids): \(leaked) of them returned afterwards; \(loaded.count) live vectors")

        // 3. Contrastive projection.
        print("\n3. Contrastive (InfoNCE) projection 784 → 256 → 64, two augmented views per image, \(steps) steps of 256")
        let projection = ContrastiveProjection(seed: seed)
        let contrastive = try ContrastiveTraining.run(projection: projection, train: data.train, test: data.test, steps: steps,
                                                      seed: seed, progress: ProgressBar("contrastive", total: steps))
        var table = TextTable(["representation", "dims", "class precision@10 (cosine)"])
        table.add(["raw pixels", "784", String(format: "%.3f", contrastive.precisionPixels)])
        table.add(["random projection", "64", String(format: "%.3f", contrastive.precisionRandomProjection)])
        table.add(["InfoNCE projection (no labels)", "64", String(format: "%.3f", contrastive.precisionLearned)])
        print(table.render())
        print(String(format: "loss %.3f → %.3f (chance level ln 256 = %.3f); held-out view matching: %.1f%% top-1 among 256 (chance 0.4%%); %.1f s",
                     contrastive.losses.first ?? .nan, tail(contrastive.losses), log(256.0), 100 * contrastive.viewMatchAccuracy, contrastive.seconds))

        // 4. CLIP-style toy.
        print("\n4. CLIP-style toy: image tower 784 → 128 → 32, bag-of-words text tower, symmetric InfoNCE, \(steps) steps")
        let clip = CLIPToy(seed: seed)
        let start = Timing.now()
        let clipLosses = try clip.train(data.train, steps: steps, seed: seed, progress: ProgressBar("clip", total: steps))
        let heldOut = try clip.zeroShotAccuracy(data.test, descriptionIndex: 3)
        let seen = try clip.zeroShotAccuracy(data.test, descriptionIndex: 0)
        print(String(format: "loss %.3f → %.3f (chance ln 10 = %.3f); %.1f s", clipLosses.first ?? .nan, tail(clipLosses), log(10.0), Timing.now() - start))
        print(String(format: "zero-shot accuracy on the 10,000 test images: %.1f%% with held-out descriptions, %.1f%% with training descriptions (chance 10%%)",
                     100 * heldOut, 100 * seen))
        print("held-out descriptions: " + clip.descriptions.enumerated().map { "\(ImageDatasets.fashionMNISTClasses[$0.offset]): \"\($0.element[3])\"" }.joined(separator: "; "))
        let lossURL = out.appendingPathComponent("contrastive_losses.svg")
        try SVGPlot.save(SVGPlot.line(title: "InfoNCE training loss", xLabel: "step", yLabel: "loss",
                                      series: [Series(name: "contrastive", y: contrastive.losses), Series(name: "CLIP toy", y: clipLosses)]), to: lossURL)
        print("wrote \(Project.display(lossURL))")
    }

    /// Mean of the last 20 values (a steadier "final loss" than the last step).
    static func tail(_ values: [Double]) -> Double {
        let last = values.suffix(20)
        return last.isEmpty ? .nan : last.reduce(0, +) / Double(last.count)
    }
}
