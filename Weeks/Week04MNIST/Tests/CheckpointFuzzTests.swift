// Checkpoints under TestSupport's fuzz harness: a saved MLP's safetensors bytes, mutated (header
// numbers, dtypes, truncation, flipped bits), loaded into a fresh MLP of the same shape. Every case
// is a load or one error line; a truncated file names the file.

import Foundation
import Shared
import TestSupport
@testable import Week04MNIST
import XCTest

final class CheckpointFuzzTests: XCTestCase {
    func testFuzzCheckpointLoad() throws {
        let folder = try TemporaryDirectory()
        var rng = SplitMix64(seed: 4)
        let url = folder.file("mlp.safetensors")
        try Checkpoint.save(MLP.make(sizes: [3, 4, 2], rng: &rng), to: url, metadata: ["epoch": "1"])
        let seed = try FileIO.readBytes(url)
        let target = MLP.make(sizes: [3, 4, 2], rng: &rng)
        let report = Fuzz.run("checkpoint", seeds: [seed], tokens: ["F32", "F16", "BF16", "I64", "U8", "fc1.weight", "fc2.bias"]) { bytes in
            try Checkpoint.load(into: target, bytes: bytes, path: "mlp.safetensors")
        }
        XCTAssertGreaterThan(report.errors, 0)
        XCTAssertGreaterThan(report.values, 0, "mutations of the data bytes still load")
    }

    func testTruncatedCheckpointNamesTheFile() throws {
        let folder = try TemporaryDirectory()
        var rng = SplitMix64(seed: 5)
        let url = folder.file("mlp.safetensors")
        try Checkpoint.save(MLP.make(sizes: [3, 4, 2], rng: &rng), to: url)
        let bytes = try FileIO.readBytes(url)
        try AtomicFile.write(Array(bytes.prefix(bytes.count - 10)), to: url)
        XCTAssertThrowsError(try Checkpoint.load(into: MLP.make(sizes: [3, 4, 2], rng: &rng), from: url)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(url.path): malformed: tensor "), "\(error)")
            XCTAssertTrue("\(error)".contains("outside the"), "\(error)")
        }
    }
}
