// `bench`: seconds for one Fashion-MNIST training epoch of the MLP (784-256-128-10, AdamW,
// warm-up + cosine, batch 128) three ways in one run — our DataLoader with prefetch, without
// prefetch, and torch's DataLoader loop (TorchLoop.swift) — alternating for --rounds rounds so
// load from other jobs falls on all three; the medians are reported, with ours / torch (below 1:
// we are faster). Each round is a whole epoch (469 steps), nothing extrapolated.

import Foundation
import Shared
import Week04MNIST
import Week13Modules

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let (rounds, json) = (invocation.int("rounds"), invocation.flag("json"))
        let folder = try Dataset.fashionMNIST.locate()
        let train = try ImageDatasets.load(.fashionMNIST).train
        let settings = RunSettings(hidden: [256, 128], batchSize: 128, epochs: 1, maxLR: 0.002, minLR: 0.0001, warmup: 100, seed: 13)
        let threads = BLASInfo.threads
        if !json {
            print("one epoch of Fashion-MNIST (60,000 images, batch 128), MLP 784-256-128-10, AdamW + warm-up/cosine; \(rounds) alternating rounds")
            print("BLAS: \(BLASInfo.summary)")
        }
        var withPrefetch: [Double] = [], withoutPrefetch: [Double] = [], torch: [Double] = []
        var torchVersion: String?, torchMissing = false
        for round in 1...rounds {
            for prefetch in [true, false] {
                let run = try TrainingRun(settings: settings, images: train.images, labels: train.labels, prefetch: prefetch)
                let bar = json ? nil : ProgressBar("round \(round)/\(rounds) Swift, prefetch \(prefetch ? "on " : "off")", total: run.totalSteps)
                let start = Timing.now()
                try run.train { bar?.update($0.step, note: String(format: "loss %.4f", $0.loss)) }
                let seconds = Timing.now() - start
                bar?.finish(note: String(format: "%.2f s", seconds))
                if prefetch { withPrefetch.append(seconds) } else { withoutPrefetch.append(seconds) }
            }
            guard !torchMissing else { continue }
            if !json { FileHandle.standardError.write(Data("round \(round)/\(rounds) PyTorch: running \(PythonReference.interpreter) …\n".utf8)) }
            if let result = TorchLoop.run(folder: folder, batchSize: 128, threads: threads, warmup: settings.warmup) {
                torch.append(result.seconds)
                torchVersion = result.version
            } else {
                torchMissing = true
            }
        }
        let on = median(withPrefetch), off = median(withoutPrefetch)
        let reference = torch.isEmpty ? nil : median(torch)
        if json {
            print(JSONText.line([("seconds_prefetch", .number(on)), ("seconds_no_prefetch", .number(off)),
                                 ("torch_seconds", reference.map { .number($0) } ?? .null),
                                 ("ours_over_torch", reference.map { .number(on / $0) } ?? .null),
                                 ("rounds", .int(rounds)), ("threads", .int(threads))]))
            return
        }
        print(String(format: "\nSwift, prefetch on   %.2f s per epoch (median of %d)", on, rounds))
        print(String(format: "Swift, prefetch off  %.2f s per epoch (prefetch saves %.1f %%)", off, 100 * (off - on) / off))
        if let reference {
            print(String(format: "torch %@ DataLoader %.2f s per epoch, %d threads", torchVersion ?? "?", reference, threads))
            let ratio = on / reference
            print(String(format: "ours / torch = %.2f× — goal ≤ 1.0×: %@", ratio, ratio <= 1 ? "met" : "not met"))
        } else {
            print("torch: not measured (\(PythonReference.interpreter) has no torch; see Scripts/reference_env.sh)")
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
}
