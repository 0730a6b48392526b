// One-step-ahead forecasting of a univariate series with a GRU, against the persistence baseline.
//
// Data: y_0 … y_{N−1}. Normalise with the TRAIN part's mean μ and std σ only (z = (y − μ)/σ), so no
// statistic of the held-out years leaks into the model. A window of L past values predicts the next:
//   inputs  z_{t−L} … z_{t−1}  (L steps of x_t: [B, 1])   →  GRU(hidden H)  →  h_T · wᵀ + b  →  ẑ_t
// Targets t < trainCount are the training set; targets t ≥ trainCount are held out (their windows
// may reach back into the train years, as a real forecaster's would). Training is full batch
// Adam on the MSE in normalised units; errors are reported in the series' own units.
//
// Persistence: ŷ_t = y_{t−1}, the forecast any model must beat to be worth anything.
//
// What this file does not do: no multi-step (recursive) forecasting, no exogenous inputs, no
// early stopping (a fixed number of epochs, chosen once on the train part).

import Foundation
import Shared
import Week04MNIST

public struct ForecastErrors: Sendable {
    public let mse: Double
    public let mae: Double

    public init(actual: [Double], predicted: [Double]) {
        let errors = zip(actual, predicted).map { $0 - $1 }
        mse = errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)
        mae = errors.reduce(0) { $0 + abs($1) } / Double(errors.count)
    }
}

public struct ForecastResult: Sendable {
    public let targetIndices: [Int]   // t of every held-out target
    public let actual: [Double]
    public let predicted: [Double]
    public let persistence: [Double]
    public let model: ForecastErrors
    public let baseline: ForecastErrors
    public let finalTrainLoss: Double
}

public final class Forecaster: Module {
    public let cell: RecurrentCell
    public let head: Linear
    public let window: Int

    public init(window: Int, hiddenSize: Int = 32, rng: inout SplitMix64) {
        self.window = window
        cell = RecurrentCell(.gru, inputSize: 1, hiddenSize: hiddenSize, rng: &rng)
        head = Linear(hiddenSize, 1, rng: &rng)
    }

    public var members: [ModuleMember] { [.child("gru", cell), .child("head", head)] }

    /// Predictions [B, 1] for the windows ending just before each t in `targets` of series z.
    public func predict(_ z: [Float], targets: [Int]) throws -> Variable {
        // exercise forecast-predict: Predict z_t for a batch of targets t from the `window` values before each one.
        // hint: Step s of the unroll is one [B, 1] input: row b holds z[targets[b] − window + s].
        // hint: Unroll the GRU over the window from the zero state; only the final h is needed.
        // tests: ModelTests/testForecasterPredictsFromTheWindowBeforeEachTarget
        let xs = try (0..<window).map { step in
            try Tensor(shape: [targets.count, 1], storage: targets.map { z[$0 - window + step] })
        }.map { Variable($0) }
        let (_, state) = try cell.unroll(xs, from: cell.zeroState(batch: targets.count))
        return try head(state.h)
        // end exercise forecast-predict
    }

    /// Normalise, train on the first `trainFraction` of targets, evaluate on the rest.
    public static func run(series y: [Double], window: Int, trainFraction: Double = 0.8, epochs: Int,
                           hiddenSize: Int = 32, lr: Float = 1e-2, seed: UInt64,
                           progress: (Int, Double) -> Void = { _, _ in }) throws -> ForecastResult {
        let trainCount = Int(Double(y.count) * trainFraction)
        guard window >= 1, trainCount > window + 1, trainCount < y.count else {
            throw AutogradError.invalidArgument("forecast: \(y.count) values are too few for window \(window) (need more than \(Int(Double(window + 2) / trainFraction)))")
        }
        let train = y[..<trainCount]
        let mean = train.reduce(0, +) / Double(trainCount)
        let variance = train.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(trainCount)
        let std = max(variance.squareRoot(), 1e-12)
        let z = y.map { Float(($0 - mean) / std) }

        var rng = SplitMix64(seed: seed)
        let model = Forecaster(window: window, hiddenSize: hiddenSize, rng: &rng)
        let loop = TrainingLoop(model: model, optimizer: Adam(model.parameters, lr: lr), maxGradientNorm: 1)
        let trainTargets = Array(window..<trainCount)
        let trainY = Variable(try Tensor(shape: [trainTargets.count, 1], storage: trainTargets.map { z[$0] }))
        var lastLoss = 0.0
        try loop.fit(steps: max(epochs, 1), loss: { _ in
            let error = try model.predict(z, targets: trainTargets) - trainY
            return try (error * error).mean()
        }, log: { step in
            lastLoss = Double(step.loss)
            progress(step.step, lastLoss)
        })
        let testTargets = Array(trainCount..<y.count)
        let predictedZ = try Autograd.noGrad { try model.predict(z, targets: testTargets).value.storage }
        let predicted = predictedZ.map { Double($0) * std + mean }
        let actual = testTargets.map { y[$0] }
        let persistence = testTargets.map { y[$0 - 1] }
        return ForecastResult(targetIndices: testTargets, actual: actual, predicted: predicted, persistence: persistence,
                              model: ForecastErrors(actual: actual, predicted: predicted),
                              baseline: ForecastErrors(actual: actual, predicted: persistence), finalTrainLoss: lastLoss)
    }
}
