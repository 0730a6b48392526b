// Early stopping that restores the best weights: after every epoch the validation loss is
// reported; when it improves (by more than `minDelta`) a copy of every parameter *and buffer*
// (BatchNorm's running statistics, named by week 4's module tree) is kept; after `patience`
// epochs without improvement training stops, and `restoreBest` writes the copy back, bit for bit.
//
//   epoch   1     2     3     4     5         patience 2
//   val     0.50  0.42  0.45  0.44  —         best = epoch 2; epochs 3, 4 are bad → stop after 4
//
// Like Keras' EarlyStopping(restore_best_weights=True). What this file does not do: no "max"
// mode (pass −accuracy for a metric to maximise), no checkpoint on disk (week 13's
// TrainingCheckpoint writes one).

import Shared
import Week04MNIST

public final class EarlyStopping {
    public let patience: Int
    public let minDelta: Double
    public private(set) var bestEpoch = 0
    public private(set) var bestLoss = Double.infinity
    public private(set) var badEpochs = 0
    private var snapshot: [String: Tensor] = [:]

    public init(patience: Int, minDelta: Double = 0) {
        self.patience = patience
        self.minDelta = minDelta
    }

    /// Records epoch `epoch`'s validation loss; true when training should stop.
    public func update(epoch: Int, validationLoss: Double, model: any Module) -> Bool {
        // exercise early-stopping: Record an epoch's validation loss, keep a copy of the best model, and say when patience has run out.
        // hint: An improvement must beat the best loss by more than minDelta; equal is not better.
        // hint: On an improvement remember the loss, the epoch and a copy of every named tensor (parameters and buffers), and reset the bad-epoch count.
        // hint: Stop once the number of epochs without improvement reaches patience.
        // tests: EarlyStoppingTests/testPatienceRule, EarlyStoppingTests/testRestoresTheBestEpochsWeightsAndBuffersExactly
        if validationLoss < bestLoss - minDelta {
            bestLoss = validationLoss
            bestEpoch = epoch
            badEpochs = 0
            snapshot = Dictionary(uniqueKeysWithValues: model.namedTensors().map { ($0.name, $0.value.value) })
        } else {
            badEpochs += 1
        }
        return badEpochs >= patience
        // end exercise early-stopping
    }

    /// Writes the best epoch's tensors back into `model` (nothing if no epoch was recorded).
    public func restoreBest(into model: any Module) throws {
        for tensor in model.namedTensors() {
            guard let saved = snapshot[tensor.name] else {
                if snapshot.isEmpty { return }
                throw AutogradError.invalidArgument("early stopping: '\(tensor.name)' was not in the saved model")
            }
            tensor.value.value = saved
        }
    }
}
