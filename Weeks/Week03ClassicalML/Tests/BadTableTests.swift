// Week 3's tables from a hostile user (issue 18): a training file with a nan/inf row made
// `evaluate --model logistic` run without end, and a row with an unparseable first field and
// 1e999999 was taken in (the field as a new category, the number as +inf) and scored. Now each is
// one error line naming the file, line and column, and a non-zero exit; the solvers refuse
// non-finite features themselves, for callers that build `Features` in code.

import Foundation
import Shared
import TestSupport
@testable import Week03ClassicalML
import XCTest

final class BadTableTests: XCTestCase {
    func writeTables(_ dir: TemporaryDirectory, extraTrainRow: String) throws -> (URL, URL) {
        var rng = SplitMix64(seed: 3)
        var rows = ["x1,x2,label"]
        for i in 0..<60 { rows.append("\(Double(i % 2) + 0.5 * rng.nextGaussian()),\(rng.nextGaussian()),\(i % 2)") }
        let test = dir.file("test.csv")
        try AtomicFile.write(rows.joined(separator: "\n") + "\n", to: test)
        rows.insert(extraTrainRow, at: 31)
        let train = dir.file("train.csv")
        try AtomicFile.write(rows.joined(separator: "\n") + "\n", to: train)
        return (train, test)
    }

    func testReportedRowsAreOneErrorLineFromTheExecutable() throws {
        let cases: [(String, String)] = [
            ("nan,0.5,1", "line 32: column 'x1' value 'nan' is NaN (not accepted), in a column that is otherwise numeric"),
            ("0.3,inf,0", "line 32: column 'x2' value 'inf' is infinite or beyond Double's range (not accepted)"),
            ("abc,1e999999,1", "line 32: column 'x1' value 'abc' is not a number, in a column that is otherwise numeric"),
            ("0.2,1e999999,1", "line 32: column 'x2' value '1e999999' is infinite or beyond Double's range"),
        ]
        for (row, message) in cases {
            let dir = try TemporaryDirectory()
            let (train, test) = try writeTables(dir, extraTrainRow: row)
            let r = try Executables.run("Week03ClassicalML", ["evaluate", "--model", "logistic", "--train", train.path,
                                                              "--test", test.path, "--target", "label"])
            XCTAssertEqual(r.status, 1, "\(row): \(r.stdout)")
            XCTAssertTrue(r.stderr.contains(train.path) && r.stderr.contains(message), "\(row): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertFalse(r.stdout.contains("accuracy"), "no score from a refused file")
        }
    }

    func testSolversRefuseNonFiniteFeatures() throws {
        let x = Features([[0, 1], [1, .nan], [2, 3], [3, 2]])
        var logistic = LogisticRegression()
        XCTAssertThrowsError(try logistic.fit(x, [0, 1, 0, 1], classCount: 2)) {
            XCTAssertEqual($0 as? ModelError, .notFinite("logistic regression: feature row 2, column 2 is nan"))
        }
        var lasso = Lasso(alpha: 0.1)
        XCTAssertThrowsError(try lasso.fit(Features([[0], [1], [2]]), [0, .infinity, 2])) {
            XCTAssertEqual($0 as? ModelError, .notFinite("lasso: target of row 2 is inf"))
        }
        var kmeans = KMeans(k: 2)
        XCTAssertThrowsError(try kmeans.fit(x)) { XCTAssertTrue("\($0)".contains("k-means: feature row 2"), "\($0)") }
        XCTAssertThrowsError(try BinarySVM.fit(x, [1, -1, 1, -1], kernel: .linear, c: 1)) {
            XCTAssertTrue("\($0)".contains("SVM: feature row 2, column 2 is nan"), "\($0)")
        }
        // Finite but huge: the RBF/linear kernel overflows to inf, which SMO must not iterate on.
        let huge = Features([[1e200, 0], [-1e200, 1], [1e200, 1], [0, -1e200]])
        XCTAssertThrowsError(try BinarySVM.fit(huge, [1, -1, 1, -1], kernel: .linear, c: 1)) {
            XCTAssertTrue("\($0)".contains("SVM: kernel value of rows 1 and 1 is inf"), "\($0)")
        }
    }

    func testLBFGSStopsOnANonFiniteStart() {
        let result = LBFGS.minimize(start: [1, 2]) { _, g in
            g = [.nan, 0]
            return .nan
        }
        XCTAssertTrue(result.stoppedOnNonFinite)
        XCTAssertFalse(result.converged)
        XCTAssertEqual(result.iterations, 0)
    }
}
