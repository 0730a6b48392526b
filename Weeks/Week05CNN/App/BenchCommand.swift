// `bench`: seconds per epoch of the simple CNN here vs the identical PyTorch model, optimizer and
// batch, on the same Fashion-MNIST batches, in one run. The two sides alternate (Swift, torch,
// Swift, torch, …) so that load from other jobs on the machine falls on both; each round trains
// `warmup` batches untimed, then times `batches` batches (a fresh model each round, the same
// batches every round). Seconds per epoch = median seconds per batch × 469 (60,000 / 128 rounded
// up), i.e. extrapolated from the timed batches; the ratio is ours / torch (below 1: we are faster).

import Foundation
import Shared
import Week04MNIST
import Week05CNN

enum BenchCommand {
    static func run(_ invocation: Invocation) throws {
        let batches = invocation.int("batches")
        let rounds = invocation.int("rounds")
        let warmup = 3, batchSize = 128
        let json = invocation.flag("json")
        let folder = try Dataset.fashionMNIST.locate()
        let train = try ImageDatasets.load(.fashionMNIST).train
        let perEpoch = Double((train.labels.count + batchSize - 1) / batchSize)
        let threads = BLASInfo.threads
        if !json {
            print("simple CNN, batch \(batchSize), Adam 1e-3, Fashion-MNIST batches \(warmup)..<\(warmup + batches) timed after \(warmup) warm-up batches, \(rounds) alternating rounds")
            print("BLAS: \(BLASInfo.summary)")
        }
        var ours: [Double] = [], torch: [Double] = []
        var ourLoss: Float = 0, reference: TorchCNN.Result? = nil, torchMissing = false
        for round in 1...rounds {
            let bar = json ? nil : ProgressBar("Swift round \(round)/\(rounds)", total: warmup + batches)
            var rng = SplitMix64(seed: 42)
            let model = Architecture.simple.make(rng: &rng)
            let optimizer = Adam(model.parameters, lr: 1e-3)
            var start = 0.0
            for b in 0..<(warmup + batches) {
                if b == warmup { start = Timing.now() }
                let x = try train.images.rows((b * batchSize)..<((b + 1) * batchSize))
                ourLoss = try Trainer.gradientStep(model: model, x: x, labels: Array(train.labels[(b * batchSize)..<((b + 1) * batchSize)])).loss
                try optimizer.step()
                bar?.update(b + 1)
            }
            ours.append((Timing.now() - start) / Double(batches))
            bar?.finish(note: String(format: "%.1f s/epoch", ours.last! * perEpoch))
            guard !torchMissing else { continue }
            if !json { FileHandle.standardError.write(Data("PyTorch round \(round)/\(rounds): running \(PythonReference.interpreter) …\n".utf8)) }
            if let result = TorchCNN.run(folder: folder, warmup: warmup, batches: batches, batchSize: batchSize, threads: threads) {
                torch.append(result.secondsPerBatch)
                reference = result
            } else {
                torchMissing = true
            }
        }
        let oursEpoch = median(ours) * perEpoch
        let torchEpoch = torch.isEmpty ? nil : median(torch) * perEpoch
        if json {
            print(JSONText.line([("seconds_per_epoch", .number(oursEpoch)), ("torch_seconds_per_epoch", torchEpoch.map { .number($0) } ?? .null),
                                 ("ours_over_torch", torchEpoch.map { .number(oursEpoch / $0) } ?? .null),
                                 ("batches", .int(batches)), ("rounds", .int(rounds)), ("threads", .int(threads))]))
            return
        }
        var table = TextTable(["implementation", "s / batch (median)", "s / epoch (×\(Int(perEpoch)))", "rounds (s / epoch)", "loss after"])
        let list = { (values: [Double]) in values.map { String(format: "%.1f", $0 * perEpoch) }.joined(separator: ", ") }
        table.add(["Swift (this week)", String(format: "%.4f", median(ours)), String(format: "%.1f", oursEpoch), list(ours), String(format: "%.4f", ourLoss)])
        if let reference, let torchEpoch {
            table.add(["PyTorch \(reference.version) CPU", String(format: "%.4f", median(torch)), String(format: "%.1f", torchEpoch), list(torch),
                       String(format: "%.4f", reference.loss)])
        }
        print("\n" + table.render())
        if let torchEpoch {
            print(String(format: "\nSwift / PyTorch: %.2f× the time per epoch (below 1: this code is faster), both on %d thread(s)", oursEpoch / torchEpoch, threads))
        } else {
            print("\nPyTorch reference unavailable: \(PythonReference.interpreter) has no torch (set REFERENCE_PYTHON, or run ./Scripts/reference_env.sh)")
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
