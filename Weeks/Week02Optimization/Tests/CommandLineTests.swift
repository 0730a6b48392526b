// The executable end to end, as a learner runs it: the minimize JSON line parses and equals the
// library's result, the other subcommands' --json lines, and one-line errors for bad input.

import Foundation
import Shared
import TestSupport
import Week02Optimization
import XCTest

final class CommandLineTests: XCTestCase {
    let program = "Week02Optimization"

    func lastJSONLine(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertEqual(result.status, 0, "stderr: \(result.stderr)", file: file, line: line)
        let last = try XCTUnwrap(result.stdout.split(separator: "\n").last, "no output", file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], file: file, line: line)
    }

    func testMinimizeJSONLineMatchesTheLibrary() throws {
        let result = try Executables.run(program, ["minimize", "--function", "rosenbrock", "--optimizer", "adam", "--lr", "0.01",
                                                   "--steps", "500", "--start", "-1.5,2", "--json"])
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1, "--json prints exactly one line")
        let object = try lastJSONLine(result)
        XCTAssertEqual(Array(object.keys).sorted(), ["point", "steps", "value"])
        let expected = Minimizer.run(.rosenbrock, .adam, lr: 0.01, steps: 500, start: [-1.5, 2])
        let point = try XCTUnwrap(object["point"] as? [Double])
        assertClose(point, expected.finalPoint, rtol: 1e-15)
        XCTAssertEqual(try XCTUnwrap(object["value"] as? Double), expected.finalValue, accuracy: 1e-15 * abs(expected.finalValue))
        XCTAssertEqual(object["steps"] as? Int, 500)
        // Numbers are printed the shortest way that round-trips, so the text parses back exactly
        // (read here with Double(_:); Foundation's JSON reader may round the last digit).
        let inside = try XCTUnwrap(result.stdout.split(separator: "[").dropFirst().first?.split(separator: "]").first)
        XCTAssertEqual(inside.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }, expected.finalPoint.map { $0 })
        // The line's layout is exactly {"point": [x, y], "value": f, "steps": N}.
        XCTAssertTrue(result.stdout.hasPrefix("{\"point\": ["), result.stdout)
    }

    func testMinimizeDefaultsAndEveryOptimizerName() throws {
        for (optimizer, function) in [("gd", "booth"), ("momentum", "quadratic"), ("nesterov", "booth"), ("adagrad", "beale"),
                                      ("rmsprop", "booth"), ("adam", "beale"), ("adamw", "quadratic")] {
            let object = try lastJSONLine(try Executables.run(program, ["minimize", "--function", function, "--optimizer", optimizer, "--json"]))
            let f = try TestFunction.named(function)
            let point = try XCTUnwrap(object["point"] as? [Double])
            XCTAssertLessThanOrEqual(Minimizer.distance(point, f.minimum), 1e-3, "\(optimizer) on \(function) with the default lr and steps")
            XCTAssertEqual(object["steps"] as? Int, RaceSettings.maxSteps)
        }
        // Without --json the human-readable report still ends with the JSON line.
        let text = try Executables.run(program, ["minimize", "--function", "booth", "--optimizer", "gd", "--steps", "100"])
        XCTAssertTrue(text.stdout.contains("gd on booth"))
        XCTAssertNotNil(try lastJSONLine(text)["point"])
    }

    func testDivergenceGivesNullValueAndAWarning() throws {
        let result = try Executables.run(program, ["minimize", "--function", "quadratic", "--optimizer", "gd", "--lr", "0.05", "--json"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("\"value\": null"), result.stdout)
        XCTAssertTrue(result.stderr.contains("warning") && result.stderr.contains("diverged"), result.stderr)
    }

    func testBadInputIsAOneLineError() throws {
        let cases: [([String], String)] = [
            (["minimize", "--function", "himmelblau"], "unknown function 'himmelblau'"),
            (["minimize", "--optimizer", "lbfgs"], "unknown optimizer 'lbfgs'"),
            (["minimize", "--start", "1"], "--start expects two numbers"),
            (["minimize", "--start", "a,b"], "--start expects two numbers"),
            (["minimize", "--lr", "-1"], "--lr must be positive"),
            (["bootstrap", "/nonexistent/data.csv"], "file not found"),
            (["gmm", "/nonexistent/data.csv"], "file not found"),
            (["tsne", "/nonexistent/data.csv"], "file not found"),
            (["bootstrap"], "expects FILE"),
            (["mcmc", "--target", "cauchy"], "unknown target"),
            (["frobnicate"], "unknown command"),
        ]
        for (arguments, message) in cases {
            let result = try Executables.run(program, arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(arguments): one line, got \(result.stderr)")
        }
    }

    func testOtherSubcommandsJSON() throws {
        let temp = try TemporaryDirectory()
        let csv = temp.file("data.csv")
        // Two well-separated blobs with a label column.
        var rng = SplitMix64(seed: 1)
        var text = "a,b,c,target\n"
        for i in 0..<80 { let o = i < 40 ? 0.0 : 10; text += "\(o + rng.nextGaussian()),\(o + rng.nextGaussian()),\(rng.nextGaussian()),\(i < 40 ? 0 : 1)\n" }
        try text.write(to: csv, atomically: true, encoding: .utf8)

        let mcmc = try lastJSONLine(try Executables.run(program, ["mcmc", "--target", "normal", "--mean", "2", "--sd", "3", "--samples", "50000", "--step", "6", "--json"]))
        XCTAssertEqual(try XCTUnwrap(mcmc["mean"] as? Double), 2, accuracy: 0.2)
        XCTAssertEqual(try XCTUnwrap(mcmc["variance"] as? Double), 9, accuracy: 0.9)
        XCTAssertNotNil(mcmc["ess"] as? Double)
        XCTAssertNotNil(mcmc["acceptance_rate"] as? Double)

        let boot = try lastJSONLine(try Executables.run(program, ["bootstrap", csv.path, "--column", "a", "--statistic", "median", "--json"]))
        XCTAssertEqual(boot["column"] as? String, "a")
        XCTAssertLessThan(try XCTUnwrap(boot["lower"] as? Double), try XCTUnwrap(boot["upper"] as? Double))

        let ab = try lastJSONLine(try Executables.run(program, ["abtest", "--rate-a", "0.1", "--rate-b", "0.15", "--n", "1000", "--trials", "200", "--json"]))
        XCTAssertGreaterThan(try XCTUnwrap(ab["power"] as? Double), 0.8)
        XCTAssertLessThan(try XCTUnwrap(ab["false_positive_rate"] as? Double), 0.12)

        let gmm = try lastJSONLine(try Executables.run(program, ["gmm", csv.path, "--k", "2", "--json"]))
        let history = try XCTUnwrap(gmm["log_likelihood_history"] as? [Double])
        XCTAssertEqual(history, history.sorted(), "EM's log-likelihood never decreases")
        XCTAssertEqual(try XCTUnwrap(gmm["purity"] as? Double), 1, accuracy: 1e-12)

        let svg = temp.file("embedding.svg")
        let tsne = try lastJSONLine(try Executables.run(program, ["tsne", csv.path, "--perplexity", "10", "--iterations", "300", "--out", svg.path, "--json"]))
        XCTAssertEqual(tsne["points"] as? Int, 80)
        XCTAssertTrue(try String(contentsOf: svg, encoding: .utf8).hasPrefix("<svg"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: temp.file("embedding.csv").path))
    }

    func testHelpListsTheOptions() throws {
        let result = try Executables.run(program, ["minimize", "--help"])
        XCTAssertEqual(result.status, 0)
        for option in ["--function", "--optimizer", "--lr", "--steps", "--start", "--json"] {
            XCTAssertTrue(result.stdout.contains(option), option)
        }
        XCTAssertTrue(try Executables.run(program, ["--help"]).stdout.contains("bench"))
    }
}
