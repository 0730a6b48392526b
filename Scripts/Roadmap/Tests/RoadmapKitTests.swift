import XCTest
@testable import RoadmapKit
final class RoadmapKitTests: XCTestCase { func testNothingYet() { XCTAssertEqual(1, 1) } }
