// `bench`: seconds per char-LM training step (embedding 32 → LSTM 128 → 108 classes, batch 32 × 64
// steps: forward, BPTT, clipping, Adam) for this engine and for the same step hand-written in numpy.

import Foundation
import Shared
import Week06Sequences

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let steps = invocation.int("steps")
        let json = invocation.flag("json")
        let (vocabulary, embedding, hidden, batch, length) = (108, 32, 128, 32, 64)
        var rng = SplitMix64(seed: 0)
        let ids = (0..<(batch * length * (steps + 2) + 1)).map { _ in rng.nextInt(below: vocabulary) }
        let model = CharLM(vocabularySize: vocabulary, embeddingSize: embedding, hiddenSize: hidden, rng: &rng)
        var times: [Double] = []
        var last = Timing.now()
        _ = try CharTrainer.train(model, ids: ids, batch: batch, steps: length, trainingSteps: steps + 1) { record in
            let now = Timing.now()
            if record.step > 1 { times.append(now - last) }  // step 1 is the warm-up
            last = now
        }
        let ours = times.sorted()[times.count / 2]
        let arguments = [vocabulary, embedding, hidden, batch, length, steps].map(String.init)
        let numpy = PythonReference.run(NumpyLSTM.script, arguments: arguments)
            .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        if json {
            print(JSONText.line([("command", .string("bench")), ("seconds_per_step", .number(ours)),
                                 ("numpy_seconds_per_step", numpy.map { .number($0) } ?? .null)]))
            return
        }
        print("char-LM training step: embedding \(embedding) → LSTM \(hidden) → \(vocabulary), batch \(batch) × \(length) steps (median of \(steps))")
        print("BLAS: \(BLASInfo.summary)")
        var table = TextTable(["engine", "ms per step", "ratio"])
        table.add(["Week06 (Week04 tape)", String(format: "%.1f", 1000 * ours), "1.00"])
        if let numpy {
            table.add(["numpy (hand-written BPTT)", String(format: "%.1f", 1000 * numpy), String(format: "%.2f", numpy / ours)])
        } else {
            table.add(["numpy", "unavailable (python3 with numpy not found)", ""])
        }
        print(table.render())
    }
}
