// One training configuration: which regularisers are on and how strongly, and the ablation's rows.
//
//   dropout          p of the dropout layer before the classifier (RegularizedCNN.swift)
//   labelSmoothing   ε of the targets (SoftTargetLoss.swift)
//   weightDecay      λ on the ≥ 2-D weights, as Adam's L2 term (g + λθ, then adapted: a weight
//                    with large gradients is barely decayed) or AdamW's decoupled shrink θ·(1 − lr·λ)
//                    (Loshchilov & Hutter: every weight decays at the same rate)
//   augmentation     flips / crops / rotations / erasing (AugmentationPolicy.swift)
//   mixupAlpha       α of mixup's Beta(α, α), 0 = off (Mixup.swift)
//   patience         early stopping's patience in epochs, nil = off (EarlyStopping.swift)
//
// The ablation switches each one on in turn against the baseline (everything off), then all the
// ones that helped together. The strengths are the usual ones for a small CNN, except weight decay:
// a budget of a few hundred steps needs a larger λ than a long run for the decay to show.
// What this file does not do: no search over strengths (exercise 1 of the README).

import Foundation

public enum WeightDecayKind: String, Sendable {
    case l2, decoupled
}

public struct Regularizers: Equatable, Sendable {
    public var dropout: Float = 0
    public var labelSmoothing: Float = 0
    public var weightDecay: Float = 0
    public var weightDecayKind: WeightDecayKind = .decoupled
    public var augmentation: AugmentationPolicy = .none
    public var mixupAlpha: Double = 0
    public var patience: Int?

    public init(dropout: Float = 0, labelSmoothing: Float = 0, weightDecay: Float = 0, weightDecayKind: WeightDecayKind = .decoupled,
                augmentation: AugmentationPolicy = .none, mixupAlpha: Double = 0, patience: Int? = nil) {
        self.dropout = dropout
        self.labelSmoothing = labelSmoothing
        self.weightDecay = weightDecay
        self.weightDecayKind = weightDecayKind
        self.augmentation = augmentation
        self.mixupAlpha = mixupAlpha
        self.patience = patience
    }

    public static let baseline = Regularizers()

    /// The ablation's augmentation for 28×28 greyscale: flips, crops of a 2-pixel padding, ±10°, erasing half the time.
    public static let standardAugmentation = AugmentationPolicy(flip: true, cropPadding: 2, maxDegrees: 10, erasingProbability: 0.5)

    /// (row name, configuration): the baseline, then each regulariser alone.
    public static let ablation: [(name: String, settings: Regularizers)] = [
        ("baseline", .baseline),
        ("dropout 0.5", Regularizers(dropout: 0.5)),
        ("label smoothing 0.1", Regularizers(labelSmoothing: 0.1)),
        ("L2 (Adam) 1e-3", Regularizers(weightDecay: 1e-3, weightDecayKind: .l2)),
        ("AdamW decay 0.5", Regularizers(weightDecay: 0.5, weightDecayKind: .decoupled)),
        ("augmentation", Regularizers(augmentation: standardAugmentation)),
        ("mixup 0.4", Regularizers(mixupAlpha: 0.4)),
        ("early stopping 2", Regularizers(patience: 2)),
    ]

    /// Every regulariser of `rows` combined (the later row's setting where two set the same one).
    public static func combining(_ rows: [Regularizers]) -> Regularizers {
        var out = Regularizers.baseline
        for r in rows {
            if r.dropout > 0 { out.dropout = r.dropout }
            if r.labelSmoothing > 0 { out.labelSmoothing = r.labelSmoothing }
            if r.weightDecay > 0 { (out.weightDecay, out.weightDecayKind) = (r.weightDecay, r.weightDecayKind) }
            if !r.augmentation.isNone { out.augmentation = r.augmentation }
            if r.mixupAlpha > 0 { out.mixupAlpha = r.mixupAlpha }
            if let p = r.patience { out.patience = p }
        }
        return out
    }

    /// "dropout 0.5, smoothing 0.1, AdamW 0.5, flip + crop 2, …", or "none".
    public var summary: String {
        var parts: [String] = []
        if dropout > 0 { parts.append(String(format: "dropout %g", dropout)) }
        if labelSmoothing > 0 { parts.append(String(format: "smoothing %g", labelSmoothing)) }
        if weightDecay > 0 { parts.append(String(format: "%@ %g", weightDecayKind == .l2 ? "L2" : "AdamW", weightDecay)) }
        if !augmentation.isNone { parts.append(augmentation.summary) }
        if mixupAlpha > 0 { parts.append(String(format: "mixup %g", mixupAlpha)) }
        if let patience { parts.append("early stopping \(patience)") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
