// A whole LSTM chunk as one autograd op: the same equations as RecurrentCell's LSTM step
// (torch's nn.LSTM, gates i, f, g, o), run over T steps with hand-written BPTT instead of ~12 tape
// ops per step. x: [T·B, D] (rows t·B + b), h0, c0: [B, H] → outputs h_t stacked [T·B, H].
//
//   forward   P = x·W_ihᵀ + b_ih + b_hh                      one GEMM [T·B, D]·[D, 4H] for every step
//             for t: A_t = P_t + h_{t−1}·W_hhᵀ               one GEMM [B, H]·[H, 4H] per step
//                    LSTMKernels.forward(A_t) → c_t, tanh c_t, h_t
//   backward  for t = T−1 … 0:  ∂h = ∂out_t + ∂a_{t+1}·W_hh;  LSTMKernels.backward → ∂a_t, ∂c_{t−1}
//             ∂W_hh = ∂Aᵀ·[h_0; h_1 … h_{T−1}]   ∂W_ih = ∂Aᵀ·x   ∂b_ih = ∂b_hh = Σ_rows ∂A
//             ∂x = ∂A·W_ih   ∂h0, ∂c0 = what reaches step 0        (three GEMMs for all steps)
//
// The returned final state (h_T, c_T) carries values only (no tape): gradient flows through the
// outputs, which is what truncated BPTT needs (the next chunk starts from detached state anyway).
//
// What this file does not do: no GRU (it runs on RecurrentCell's tape ops), no multi-layer or
// bidirectional stacks, no dropout, no threading beyond BLAS's.

import Shared
import Week04MNIST

public enum FusedLSTM {
    /// T steps of `cell` (an LSTM) over x [T·B, D] from `state`; the outputs and the final state.
    public static func sequence(_ x: Variable, steps: Int, cell: RecurrentCell, from state: RecurrentState) throws
        -> (outputs: Variable, state: RecurrentState) {
        guard cell.kind == .lstm, let c0 = state.c else { throw AutogradError.invalidArgument("FusedLSTM needs an LSTM cell and a cell state c") }
        let (hidden, inputSize, batch) = (cell.hiddenSize, cell.inputSize, state.h.shape[0])
        guard steps > 0, x.shape == [steps * batch, inputSize], state.h.shape == [batch, hidden], c0.shape == [batch, hidden] else {
            throw AutogradError.invalidArgument("FusedLSTM: x \(x.shape), h \(state.h.shape), c \(c0.shape) do not fit T \(steps), B \(batch), D \(inputSize), H \(hidden)")
        }
        let rows = steps * batch, width = 4 * hidden, block = batch * hidden
        var gates = [Float](uninitializedCount: rows * width)   // pre-activations, then activations
        var cs = [Float](uninitializedCount: rows * hidden)
        var tanhCs = [Float](uninitializedCount: rows * hidden)
        var hs = [Float](uninitializedCount: rows * hidden)
        let wIH = cell.weightIH.value.storage, wHH = cell.weightHH.value.storage
        let bIH = cell.biasIH.value.storage, bHH = cell.biasHH.value.storage
        let h0 = state.h.value.storage, c0Values = c0.value.storage
        gates.withUnsafeMutableBufferPointer { g in
            BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: width, k: inputSize,
                       a: x.value.storage, b: wIH, c: g.baseAddress!)
            for r in 0..<rows {
                for j in 0..<width { g[r * width + j] += bIH[j] + bHH[j] }
            }
        }
        gates.withUnsafeMutableBufferPointer { g in
            cs.withUnsafeMutableBufferPointer { c in
                tanhCs.withUnsafeMutableBufferPointer { tc in
                    hs.withUnsafeMutableBufferPointer { h in
                        h0.withUnsafeBufferPointer { h0p in
                            c0Values.withUnsafeBufferPointer { c0p in
                                for t in 0..<steps {
                                    let hPrev = t == 0 ? h0p.baseAddress! : UnsafePointer(h.baseAddress! + (t - 1) * block)
                                    let cPrev = t == 0 ? c0p.baseAddress! : UnsafePointer(c.baseAddress! + (t - 1) * block)
                                    let gt = g.baseAddress! + t * batch * width
                                    BLAS.sgemm(transposeA: false, transposeB: true, m: batch, n: width, k: hidden,
                                               a: hPrev, b: wHH, beta: 1, c: gt)
                                    LSTMKernels.forward(gates: gt, cPrev: cPrev, c: c.baseAddress! + t * block,
                                                        tanhC: tc.baseAddress! + t * block, h: h.baseAddress! + t * block,
                                                        batch: batch, hidden: hidden)
                                }
                            }
                        }
                    }
                }
            }
        }
        let last = (steps - 1) * block
        let finalState = RecurrentState(h: Variable(try Tensor(shape: [batch, hidden], storage: Array(hs[last...]))),
                                        c: Variable(try Tensor(shape: [batch, hidden], storage: Array(cs[last...]))))
        let inputs = [x, cell.weightIH, cell.weightHH, cell.biasIH, cell.biasHH, state.h, c0]
        let xValues = x.value.storage
        let outputs = Variable(op: "fusedLSTM", inputs: inputs, value: try Tensor(shape: [rows, hidden], storage: hs)) { dOut in
            try backward(dOut: dOut.storage, activations: gates, cs: cs, tanhCs: tanhCs, hs: hs, x: xValues, h0: h0, c0: c0Values,
                         wIH: wIH, wHH: wHH, steps: steps, batch: batch, inputSize: inputSize, hidden: hidden)
        }
        return (outputs, finalState)
    }

    /// The BPTT of `sequence`: gradients for [x, W_ih, W_hh, b_ih, b_hh, h0, c0].
    static func backward(dOut: [Float], activations: [Float], cs: [Float], tanhCs: [Float], hs: [Float], x: [Float],
                         h0: [Float], c0: [Float], wIH: [Float], wHH: [Float],
                         steps: Int, batch: Int, inputSize: Int, hidden: Int) throws -> [Tensor?] {
        // exercise lstm-sequence-backward: Backpropagation through time for the whole chunk: gradients of x, W_ih, W_hh, b_ih, b_hh, h0 and c0.
        // hint: Walk t from T−1 down to 0. The ∂h entering step t is ∂out_t plus what step t+1 sent back through W_hh.
        // hint: LSTMKernels.backward turns ∂h and the running ∂c into ∂a_t (and updates ∂c); ∂h_{t−1} = ∂a_t · W_hh is one sgemm.
        // hint: Keep every ∂a_t: the weight gradients are then three GEMMs over all steps at once (∂Aᵀ·x, ∂Aᵀ·[h_0; …; h_{T−1}], ∂A·W_ih), and both biases get the column sums of ∂A.
        // tests: FusedLSTMTests/testGradientsMatchCentralDifferences
        let rows = steps * batch, width = 4 * hidden, block = batch * hidden
        var dGates = [Float](uninitializedCount: rows * width)
        var dh = [Float](repeating: 0, count: block)   // ∂a_{t+1}·W_hh, then + ∂out_t
        var dc = [Float](repeating: 0, count: block)
        dGates.withUnsafeMutableBufferPointer { dg in
            for t in stride(from: steps - 1, through: 0, by: -1) {
                for k in 0..<block { dh[k] += dOut[t * block + k] }
                let cPrevOffset = (t - 1) * block
                activations.withUnsafeBufferPointer { a in
                    tanhCs.withUnsafeBufferPointer { tc in
                        (t == 0 ? c0 : Array(cs[cPrevOffset..<(cPrevOffset + block)])).withUnsafeBufferPointer { cp in
                            LSTMKernels.backward(activations: a.baseAddress! + t * batch * width, cPrev: cp.baseAddress!,
                                                 tanhC: tc.baseAddress! + t * block, dh: dh, dc: &dc,
                                                 dGates: dg.baseAddress! + t * batch * width, batch: batch, hidden: hidden)
                        }
                    }
                }
                // ∂h_{t−1} = ∂a_t · W_hh  ([B, 4H]·[4H, H])
                BLAS.sgemm(transposeA: false, transposeB: false, m: batch, n: hidden, k: width,
                           a: dg.baseAddress! + t * batch * width, b: wHH, c: &dh)
            }
        }
        // [h_0; h_1 … h_{T−1}]: the state each step read.
        var hPrev = h0
        hPrev.append(contentsOf: hs[0..<(rows - batch) * hidden])
        var dWIH = [Float](uninitializedCount: width * inputSize)
        var dWHH = [Float](uninitializedCount: width * hidden)
        var dx = [Float](uninitializedCount: rows * inputSize)
        BLAS.sgemm(transposeA: true, transposeB: false, m: width, n: inputSize, k: rows, a: dGates, b: x, c: &dWIH)
        BLAS.sgemm(transposeA: true, transposeB: false, m: width, n: hidden, k: rows, a: dGates, b: hPrev, c: &dWHH)
        BLAS.sgemm(transposeA: false, transposeB: false, m: rows, n: inputSize, k: width, a: dGates, b: wIH, c: &dx)
        var dBias = [Float](repeating: 0, count: width)
        for r in 0..<rows {
            for j in 0..<width { dBias[j] += dGates[r * width + j] }
        }
        let bias = try Tensor(shape: [width], storage: dBias)
        return [try Tensor(shape: [rows, inputSize], storage: dx), try Tensor(shape: [width, inputSize], storage: dWIH),
                try Tensor(shape: [width, hidden], storage: dWHH), bias, bias,
                try Tensor(shape: [batch, hidden], storage: dh), try Tensor(shape: [batch, hidden], storage: dc)]
        // end exercise lstm-sequence-backward
    }
}
