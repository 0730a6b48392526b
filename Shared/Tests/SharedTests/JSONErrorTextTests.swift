// JSONErrorText on each DecodingError JSONDecoder really throws, against the line written by hand.

import Foundation
@testable import Shared
import XCTest

final class JSONErrorTextTests: XCTestCase {
    struct Item: Decodable { let size: Int }
    struct File: Decodable { let format: String; let items: [Item] }

    func message(_ json: String) -> String {
        do {
            _ = try JSONDecoder().decode(File.self, from: Data(json.utf8))
            return "decoded"
        } catch {
            return JSONErrorText.describe(error)
        }
    }

    func testEachDecodingFailureIsOneLineNamingWhere() {
        XCTAssertEqual(message("{\"items\": []}"), "missing key 'format'")
        XCTAssertEqual(message("{\"format\": \"v1\", \"items\": [{\"size\": 1}, {\"size\": \"big\"}]}"), "items[1].size: expected a number")
        XCTAssertEqual(message("{\"format\": null, \"items\": []}"), "format: is null, expected a string")
        XCTAssertEqual(message("{\"format\": \"v1\", \"items\": {}}"), "items: expected an array")
        XCTAssertEqual(message("{bad"), "not valid JSON")
        XCTAssertEqual(message("{\"format\": \"v1\", \"items\": [{\"size\": 1}]}"), "decoded")
    }

    func testOtherErrorsKeepTheirOwnTextOnOneLine() {
        XCTAssertEqual(JSONErrorText.describe(DataFileError.missing(path: "a\nb")), "a\\nb: file not found")
    }
}
