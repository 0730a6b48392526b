// Pipelines round-trip through disk with no offline/online skew; the `evaluate` command runs end to
// end on small CSVs and fails cleanly on bad input.

import Foundation
import Shared
import TestSupport
import Week03ClassicalML
import XCTest

final class PipelineAndCLITests: XCTestCase {
    /// iris rows with text classes and a categorical column, split every-4th into train/test CSVs.
    func writeIris(_ dir: TemporaryDirectory) throws -> (train: URL, test: URL) {
        let data = try LabeledData.load(try Fixtures.require(.sklearn).appendingPathComponent("iris.csv"), name: "iris", classification: true)
        let names = ["setosa", "versicolor", "virginica"]
        func line(_ i: Int) -> String {
            let size = data.x[i, 2] < 2 ? "small" : data.x[i, 2] < 5 ? "medium" : "large"
            return (0..<4).map { "\(data.x[i, $0])" }.joined(separator: ",") + ",\(size),\(names[data.labels![i]])"
        }
        let header = "sepal_length,sepal_width,petal_length,petal_width,size,species"
        let split = Split.everyFourth(count: data.x.rows, labels: data.labels)
        let train = dir.file("train.csv"), test = dir.file("test.csv")
        try AtomicFile.write(([header] + split.train.map(line)).joined(separator: "\n") + "\n", to: train)
        try AtomicFile.write(([header] + split.test.map(line)).joined(separator: "\n") + "\n", to: test)
        return (train, test)
    }

    func testOneHotEncoderColumns() throws {
        let table = try CSV.parse("a,color,y\n1,red,0\n2,blue,1\n3,red,0\n")
        let encoder = try TabularEncoder(fitting: table, target: "y", classification: true)
        XCTAssertEqual(encoder.outputColumnNames, ["a", "color=blue", "color=red"])
        XCTAssertEqual(try encoder.encode(table).x.values, [1, 0, 1, 2, 1, 0, 3, 0, 1])
        XCTAssertEqual(try encoder.encode(cells: ["4", "green"]), [4, 0, 0], "unseen category → all zeros")
    }

    func testPipelineRoundTripHasNoSkew() throws {
        let dir = try TemporaryDirectory()
        let (trainURL, testURL) = try writeIris(dir)
        for model in [ModelName.logistic, .naiveBayes, .tree] {
            let pipeline = try Pipeline.fit(try CSV.read(trainURL), target: "species", model: model, options: ModelOptions())
            let saved = dir.file("\(model.rawValue).json")
            try pipeline.save(to: saved)
            let loaded = try Pipeline.load(saved)
            XCTAssertEqual(loaded.encoder, pipeline.encoder)
            XCTAssertEqual(loaded.scaler, pipeline.scaler)
            let check = try pipeline.skewCheck(try CSV.read(testURL), saved: saved)
            XCTAssertEqual(check.rows, 36)  // 12 test rows per class
            XCTAssertLessThanOrEqual(check.maxDifference, 1e-12, model.rawValue)
            XCTAssertTrue(check.sameLabels)
        }
        XCTAssertThrowsError(try Pipeline.load(trainURL))  // a CSV is not a pipeline
    }

    func evaluate(_ arguments: [String]) throws -> [String] {
        let cli = CLI(program: "Week03ClassicalML", summary: "test", commands: [EvaluateCommand.subcommand])
        return try EvaluateCommand.run(try cli.parse(["evaluate"] + arguments)!)
    }

    func testEvaluateJSONLineForAClassifierAndARegressor() throws {
        let dir = try TemporaryDirectory()
        let (train, test) = try writeIris(dir)
        let line = try evaluate(["--model", "forest", "--trees", "20", "--train", train.path, "--test", test.path, "--target", "species", "--json"])
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.last!.utf8)) as? [String: Any])
        XCTAssertEqual(object["model"] as? String, "forest")
        XCTAssertEqual(object["task"] as? String, "classification")
        XCTAssertEqual(object["features"] as? Int, 7)  // 4 numeric + 3 one-hot
        for key in ["accuracy", "f1", "fit_seconds", "predict_seconds"] { XCTAssertNotNil(object[key] as? Double, key) }
        XCTAssertGreaterThan(object["accuracy"] as! Double, 0.85)
        // regression: predict petal_width from the rest
        let regression = try evaluate(["--model", "ridge", "--train", train.path, "--test", test.path, "--target", "petal_width", "--json"])
        let r = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(regression.last!.utf8)) as? [String: Any])
        XCTAssertEqual(r["task"] as? String, "regression")
        XCTAssertGreaterThan(r["r2"] as! Double, 0.9)
        XCTAssertNotNil(r["mse"] as? Double)
    }

    func testEvaluateBinaryHasROCAUCAndPlainOutputEndsWithMetrics() throws {
        let dir = try TemporaryDirectory()
        var rows = ["x,z,label"]
        var rng = SplitMix64(seed: 3)
        for i in 0..<80 { rows.append("\(Double(i % 2) + 0.8 * rng.nextGaussian()),\(rng.nextGaussian()),\(i % 2 == 0 ? "no" : "yes")") }
        try AtomicFile.write(rows.joined(separator: "\n"), to: dir.file("all.csv"))
        let lines = try evaluate(["--model", "logistic", "--train", dir.file("all.csv").path, "--test", dir.file("all.csv").path, "--target", "label"])
        XCTAssertTrue(lines.last!.hasPrefix("accuracy "), lines.last!)
        for key in ["f1", "roc_auc", "pr_auc", "fit_seconds", "predict_seconds"] { XCTAssertTrue(lines.last!.contains(key), key) }
    }

    func testEvaluateRejectsBadInputWithOneLineErrors() throws {
        let dir = try TemporaryDirectory()
        let (train, test) = try writeIris(dir)
        XCTAssertThrowsError(try evaluate(["--model", "perceptron", "--train", train.path, "--test", test.path, "--target", "species"])) {
            XCTAssertTrue("\($0)".contains("unknown model 'perceptron'"), "\($0)")
        }
        XCTAssertThrowsError(try evaluate(["--model", "tree", "--train", train.path, "--test", test.path, "--target", "colour"])) {
            XCTAssertTrue("\($0)".contains("no column 'colour'"), "\($0)")
        }
        XCTAssertThrowsError(try evaluate(["--model", "tree", "--test", test.path, "--target", "species"])) {
            XCTAssertTrue($0 is UsageError, "\($0)")
        }
        XCTAssertThrowsError(try evaluate(["--model", "ridge", "--train", train.path, "--test", test.path, "--target", "species"])) {
            XCTAssertTrue("\($0)".contains("not a number"), "\($0)")  // ridge needs a numeric target
        }
        // a single class cannot train a classifier
        try AtomicFile.write("a,b,y\n1,2,x\n3,4,x\n", to: dir.file("one.csv"))
        XCTAssertThrowsError(try evaluate(["--model", "logistic", "--train", dir.file("one.csv").path, "--test", test.path, "--target", "y"])) {
            XCTAssertTrue("\($0)".contains("single class"), "\($0)")
        }
        // a text cell in a numeric column of the test file names its line
        var text = try String(contentsOf: test, encoding: .utf8)
        text = text.replacingOccurrences(of: "\n5.", with: "\nfive", options: [], range: text.range(of: "\n5."))
        try AtomicFile.write(text, to: dir.file("bad.csv"))
        XCTAssertThrowsError(try evaluate(["--model", "tree", "--train", train.path, "--test", dir.file("bad.csv").path, "--target", "species"])) {
            XCTAssertTrue("\($0)".contains("is not a number"), "\($0)")
        }
    }
}
