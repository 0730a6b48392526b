import XCTest
@testable import Week10AdvancedRAG

final class SmokeTests: XCTestCase {
    func testPlaceholderBuilds() { XCTAssertEqual(BM25Tokenizer.tokens("The JSON module"), ["json", "module"]) }
}
