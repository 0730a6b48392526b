// The Assess gate, part 3: training on real data (a fixed-seed subset reaches a stated accuracy;
// the checkpoint round-trips batch norm's running statistics) and the executable end to end.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week05CNN
import XCTest

final class TrainingTests: XCTestCase {
    func testSmallSubsetRunLearns() throws {
        let folder = try Fixtures.require(.fashionMNIST)
        let (train, test) = try ImageDatasets.load(from: folder)
        let images = try train.images.rows(0..<2000), labels = Array(train.labels[..<2000])
        var rng = SplitMix64(seed: 42)
        let model = Architecture.simple.make(rng: &rng)
        let optimizer = Adam(model.parameters, lr: 1e-3)
        for _ in 0..<2 {
            _ = try CNNTrainer.trainEpoch(model: model, optimizer: optimizer, images: images, labels: labels,
                                          batchSize: 32, maxShift: -1, rng: &rng)
        }
        let result = try CNNTrainer.evaluate(model: model, images: try test.images.rows(0..<1000), labels: Array(test.labels[..<1000]))
        XCTAssertGreaterThan(result.accuracy, 0.70, "measured 0.746 (2000 images, 2 epochs, seed 42); chance is 0.1")
    }

    func testSimpleCNNHasTheReferenceParameterCount() {
        // torch: conv1 32·1·9 + 32, conv2 64·32·9 + 64, fc1 1600·128 + 128, fc2 128·10 + 10 = 225,034.
        var rng = SplitMix64(seed: 1)
        let model = Architecture.simple.make(rng: &rng)
        XCTAssertEqual(model.parameters.reduce(0) { $0 + $1.value.count }, 320 + 18_496 + 204_928 + 1_290)
    }

    func testResNetCheckpointRoundTripsRunningStatistics() throws {
        var rng = SplitMix64(seed: 3)
        let model = Architecture.resnet.make(rng: &rng)
        let x = Variable(Tensor.randomUniform([4, 784], low: 0, high: 1, using: &rng))
        _ = try TrainingMode.training { try model(x) }  // training mode: updates every running mean/var
        let before = try Autograd.noGrad { try model(x).value }
        let directory = try TemporaryDirectory()
        try Checkpoint.save(model, to: directory.file("resnet.safetensors"))
        var other = SplitMix64(seed: 99)
        let reloaded = Architecture.resnet.make(rng: &other)
        try Checkpoint.load(into: reloaded, from: directory.file("resnet.safetensors"))
        XCTAssertEqual(try Autograd.noGrad { try reloaded(x).value }, before)
        XCTAssertTrue(model.namedTensors().contains { $0.name == "layer2.shortcut.1.running_var" })
    }

    func testTrainCommandJSONLineAndFiles() throws {
        let data = try Fixtures.require(.fashionMNIST)
        let root = try TemporaryDirectory()
        // The default architecture (the small ResNet), narrowed to keep the test fast.
        let r = try Executables.run("Week05CNN", ["train", "--epochs", "1", "--limit", "1000", "--batch-size", "20", "--width", "8", "--json",
                                                  "--data", data.path], environment: ["CURRICULUM_ROOT": root.url.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, 2, "one line per epoch, then the summary")
        let summary = try XCTUnwrap(lines.last)
        XCTAssertEqual(Set(summary.keys), ["test_accuracy", "seconds_per_epoch", "epochs"])
        XCTAssertEqual(summary["epochs"] as? Int, 1)
        XCTAssertGreaterThan(try XCTUnwrap(summary["test_accuracy"] as? Double), 0.2, "measured 0.294 (width-8 ResNet, 50 steps, seed 42); chance is 0.1")
        XCTAssertNotNil(summary["seconds_per_epoch"] as? Double)
        let output = root.url.appendingPathComponent("Output/Week05CNN")
        for name in ["resnet.safetensors", "resnet-curves.svg", "resnet-confusion.svg", "resnet-filters.png", "resnet-feature-maps.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.appendingPathComponent(name).path), name)
        }
    }

    func testBenchSaysWhenTheReferenceIsMissing() throws {
        _ = try Fixtures.require(.fashionMNIST)  // bench reads the dataset and writes nothing
        let r = try Executables.run("Week05CNN", ["bench", "--batches", "2", "--rounds", "1"], environment: ["REFERENCE_PYTHON": "/bin/false"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("PyTorch reference unavailable"), r.stdout)
        XCTAssertTrue(r.stdout.contains("BLAS: "), r.stdout)
        XCTAssertTrue(r.stdout.contains("Swift (this week)"), r.stdout)
    }

    func testBadFlagsAreOneLineErrors() throws {
        let root = try TemporaryDirectory()
        let cases: [([String], Int32, String)] = [
            (["train", "--arch", "vgg"], 2, "--arch must be one of simple, resnet"),
            (["--epochs", "0"], 2, "--epochs must be between 1 and 1000"),
            (["--shift", "many"], 2, "--shift"),
            (["--width", "0"], 2, "--width must be between 1 and 256"),
            (["bench", "--batches", "0"], 2, "--batches must be between 1 and 465"),
            (["--data", root.url.path], 1, "train-images-idx3-ubyte"),
        ]
        for (args, status, message) in cases {
            let r = try Executables.run("Week05CNN", args, environment: ["CURRICULUM_ROOT": root.url.path])
            XCTAssertEqual(r.status, status, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
        }
        // A data folder whose four IDX files are damaged: one line naming the first file read.
        let corrupt = root.url.appendingPathComponent("corrupt", isDirectory: true)
        try FileManager.default.createDirectory(at: corrupt, withIntermediateDirectories: true)
        for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"] {
            try Data([0, 0, 8, 3, 0, 0, 0x27, 0x10, 0xFF]).write(to: corrupt.appendingPathComponent(name))
        }
        let damaged = try Executables.run("Week05CNN", ["--data", corrupt.path, "--epochs", "1"], environment: ["CURRICULUM_ROOT": root.url.path])
        XCTAssertEqual(damaged.status, 1, damaged.stderr)
        XCTAssertTrue(damaged.stderr.contains("idx"), damaged.stderr)
        XCTAssertEqual(damaged.stderr.split(separator: "\n").count, 1, damaged.stderr)
        let help = try Executables.run("Week05CNN", ["train", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--arch"))
    }
}
