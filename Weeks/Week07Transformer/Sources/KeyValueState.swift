// The state a causal forward carries from one call to the next: the keys and values of the
// positions it has already seen (a KV cache). The blocks of this week take it as an argument, so
// prefill, decoding one token at a time, and training (no state: the whole sequence under the
// causal mask) run through the very same layers. Week 8's `KVCache` is the implementation (with
// grouped-query attention); this protocol is all the blocks need to know of it.
//
// With state, a block's attention works on one sequence (batch 1): the new positions' q, k, v come
// from the same Linear projections as always, the state appends k and v to what it holds for the
// layer and returns softmax(q·Kᵀ/√d + causal)·V over all of it. No gradient flows through held
// keys and values: the state is for inference.

import Foundation
import Shared
import Week04MNIST

public protocol KeyValueState: AnyObject {
    /// Positions already held for `layer` (the new positions continue from there).
    func cachedLength(layer: Int) -> Int
    /// Appends `key`, `value` [T, heads·d] to `layer`, then attends with `query` [T, heads·d]
    /// (position past + t sees positions 0…past + t) and returns [T, heads·d].
    func attend(query: Tensor, key: Tensor, value: Tensor, heads: Int, layer: Int) throws -> Tensor
}

extension MultiHeadAttention {
    /// Self-attention of new positions x [1, T, H] over `state`'s `layer` and themselves.
    public func callAsFunction(_ x: Variable, state: any KeyValueState, layer: Int) throws -> Variable {
        let s = x.shape
        guard s.count == 3, s[0] == 1 else {
            throw TransformerError.invalidInput("attention over a KV cache takes one sequence [1, T, H], got \(s)")
        }
        let rows = [s[1], s[2]]
        let attended = try state.attend(query: try query(x).value.reshaped(rows), key: try key(x).value.reshaped(rows),
                                        value: try value(x).value.reshaped(rows), heads: heads, layer: layer)
        return try output(Variable(try attended.reshaped(s)))
    }
}
