// The reported failures of issue 18, one test each, plus the size and non-finite checks they led
// to: an .npy shape or dtype whose byte count overflows Int (trapped in NPY.read), a safetensors
// shape beyond Int (trapped in Safetensors.parse), and CSV cells that are NaN, infinite or beyond
// Double's range ("1e999999"), which used to load as numbers.

import Foundation
@testable import Shared
import TestSupport
import XCTest

final class BadInputRegressionTests: XCTestCase {
    /// A v1.0 .npy with the given header dictionary text and data bytes.
    func npy(_ dict: String, data: [UInt8]) -> [UInt8] {
        var text = dict
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let n = text.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(text.utf8) + data
    }

    func decode(_ bytes: [UInt8]) throws -> [Double] {
        try NPY.decode(bytes, path: "m.npy", as: Double.self) { $0 }.1
    }

    func testNPYShapeWhoseProductOverflowsIsAnError() {
        // Found by mutating a 3×3 '<f8' file: shape (9223372036854775807, 3) trapped in reduce(1, *).
        let bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 3), }", data: [UInt8](repeating: 0, count: 72))
        XCTAssertThrowsError(try decode(bytes)) { error in
            XCTAssertEqual("\(error)", "m.npy: malformed: shape = [9223372036854775807, 3], expected dimensions ≥ 0 whose product fits in memory")
        }
        // 2^62 · 8 bytes overflows only in the byte count.
        let wide = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }", data: [])
        XCTAssertThrowsError(try decode(wide)) { XCTAssertTrue("\($0)".contains("shape = [4611686018427387904]"), "\($0)") }
    }

    func testNPYAbsurdDtypeSizeIsUnsupported() {
        let bytes = npy("{'descr': '<f9223372036854775807', 'fortran_order': False, 'shape': (3, 3), }", data: [UInt8](repeating: 0, count: 72))
        XCTAssertThrowsError(try decode(bytes)) { error in
            XCTAssertEqual(error as? DataFileError, .unsupported(path: "m.npy", reason: "dtype '<f9223372036854775807'"))
        }
    }

    func testNPYNonFiniteElementsAreRefusedWithTheirIndex() {
        var data: [UInt8] = []
        for v in [1.0, 2.0, 3.0, Double.nan, 5.0, 6.0] { withUnsafeBytes(of: v.bitPattern.littleEndian) { data += $0 } }
        let bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", data: data)
        XCTAssertThrowsError(try decode(bytes)) { XCTAssertTrue("\($0)".contains("element [1, 0] is nan"), "\($0)") }
        // The same storage read in Fortran order: flat position 3 is row 1, column 1 of a 2×3 array.
        let fortran = npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", data: data)
        XCTAssertThrowsError(try decode(fortran)) { XCTAssertTrue("\($0)".contains("element [1, 1] is nan"), "\($0)") }
        // Integers have no NaN: the same shape of i8 reads.
        let ints = npy("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }", data: data)
        XCTAssertEqual(try decode(ints).count, 6)
    }

    func testSafetensorsShapeBeyondIntIsAnError() throws {
        // Found by mutating GPT-2's header: "shape":[64,99999999999999999999] trapped in NSNumber.intValue.
        let header = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[64,99999999999999999999],\"data_offsets\":[0,8]}}".utf8)
        var bytes: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
        bytes += header + [UInt8](repeating: 0, count: 8)
        XCTAssertThrowsError(try Safetensors.parse(bytes, path: "m.safetensors")) { error in
            XCTAssertTrue("\(error)".hasPrefix("m.safetensors: malformed: tensor 'w' shape = "), "\(error)")
        }
        // A product that overflows: 2^32 · 2^32 elements.
        let product = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}".utf8)
        bytes = (0..<8).map { UInt8(truncatingIfNeeded: product.count >> (8 * $0)) } + product + [UInt8](repeating: 0, count: 8)
        XCTAssertThrowsError(try Safetensors.parse(bytes, path: "m.safetensors")) {
            XCTAssertTrue("\($0)".contains("whose product fits"), "\($0)")
        }
        // A fractional offset is not an offset.
        let fraction = Array("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0.5,8]}}".utf8)
        bytes = (0..<8).map { UInt8(truncatingIfNeeded: fraction.count >> (8 * $0)) } + fraction + [UInt8](repeating: 0, count: 8)
        XCTAssertThrowsError(try Safetensors.parse(bytes, path: "m.safetensors"))
    }

    func testSafetensorsNonFiniteWeightIsRefused() throws {
        let dir = try TemporaryDirectory()
        try Safetensors.write(["w": try Tensor(shape: [3], storage: [1, .infinity, 2])], to: dir.file("w.safetensors"))
        let file = try Safetensors.read(dir.file("w.safetensors"))
        XCTAssertThrowsError(try file.tensor("w")) { XCTAssertTrue("\($0)".contains("tensor 'w' element 1 is inf"), "\($0)") }
    }

    func testCSVNonFiniteAndOutOfRangeCellsAreNotNumbers() throws {
        // The reported rows: a nan/inf row made week 3's logistic regression run forever, and
        // 1e999999 (Swift's Double(_:) says +inf) was taken as a number.
        let table = try CSV.parse("a,b,y\n1,2,0\nnan,3,1\n4,inf,0\n5,1e999999,1\n", path: "t.csv")
        XCTAssertNil(CSV.number("nan"))
        XCTAssertNil(CSV.number("-inf"))
        XCTAssertNil(CSV.number("1e999999"))
        XCTAssertEqual(CSV.number("1e308"), 1e308)
        XCTAssertThrowsError(try table.numericMatrix()) { error in
            XCTAssertEqual("\(error)", "t.csv: malformed: line 3: column 'a' value 'nan' is NaN (not accepted)")
        }
        XCTAssertThrowsError(try table.numericColumn(1)) { error in
            XCTAssertEqual("\(error)", "t.csv: malformed: line 4: column 'b' value 'inf' is infinite or beyond Double's range (not accepted)")
        }
        XCTAssertEqual(table.strayText(column: 1)?.line, 4)
        XCTAssertEqual(table.strayText(column: 1)?.value, "inf")
        XCTAssertNil(table.strayText(column: 2), "a fully numeric column has no stray cell")
    }

    func testIDXExtentsWhoseProductOverflowsAreAnError() {
        // rank 4, every extent 0xFFFFFFFF: the product overflows Int.
        let bytes: [UInt8] = [0, 0, 8, 4] + [UInt8](repeating: 0xFF, count: 16) + [1, 2, 3]
        XCTAssertThrowsError(try IDX.parse(bytes, path: "x.idx")) { error in
            XCTAssertTrue("\(error)".contains("needs more than 2^63 bytes, file has 3"), "\(error)")
        }
    }

    func testGzipTrailerSizeDoesNotReserveGigabytes() throws {
        // A valid member whose stored size field says 4 GiB: an error (size mismatch), quickly.
        var bytes = try FileIO.readBytes(Fixtures.url("short-fixed.gz"))
        for i in 1...4 { bytes[bytes.count - i] = 0xFF }
        XCTAssertThrowsError(try Gzip.decompress(bytes)) { XCTAssertEqual($0 as? InflateError, .sizeMismatch) }
    }

    func testExactIntTellsWholeNumbersFromBooleansAndHugeValues() throws {
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(
            "{\"one\": 1, \"zero\": 0, \"yes\": true, \"big\": 1e300, \"digits\": 99999999999999999999, \"half\": 2.5, \"two\": 2.0, \"text\": \"3\"}".utf8)) as? [String: Any])
        XCTAssertEqual(JSONText.exactInt(object["one"]), 1)
        XCTAssertEqual(JSONText.exactInt(object["zero"]), 0)
        XCTAssertEqual(JSONText.exactInt(object["two"]), 2)
        for key in ["yes", "big", "digits", "half", "text", "absent"] { XCTAssertNil(JSONText.exactInt(object[key]), key) }
    }
}
