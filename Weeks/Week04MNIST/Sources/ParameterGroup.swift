// Parameter groups: the optimizer's unit of hyper-parameters (torch's param_groups).
//
//   ParameterGroup("decay", weights, weightDecay: 0.1)        its own λ, the optimizer's lr
//   ParameterGroup("head", head.parameters, lr: 1e-4)          its own fixed lr
//   ParameterGroup.decayingMatrices(model.namedParameters(), weightDecay: 0.1)
//       → [decay: every tensor with ≥ 2 dimensions (matmul and embedding weights),
//          no_decay: the rest (biases, LayerNorm γ/β)]  — nanoGPT's configure_optimizers split:
//          decaying a bias or a norm gain only pulls it to 0 for no regularising gain.
//
// A group without its own lr follows the optimizer's `lr`, which a schedule moves; a group with
// one keeps it. What this file does not do: no per-group betas or momentum.

public struct ParameterGroup {
    public var name: String
    public var parameters: [Variable]
    /// nil: the optimizer's lr.
    public var lr: Float?
    public var weightDecay: Float

    public init(_ name: String, _ parameters: [Variable], lr: Float? = nil, weightDecay: Float = 0) {
        self.name = name
        self.parameters = parameters
        self.lr = lr
        self.weightDecay = weightDecay
    }

    /// Two groups: ≥ 2-D tensors with `weightDecay`, the others with none (names kept in order).
    public static func decayingMatrices(_ parameters: [Parameter], weightDecay: Float = 0.01) -> [ParameterGroup] {
        let decay = parameters.filter { $0.shape.count >= 2 }, rest = parameters.filter { $0.shape.count < 2 }
        return [ParameterGroup("decay", decay.map(\.value), weightDecay: weightDecay),
                ParameterGroup("no_decay", rest.map(\.value), weightDecay: 0)]
    }
}
