// The char model against torch: Fixtures/torch_charlm_{lstm,gru}.safetensors hold a tiny model
// (Embedding(6, 3) → nn.LSTM / nn.GRU(3, 4) → Linear(4, 6)) under torch's state_dict names and
// the float64 logits torch computed for two chunks of ids, the second from the first's final state.
// Produced once by `.cache/refenv/bin/python3 Weeks/Week15CharLM/Tests/Fixtures/make_torch_charlm.py`
// (torch 2.15.0). Loading goes through TorchLayout (names only: the gate order i, f, g, o and
// GRU's r, z, n with r inside the n-gate's hidden term are already torch's), so a wrong name, gate
// order or n-gate formula changes the logits. Tolerance 1e-5: float32 here vs float64 there.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import Week15CharLM
import XCTest

final class TorchReferenceTests: XCTestCase {
    func check(_ kind: CellKind, engine: CharLM.Engine) throws {
        let file = try Safetensors.read(Fixtures.url("torch_charlm_\(kind.rawValue).safetensors"))
        var rng = SplitMix64(seed: 0)
        let model = CharLM(vocabularySize: 6, embeddingSize: 3, hiddenSize: 4, kind: kind, rng: &rng)
        model.engine = engine
        try TorchLayout.load(file, into: model)
        func chunk(_ name: String) throws -> [[Int]] {  // [T, B] → inputs[t][b]
            let ids = try file.ints(name), shape = file.entries[name]!.shape
            return (0..<shape[0]).map { t in Array(ids[(t * shape[1])..<((t + 1) * shape[1])]) }
        }
        let first = try model.logits(inputs: try chunk("input.chunk1"), state: model.cell.zeroState(batch: 2))
        let second = try model.logits(inputs: try chunk("input.chunk2"), state: first.state.detached())
        assertClose(first.logits.value, try file.tensor("logits.chunk1"), rtol: 1e-5, atol: 1e-6, "\(kind) chunk 1")
        assertClose(second.logits.value, try file.tensor("logits.chunk2"), rtol: 1e-5, atol: 1e-6, "\(kind) chunk 2 (carried)")
    }

    func testLSTMLogitsEqualTorch() throws {
        try check(.lstm, engine: .tape)
        try check(.lstm, engine: .fused)
    }

    func testGRULogitsEqualTorch() throws { try check(.gru, engine: .tape) }

    func testExportWritesExactlyTorchsStateDictNames() throws {
        let reference = try Safetensors.read(Fixtures.url("torch_charlm_lstm.safetensors"))
        let torchNames = Set(reference.names.filter { !$0.hasPrefix("input.") && !$0.hasPrefix("logits.") })
        var rng = SplitMix64(seed: 5)
        let model = CharLM(vocabularySize: 6, embeddingSize: 3, hiddenSize: 4, rng: &rng)
        let folder = try TemporaryDirectory()
        let url = folder.file("export.safetensors")
        try TorchLayout.export(model, to: url, metadata: ["note": "test"])
        let written = try Safetensors.read(url)
        XCTAssertEqual(Set(written.names), torchNames)
        for name in torchNames { XCTAssertEqual(written.entries[name]?.shape, reference.entries[name]?.shape, name) }
        // Reading it back under the same names restores the weights.
        var other = SplitMix64(seed: 6)
        let copy = CharLM(vocabularySize: 6, embeddingSize: 3, hiddenSize: 4, rng: &other)
        try TorchLayout.load(written, into: copy)
        for (a, b) in zip(model.namedTensors(), copy.namedTensors()) { XCTAssertEqual(a.value.value, b.value.value, a.name) }
    }
}
