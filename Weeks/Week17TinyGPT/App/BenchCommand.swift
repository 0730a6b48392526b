// `bench`: milliseconds per training step of nanoGPT's CPU configuration (4 layers, 4 heads, 128
// wide, context 64, batch 12) here and in PyTorch (TorchGPTStep.swift) for the same model and
// step, in one run: medians of --steps steps after one warm-up step each, and ours / torch (below
// 1: faster). Both use the same number of threads; the BLAS line says which kernels ours ran
// (OPENBLAS_CORETYPE pins OpenBLAS's kernel choice on CPUs it misdetects).

import Foundation
import Shared
import Week04MNIST
import Week17TinyGPT

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let (vocabulary, batch, steps) = (invocation.int("vocab"), invocation.int("batch-size"), invocation.int("steps"))
        let json = invocation.flag("json")
        let config = TinyGPTConfig.nanoGPTCPU(vocabularySize: vocabulary)
        let threads = BLASInfo.threads
        let coretype = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? "unset"
        if !json {
            print("GPT training step (forward, backward, clip 1.0, AdamW): \(config.summary), batch \(batch) (median of \(steps))")
            print("BLAS: \(BLASInfo.summary); OPENBLAS_CORETYPE=\(coretype)")
        }
        var rng = SplitMix64(seed: 0)
        let tokens = (0..<(batch * (config.context + 1) * 4)).map { _ in rng.nextInt(below: vocabulary) }
        let settings = GPTRunSettings(model: config, batchSize: batch, steps: steps + 1, maxLR: 1e-3, warmup: 0, seed: 0)
        let run = try GPTRun(settings: settings, data: try TokenWindows(tokens: tokens, context: config.context))
        var times: [Double] = []
        let bar = json ? nil : ProgressBar("Swift steps", total: steps + 1)
        try run.train { record in
            if record.step > 1 { times.append(record.seconds) }  // step 1 is the warm-up
            bar?.update(record.step)
        }
        bar?.finish()
        let ours = times.sorted()[times.count / 2]
        if !json { FileHandle.standardError.write(Data("PyTorch: running \(PythonReference.interpreter) …\n".utf8)) }
        let torch = TorchGPTStep.run(config: config, batch: batch, steps: steps, threads: threads)
        if json {
            print(JSONText.line([("command", .string("bench")), ("parameters", .int(config.parameterCount)),
                                 ("ms_per_step", .number(1000 * ours)),
                                 ("torch_ms_per_step", torch.map { .number(1000 * $0.seconds) } ?? .null),
                                 ("ours_over_torch", torch.map { .number(ours / $0.seconds) } ?? .null),
                                 ("threads", .int(threads)), ("openblas_coretype", .string(coretype))]))
            return
        }
        print(String(format: "Swift (week 7 blocks on the week 4 tape)  %.1f ms per step, %d parameters", 1000 * ours, config.parameterCount))
        if let torch {
            print(String(format: "torch %@ (nanoGPT's model)           %.1f ms per step, %d parameters, %d threads",
                         torch.version, 1000 * torch.seconds, torch.parameters, threads))
            let ratio = ours / torch.seconds
            print(String(format: "ours / torch = %.2f× — goal ≤ 1.0×: %@", ratio, ratio <= 1 ? "met" : "not met"))
        } else {
            print("torch: not measured (\(PythonReference.interpreter) has no torch; see Scripts/reference_env.sh)")
        }
    }
}
