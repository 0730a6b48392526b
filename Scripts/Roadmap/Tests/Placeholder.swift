import XCTest
@testable import RoadmapKit
final class PlaceholderTests: XCTestCase { func testNothing() {} }
