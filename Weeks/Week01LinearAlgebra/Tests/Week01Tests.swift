import XCTest
final class Week01Tests: XCTestCase { func testNothingYet() { XCTAssertEqual(1, 1) } }
