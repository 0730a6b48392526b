// Micrograd: the whole idea of reverse-mode autodiff on single numbers (after Karpathy's
// micrograd). Read this before Variable.swift: the tensor engine is this file with Tensors.
//
// Each Value remembers the Values it was made from and a closure that pushes its gradient back
// to them using the local derivative of the op:
//
//   c = a + b  →  a.grad += c.grad;          b.grad += c.grad
//   c = a · b  →  a.grad += b · c.grad;      b.grad += a · c.grad
//   c = aᵏ     →  a.grad += k·aᵏ⁻¹ · c.grad
//   c = tanh a →  a.grad += (1 − c²) · c.grad
//
// `backward()` sorts the graph so every node comes after its inputs, sets ∂out/∂out = 1 and runs
// the closures from the output back. `+=` (not `=`) because a value used twice gets both parts.
// Deliberately slow (one heap object per number) and Double-only: it is for reading and for
// checking the tensor engine on tiny expressions (see the tests and `Week04MNIST micrograd`).

import Foundation

public final class Value {
    public var data: Double
    public var grad: Double = 0
    public let op: String
    let children: [Value]
    var backwardStep: () -> Void = {}

    public init(_ data: Double, op: String = "", children: [Value] = []) {
        self.data = data
        self.op = op
        self.children = children
    }

    public static func + (a: Value, b: Value) -> Value {
        let out = Value(a.data + b.data, op: "+", children: [a, b])
        out.backwardStep = { [unowned out] in
            a.grad += out.grad
            b.grad += out.grad
        }
        return out
    }

    public static func * (a: Value, b: Value) -> Value {
        let out = Value(a.data * b.data, op: "*", children: [a, b])
        out.backwardStep = { [unowned out] in
            a.grad += b.data * out.grad
            b.grad += a.data * out.grad
        }
        return out
    }

    public func pow(_ k: Double) -> Value {
        let out = Value(Foundation.pow(data, k), op: "^\(k)", children: [self])
        out.backwardStep = { [unowned out, unowned self] in
            self.grad += k * Foundation.pow(self.data, k - 1) * out.grad
        }
        return out
    }

    public func relu() -> Value {
        let out = Value(max(0, data), op: "relu", children: [self])
        out.backwardStep = { [unowned out, unowned self] in
            self.grad += (out.data > 0 ? 1 : 0) * out.grad
        }
        return out
    }

    public func tanh() -> Value {
        let t = Foundation.tanh(data)
        let out = Value(t, op: "tanh", children: [self])
        out.backwardStep = { [unowned out, unowned self] in
            self.grad += (1 - t * t) * out.grad
        }
        return out
    }

    public func exp() -> Value {
        let e = Foundation.exp(data)
        let out = Value(e, op: "exp", children: [self])
        out.backwardStep = { [unowned out, unowned self] in
            self.grad += e * out.grad
        }
        return out
    }

    public static func + (a: Value, b: Double) -> Value { a + Value(b) }
    public static func * (a: Value, b: Double) -> Value { a * Value(b) }
    public static prefix func - (a: Value) -> Value { a * -1 }
    public static func - (a: Value, b: Value) -> Value { a + (-b) }
    public static func / (a: Value, b: Value) -> Value { a * b.pow(-1) }

    /// Fills `grad` of every value this one depends on with ∂self/∂value.
    public func backward() {
        var order: [Value] = []
        var visited = Set<ObjectIdentifier>()
        func visit(_ v: Value) {
            guard visited.insert(ObjectIdentifier(v)).inserted else { return }
            for child in v.children { visit(child) }
            order.append(v)
        }
        visit(self)
        grad = 1
        for v in order.reversed() { v.backwardStep() }
    }
}

extension Value: CustomStringConvertible {
    public var description: String { "Value(data: \(data), grad: \(grad))" }
}
