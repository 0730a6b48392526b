// The command line without a process: each declared command runs its own handler (`evaluate`'s is
// the library's, so it answers with its own "--target is required"), `demo` runs when none is named,
// bad command lines are one usage line naming the offender, and `--help` states the defaults the
// model zoo really uses when an option is left out.

import Foundation
import Shared
import TestSupport
import Week03ClassicalML
import XCTest

final class CommandDispatchTests: XCTestCase {
    func testEveryCommandDispatchesToItsOwnHandler() throws {
        let ran = CallLog()
        let cli = Week03CommandLine.cli(demo: { _ in ran.add("demo") }, bench: { _ in ran.add("bench") },
                                        kmeans: { _ in ran.add("kmeans") }, pipeline: { _ in ran.add("pipeline") },
                                        predict: { _ in ran.add("predict") }, montecarlo: { _ in ran.add("montecarlo") },
                                        fashionModels: ["logistic", "tree"])
        XCTAssertEqual(cli.commands.map(\.name), ["demo", "evaluate", "bench", "kmeans", "pipeline", "predict", "montecarlo"])
        for args in [["demo"], ["bench"], ["kmeans", "a.csv"], ["pipeline"], ["predict", "a.csv"], ["montecarlo"], []] { try cli.run(args) }
        XCTAssertEqual(ran.all, ["demo", "bench", "kmeans", "pipeline", "predict", "montecarlo", "demo"])
        XCTAssertThrowsError(try cli.run(["evaluate"])) { XCTAssertTrue("\($0)".contains("--target is required"), "\($0)") }
        XCTAssertEqual(ran.all.count, 7, "evaluate ran no other command's handler")
    }

    func testBadCommandLinesAreOneUsageLine() {
        let cli = Week03CommandLine.parser
        assertUsageError(cli, ["fit"], mentions: ["unknown command 'fit'", "evaluate"])
        assertUsageError(cli, ["kmeans", "a.csv", "--clusters", "4"], mentions: ["unknown option --clusters", "'kmeans'"])
        assertUsageError(cli, ["kmeans", "a.csv", "--k", "0"], mentions: ["--k must be at least 1, got 0"])
        assertUsageError(cli, ["evaluate", "--c", "0"], mentions: ["--c must be positive, got 0"])
        assertUsageError(cli, ["evaluate", "--alpha", "-1"], mentions: ["--alpha must be at least 0, got -1"])
        assertUsageError(cli, ["evaluate", "--kernel", "poly"], mentions: ["--kernel must be one of rbf, linear, got 'poly'"])
        assertUsageError(cli, ["bench", "--repeats", "0"], mentions: ["--repeats must be at least 1, got 0"])
        assertUsageError(cli, ["predict"], mentions: ["'predict' expects FILE, got 0"])
    }

    func testHelpStatesTheDefaultsTheModelZooUses() throws {
        let cli = Week03CommandLine.parser
        assertHelp(cli, "evaluate", shows: ["model": "(default logistic)", "k": "(default: 5; ≥ 1)", "c": "(default: 1; > 0)",
                                            "alpha": "(default: 1; ≥ 0)", "trees": "(default: 100; ≥ 1)", "rounds": "(default: 100; ≥ 1)",
                                            "lr": "(default: 0.1; > 0)", "max-depth": "(default: none; boosting 3; ≥ 1)",
                                            "criterion": "default: gini", "kernel": "default: rbf", "seed": "(default 0; ≥ 0)"])
        assertHelp(cli, "kmeans", shows: ["k": "(default 3; ≥ 1)", "seed": "(default 0; ≥ 0)"])
        assertHelp(cli, "bench", shows: ["repeats": "(default 3; ≥ 1)", "fashion-models": "(default logistic)"])

        // With none of the model options given, the zoo builds exactly what the help says.
        let options = try EvaluateCommand.options(try XCTUnwrap(try cli.parse(["evaluate"])))
        let knn = try XCTUnwrap((try ModelZoo.classifier(.knn, options) as? ScaledClassifier)?.inner as? KNeighborsClassifier)
        XCTAssertEqual(knn.search.k, 5)
        let logistic = try XCTUnwrap((try ModelZoo.classifier(.logistic, options) as? ScaledClassifier)?.inner as? LogisticRegression)
        XCTAssertEqual(logistic.c, 1)
        let forest = try XCTUnwrap(try ModelZoo.classifier(.forest, options) as? RandomForestClassifier)
        XCTAssertEqual(forest.treeCount, 100)
        XCTAssertEqual(forest.criterion, .gini)
        XCTAssertNil(forest.maxDepth)
        let boosting = try XCTUnwrap(try ModelZoo.classifier(.boosting, options) as? GradientBoostingClassifier)
        XCTAssertEqual(boosting.booster.rounds, 100)
        XCTAssertEqual(boosting.booster.learningRate, 0.1)
        XCTAssertEqual(boosting.booster.maxDepth, 3)
        let ridge = try XCTUnwrap(try ModelZoo.regressor(.ridge, options) as? LinearRegression)
        XCTAssertEqual(ridge.alpha, 1)
    }
}
