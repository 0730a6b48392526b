// Shared's readers under TestSupport's fuzz harness: each seed is a valid file (committed fixtures
// or one built here), mutated thousands of times; every case must end in a value or a one-line
// thrown error, within the harness's time bound. The counts are printed for the log.

import Foundation
@testable import Shared
import TestSupport
import XCTest

final class ReaderFuzzTests: XCTestCase {
    static let npyTokens = ["<f4", "<f8", ">f8", "<f2", "<i8", "|u1", "|b1", "<u8", ">i4", "<c16", "|O", "True", "False"]

    func testFuzzNPY() throws {
        let seeds = try ["f4.npy", "f8-fortran.npy", "f8-big-endian.npy", "i8.npy", "u1.npy", "f2.npy", "scalar-1d.npy"]
            .map { try FileIO.readBytes(Fixtures.url($0)) }
        let report = Fuzz.run("NPY", seeds: seeds, tokens: Self.npyTokens) { bytes in
            try NPY.decode(bytes, path: "fuzz.npy", as: Double.self) { $0 }
        }
        XCTAssertGreaterThan(report.errors, 0, "mutations that break the header must be reported")
    }

    func testFuzzSafetensors() throws {
        let seed = try FileIO.readBytes(Fixtures.url("mixed.safetensors"))
        let tokens = ["F32", "F64", "F16", "BF16", "I64", "I32", "I8", "U8", "BOOL", "shape", "data_offsets", "dtype"]
        let report = Fuzz.run("safetensors", seeds: [seed], tokens: tokens) { bytes -> Int in
            let file = try Safetensors.parse(bytes, path: "fuzz.safetensors")
            var total = 0
            for name in file.names {
                let entry = file.entries[name]!
                if ["F32", "F64", "F16", "BF16"].contains(entry.dtype) { total += try file.tensor(name).count } else { total += try file.ints(name).count }
            }
            return total
        }
        XCTAssertGreaterThan(report.errors, 0)
    }

    func testFuzzIDX() throws {
        // 2 images of 3×2 and 4 labels.
        let images: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 2] + (0..<12).map { UInt8($0 * 20) }
        let labels: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 4, 3, 1, 4, 1]
        Fuzz.run("IDX", seeds: [images, labels]) { bytes in try IDX.parse(bytes, path: "fuzz.idx").bytes.count }
    }

    func testFuzzGzipAndZlib() throws {
        let gz = try ["text-level0.gz", "text-level1.gz", "text-level9.gz", "short-fixed.gz"].map { try FileIO.readBytes(Fixtures.url($0)) }
        Fuzz.run("gzip", seeds: gz) { bytes in try Gzip.decompress(bytes).count }
        let zlib = try FileIO.readBytes(Fixtures.url("text.zlib"))
        Fuzz.run("zlib", seeds: [zlib, Deflate.storedZlib(Array("stored block".utf8))]) { bytes in try Zlib.decompress(bytes).count }
    }

    func testFuzzCSV() throws {
        let seeds = ["a,b,label\n1,2.5,x\n-3,4e2,y\n5,\"6\",x\n", "name;value\n\"Smith, J\";1\n\"O\"\"Neil\";2\n",
                     "1 2 3\n4 5 6\n", "x,y\n1,2\r\n3,4\r\n"].map { Array($0.utf8) }
        Fuzz.run("CSV", seeds: seeds, tokens: [",", ";", "\"", "\n", "nan", "1e999999"]) { bytes -> Int in
            let table = try CSV.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.csv")
            let numeric = (0..<table.columnCount).filter { table.isNumeric(column: $0) }
            let matrix = try table.numericMatrix(columns: numeric)
            XCTAssertTrue(matrix.values.allSatisfy(\.isFinite), "CSV numbers must be finite")
            return matrix.values.count
        }
    }

    func testFuzzJSONText() throws {
        let seeds = ["{\"a\": [1, 2.5, -3e2], \"b\": {\"c\": \"text\\n\"}, \"d\": null, \"e\": true}", "[1, [2, [3]]]"].map { Array($0.utf8) }
        Fuzz.run("JSON", seeds: seeds) { bytes in try JSONText.parse(Data(bytes), path: "fuzz.json") }
    }
}
