// Training vs evaluation: one switch for every layer of every week.
//
//   try TrainingMode.training { try loss(model(x)).backward() }   dropout on, BatchNorm uses and
//                                                                  updates batch statistics
//   model(x)                                                       outside: evaluation
//
// Why a task-local and not a `training` flag walked down the module tree (torch's model.train()):
// the layers that behave differently read one value, so no layer can be missed by a walk (a layer
// held outside the tree, a new layer type someone forgot to visit), nothing has to be switched
// back (`defer { set(true) }`), and two tasks can evaluate and train concurrently. It is the same
// mechanism as the gradient switch (`Autograd.noGrad`). Evaluation is the default, so a model
// that was loaded or trained and is then used is deterministic without a call; the training
// loops (TrainingLoop.swift and the weeks' trainers) open the training scope.
//
// Like `Autograd.isGradEnabled`, the value is read on the calling thread: layers read it at the
// top of their forward, never inside a `Parallel` region.
//
// What this does not do: no per-module modes (a frozen BatchNorm inside a training model would
// need its own flag).

public enum TrainingMode {
    @TaskLocal public static var isTraining: Bool = false

    /// Runs `body` in training mode.
    public static func training<R>(_ body: () throws -> R) rethrows -> R {
        try $isTraining.withValue(true) { try body() }
    }

    /// Runs `body` in evaluation mode (inside a training scope, e.g. a validation pass).
    public static func evaluating<R>(_ body: () throws -> R) rethrows -> R {
        try $isTraining.withValue(false) { try body() }
    }
}
