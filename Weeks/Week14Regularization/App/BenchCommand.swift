// `bench`: seconds for one training epoch over the first --images Fashion-MNIST images of the
// simple CNN with dropout 0.5, AdamW 0.05, flips and crops of a 2-pixel padding, batch 64 — here
// (RegularizationRun, scoring cut to one image) and in torch (TorchAugmentLoop.swift), alternating
// for --rounds rounds so load from other jobs falls on both; medians and ours / torch (below 1:
// we are faster), with the OpenBLAS kernel that ran.

import Foundation
import Shared
import Week14Regularization

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let (images, rounds, json) = (invocation.int("images"), invocation.int("rounds"), invocation.flag("json"))
        let folder = try Dataset.fashionMNIST.locate()
        let train = try ImageDatasets.load(.fashionMNIST).train
        let task = try ImageTask(name: "bench", channels: 1, side: 28, train: try train.slice(0..<images), validation: try train.slice(images..<(images + 1)))
        let regularizers = Regularizers(dropout: 0.5, weightDecay: 0.05, weightDecayKind: .decoupled,
                                        augmentation: Week14CommandLine.augmentation("flip-crop"))
        let settings = RegularizationSettings(architecture: .simple, epochs: 1, batchSize: 64, lr: 0.002, seed: 14, trainScoreLimit: 1)
        let threads = BLASInfo.threads
        if !json {
            print("one epoch of \(images) Fashion-MNIST images, batch 64: simple CNN + dropout 0.5, AdamW 0.05, flips + crops (pad 2); \(rounds) alternating rounds")
            print("BLAS: \(BLASInfo.summary)")
        }
        var ours: [Double] = [], torch: [Double] = []
        var torchVersion: String?, torchMissing = false
        let batches = (images + 63) / 64
        for round in 1...rounds {
            let bar = json ? nil : ProgressBar("round \(round)/\(rounds) Swift", total: batches)
            let start = Timing.now()
            _ = try RegularizationRun.train(regularizers, settings: settings, task: task, progress: { _, done, loss in
                bar?.update(done, note: String(format: "loss %.4f", loss))
            })
            let seconds = Timing.now() - start
            bar?.finish(note: String(format: "%.2f s", seconds))
            ours.append(seconds)
            guard !torchMissing else { continue }
            if !json { FileHandle.standardError.write(Data("round \(round)/\(rounds) PyTorch: running \(PythonReference.interpreter) …\n".utf8)) }
            if let result = TorchAugmentLoop.run(folder: folder, images: images, batchSize: 64, threads: threads) {
                torch.append(result.seconds)
                torchVersion = result.version
            } else {
                torchMissing = true
            }
        }
        let mine = median(ours)
        let reference = torch.isEmpty ? nil : median(torch)
        if json {
            print(JSONText.line([("seconds", .number(mine)), ("torch_seconds", reference.map { .number($0) } ?? .null),
                                 ("ours_over_torch", reference.map { .number(mine / $0) } ?? .null),
                                 ("rounds", .int(rounds)), ("threads", .int(threads)), ("images", .int(images))]))
            return
        }
        print(String(format: "\nSwift  %.2f s per epoch (median of %d)", mine, rounds))
        if let reference {
            print(String(format: "torch %@  %.2f s per epoch, %d threads", torchVersion ?? "?", reference, threads))
            let ratio = mine / reference
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
