// The Assess gate, part 5: checkpoints of week 4's MLP and week 5's CNN load into the service and
// predict exactly what the saved model predicts; a wrong file is one clear error. The executable:
// `serve` as a child process answers, then exits cleanly on SIGTERM; bad flags and a missing
// server are one line on stderr with exit code 2.

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week05CNN
import Week11MLOps
import Week11MLOpsService
import XCTest

final class ClassifierAndCLITests: XCTestCase {
    func randomImages(_ n: Int, seed: UInt64) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in (0..<784).map { _ in Float(rng.nextUnitDouble()) } }
    }

    /// The reference: the saved model's own softmax, computed directly with week 4's engine.
    func reference(_ model: Sequential, _ image: [Float]) throws -> [Float] {
        try Autograd.noGrad { try model(Variable(Tensor(shape: [1, 784], storage: image))).softmax().value.storage }
    }

    func testMLPCheckpointLoadsAndPredictsLikeTheSavedModel() throws {
        let folder = try TemporaryDirectory()
        let url = folder.url.appendingPathComponent("mlp.safetensors")
        var rng = SplitMix64(seed: 11)
        let model = MLP.make(sizes: [784, 32, 16, 10], rng: &rng)
        try Checkpoint.save(model, to: url, metadata: ["architecture": "784-32-16-10", "dataset": "Fashion-MNIST"])
        let loaded = try ImageClassifier.load(from: url)
        XCTAssertEqual(loaded.name, "mlp 784-32-16-10")
        XCTAssertEqual(loaded.classNames[9], "Ankle boot")
        for image in randomImages(5, seed: 2) {
            XCTAssertEqual(try loaded.probabilities(image), try reference(model, image), "bit-identical: same weights, same ops")
        }
    }

    func testCNNCheckpointLoadsInEvaluationMode() throws {
        let folder = try TemporaryDirectory()
        for arch in Architecture.allCases {
            let url = folder.url.appendingPathComponent("\(arch.rawValue).safetensors")
            var rng = SplitMix64(seed: 12)
            let model = arch.make(rng: &rng)
            try Checkpoint.save(model, to: url, metadata: ["architecture": arch.rawValue, "dataset": "MNIST"])
            let loaded = try ImageClassifier.load(from: url)
            XCTAssertEqual(loaded.name, "cnn \(arch.rawValue)")
            XCTAssertEqual(loaded.classNames[9], "9", "MNIST's classes are the digits")
            for image in randomImages(2, seed: 3) {
                assertClose(try loaded.probabilities(image), try reference(model, image), rtol: 1e-5, atol: 1e-7)
            }
        }
    }

    func testWrongCheckpointsFailWithOneClearError() throws {
        let folder = try TemporaryDirectory()
        let url = folder.url.appendingPathComponent("mlp.safetensors")
        var rng = SplitMix64(seed: 1)
        try Checkpoint.save(MLP.make(sizes: [784, 8, 10], rng: &rng), to: url, metadata: ["architecture": "784-16-10"])
        XCTAssertThrowsError(try ImageClassifier.load(from: url)) { error in
            XCTAssertTrue("\(error)".contains("fc1.weight"), "\(error)")
        }
        try Checkpoint.save(MLP.make(sizes: [784, 8, 10], rng: &rng), to: url, metadata: ["architecture": "transformer"])
        XCTAssertThrowsError(try ImageClassifier.load(from: url)) { error in
            XCTAssertTrue("\(error)".contains("neither a 784-…-10 MLP nor a week-5 CNN"), "\(error)")
        }
        XCTAssertThrowsError(try ImageClassifier.load(from: folder.url.appendingPathComponent("missing.safetensors")))
    }

    func testServeAsAChildProcessAnswersAndStopsOnSIGTERM() throws {
        let folder = try TemporaryDirectory()
        let url = folder.url.appendingPathComponent("mlp.safetensors")
        var rng = SplitMix64(seed: 4)
        try Checkpoint.save(MLP.make(sizes: [784, 16, 10], rng: &rng), to: url, metadata: ["architecture": "784-16-10"])
        let process = Process()
        process.executableURL = try Executables.url("Week11MLOps")
        process.arguments = ["serve", "--port", "0", "--model", url.path, "--workers", "2", "--log", folder.url.appendingPathComponent("log").path]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The first line names the port the kernel picked.
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("ready:") && Date() < deadline {
            let data = stdout.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let match = try XCTUnwrap(text.range(of: #"127\.0\.0\.1:(\d+)"#, options: .regularExpression), text)
        let port = try XCTUnwrap(Int(text[match].split(separator: ":")[1]))
        let connection = try HTTPConnection(port: port)
        XCTAssertEqual(try connection.request("GET", "/ready").status, 200)
        XCTAssertEqual(try connection.request("POST", "/predict", body: PredictInput.body(randomImages(1, seed: 9)[0])).status, 200)
        kill(process.processIdentifier, SIGTERM)
        let stopBy = Date().addingTimeInterval(30)  // bounded: a lost signal fails the test, never hangs it
        while process.isRunning && Date() < stopBy { usleep(20_000) }
        XCTAssertFalse(process.isRunning, "serve did not stop within 30 s of SIGTERM")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        text += String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(text.contains("stopped cleanly"), text)
        let log = try String(contentsOf: folder.url.appendingPathComponent("log"), encoding: .utf8)
        XCTAssertEqual(log.split(separator: "\n").count, 2, "one JSON line per request")
    }

    func testBadFlagsAndMissingServerAreOneLineErrors() throws {
        let cases: [([String], Int32, String)] = [
            (["load", "--requests", "0"], 2, "--requests must be between 1 and"),
            (["serve", "--port", "70000"], 2, "--port must be between 0 and 65535"),
            (["load", "--port", "1", "--url", "http://x:2"], 2, "give --port or --url, not both"),
            (["load", "--url", "ftp://x"], 2, "is not an http://HOST:PORT URL"),
            (["dashboard", "/nonexistent/metrics.prom"], 1, "/nonexistent/metrics.prom"),
            (["serve", "--model", "/nonexistent.safetensors", "--port", "0"], 2, "--model: no file at /nonexistent.safetensors"),
            (["nope"], 2, "unknown command 'nope'"),
        ]
        for (arguments, status, message) in cases {
            let result = try Executables.run("Week11MLOps", arguments)
            XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(arguments): \(result.stderr)")
        }
        // Port 1 on loopback: nobody listens there.
        if Dataset.fashionMNIST.isPresent {
            let result = try Executables.run("Week11MLOps", ["load", "--port", "1", "--requests", "5"])
            XCTAssertEqual(result.status, 2)
            XCTAssertTrue(result.stderr.contains("no server at 127.0.0.1:1"), result.stderr)
        }
    }
}
