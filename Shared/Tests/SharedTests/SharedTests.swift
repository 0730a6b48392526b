import XCTest
final class SharedTests: XCTestCase { func testNothingYet() { XCTAssertEqual(1, 1) } }
