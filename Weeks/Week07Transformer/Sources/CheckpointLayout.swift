// How another library's checkpoint names and shapes map onto this week's module tree — as data.
//
// The module tree's names are BertModel's (see TransformerBlock), so a BERT file loads as it is
// (`CheckpointLayout.bert`: the names themselves, optionally prefixed "bert."). GPT-2's files name
// the same pieces differently and store them differently, the way nanoGPT's `from_pretrained`
// adapts them (`CheckpointLayout.gpt2`):
//
//   GPT-2 file (prefix "transformer." optional)   module tree                                  how
//   wte.weight [V, C]                              embeddings.word_embeddings.weight            same
//   wpe.weight [P, C]                              embeddings.position_embeddings.weight        same
//   h.{i}.ln_1.{weight,bias}                       encoder.layer.{i}.attention.output.LayerNorm same
//   h.{i}.attn.c_attn.weight [C, 3C]               ….attention.self.{query,key,value}.weight    transpose, split in 3
//   h.{i}.attn.c_attn.bias [3C]                    ….attention.self.{query,key,value}.bias      split in 3
//   h.{i}.attn.c_proj.weight [C, C]                ….attention.output.dense.weight              transpose
//   h.{i}.ln_2.{weight,bias}                       ….output.LayerNorm                           same
//   h.{i}.mlp.c_fc.weight [C, I]                   ….intermediate.dense.weight [I, C]           transpose
//   h.{i}.mlp.c_proj.weight [I, C]                 ….output.dense.weight [C, I]                 transpose
//   ln_f.{weight,bias}                             encoder.final_layer_norm                     same
//
// GPT-2 stores Conv1D weights [in, out] (y = x·W); torch's nn.Linear, and this tree, [out, in]
// (y = x·Wᵀ) — hence the transposes. c_attn is q, k and v side by side: after the transpose, its
// first C rows are W_q. Reading applies each rule forward; writing applies it backward (stack the
// parts, transpose again), so a saved file has the other library's names and shapes exactly.
// Every shape is checked before anything is copied.

import Foundation
import Shared
import Week04MNIST

public struct CheckpointLayout: Sendable {
    public enum Transform: Sendable {
        case same
        /// A matrix stored [in, out] in the file, [out, in] in the tree.
        case transpose
    }

    /// One file tensor ↔ one or more tree tensors. "{i}" in the names stands for the layer index.
    /// With several tree names the file tensor is, after `transform`, their rows stacked in order.
    public struct Rule: Sendable {
        public let file: String
        public let tree: [String]
        public let transform: Transform

        public init(_ file: String, _ tree: [String], _ transform: Transform = .same) {
            self.file = file
            self.tree = tree
            self.transform = transform
        }
    }

    /// Prefixes a file may put before every name, tried in order (per tensor).
    public let prefixes: [String]
    /// Rules applied once; `layerRules` once per layer with "{i}" replaced.
    public let rules: [Rule]
    public let layerRules: [Rule]
    /// When true, every tree tensor no rule mentions is read under its own name (BERT).
    public let identityForTheRest: Bool

    public init(prefixes: [String], rules: [Rule], layerRules: [Rule], identityForTheRest: Bool) {
        self.prefixes = prefixes
        self.rules = rules
        self.layerRules = layerRules
        self.identityForTheRest = identityForTheRest
    }

    /// Hugging Face BertModel / BertForMaskedLM: the tree's names are the file's.
    public static let bert = CheckpointLayout(prefixes: ["", "bert."], rules: [], layerRules: [], identityForTheRest: true)

    /// Hugging Face GPT2Model / GPT2LMHeadModel (the table above).
    public static let gpt2: CheckpointLayout = {
        let block = "encoder.layer.{i}."
        let qkv = ["query", "key", "value"]
        return CheckpointLayout(prefixes: ["", "transformer."], rules: [
            Rule("wte.weight", ["embeddings.word_embeddings.weight"]),
            Rule("wpe.weight", ["embeddings.position_embeddings.weight"]),
            Rule("ln_f.weight", ["encoder.final_layer_norm.weight"]),
            Rule("ln_f.bias", ["encoder.final_layer_norm.bias"]),
        ], layerRules: [
            Rule("h.{i}.ln_1.weight", [block + "attention.output.LayerNorm.weight"]),
            Rule("h.{i}.ln_1.bias", [block + "attention.output.LayerNorm.bias"]),
            Rule("h.{i}.attn.c_attn.weight", qkv.map { block + "attention.self.\($0).weight" }, .transpose),
            Rule("h.{i}.attn.c_attn.bias", qkv.map { block + "attention.self.\($0).bias" }),
            Rule("h.{i}.attn.c_proj.weight", [block + "attention.output.dense.weight"], .transpose),
            Rule("h.{i}.attn.c_proj.bias", [block + "attention.output.dense.bias"]),
            Rule("h.{i}.ln_2.weight", [block + "output.LayerNorm.weight"]),
            Rule("h.{i}.ln_2.bias", [block + "output.LayerNorm.bias"]),
            Rule("h.{i}.mlp.c_fc.weight", [block + "intermediate.dense.weight"], .transpose),
            Rule("h.{i}.mlp.c_fc.bias", [block + "intermediate.dense.bias"]),
            Rule("h.{i}.mlp.c_proj.weight", [block + "output.dense.weight"], .transpose),
            Rule("h.{i}.mlp.c_proj.bias", [block + "output.dense.bias"]),
        ], identityForTheRest: false)
    }()

    /// The rules for a tree of `layers` layers, "{i}" filled in, plus identity rules for the
    /// tree names no rule covers (when `identityForTheRest`).
    public func expandedRules(layers: Int, treeNames: [String]) -> [Rule] {
        func fill(_ s: String, _ i: Int) -> String { s.replacingOccurrences(of: "{i}", with: String(i)) }
        var all = rules
        for i in 0..<layers {
            all += layerRules.map { Rule(fill($0.file, i), $0.tree.map { fill($0, i) }, $0.transform) }
        }
        if identityForTheRest {
            let covered = Set(all.flatMap(\.tree))
            all += treeNames.filter { !covered.contains($0) }.map { Rule($0, [$0]) }
        }
        return all
    }

    /// The shape a rule's file tensor has, given the shapes of its tree tensors.
    public static func fileShape(_ rule: Rule, treeShapes: [[Int]]) -> [Int] {
        guard var stacked = treeShapes.first else { return [] }
        stacked[0] = treeShapes.reduce(0) { $0 + ($1.first ?? 0) }
        if case .transpose = rule.transform, stacked.count == 2 { return [stacked[1], stacked[0]] }
        return stacked
    }

    /// Tree tensors from one file tensor (its shape already checked).
    public static func treeTensors(_ rule: Rule, file tensor: Tensor) throws -> [Tensor] {
        let t = rule.transform == .transpose ? try tensor.transposed() : tensor
        guard rule.tree.count > 1 else { return [t] }
        let rows = t.rowCount / rule.tree.count
        return try (0..<rule.tree.count).map { try t.rows(($0 * rows)..<(($0 + 1) * rows)) }
    }

    /// The file tensor from its tree tensors (the inverse of `treeTensors`).
    public static func fileTensor(_ rule: Rule, tree parts: [Tensor]) throws -> Tensor {
        let stacked = parts.count == 1 ? parts[0] : try Tensor.concatenateRows(parts)
        return rule.transform == .transpose ? try stacked.transposed() : stacked
    }
}

extension CheckpointLayout.Transform: Equatable {}

public enum CheckpointLayoutError: Error, CustomStringConvertible, Equatable {
    case missingTensor(name: String)
    case shapeMismatch(name: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case let .missingTensor(name): return "no tensor '\(name)'"
        case let .shapeMismatch(name, expected, found): return "tensor '\(name)' has shape \(found), the model expects \(expected)"
        }
    }
}

extension CheckpointLayout {
    /// Reads `parameters` (a module's `namedParameters()`, with `layers` blocks) through the layout:
    /// `shapeOf` and `lookup` give a file tensor's shape and value by name. Every shape is checked
    /// before anything is copied. Returns the file names it used.
    @discardableResult
    public func load(into parameters: [Parameter], layers: Int,
                     lookup: (String) throws -> Tensor?, shapeOf: (String) -> [Int]?) throws -> Set<String> {
        let byName = Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        var used = Set<String>()
        var assignments: [(Variable, Tensor)] = []
        for rule in expandedRules(layers: layers, treeNames: parameters.map(\.name)) {
            let targets = try rule.tree.map { name -> Variable in
                guard let v = byName[name] else { throw CheckpointLayoutError.missingTensor(name: name) }
                return v
            }
            guard let key = prefixes.map({ $0 + rule.file }).first(where: { shapeOf($0) != nil }) else {
                throw CheckpointLayoutError.missingTensor(name: rule.file)
            }
            let expected = Self.fileShape(rule, treeShapes: targets.map(\.shape))
            guard let found = shapeOf(key), found == expected else {
                throw CheckpointLayoutError.shapeMismatch(name: key, expected: expected, found: shapeOf(key) ?? [])
            }
            guard let tensor = try lookup(key) else { throw CheckpointLayoutError.missingTensor(name: rule.file) }
            for (target, part) in zip(targets, try Self.treeTensors(rule, file: tensor)) { assignments.append((target, part)) }
            used.insert(key)
        }
        for (variable, t) in assignments { variable.value = t }
        return used
    }

    /// The file's tensors (names and shapes as the other library has them) from tree tensors.
    public func save(_ parameters: [Parameter], layers: Int, prefix: String = "") throws -> [String: Tensor] {
        let byName = Dictionary(parameters.map { ($0.name, $0.value.value) }, uniquingKeysWith: { a, _ in a })
        var out: [String: Tensor] = [:]
        for rule in expandedRules(layers: layers, treeNames: parameters.map(\.name)) {
            let parts = try rule.tree.map { name -> Tensor in
                guard let t = byName[name] else { throw CheckpointLayoutError.missingTensor(name: name) }
                return t
            }
            out[prefix + rule.file] = try Self.fileTensor(rule, tree: parts)
        }
        return out
    }
}
