// Variable: a node of the dynamic tape that reverse-mode autodiff walks backwards.
//
// Every op (add, matmul, relu, …) takes Variables and returns a new Variable that remembers its
// inputs and a `backward` closure: given ∂L/∂out (same shape as out) it returns ∂L/∂input for each
// input (the vector–Jacobian product). `loss.backward()` orders the graph topologically (every
// node after all the nodes that use it) and runs the closures from the loss down, *adding* each
// contribution into `input.grad`, because a value used twice receives gradient from both uses:
//
//   ∂L/∂x = Σ over uses u of x  (∂L/∂u · ∂u/∂x)          (the multivariate chain rule)
//
// Leaves (parameters, and inputs created with requiresGrad) keep their `grad` after backward;
// an intermediate's grad is dropped as soon as it has been passed on to its inputs (memory).
//
// What this file does not do: no graph is kept after it is released (no `retain_graph`), no
// higher-order gradients (backward closures compute on Tensors, not on Variables), no in-place
// ops on tape values. A value created while gradients are disabled (`Autograd.noGrad`) or from
// inputs that need no gradient records nothing, so evaluation costs only the forward pass.

import Shared

public enum Autograd {
    /// Whether ops record the tape. Task-local, so it needs no global mutable state.
    @TaskLocal public static var isGradEnabled: Bool = true

    /// Runs `body` without recording: the evaluation / inference path.
    public static func noGrad<R>(_ body: () throws -> R) rethrows -> R {
        try $isGradEnabled.withValue(false) { try body() }
    }
}

public enum AutogradError: Error, CustomStringConvertible, Equatable {
    case notScalar(shape: [Int])
    case gradientShape(op: String, input: Int, expected: [Int], got: [Int])
    case labelOutOfRange(label: Int, classes: Int)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .notScalar(shape):
            return "backward() without a gradient needs a scalar loss, got shape \(shape)"
        case let .gradientShape(op, input, expected, got):
            return "\(op): backward returned a gradient of shape \(got) for input \(input) of shape \(expected)"
        case let .labelOutOfRange(label, classes):
            return "label \(label) is outside 0..<\(classes)"
        case let .invalidArgument(what):
            return what
        }
    }
}

/// ∂L/∂out → [∂L/∂input₀, ∂L/∂input₁, …]; nil for an input that needs no gradient.
public typealias BackwardFunction = (Tensor) throws -> [Tensor?]

public final class Variable {
    public var value: Tensor
    /// ∂L/∂value after `backward()`, nil before (and after `zeroGrad`).
    public var grad: Tensor?
    public let requiresGrad: Bool
    /// The op that produced this value ("leaf" for inputs and parameters).
    public let op: String
    let inputs: [Variable]
    let backwardFunction: BackwardFunction?

    /// A leaf: an input (requiresGrad false) or a parameter (true).
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.op = "leaf"
        self.inputs = []
        self.backwardFunction = nil
    }

    /// A custom op: `value` computed from `inputs`, and how to send a gradient back to them.
    /// This is how every op in this week is built, and how later weeks add their own
    /// (im2col convolution, recurrent cells) without touching the engine. When gradients are
    /// off or no input requires one, the node records nothing and `backward` is dropped.
    public init(op: String, inputs: [Variable], value: Tensor, backward: @escaping BackwardFunction) {
        self.value = value
        self.op = op
        let records = Autograd.isGradEnabled && inputs.contains { $0.requiresGrad }
        self.requiresGrad = records
        self.inputs = records ? inputs : []
        self.backwardFunction = records ? backward : nil
    }

    public var shape: [Int] { value.shape }

    /// The single element of a one-element tensor (e.g. the loss).
    public var scalar: Float { value.storage[0] }

    /// Back-propagates from this value. Without `gradient` the value must be a scalar and
    /// ∂L/∂L = 1 seeds the walk; otherwise `gradient` (same shape) does.
    public func backward(_ gradient: Tensor? = nil) throws {
        let seed: Tensor
        if let gradient {
            guard gradient.shape == value.shape else {
                throw AutogradError.gradientShape(op: "backward seed", input: 0, expected: value.shape, got: gradient.shape)
            }
            seed = gradient
        } else {
            guard value.count == 1 else { throw AutogradError.notScalar(shape: value.shape) }
            seed = Tensor.full(value.shape, value: 1)
        }
        guard requiresGrad else { return }
        try Variable.accumulate(seed, into: self)
        for node in topologicalOrder().reversed() {
            guard let backwardFunction = node.backwardFunction, let g = node.grad else { continue }
            let gradients = try backwardFunction(g)
            for (i, input) in node.inputs.enumerated() where input.requiresGrad {
                guard i < gradients.count, let gi = gradients[i] else { continue }
                guard gi.shape == input.value.shape else {
                    throw AutogradError.gradientShape(op: node.op, input: i, expected: input.value.shape, got: gi.shape)
                }
                try Variable.accumulate(gi, into: input)
            }
            // An intermediate's gradient is not needed once it has been passed on.
            if !node.inputs.isEmpty { node.grad = nil }
        }
    }

    /// Nodes reachable from self, each after all of its inputs (iterative DFS: deep graphs such
    /// as long recurrent unrolls do not overflow the stack).
    func topologicalOrder() -> [Variable] {
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Variable, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.inputs where input.requiresGrad && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }

    static func accumulate(_ g: Tensor, into v: Variable) throws {
        if v.grad == nil {
            v.grad = g
        } else {
            try v.grad!.addScaled(g, alpha: 1)
        }
    }

    public func zeroGrad() { grad = nil }
}

extension Variable: CustomStringConvertible {
    public var description: String { "Variable(\(op), \(value))" }
}
