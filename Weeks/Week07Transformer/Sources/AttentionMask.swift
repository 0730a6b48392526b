// Masks say which keys each query may look at. They are *additive*: 0 where attention is
// allowed and a large negative number where it is not, added to the scores QKᵀ/√d before the
// softmax, so a blocked key gets weight exp(−10⁹ − max) = 0 exactly.
//
//   padding   from a [B, T] attention mask (1 = real token, 0 = padding): [B, 1, T]
//             (every query ignores the padded keys, as BERT's extended attention mask)
//   causal    [1, T, T] with −∞ above the diagonal: query t sees keys 0…t (no future leakage)
//
// Shape [Bm, Qm, Tk] with Bm ∈ {1, B} and Qm ∈ {1, Tq}: broadcast over heads (and over the
// batch or the queries where the extent is 1). Two masks combine by adding.

import Shared

public struct AttentionMask: Equatable, Sendable {
    /// The value added to a blocked score.
    public static let blocked: Float = -1e9

    /// [Bm, Qm, Tk] additive values.
    public let additive: Tensor

    public init(additive: Tensor) throws {
        guard additive.rank == 3 else {
            throw TransformerError.invalidInput("an attention mask must have shape [batch or 1, queries or 1, keys], got \(additive.shape)")
        }
        self.additive = additive
    }

    /// From booleans `allowed[b][q][k]` (true = may attend), shape [Bm, Qm, Tk].
    public init(allowed: [[[Bool]]]) throws {
        let bm = allowed.count, qm = allowed.first?.count ?? 0, tk = allowed.first?.first?.count ?? 0
        var values: [Float] = []
        values.reserveCapacity(bm * qm * tk)
        for plane in allowed {
            guard plane.count == qm else { throw TransformerError.invalidInput("boolean mask rows differ in length") }
            for row in plane {
                guard row.count == tk else { throw TransformerError.invalidInput("boolean mask rows differ in length") }
                for a in row { values.append(a ? 0 : AttentionMask.blocked) }
            }
        }
        additive = try Tensor(shape: [bm, qm, tk], storage: values)
    }

    /// Padding mask from a [B, T] attention mask of 1 (token) and 0 (padding) → [B, 1, T].
    public static func padding(_ attentionMask: [[Int]]) throws -> AttentionMask {
        let t = attentionMask.first?.count ?? 0
        var values: [Float] = []
        values.reserveCapacity(attentionMask.count * t)
        for (b, row) in attentionMask.enumerated() {
            guard row.count == t else {
                throw TransformerError.invalidInput("attention mask row \(b) has \(row.count) entries, row 0 has \(t)")
            }
            for m in row {
                guard m == 0 || m == 1 else { throw TransformerError.invalidInput("attention mask entries must be 0 or 1, got \(m)") }
                values.append(m == 1 ? 0 : blocked)
            }
        }
        return try AttentionMask(additive: Tensor(shape: [attentionMask.count, 1, t], storage: values))
    }

    /// Causal mask [1, T, T]: key k is blocked for query q when k > q.
    public static func causal(_ length: Int) -> AttentionMask {
        // exercise causal-mask: Build the [1, T, T] additive mask that lets query q see keys 0…q only.
        // hint: Additive means 0 where attention is allowed and `blocked` where it is not; one plane of shape [1, T, T] broadcasts over the batch.
        // hint: Row q is the query; the future keys are the columns k > q. Mind T = 0 and T = 1.
        // tests: AttentionTests/testAttentionWeightsAreRowStochasticAndZeroWhereBlocked
        var t = Tensor.zeros([1, length, length])
        for q in 0..<length { for k in (q + 1)..<max(q + 1, length) { t.storage[q * length + k] = blocked } }
        return try! AttentionMask(additive: t)  // rank 3 by construction
        // end exercise causal-mask
    }

    /// Both masks at once (their sum, broadcast to [max Bm, max Qm, Tk]).
    public func combined(with other: AttentionMask) throws -> AttentionMask {
        try AttentionMask(additive: additive + other.additive)
    }

    /// Checks the mask fits scores of `batch` × `queries` × `keys`.
    func check(batch: Int, queries: Int, keys: Int) throws {
        let s = additive.shape
        guard (s[0] == 1 || s[0] == batch), (s[1] == 1 || s[1] == queries), s[2] == keys else {
            throw TransformerError.invalidInput("attention mask \(s) does not fit batch \(batch), \(queries) queries, \(keys) keys")
        }
    }
}
