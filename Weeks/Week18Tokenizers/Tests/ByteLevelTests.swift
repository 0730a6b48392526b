import XCTest
@testable import Week18Tokenizers

final class ByteLevelTests: XCTestCase {
    /// GPT-2's bytes_to_unicode: space is U+0120 "Ġ", newline U+010A "Ċ", "!" itself.
    func testKnownCharactersOfTheTable() {
        XCTAssertEqual(ByteLevel.byteToScalar[0x20], "\u{120}")
        XCTAssertEqual(ByteLevel.byteToScalar[0x0A], "\u{10A}")
        XCTAssertEqual(ByteLevel.byteToScalar[0x21], "!")
        XCTAssertEqual(Set(ByteLevel.byteToScalar).count, 256)
        XCTAssertEqual(ByteLevel.decode(ByteLevel.encode(Array(0...255))), Array(0...255))
    }
}
