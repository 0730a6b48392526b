// Recurrent cells: one time step of a vanilla RNN, an LSTM and a GRU, composed from Week04's
// taped ops (linear, split, sigmoid, tanh, +, ⊙), so backpropagation through time needs no new
// gradient code: unrolling the cell over T steps builds one long tape and `backward()` walks it.
//
// Equations, weight shapes and gate order are torch's (nn.RNNCell / nn.LSTMCell / nn.GRUCell),
// so a state dict from torch can be loaded name for name. x: [B, in], h, c: [B, H].
//
//   RNN   h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)                      W_ih: [H, in]
//   LSTM  [i f g o] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh                     W_ih: [4H, in]
//         i, f, o = σ(·), g = tanh(·);  c' = f⊙c + i⊙g;  h' = o⊙tanh(c')
//   GRU   [r z] = σ(x·W_ir,zᵀ + b_ir,z + h·W_hr,zᵀ + b_hr,z)              W_ih: [3H, in]
//         n = tanh(x·W_inᵀ + b_in + r⊙(h·W_hnᵀ + b_hn));  h' = (1−z)⊙n + z⊙h
//
// Initialisation is torch's: every weight and bias ~ U(−1/√H, 1/√H).
// What this file does not do: no fused kernels (each gate is separate tape ops), no multi-layer
// or bidirectional stacks, no peephole connections, no projection (proj_size).

import Shared
import Week04MNIST

/// The state a cell carries between steps: h for RNN and GRU, h and c for the LSTM.
public struct RecurrentState {
    public var h: Variable
    public var c: Variable?

    public init(h: Variable, c: Variable? = nil) {
        self.h = h
        self.c = c
    }

    /// The same values cut from the tape: truncated BPTT carries values, not gradients.
    public func detached() -> RecurrentState {
        RecurrentState(h: Variable(h.value), c: c.map { Variable($0.value) })
    }
}

public enum CellKind: String, Sendable, CaseIterable {
    case rnn, lstm, gru

    /// Gates stacked in W_ih's rows: RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n).
    public var gates: Int {
        switch self {
        case .rnn: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }
}

public final class RecurrentCell: Module {
    public let kind: CellKind
    public let inputSize: Int
    public let hiddenSize: Int
    public let weightIH: Variable  // [gates·H, in]
    public let weightHH: Variable  // [gates·H, H]
    public let biasIH: Variable    // [gates·H]
    public let biasHH: Variable    // [gates·H]

    public init(_ kind: CellKind, inputSize: Int, hiddenSize: Int, rng: inout SplitMix64) {
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        let rows = kind.gates * hiddenSize
        let bound = 1 / Float(hiddenSize).squareRoot()
        weightIH = Variable(Initialization.uniform([rows, inputSize], bound: bound, using: &rng), requiresGrad: true)
        weightHH = Variable(Initialization.uniform([rows, hiddenSize], bound: bound, using: &rng), requiresGrad: true)
        biasIH = Variable(Initialization.uniform([rows], bound: bound, using: &rng), requiresGrad: true)
        biasHH = Variable(Initialization.uniform([rows], bound: bound, using: &rng), requiresGrad: true)
    }

    /// A cell with given weights (tests, and loading torch's numbers by hand).
    public convenience init(_ kind: CellKind, weightIH: Tensor, weightHH: Tensor, biasIH: Tensor, biasHH: Tensor) {
        self.init(kind, weightIH: Variable(weightIH, requiresGrad: true), weightHH: Variable(weightHH, requiresGrad: true),
                  biasIH: Variable(biasIH, requiresGrad: true), biasHH: Variable(biasHH, requiresGrad: true))
    }

    /// A cell over existing tape variables (gradient checks differentiate with respect to them).
    public init(_ kind: CellKind, weightIH: Variable, weightHH: Variable, biasIH: Variable, biasHH: Variable) {
        self.kind = kind
        self.hiddenSize = weightHH.shape[1]
        self.inputSize = weightIH.shape[1]
        self.weightIH = weightIH
        self.weightHH = weightHH
        self.biasIH = biasIH
        self.biasHH = biasHH
    }

    /// torch's names (nn.LSTMCell's state_dict keys).
    public var members: [ModuleMember] {
        [.parameter("weight_ih", weightIH), .parameter("weight_hh", weightHH), .parameter("bias_ih", biasIH), .parameter("bias_hh", biasHH)]
    }

    /// The zero state for a batch of `batch` sequences.
    public func zeroState(batch: Int) -> RecurrentState {
        let zeros = Variable(Tensor.zeros([batch, hiddenSize]))
        return RecurrentState(h: zeros, c: kind == .lstm ? Variable(Tensor.zeros([batch, hiddenSize])) : nil)
    }

    /// One time step: x [B, in], state [B, H] → the next state.
    public func callAsFunction(_ x: Variable, _ state: RecurrentState) throws -> RecurrentState {
        // exercise cell-step: One time step of the RNN, LSTM and GRU cell in torch's equations and gate order.
        // hint: Every cell starts from the same two affine maps, x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh ([B, gates·H]); `Variable.linear` does each.
        // hint: Split the [B, gates·H] result along axis 1 into H-wide gates: LSTM i, f, g, o (sigmoid, sigmoid, tanh, sigmoid); GRU r, z, n.
        // hint: The GRU's reset gate multiplies the hidden part of n only: n = tanh(x_n + r ⊙ h_n), then h' = (1 − z)⊙n + z⊙h.
        // tests: CellTests/testRNNStepByHand, CellTests/testLSTMStepByHand, CellTests/testGRUStepByHand
        let inputPart = try Variable.linear(x, weight: weightIH, bias: biasIH)        // [B, gates·H]
        let hiddenPart = try Variable.linear(state.h, weight: weightHH, bias: biasHH)  // [B, gates·H]
        let hSizes = [Int](repeating: hiddenSize, count: kind.gates)
        switch kind {
        case .rnn:
            return RecurrentState(h: try (inputPart + hiddenPart).tanh())
        case .lstm:
            guard let c = state.c else { throw AutogradError.invalidArgument("LSTM step needs a cell state c") }
            let gates = try (inputPart + hiddenPart).split(hSizes, axis: 1)
            let (i, f) = (gates[0].sigmoid(), gates[1].sigmoid())
            let (g, o) = (gates[2].tanh(), gates[3].sigmoid())
            let cNext = try f * c + i * g
            return RecurrentState(h: try o * cNext.tanh(), c: cNext)
        case .gru:
            let xs = try inputPart.split(hSizes, axis: 1)   // x·W_ir, x·W_iz, x·W_in (+ biases)
            let hs = try hiddenPart.split(hSizes, axis: 1)  // h·W_hr, h·W_hz, h·W_hn (+ biases)
            let r = try (xs[0] + hs[0]).sigmoid()
            let z = try (xs[1] + hs[1]).sigmoid()
            let n = try (xs[2] + r * hs[2]).tanh()
            // (1 − z)⊙n + z⊙h written as n + z⊙(h − n): the same value, one op fewer.
            return RecurrentState(h: try n + z * (state.h - n))
        }
        // end exercise cell-step
    }

    /// Unrolls over a sequence: inputs[t] is x_t [B, in]; returns every h_t and the final state.
    public func unroll(_ inputs: [Variable], from initial: RecurrentState) throws -> (outputs: [Variable], state: RecurrentState) {
        var state = initial
        var outputs: [Variable] = []
        outputs.reserveCapacity(inputs.count)
        for x in inputs {
            state = try self(x, state)
            outputs.append(state.h)
        }
        return (outputs, state)
    }
}
