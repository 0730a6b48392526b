// The gate's model checks on a tiny seeded GPT: no future leakage through the causal mask, KV-cache
// generation equal to full recompute (also across the window slide past the context), the tape's
// gradients equal to central differences, and the parameter formula equal to the module tree.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week17TinyGPT
import XCTest

final class GateTests: XCTestCase {
    static let tiny = TinyGPTConfig(vocabularySize: 23, context: 12, width: 16, layers: 2, heads: 2)

    func testChangingFutureTokensLeavesEarlierLogitsUnchanged() throws {
        let model = try TinyGPT(config: Self.tiny, seed: 5)
        var rng = SplitMix64(seed: 9)
        let ids = (0..<12).map { _ in rng.nextInt(below: 23) }
        for k in [1, 5, 11] {
            var changed = ids
            for t in k..<12 { changed[t] = (ids[t] + 1 + t) % 23 }
            let logits = try model.gpt.logits(inputIDs: [ids, changed]).value   // [2·12, 23]
            let v = 23
            let before = Array(logits.storage[0..<(k * v)])
            let beforeChanged = Array(logits.storage[(12 * v)..<(12 * v + k * v)])
            XCTAssertEqual(before, beforeChanged, "positions < \(k) must not see tokens ≥ \(k)")
            let at = Array(logits.storage[(k * v)..<((k + 1) * v)]), atChanged = Array(logits.storage[((12 + k) * v)..<((13 + k) * v)])
            XCTAssertGreaterThan(zip(at, atChanged).map { abs($0 - $1) }.max()!, 1e-4, "position \(k) sees its own (changed) token")
        }
    }

    func testKVCacheGenerationEqualsFullRecompute() throws {
        let model = try TinyGPT(config: Self.tiny, seed: 6)
        let prompt = [3, 14, 15, 9, 2]
        // 30 new tokens: past the 12 positions twice, so the window slides and the cache is rebuilt
        for temperature in [0.0, 1.0] {
            let cached = try model.generate(prompt: prompt, maxNewTokens: 30, temperature: temperature, seed: 4, useCache: true)
            let recomputed = try model.generate(prompt: prompt, maxNewTokens: 30, temperature: temperature, seed: 4, useCache: false)
            XCTAssertEqual(cached.count, 30)
            XCTAssertEqual(cached, recomputed, "temperature \(temperature)")
        }
        // Step by step, the cache's logits are the full forward's at each position.
        let ids = [1, 4, 1, 5, 9, 2, 6, 5, 3]
        let full = try model.gpt.logits(for: ids).storage
        let cache = model.gpt.makeCache()
        var stepwise: [Float] = []
        for id in ids { stepwise += try model.gpt.logits(for: [id], cache: cache).storage }
        assertClose(stepwise, full, rtol: 0, atol: 1e-5, "cached decoding vs one forward")
        // Greedy is the argmax of the recomputed last logits, token by token.
        var sequence = prompt
        for _ in 0..<8 {
            let last = try model.lastLogits(sequence)
            sequence.append(last.indices.max { last[$0] < last[$1] }!)
        }
        XCTAssertEqual(Array(sequence.dropFirst(prompt.count)), Array(try model.generate(prompt: prompt, maxNewTokens: 8).prefix(8)))
    }

    func testGradientsOfATinyModelEqualCentralDifferences() throws {
        let config = TinyGPTConfig(vocabularySize: 7, context: 5, width: 8, layers: 2, heads: 2)
        let model = try TinyGPT(config: config, seed: 2)
        // Weights of order 0.3 (not 0.02), so every path has gradients well above Float's rounding.
        var rng = SplitMix64(seed: 8)
        for p in model.namedParameters() {
            let gain = p.name.hasSuffix("LayerNorm.weight") || p.name.contains("final_layer_norm.weight") ? 1.0 : 0.0
            p.value.value.storage = p.value.value.storage.map { _ in Float(gain + 0.6 * (rng.nextUnitDouble() - 0.5)) }
        }
        let batch = WindowBatch(inputs: [[1, 3, 0, 6, 2], [5, 5, 4, 1, 0]], targets: [[3, 0, 6, 2, 4], [5, 4, 1, 0, 2]])
        for p in model.parameters { p.zeroGrad() }
        try model.loss(batch).backward()
        let h: Float = 1e-2
        var worst = 0.0, checked = 0
        for p in model.namedParameters() {
            let analytic = p.value.grad!.storage
            for i in stride(from: 0, to: analytic.count, by: max(1, analytic.count / 5)) {
                let x = p.value.value.storage[i]
                p.value.value.storage[i] = x + h
                let up = Double(try Autograd.noGrad { try model.loss(batch).scalar })
                p.value.value.storage[i] = x - h
                let down = Double(try Autograd.noGrad { try model.loss(batch).scalar })
                p.value.value.storage[i] = x
                let numeric = (up - down) / Double(2 * h)
                let difference = abs(numeric - Double(analytic[i]))
                XCTAssertLessThanOrEqual(difference, 2e-3 + 2e-2 * abs(numeric), "\(p.name)[\(i)]: tape \(analytic[i]), numeric \(numeric)")
                worst = max(worst, difference)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testParameterFormulaAndDecayGroupsFollowTheModuleTree() throws {
        for config in [Self.tiny, TinyGPTConfig.nanoGPTCPU(vocabularySize: 1024)] {
            let model = try TinyGPT(config: config, seed: 0)
            XCTAssertEqual(model.parameterCount, config.parameterCount, config.summary)
            let c = config.width, l = config.layers
            // by hand: wte, wpe, per block q/k/v/o (C² + C each), ln_1, ln_2 (2C each), fc (4C² + 4C), proj (4C² + C), ln_f
            XCTAssertEqual(config.parameterCount, (config.vocabularySize + config.context) * c + l * (4 * (c * c + c) + 4 * c + 8 * c * c + 5 * c) + 2 * c)
        }
        let tokens = (0..<100).map { $0 % 23 }
        let run = try GPTRun(settings: GPTRunSettings(model: Self.tiny, batchSize: 2, steps: 3, maxLR: 1e-3, warmup: 1, weightDecay: 0.1, seed: 1),
                             data: try TokenWindows(tokens: tokens, context: 12))
        let groups = run.optimizer.groups
        XCTAssertEqual(groups.map(\.name), ["decay", "no_decay"])
        // decay: wte, wpe and the 6 matrices of each block; no decay: 10 vectors per block (6 biases, 2 LayerNorms × 2) + ln_f's 2
        XCTAssertEqual(groups[0].parameters.count, 2 + 6 * 2)
        XCTAssertEqual(groups[1].parameters.count, 10 * 2 + 2)
        XCTAssertTrue(groups[0].parameters.allSatisfy { $0.shape.count == 2 })
        XCTAssertEqual(groups[0].weightDecay, 0.1)
        XCTAssertEqual(groups[1].weightDecay, 0)
    }
}
