// The corpus: NEWS cut into releases at their headings (a hand-made file), and held-out documents
// disjoint from the training ones.

import Foundation
import Shared
import TestSupport
import Week17TinyGPT
import XCTest

final class CorpusTests: XCTestCase {
    func testNewsIsCutIntoReleasesAtTheirHeadings() {
        let text = "+++\nPython News\n+++\n\nWhat's New in Python 3.11.2?\n===\n- fix a\n\nWhat's New in Python 3.11.1?\n===\n- fix b\n  What's New in Python (indented: not a heading)\n"
        let releases = PythonCorpus.releases(Array(text.utf8), name: "NEWS")
        XCTAssertEqual(releases.map(\.name), ["NEWS/0001", "NEWS/0002"])
        XCTAssertEqual(String(decoding: releases[0].text, as: UTF8.self), "+++\nPython News\n+++\n\nWhat's New in Python 3.11.2?\n===\n- fix a\n\n")
        XCTAssertTrue(String(decoding: releases[1].text, as: UTF8.self).hasPrefix("What's New in Python 3.11.1?"))
        XCTAssertEqual(releases.flatMap(\.text), Array(text.utf8), "nothing lost, nothing repeated")
        XCTAssertEqual(PythonCorpus.releases(Array("no headings\n".utf8), name: "X").count, 1)
    }

    func testHeldOutReleasesAreNotInTraining() throws {
        _ = try Fixtures.require(.pythonNews)
        let split = try PythonCorpus.split(sections: [], newsFiles: ["NEWS"], holdOutEvery: 10)
        XCTAssertGreaterThan(split.heldOutDocuments, 5)
        XCTAssertEqual(split.trainDocuments + split.heldOutDocuments, 95)
        let train = String(decoding: split.train, as: UTF8.self), heldOut = String(decoding: split.heldOut, as: UTF8.self)
        let headings = heldOut.split(separator: "\n").filter { $0.hasPrefix("What's New in Python") }
        XCTAssertEqual(headings.count, split.heldOutDocuments)
        for heading in headings { XCTAssertFalse(train.contains(heading + "\n"), "\(heading) is held out") }
    }
}
