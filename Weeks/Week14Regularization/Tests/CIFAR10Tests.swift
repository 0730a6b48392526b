// CIFAR-10's binary batches, on files generated here in the exact format (per record: 1 label
// byte, then 1024 red, 1024 green, 1024 blue bytes, rows top to bottom): labels, pixel order and
// scaling, several training batches concatenated, and the errors for a missing folder, a
// truncated file and a label above 9.

import Foundation
import Shared
import TestSupport
import Week14Regularization
import XCTest

final class CIFAR10Tests: XCTestCase {
    /// Record r: label labels[r]; pixel (c, y, x) = (r·7 + c·50 + y·3 + x) mod 256.
    static func record(_ r: Int, label: UInt8) -> [UInt8] {
        var bytes = [label]
        for c in 0..<3 { for y in 0..<32 { for x in 0..<32 { bytes.append(UInt8((r * 7 + c * 50 + y * 3 + x) % 256)) } } }
        return bytes
    }

    static func write(_ labels: [UInt8], to url: URL, first: Int = 0) throws {
        try Data(labels.enumerated().flatMap { record(first + $0, label: $1) }).write(to: url)
    }

    func testReadsRecordsInCHWOrder() throws {
        let folder = try TemporaryDirectory()
        try Self.write([3, 9, 0], to: folder.file("data_batch_1.bin"))
        let split = try CIFAR10.readBatch(folder.file("data_batch_1.bin"))
        XCTAssertEqual(split.labels, [3, 9, 0])
        XCTAssertEqual(split.images.shape, [3, 3072])
        // record 1, green (c = 1), y = 2, x = 5 → index 1·1024 + 2·32 + 5; value (7 + 50 + 6 + 5) / 255
        XCTAssertEqual(split.images.storage[3072 + 1024 + 64 + 5], Float(68) / 255)
        XCTAssertEqual(split.images.storage[0], 0)
        XCTAssertEqual(split.images.storage[2 * 3072 + 2 * 1024 + 31 * 32 + 31], Float((14 + 100 + 93 + 31) % 256) / 255)
    }

    func testLoadsEveryTrainingBatchPresentAndTheTestBatch() throws {
        let folder = try TemporaryDirectory()
        try Self.write([1, 2], to: folder.file("data_batch_1.bin"))
        try Self.write([3], to: folder.file("data_batch_2.bin"), first: 2)
        try Self.write([4, 5, 6], to: folder.file("test_batch.bin"))
        let (train, test) = try CIFAR10.load(from: folder.url)
        XCTAssertEqual(train.labels, [1, 2, 3])
        XCTAssertEqual(train.images.shape, [3, 3072])
        XCTAssertEqual(train.images.storage[2 * 3072 + 1], Float(15) / 255, "batch 2's record continues the rows")
        XCTAssertEqual(test.labels, [4, 5, 6])
    }

    func testBadFilesAreOneLineErrors() throws {
        let folder = try TemporaryDirectory()
        XCTAssertThrowsError(try CIFAR10.load(from: folder.url)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("data_batch_1.bin") && message.contains("put CIFAR-10's binary batches"), message)
            XCTAssertFalse(message.contains("\n"))
        }
        try Data(Self.record(0, label: 1).dropLast()).write(to: folder.file("data_batch_1.bin"))
        XCTAssertThrowsError(try CIFAR10.readBatch(folder.file("data_batch_1.bin"))) { error in
            XCTAssertTrue("\(error)".contains("not a whole number of 3073-byte records"), "\(error)")
        }
        try Self.write([1, 12], to: folder.file("data_batch_1.bin"))
        XCTAssertThrowsError(try CIFAR10.readBatch(folder.file("data_batch_1.bin"))) { error in
            XCTAssertTrue("\(error)".contains("record 1 has label 12"), "\(error)")
        }
    }
}
