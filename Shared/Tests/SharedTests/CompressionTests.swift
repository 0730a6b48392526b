// gzip/zlib decompression against files written by Python's gzip and zlib modules
// (Fixtures/make_fixtures.py), and against the real Fashion-MNIST archive.

import Shared
import TestSupport
import XCTest

final class CompressionTests: XCTestCase {
    let text = Array((String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 40)
        + String(repeating: "0123456789", count: 30)).utf8)

    func testGzipStoredFixedAndDynamicBlocks() throws {
        for name in ["text-level0.gz", "text-level1.gz", "text-level9.gz"] {
            let bytes = try FileIO.readBytes(Fixtures.url(name))
            XCTAssertEqual(try Gzip.decompress(bytes), text, name)
        }
        let short = try Gzip.decompress(FileIO.readBytes(Fixtures.url("short-fixed.gz")))
        XCTAssertEqual(String(decoding: short, as: UTF8.self), "abcabcabcabc hello hello")
        // make_fixtures.py printed crc32 0xc9dd85bf for the text.
        XCTAssertEqual(CRC32.checksum(text), 0xC9DD_85BF)
    }

    func testZlibAndStoredEncoderRoundTrip() throws {
        XCTAssertEqual(try Zlib.decompress(FileIO.readBytes(Fixtures.url("text.zlib"))), text)
        var rng = SplitMix64(seed: 3)
        let random = (0..<150_000).map { _ in UInt8(rng.nextInt(below: 256)) }  // > 2 stored blocks
        XCTAssertEqual(try Zlib.decompress(Deflate.storedZlib(random)), random)
        XCTAssertEqual(try Zlib.decompress(Deflate.storedZlib([])), [])
    }

    func testCorruptAndTruncatedInputAreErrors() throws {
        var bytes = try FileIO.readBytes(Fixtures.url("text-level9.gz"))
        XCTAssertThrowsError(try Gzip.decompress(Array(bytes.prefix(bytes.count - 12)))) { error in
            XCTAssertEqual(error as? InflateError, .truncated)
        }
        bytes[bytes.count - 6] ^= 0xFF  // inside the stored CRC-32
        XCTAssertThrowsError(try Gzip.decompress(bytes)) { error in
            guard case .checksumMismatch = error as? InflateError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Gzip.decompress([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]))
        XCTAssertThrowsError(try Gzip.decompress(Array("not gzip at all, really".utf8)))
    }

    func testFashionMNISTArchiveDecompressesWithValidChecksum() throws {
        let dir = try Fixtures.require(.fashionMNIST)
        let images = try IDX.read(dir.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
        XCTAssertEqual(images.shape, [10000, 28, 28])
        // numpy: a = frombuffer(gzip.open(...).read()[16:], uint8); a[:784].sum(), a.sum()
        //        → 33456 573469082
        XCTAssertEqual(images.bytes.prefix(784).reduce(0) { $0 + Int($1) }, 33456)
        XCTAssertEqual(images.bytes.reduce(0) { $0 + Int($1) }, 573_469_082)
        let test = try ImageDatasets.loadTest()
        XCTAssertEqual(Array(test.labels.prefix(10)), [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
        XCTAssertEqual(test.images.shape, [10000, 784])
        XCTAssertEqual(test.images.storage.max(), 1)
    }
}
