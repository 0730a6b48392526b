// The char model under torch.nn names, so `safetensors.torch.load_file` + `load_state_dict` loads it
// into this torch module (the one Tests/Fixtures/torch_charlm_reference.py builds):
//
//   class CharModel(nn.Module):            ours (Module tree)       torch (state_dict)
//     embedding = nn.Embedding(V, D)       embedding           →    embedding.weight
//     rnn = nn.LSTM(D, H) / nn.GRU(D, H)   cell.weight_ih      →    rnn.weight_ih_l0
//                                          cell.weight_hh      →    rnn.weight_hh_l0
//                                          cell.bias_ih        →    rnn.bias_ih_l0
//                                          cell.bias_hh        →    rnn.bias_hh_l0
//     head = nn.Linear(H, V)               head.weight / bias  →    head.weight / head.bias
//
// No tensor is reordered: week 6's cell already stacks the gates as torch does (LSTM i, f, g, o;
// GRU r, z, n with n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))), so the mapping is names only.
// The names on the left come from the module tree; this table is the only place the torch names live.
//
// What this file does not do: no multi-layer (_l1…) or bidirectional (_reverse) names, no
// torch.save pickles (safetensors only).

import Foundation
import Shared
import Week04MNIST
import Week06Sequences

public enum TorchLayout {
    /// Our tree's name → torch's state_dict key.
    public static let names: [String: String] = [
        "embedding": "embedding.weight",
        "cell.weight_ih": "rnn.weight_ih_l0", "cell.weight_hh": "rnn.weight_hh_l0",
        "cell.bias_ih": "rnn.bias_ih_l0", "cell.bias_hh": "rnn.bias_hh_l0",
        "head.weight": "head.weight", "head.bias": "head.bias",
    ]

    /// The model's tensors under torch's names (throws if the tree has a name the table lacks).
    public static func torchTensors(_ model: CharLM) throws -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for p in model.namedTensors() {
            guard let name = names[p.name] else { throw AutogradError.invalidArgument("no torch name for '\(p.name)'") }
            out[name] = p.value.value
        }
        return out
    }

    /// Writes the torch-named safetensors file (atomically, through Safetensors.write).
    public static func export(_ model: CharLM, to url: URL, metadata: [String: String]) throws {
        try Safetensors.write(try torchTensors(model), metadata: metadata, to: url)
    }

    /// Loads torch-named tensors into `model`: every name must be present with the same shape.
    public static func load(_ file: SafetensorsFile, into model: CharLM) throws {
        // exercise torch-layout-load: Load a torch state_dict (safetensors) into the char model through the name table, checking every name and shape.
        // hint: Walk the model's named tensors and map each name through `names` to torch's key; a missing entry is CheckpointError.missingTensor.
        // hint: Compare each entry's shape with the model tensor's before reading it (CheckpointError.shapeMismatch).
        // hint: Read every tensor first and assign only when all are valid, so a bad file leaves the model untouched.
        // tests: TorchReferenceTests/testGRULogitsEqualTorch, TorchReferenceTests/testLSTMLogitsEqualTorch
        var loaded: [(Variable, Tensor)] = []
        for p in model.namedTensors() {
            guard let name = names[p.name], let entry = file.entries[name] else {
                throw CheckpointError.missingTensor(name: names[p.name] ?? p.name, path: file.path)
            }
            guard entry.shape == p.value.shape else {
                throw CheckpointError.shapeMismatch(name: name, expected: p.value.shape, found: entry.shape, path: file.path)
            }
            loaded.append((p.value, try file.tensor(name)))
        }
        for (variable, tensor) in loaded { variable.value = tensor }
        // end exercise torch-layout-load
    }
}
