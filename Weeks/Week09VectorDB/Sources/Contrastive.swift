// Self-supervised contrastive training of an embedding projection (SimCLR-style, Chen et al. 2020):
// two random augmentations of the same Fashion-MNIST image are a positive pair, the other images in
// the batch are negatives, and an MLP 784 → 256 → 64 (then L2-normalised) learns to map the two
// views of an image close together and different images apart, with no labels at all.
// Whether that learned anything useful is measured with the week's own index: the share of each
// test image's 10 nearest training images (cosine, exact search) that have its class, against the
// same figure for raw pixels and for a random 64-d projection.
//
// Augmentations (Augment.view): a shift of up to ±3 pixels, a horizontal flip with probability ½,
// a brightness scale in [0.6, 1.4], a random 10×10 patch erased, and Gaussian pixel noise (σ 0.1).

import Foundation
import Shared
import Week04MNIST

public enum Augment {
    /// A random view of each 28×28 image in rows [n, 784].
    public static func view(_ images: [Float], count n: Int, side: Int = 28, rng: inout SplitMix64) -> [Float] {
        let area = side * side
        var out = [Float](repeating: 0, count: n * area)
        for i in 0..<n {
            let dx = rng.nextInt(below: 7) - 3, dy = rng.nextInt(below: 7) - 3
            let flip = rng.nextUnitDouble() < 0.5
            let brightness = Float(0.6 + 0.8 * rng.nextUnitDouble())
            let ex = rng.nextInt(below: side - 10), ey = rng.nextInt(below: side - 10)
            for y in 0..<side {
                for x in 0..<side {
                    let sx = (flip ? side - 1 - x : x) - dx, sy = y - dy
                    var v: Float = 0
                    if sx >= 0 && sx < side && sy >= 0 && sy < side { v = images[i * area + sy * side + sx] * brightness }
                    if x >= ex && x < ex + 10 && y >= ey && y < ey + 10 { v = 0 }
                    out[i * area + y * side + x] = v + Float(0.1 * rng.nextGaussian())
                }
            }
        }
        return out
    }
}

/// The projection network as a module: its parameters are the network's (fc1.weight, …, fc2.bias).
public final class ContrastiveProjection: Module {
    public let network: Sequential
    public let outputDimension: Int

    public init(inputDimension: Int = 784, hidden: Int = 256, outputDimension: Int = 64, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let layers: [(name: String, layer: any Layer)] = [
            ("fc1", Linear(inputDimension, hidden, rng: &rng)), ("relu", Activation(.relu)),
            ("fc2", Linear(hidden, outputDimension, rng: &rng)),
        ]
        network = Sequential(layers)
        self.outputDimension = outputDimension
    }

    public var members: [ModuleMember] { network.members }

    /// Normalised embeddings of rows x [N, inputDimension].
    public func callAsFunction(_ x: Variable) throws -> Variable { try network(x).l2NormalizedRows() }

    /// Embeddings as plain floats [N, outputDimension], in batches, without the tape.
    public func embed(_ images: Tensor, batch: Int = 2000) throws -> Tensor {
        try Autograd.noGrad {
            var parts: [Tensor] = []
            var start = 0
            while start < images.rowCount {
                let end = min(start + batch, images.rowCount)
                parts.append(try self(Variable(try images.rows(start..<end))).value)
                start = end
            }
            return try Tensor.concatenateRows(parts)
        }
    }
}

public struct ContrastiveReport: Sendable {
    public var losses: [Double]
    /// Share of the 10 nearest training images with the query's class, per representation.
    public var precisionPixels: Double
    public var precisionRandomProjection: Double
    public var precisionLearned: Double
    /// Held-out batch: how often a view's nearest other-view is its own partner (chance 1/batch).
    public var viewMatchAccuracy: Double
    public var seconds: Double
}

public enum ContrastiveTraining {
    /// Trains `projection` for `steps` Adam steps on random batches of `train`; evaluates on `test`.
    public static func run(projection: ContrastiveProjection, train: ImageSplit, test: ImageSplit, steps: Int,
                           batch: Int = 256, temperature: Float = 0.2, lr: Float = 1e-3, seed: UInt64,
                           evaluationBase: Int = 10_000, evaluationQueries: Int = 1_000,
                           progress: ProgressBar? = nil) throws -> ContrastiveReport {
        let start = Timing.now()
        var rng = SplitMix64(seed: seed)
        let loop = TrainingLoop(model: projection, optimizer: Adam(projection.parameters, lr: lr))
        var losses: [Double] = []
        let n = train.images.rowCount
        try loop.fit(steps: steps, loss: { _ in
            let indices = (0..<batch).map { _ in rng.nextInt(below: n) }
            let images = try train.images.gatherRows(indices).storage
            let a = try Tensor(shape: [batch, 784], storage: Augment.view(images, count: batch, rng: &rng))
            let b = try Tensor(shape: [batch, 784], storage: Augment.view(images, count: batch, rng: &rng))
            return try InfoNCE.loss(try projection(Variable(a)), try projection(Variable(b)), temperature: temperature)
        }, log: { step in
            losses.append(Double(step.loss))
            progress?.update(step.step, note: String(format: "loss %.3f", step.loss))
        })
        progress?.finish()
        // Evaluation: neighbours among the first `evaluationBase` training images.
        let base = try train.images.rows(0..<min(evaluationBase, n))
        let baseLabels = Array(train.labels.prefix(base.rowCount))
        let queries = try test.images.rows(0..<min(evaluationQueries, test.images.rowCount))
        let queryLabels = Array(test.labels.prefix(queries.rowCount))
        var projectionRNG = SplitMix64(seed: seed ^ 0xABCDEF)
        let random = Tensor.randomNormal([784, projection.outputDimension], using: &projectionRNG)
        let precisionPixels = try precisionAtK(base: base, baseLabels: baseLabels, queries: queries, queryLabels: queryLabels)
        let precisionRandom = try precisionAtK(base: try base.matmul(random), baseLabels: baseLabels,
                                               queries: try queries.matmul(random), queryLabels: queryLabels)
        let precisionLearned = try precisionAtK(base: try projection.embed(base), baseLabels: baseLabels,
                                                queries: try projection.embed(queries), queryLabels: queryLabels)
        // View matching on held-out images.
        let held = min(batch, test.images.rowCount)
        let heldImages = try test.images.rows(0..<held).storage
        let va = try projection.embed(try Tensor(shape: [held, 784], storage: Augment.view(heldImages, count: held, rng: &rng)))
        let vb = try projection.embed(try Tensor(shape: [held, 784], storage: Augment.view(heldImages, count: held, rng: &rng)))
        let index = ExactIndex(dimension: projection.outputDimension, metric: .cosine)
        try index.add(vb.storage, ids: Array(0..<held))
        let matches = try index.search(batch: va.storage, k: 1, threads: 2)
        let correct = matches.enumerated().filter { $0.element.first?.id == $0.offset }.count
        return ContrastiveReport(losses: losses, precisionPixels: precisionPixels, precisionRandomProjection: precisionRandom,
                                 precisionLearned: precisionLearned, viewMatchAccuracy: Double(correct) / Double(held),
                                 seconds: Timing.now() - start)
    }

    /// Mean share of each query's k nearest base rows (cosine) that share its label.
    public static func precisionAtK(base: Tensor, baseLabels: [Int], queries: Tensor, queryLabels: [Int], k: Int = 10) throws -> Double {
        let index = ExactIndex(dimension: base.rowLength, metric: .cosine)
        try index.add(base.storage, ids: Array(0..<base.rowCount))
        let found = try index.search(batch: queries.storage, k: k, threads: 2)
        var hits = 0
        for (q, list) in found.enumerated() { hits += list.filter { baseLabels[$0.id] == queryLabels[q] }.count }
        return Double(hits) / Double(max(1, found.count * k))
    }
}
