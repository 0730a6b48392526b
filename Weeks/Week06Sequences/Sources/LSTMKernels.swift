// Pointer-level kernels of one LSTM time step for a batch (llm.c's split: these loops own no
// memory and know nothing of the tape; FusedLSTM.swift wraps them as one autograd op).
//
// Forward, per row b < B and unit j < H, with a = [a_i a_f a_g a_o] the pre-activations
// (x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, one [B, 4H] row block, gates in torch's order):
//   i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o)      (written over a: the "activations")
//   c = f⊙c_prev + i⊙g,   τ = tanh(c),   h = o⊙τ
// Backward, from ∂L/∂h and ∂L/∂c arriving at this step:
//   ∂c   = ∂c_in + ∂h⊙o⊙(1 − τ²)
//   ∂a_i = ∂c⊙g⊙i(1 − i)    ∂a_f = ∂c⊙c_prev⊙f(1 − f)
//   ∂a_g = ∂c⊙i⊙(1 − g²)    ∂a_o = ∂h⊙τ⊙o(1 − o)
//   ∂c_prev = ∂c⊙f          (∂h_prev = ∂a·W_hh is a GEMM, done by the caller)
//
// tanh is computed as 1 − 2 / (e^{2x} + 1): one expf, which glibc does several times faster than
// tanhf (perf showed tanhf's expm1f as the step's largest non-GEMM cost); within 3e-7 absolute of
// tanhf, and exactly ±1 in the tails (e^{2x} overflowing to +inf gives 1, underflowing to 0 gives −1).
//
// What this file does not do: no GEMMs, no allocation, no hand-vectorised exp.

import Foundation
import Shared

public enum LSTMKernels {
    @inlinable
    public static func tanh(_ x: Float) -> Float {
        let one: Float = 1, two: Float = 2
        return one - two / (Foundation.exp(two * x) + one)
    }

    /// gates [B, 4H] (pre-activations in, activations out), cPrev [B, H] → c, tanhC, h [B, H].
    @inlinable
    public static func forward(gates: UnsafeMutablePointer<Float>, cPrev: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                               tanhC: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
                               batch: Int, hidden: Int) {
        let width = 4 * hidden
        for b in 0..<batch {
            let row = gates + b * width
            let state = b * hidden
            for j in 0..<hidden {
                let i = Kernels.sigmoid(row[j])
                let f = Kernels.sigmoid(row[hidden + j])
                let g = tanh(row[2 * hidden + j])
                let o = Kernels.sigmoid(row[3 * hidden + j])
                row[j] = i
                row[hidden + j] = f
                row[2 * hidden + j] = g
                row[3 * hidden + j] = o
                let cNext = f * cPrev[state + j] + i * g
                let t = tanh(cNext)
                c[state + j] = cNext
                tanhC[state + j] = t
                h[state + j] = o * t
            }
        }
    }

    /// Activations [B, 4H], cPrev, tanhC, ∂h [B, H]; ∂c [B, H] in: arriving from step t+1, out: ∂c_prev.
    /// Writes ∂a [B, 4H].
    @inlinable
    public static func backward(activations: UnsafePointer<Float>, cPrev: UnsafePointer<Float>, tanhC: UnsafePointer<Float>,
                                dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dGates: UnsafeMutablePointer<Float>,
                                batch: Int, hidden: Int) {
        // exercise lstm-step-backward: Backpropagate one LSTM step: ∂a for the four gates and ∂c_prev, from ∂h and the ∂c arriving from step t+1.
        // hint: The cell state gets gradient from two places: what arrives in dc, and ∂h through h = o⊙tanh(c).
        // hint: Each gate's pre-activation gradient is ∂c (or ∂h, for o) times what multiplies that gate, times its activation's derivative: σ' = s(1 − s), tanh' = 1 − t².
        // hint: The activations are stored; no exp is needed. Write ∂c⊙f back into dc for the step before.
        // tests: LSTMKernelTests/testBackwardEqualsCentralDifferencesOfOneStep
        let width = 4 * hidden
        for b in 0..<batch {
            let a = activations + b * width
            let d = dGates + b * width
            let state = b * hidden
            for j in 0..<hidden {
                let (i, f, g, o) = (a[j], a[hidden + j], a[2 * hidden + j], a[3 * hidden + j])
                let t = tanhC[state + j]
                let dhj = dh[state + j]
                let one: Float = 1
                let dcj = dc[state + j] + dhj * o * (one - t * t)
                d[j] = dcj * g * i * (one - i)
                d[hidden + j] = dcj * cPrev[state + j] * f * (one - f)
                d[2 * hidden + j] = dcj * i * (one - g * g)
                d[3 * hidden + j] = dhj * t * o * (one - o)
                dc[state + j] = dcj * f
            }
        }
        // end exercise lstm-step-backward
    }
}
