// NPY, safetensors, IDX and CSV readers: files written by numpy and by hand from the format
// definitions (Fixtures/make_fixtures.py), round trips, and every malformed case named in the
// error message.

import Foundation
@testable import Shared
import TestSupport
import XCTest

final class FileFormatTests: XCTestCase {
    func testNPYReadsWhatNumpyWrote() throws {
        // np.arange(12, dtype=float32).reshape(3, 4) / 4 - 1
        let f4 = try NPY.readTensor(Fixtures.url("f4.npy"))
        XCTAssertEqual(f4.shape, [3, 4])
        XCTAssertEqual(f4.storage, (0..<12).map { Float($0) / 4 - 1 })
        // Fortran-order 2×3 of arange(6) * 1.5 comes back in C order.
        let fortran = try NPY.readDoubles(Fixtures.url("f8-fortran.npy"))
        XCTAssertEqual(fortran.shape, [2, 3])
        XCTAssertEqual(fortran.values, [0, 1.5, 3, 4.5, 6, 7.5])
        XCTAssertEqual(try NPY.readInts(Fixtures.url("i8.npy")).values, [-3, 0, 7, 1 << 40])
        XCTAssertEqual(try NPY.readInts(Fixtures.url("u1.npy")).values, [0, 255, 128, 1])
        XCTAssertEqual(try NPY.readDoubles(Fixtures.url("f8-big-endian.npy")).values, [1.25, -2.5, 1e300])
        // float16 6e-8 is the subnormal 2^-24 = 5.960464477539063e-08.
        XCTAssertEqual(try NPY.readDoubles(Fixtures.url("f2.npy")).values, [0.5, -1, 65504, 5.960464477539063e-08])
    }

    func testNPYRoundTripAndErrors() throws {
        let dir = try TemporaryDirectory()
        let t = try Tensor(shape: [2, 1, 3], storage: [1, -2, 3.5, 4, 5, 6])
        try NPY.write(t, to: dir.file("t.npy"))
        XCTAssertEqual(try NPY.readTensor(dir.file("t.npy")), t)
        try NPY.writeDoubles([1, 2, 3], shape: [3], to: dir.file("v.npy"))
        let bytes = try FileIO.readBytes(dir.file("v.npy"))
        XCTAssertEqual((bytes.count - 24) % 64, 0, "header padded to 64 bytes")
        XCTAssertEqual(String(decoding: bytes[10..<74], as: UTF8.self).contains("'shape': (3,)"), true)
        try AtomicFile.write(Array(bytes.prefix(bytes.count - 8)), to: dir.file("short.npy"))
        XCTAssertThrowsError(try NPY.readDoubles(dir.file("short.npy"))) { error in
            XCTAssertTrue("\(error)".contains("needs 24 data bytes, file has 16"), "\(error)")
        }
        try AtomicFile.write(Array("hello".utf8), to: dir.file("bad.npy"))
        XCTAssertThrowsError(try NPY.readTensor(dir.file("bad.npy"))) { error in
            XCTAssertTrue("\(error)".contains("not an .npy file"), "\(error)")
        }
        XCTAssertThrowsError(try NPY.readTensor(dir.file("missing.npy"))) { error in
            XCTAssertEqual(error as? DataFileError, .missing(path: dir.file("missing.npy").path))
        }
        var structured = NPY.header(descr: "<f8", shape: [1])
        structured.replaceSubrange(10..<24, with: Array("{'descr': [('a".utf8))
        try AtomicFile.write(structured + [UInt8](repeating: 0, count: 8), to: dir.file("structured.npy"))
        XCTAssertThrowsError(try NPY.readTensor(dir.file("structured.npy")))
    }

    func testSafetensorsReadsHandBuiltFileWithEveryDtype() throws {
        let file = try Safetensors.read(Fixtures.url("mixed.safetensors"))
        XCTAssertEqual(file.names, ["brain", "half", "ids", "weight"])
        XCTAssertEqual(file.metadata, ["format": "pt"])
        XCTAssertEqual(try file.tensor("weight").storage, [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
        XCTAssertEqual(try file.tensor("weight").shape, [2, 3])
        XCTAssertEqual(try file.tensor("half").storage, [0.5, -2, 1024])
        XCTAssertEqual(try file.tensor("brain").storage, [1.5, -3, 0.15625])
        XCTAssertEqual(try file.ints("ids"), [5, -1, 30000])
        XCTAssertThrowsError(try file.tensor("nope"))
    }

    func testSafetensorsRoundTripAndValidation() throws {
        let dir = try TemporaryDirectory()
        let tensors = ["b": Tensor([1, 2]), "a.weight": try Tensor(shape: [2, 2], storage: [1, 2, 3, 4])]
        try Safetensors.write(tensors, metadata: ["note": "hi \"there\""], to: dir.file("m.safetensors"))
        let back = try Safetensors.read(dir.file("m.safetensors"))
        XCTAssertEqual(try back.tensor("a.weight"), tensors["a.weight"])
        XCTAssertEqual(back.metadata["note"], "hi \"there\"")
        func header(_ json: String, data: Int) -> [UInt8] {
            let h = Array(json.utf8)
            var n = UInt64(h.count)
            var out: [UInt8] = []
            for _ in 0..<8 { out.append(UInt8(n & 0xFF)); n >>= 8 }
            return out + h + [UInt8](repeating: 0, count: data)
        }
        let cases: [(String, [UInt8])] = [
            ("exceeds the file size", [200, 0, 0, 0, 0, 0, 0, 0, 123]),
            ("not valid JSON", header("{\"a\": ", data: 0)),
            ("unknown dtype", header("{\"a\": {\"dtype\": \"Q7\", \"shape\": [1], \"data_offsets\": [0, 4]}}", data: 4)),
            ("outside the", header("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}", data: 4)),
            ("needs 12 bytes", header("{\"a\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", data: 8)),
            ("lacks dtype", header("{\"a\": {\"shape\": [3]}}", data: 0)),
            ("shorter than", [1, 2, 3]),
        ]
        for (expected, bytes) in cases {
            XCTAssertThrowsError(try Safetensors.parse(bytes, path: "x.safetensors")) { error in
                XCTAssertTrue("\(error)".contains(expected), "expected '\(expected)' in: \(error)")
            }
        }
    }

    func testIDXRejectsBadHeadersAndSizes() throws {
        let dir = try TemporaryDirectory()
        let good: [UInt8] = [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]
        try AtomicFile.write(good, to: dir.file("ok.idx"))
        let ok = try IDX.read(dir.file("ok.idx"))
        XCTAssertEqual(ok.shape, [2, 3])
        XCTAssertEqual(ok.bytes, [1, 2, 3, 4, 5, 6])
        try AtomicFile.write(Array(good.dropLast()), to: dir.file("short.idx"))
        XCTAssertThrowsError(try IDX.read(dir.file("short.idx"))) { XCTAssertTrue("\($0)".contains("needs 6 bytes, file has 5")) }
        try AtomicFile.write([1, 2, 3, 4, 5], to: dir.file("magic.idx"))
        XCTAssertThrowsError(try IDX.read(dir.file("magic.idx"))) { XCTAssertTrue("\($0)".contains("magic")) }
        try AtomicFile.write([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], to: dir.file("float.idx"))
        XCTAssertThrowsError(try IDX.read(dir.file("float.idx"))) { XCTAssertTrue("\($0)".contains("unsupported")) }
    }

    func testCSVQuotingHeadersAndLineNumbers() throws {
        let text = "name,score,comment\n\"Smith, J\",3.5,\"said \"\"hi\"\"\"\nLee,4,\"two\nlines\"\n\nKim,-1e2,x\n"
        let table = try CSV.parse(text)
        XCTAssertTrue(table.hasHeader)
        XCTAssertEqual(table.header, ["name", "score", "comment"])
        XCTAssertEqual(table.rows.count, 3)
        XCTAssertEqual(table.rows[0], ["Smith, J", "3.5", "said \"hi\""])
        XCTAssertEqual(table.rows[1][2], "two\nlines")
        XCTAssertEqual(table.lineNumbers, [2, 3, 6])
        XCTAssertEqual(try table.numericColumn(1), [3.5, 4, -100])
        XCTAssertFalse(table.isNumeric(column: 0))
        XCTAssertEqual(table.categoricalColumn(0).categories, ["Smith, J", "Lee", "Kim"])
        XCTAssertThrowsError(try table.numericMatrix()) { error in
            XCTAssertTrue("\(error)".contains("line 2: column 'name' value 'Smith, J' is not a number"), "\(error)")
        }
        XCTAssertThrowsError(try table.columnIndex("age"))
        // No header: all-numeric first row.
        let plain = try CSV.parse("1,2\n3,4\n")
        XCTAssertFalse(plain.hasHeader)
        XCTAssertEqual(try plain.numericMatrix().values, [1, 2, 3, 4])
        // Ragged rows and unclosed quotes name the line.
        XCTAssertThrowsError(try CSV.parse("a,b\n1,2\n3\n")) { XCTAssertTrue("\($0)".contains("line 3: 1 fields, expected 2"), "\($0)") }
        XCTAssertThrowsError(try CSV.parse("a,b\n1,\"2\n")) { XCTAssertTrue("\($0)".contains("line 2: quoted field is never closed"), "\($0)") }
        // Semicolons are detected.
        XCTAssertEqual(try CSV.parse("x;y\n1;2\n").header, ["x", "y"])
    }

    func testSklearnCSVFromSetup() throws {
        _ = try Fixtures.require(.sklearn)
        let iris = try CSV.read(try Dataset.sklearn.file("iris.csv"))
        XCTAssertEqual(iris.header.last, "target")
        XCTAssertEqual(iris.rows.count, 150)
        XCTAssertEqual(iris.rows[0], ["5.1", "3.5", "1.4", "0.2", "0"])
    }
}
