// Saving and resuming an optimizer: its state as safetensors, so a run stopped after step t and
// resumed from (model checkpoint, optimizer state) takes exactly the steps an uninterrupted run
// takes, bit for bit (the Assess gate checks it).
//
//   tensors   state.<i>.exp_avg, state.<i>.exp_avg_sq   (Adam, AdamW: m and v of parameter i)
//             state.<i>.momentum_buffer                 (SGD)
//             i counts the parameters across groups in order, as torch's optimizer.state_dict()
//   metadata  optimizer (Adam | AdamW | SGD), step (steps taken; Adam's bias corrections use it),
//             lr (Swift's shortest round-trip text of the Float), parameters (the count),
//             groups ("decay:2,no_decay:4": each group's name and size)
//
// Restoring checks the kind, the parameter count, every name and shape before changing anything;
// the hyper-parameters (β, ε, λ, each group's lr) come from the optimizer being restored into,
// as they do in code. What this file does not do: no sharded or streamed state.

import Foundation
import Shared

public enum OptimizerStateError: Error, CustomStringConvertible, Equatable {
    case kindMismatch(expected: String, found: String)
    case parameterCount(expected: Int, found: Int)
    case missingTensor(String)
    case shapeMismatch(name: String, expected: Int, found: Int)
    case badMetadata(String)

    public var description: String {
        switch self {
        case let .kindMismatch(expected, found): return "optimizer state is for \(found), this optimizer is \(expected)"
        case let .parameterCount(expected, found):
            return "optimizer state holds \(found) parameters, this optimizer has \(expected) (a different model or grouping?)"
        case let .missingTensor(name): return "optimizer state has no tensor '\(name)'"
        case let .shapeMismatch(name, expected, found): return "optimizer state '\(name)' has \(found) values, the parameter has \(expected)"
        case let .badMetadata(key): return "optimizer state metadata '\(key)' is missing or not a number"
        }
    }
}

public enum OptimizerState {
    public static func save(_ optimizer: any Optimizer, to url: URL) throws {
        let state = optimizer.state
        try Safetensors.write(state.tensors, metadata: state.metadata, to: url)
    }

    /// Restores `optimizer` from `url`; returns the file's metadata (its "step" resumes a schedule).
    @discardableResult
    public static func load(into optimizer: any Optimizer, from url: URL) throws -> [String: String] {
        let file = try Safetensors.read(url)
        var tensors: [String: Tensor] = [:]
        for name in file.names { tensors[name] = try file.tensor(name) }
        try optimizer.restore(tensors: tensors, metadata: file.metadata)
        return file.metadata
    }

    static func metadata(kind: String, step: Int, lr: Float, groups: [ParameterGroup]) -> [String: String] {
        ["optimizer": kind, "step": String(step), "lr": String(lr),
         "parameters": String(groups.reduce(0) { $0 + $1.parameters.count }),
         "groups": groups.map { "\($0.name):\($0.parameters.count)" }.joined(separator: ",")]
    }

    /// Checks kind and count, then the named buffers of each parameter; returns them in order.
    static func buffers(_ names: [String], count: Int, kind: String, sizes: [Int],
                        tensors: [String: Tensor], metadata: [String: String]) throws -> [[[Float]]] {
        let found = metadata["optimizer"] ?? "?"
        guard found == kind else { throw OptimizerStateError.kindMismatch(expected: kind, found: found) }
        guard let saved = metadata["parameters"].flatMap(Int.init) else { throw OptimizerStateError.badMetadata("parameters") }
        guard saved == count else { throw OptimizerStateError.parameterCount(expected: count, found: saved) }
        return try names.map { buffer in
            try sizes.enumerated().map { i, size in
                let key = "state.\(i).\(buffer)"
                guard let t = tensors[key] else { throw OptimizerStateError.missingTensor(key) }
                guard t.count == size else { throw OptimizerStateError.shapeMismatch(name: key, expected: size, found: t.count) }
                return t.storage
            }
        }
    }

    static func step(_ metadata: [String: String]) throws -> Int {
        guard let step = metadata["step"].flatMap(Int.init), step >= 0 else { throw OptimizerStateError.badMetadata("step") }
        return step
    }
}

extension Adam {
    public var state: (tensors: [String: Tensor], metadata: [String: String]) {
        var tensors: [String: Tensor] = [:]
        for i in parameters.indices {
            tensors["state.\(i).exp_avg"] = Tensor(firstMoment[i])
            tensors["state.\(i).exp_avg_sq"] = Tensor(secondMoment[i])
        }
        return (tensors, OptimizerState.metadata(kind: kind, step: stepCount, lr: lr, groups: groups))
    }

    public func restore(tensors: [String: Tensor], metadata: [String: String]) throws {
        let buffers = try OptimizerState.buffers(["exp_avg", "exp_avg_sq"], count: parameters.count, kind: kind,
                                                 sizes: parameters.map(\.value.count), tensors: tensors, metadata: metadata)
        let step = try OptimizerState.step(metadata)
        if let saved = metadata["lr"].flatMap(Float.init) { lr = saved }
        (firstMoment, secondMoment, stepCount) = (buffers[0], buffers[1], step)
    }
}

extension SGD {
    public var state: (tensors: [String: Tensor], metadata: [String: String]) {
        var tensors: [String: Tensor] = [:]
        for i in parameters.indices { tensors["state.\(i).momentum_buffer"] = Tensor(velocity[i]) }
        return (tensors, OptimizerState.metadata(kind: "SGD", step: stepCount, lr: lr, groups: groups))
    }

    public func restore(tensors: [String: Tensor], metadata: [String: String]) throws {
        let buffers = try OptimizerState.buffers(["momentum_buffer"], count: parameters.count, kind: "SGD",
                                                 sizes: parameters.map(\.value.count), tensors: tensors, metadata: metadata)
        let step = try OptimizerState.step(metadata)
        if let saved = metadata["lr"].flatMap(Float.init) { lr = saved }
        (velocity, stepCount) = (buffers[0], step)
    }
}
