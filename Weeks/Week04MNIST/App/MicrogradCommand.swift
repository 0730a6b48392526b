// `micrograd`: the scalar engine on a worked expression, then the same expression on tensors.

import Foundation
import Shared
import Week04MNIST

enum MicrogradCommand {
    static func run() throws {
        // A neuron: o = tanh(x1·w1 + x2·w2 + b), the example of Karpathy's micrograd lecture.
        let x1 = Value(2), x2 = Value(0), w1 = Value(-3), w2 = Value(1), b = Value(6.8813735870195432)
        let n = x1 * w1 + x2 * w2 + b
        let o = n.tanh()
        o.backward()
        print("o = tanh(x1·w1 + x2·w2 + b) with x1 = 2, x2 = 0, w1 = −3, w2 = 1, b = 6.8814")
        print(String(format: "  o = %.6f   (n = %.6f)", o.data, n.data))
        print(String(format: "  ∂o/∂n = 1 − o² = %.6f", 1 - o.data * o.data))
        for (name, v) in [("x1", x1), ("w1", w1), ("x2", x2), ("w2", w2), ("b", b)] {
            print(String(format: "  ∂o/∂%@ = %+.6f", name, v.grad))
        }
        // The same neuron on the tensor engine: inputs as [1,2]·[2,1] + [1].
        let x = Variable(try Tensor(shape: [1, 2], storage: [2, 0]))
        let w = Variable(try Tensor(shape: [2, 1], storage: [-3, 1]), requiresGrad: true)
        let bias = Variable(Tensor([6.8813735870195432]), requiresGrad: true)
        let out = (try Variable.matmul(x, w) + bias).tanh().sum()
        try out.backward()
        print("\ntensor engine: o = \(out.scalar), ∂o/∂w = \(w.grad!.storage), ∂o/∂b = \(bias.grad!.storage)")
        let agree = abs(Double(w.grad!.storage[0]) - w1.grad) < 1e-5 && abs(Double(bias.grad!.storage[0]) - b.grad) < 1e-5
        print(agree ? "the two engines agree" : "the two engines DISAGREE")
    }
}
