// Week 1's matrix files from a hostile user (issue 18): the mutated .npy files that trapped
// `Week01LinearAlgebra svd FILE` are now one error line and exit status 1; NaN/inf cells in a CSV
// are refused naming line and column; and MatrixFile + SVD survive thousands of mutated files.

import Foundation
import Shared
import TestSupport
@testable import Week01LinearAlgebra
import XCTest

final class BadMatrixFileTests: XCTestCase {
    /// The 3×3 '<f8' file the mutations started from, with `dict` as its header dictionary.
    func npy(_ dict: String) -> [UInt8] {
        var text = dict
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        var data: [UInt8] = []
        for v in [4.0, 1, 0, 1, 3, 1, 0, 1, 2] { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += $0 } }
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.utf8.count), 0] + Array(text.utf8) + data
    }

    func testMutatedNPYThatTrappedSVDIsOneErrorLine() throws {
        let dir = try TemporaryDirectory()
        let cases: [(String, String)] = [
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 3), }", "shape = [9223372036854775807, 3]"),
            ("{'descr': '<f9223372036854775807', 'fortran_order': False, 'shape': (3, 3), }", "unsupported: dtype '<f9223372036854775807'"),
        ]
        for (i, (dict, message)) in cases.enumerated() {
            let url = dir.file("m\(i).npy")
            try AtomicFile.write(npy(dict), to: url)
            XCTAssertThrowsError(try MatrixFile.load(url)) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
            let r = try Executables.run("Week01LinearAlgebra", ["svd", url.path, "--out", dir.file("out").path])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testNonFiniteCellsAreRefusedWithLineAndColumn() throws {
        let dir = try TemporaryDirectory()
        try AtomicFile.write("x,y\n1,2\n3,1e999999\n", to: dir.file("big.csv"))
        XCTAssertThrowsError(try MatrixFile.load(dir.file("big.csv"))) { error in
            XCTAssertTrue("\(error)".contains("line 3: column 'y' value '1e999999' is infinite"), "\(error)")
        }
        try AtomicFile.write("1,nan\n3,4\n", to: dir.file("nan.csv"))
        XCTAssertThrowsError(try MatrixFile.load(dir.file("nan.csv"))) { error in
            XCTAssertTrue("\(error)".contains("value 'nan' is NaN"), "\(error)")
        }
    }

    func testFuzzMatrixFileAndSVD() throws {
        let dir = try TemporaryDirectory()
        let url = dir.file("m.npy")
        let seed = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }")
        Fuzz.run("week-1 matrix .npy + SVD", seeds: [seed], tokens: ["<f8", "<f4", "<i8", ">f8", "True", "False"]) { bytes -> Int in
            try AtomicFile.write(bytes, to: url)
            let m = try MatrixFile.load(url)
            guard m.rows * m.columns <= 4096 else { return 0 }
            let svd = try SVD(m)
            return svd.singularValues.count
        }
    }
}
