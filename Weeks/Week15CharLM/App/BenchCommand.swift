// `bench`: milliseconds per char-LSTM training step (embedding 32 → LSTM H → 100 classes, B × T:
// forward, BPTT, clip, Adam) here and in torch (TorchLSTMStep.swift) for the same shapes, in one
// run; medians of --steps steps after one warm-up step each, and ours / torch (below 1: faster).

import Foundation
import Shared
import Week06Sequences

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let (hidden, batch, length, steps) = (invocation.int("hidden"), invocation.int("batch-size"), invocation.int("length"), invocation.int("steps"))
        let json = invocation.flag("json")
        let (vocabulary, embedding) = (100, 32)
        let threads = BLASInfo.threads
        if !json {
            print("char-LSTM training step: embedding \(embedding) → LSTM \(hidden) → \(vocabulary), batch \(batch) × \(length) (median of \(steps))")
            print("BLAS: \(BLASInfo.summary)")
        }
        var rng = SplitMix64(seed: 0)
        let ids = (0..<(batch * length * (steps + 2) + 1)).map { _ in rng.nextInt(below: vocabulary) }
        let model = CharLM(vocabularySize: vocabulary, embeddingSize: embedding, hiddenSize: hidden, rng: &rng)
        model.engine = .fused
        var times: [Double] = []
        var last = Timing.now()
        let bar = json ? nil : ProgressBar("Swift steps", total: steps + 1)
        _ = try CharTrainer.train(model, ids: ids, batch: batch, steps: length, trainingSteps: steps + 1) { record in
            let now = Timing.now()
            if record.step > 1 { times.append(now - last) }  // step 1 is the warm-up
            last = now
            bar?.update(record.step)
        }
        bar?.finish()
        let ours = times.sorted()[times.count / 2]
        if !json { FileHandle.standardError.write(Data("PyTorch: running \(PythonReference.interpreter) …\n".utf8)) }
        let torch = TorchLSTMStep.run(vocabulary: vocabulary, embedding: embedding, hidden: hidden, batch: batch,
                                      length: length, steps: steps, threads: threads)
        if json {
            print(JSONText.line([("command", .string("bench")), ("ms_per_step", .number(1000 * ours)),
                                 ("torch_ms_per_step", torch.map { .number(1000 * $0.seconds) } ?? .null),
                                 ("ours_over_torch", torch.map { .number(ours / $0.seconds) } ?? .null), ("threads", .int(threads))]))
            return
        }
        print(String(format: "Swift (FusedLSTM + Week04 tape)  %.1f ms per step", 1000 * ours))
        if let torch {
            print(String(format: "torch %@ nn.LSTM            %.1f ms per step, %d threads", torch.version, 1000 * torch.seconds, threads))
            let ratio = ours / torch.seconds
            print(String(format: "ours / torch = %.2f× — goal ≤ 1.0×: %@", ratio, ratio <= 1 ? "met" : "not met"))
        } else {
            print("torch: not measured (\(PythonReference.interpreter) has no torch; see Scripts/reference_env.sh)")
        }
    }
}
