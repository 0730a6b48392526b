// The NEWS parser on a hand-written excerpt (entries counted by hand), and the release-based
// split: newest releases held out, no release, issue or text on both sides, leaks counted.

import Foundation
import XCTest
import Week19Pretraining

final class NewsSplitTests: XCTestCase {
    /// Three releases, newest first as in NEWS; "bpo-11" is a backport of a 3.1 fix into 3.3.
    static let excerpt = """
    +++++++++++
    Python News
    +++++++++++

    What's New in Python 3.3 final?
    ===============================

    Library
    -------

    - gh-issue-30: Fix the ``json`` module's
      handling of NaN.

    - bpo-11: Backported fix for sockets.

    Tests
    -----

    - gh-issue-31: Add tests for json.


    What's New in Python 3.2 final?
    ===============================

    Library
    -------

    - bpo-20: Make shutil faster.
    - bpo-21: Fix a crash in zipfile.

    Documentation
    -------------

    - Document the new API.


    What's New in Python 3.1 final?
    ===============================

    Library
    -------

    - bpo-11: Fix for sockets.

    Tests
    -----

    - bpo-12: Test zipfile.
    """

    func testParserFindsEveryEntryWithReleaseSectionIssue() {
        let entries = NewsParser.parse(Self.excerpt)
        XCTAssertEqual(entries.count, 8)
        XCTAssertEqual(entries[0], NewsEntry(release: "3.3 final", section: "Library", issue: "gh-issue-30",
                                             text: "Fix the ``json`` module's handling of NaN."))
        XCTAssertEqual(entries.map(\.section), ["Library", "Library", "Tests", "Library", "Library", "Documentation", "Library", "Tests"])
        XCTAssertEqual(entries[5].issue, "")
        XCTAssertEqual(entries[5].text, "Document the new API.")
        XCTAssertEqual(Set(entries.map(\.release)), ["3.3 final", "3.2 final", "3.1 final"])
    }

    func testNewestReleasesAreHeldOutAndLeaksDropped() {
        // 8 entries, fraction 0.25: the first release (3.3, 3 entries) already holds ≥ 2 → held out alone.
        let split = NewsSplit.make(NewsParser.parse(Self.excerpt), heldOutFraction: 0.25, minimumPerClass: 1)
        XCTAssertEqual(split.heldOutReleases, ["3.3 final"])
        XCTAssertEqual(split.droppedAsLeaks, 1)  // bpo-11 is also in 3.1's training entries
        XCTAssertEqual(split.heldOut.map(\.issue), ["gh-issue-30", "gh-issue-31"])
        XCTAssertEqual(split.train.count, 5)
        XCTAssertEqual(split.classes, ["Library", "Tests", "Documentation"])  // 5, 2, 1 entries
        XCTAssertEqual(split.heldOutLabels, [0, 1])
        assertNoOverlap(split)
    }

    func testSplitOfTheRealFileHasNoOverlap() throws {
        let entries: [NewsEntry]
        do { entries = try NewsParser.loadDataset() } catch { throw XCTSkip("Datasets/python-news missing: \(error)") }
        XCTAssertEqual(entries.count, 10_017)  // python3 re-implementation of the same rules, see README
        let split = NewsSplit.make(entries, heldOutFraction: 0.2, minimumPerClass: 100)
        XCTAssertEqual(split.classes.count, 10)
        XCTAssertEqual(split.heldOutReleases.first, "3.11.2 final")
        assertNoOverlap(split)
        let again = NewsSplit.make(entries, heldOutFraction: 0.2, minimumPerClass: 100)
        XCTAssertEqual(again.heldOut, split.heldOut)
        XCTAssertEqual(again.train, split.train)
    }

    func testLimitedKeepsLabelsWithTheirEntries() {
        let split = NewsSplit.make(NewsParser.parse(Self.excerpt), heldOutFraction: 0.25, minimumPerClass: 1)
        let small = split.limited(train: 3, heldOut: 1, seed: 4)
        XCTAssertEqual(small.train.count, 3)
        XCTAssertEqual(small.heldOut.count, 1)
        for (entry, label) in zip(small.train, small.trainLabels) { XCTAssertEqual(small.classes[label], entry.section) }
        for entry in small.train { XCTAssertTrue(split.train.contains(entry)) }
    }

    func assertNoOverlap(_ split: NewsSplit, file: StaticString = #filePath, line: UInt = #line) {
        let trainReleases = Set(split.train.map(\.release)), heldReleases = Set(split.heldOut.map(\.release))
        XCTAssertTrue(trainReleases.isDisjoint(with: heldReleases), "releases on both sides", file: file, line: line)
        let trainIssues = Set(split.train.map(\.issue).filter { !$0.isEmpty })
        XCTAssertTrue(trainIssues.isDisjoint(with: split.heldOut.map(\.issue)), "issues on both sides", file: file, line: line)
        let trainTexts = Set(split.train.map { NewsSplit.normalized($0.text) })
        XCTAssertTrue(trainTexts.isDisjoint(with: split.heldOut.map { NewsSplit.normalized($0.text) }), "texts on both sides", file: file, line: line)
        for (entry, label) in zip(split.heldOut, split.heldOutLabels) { XCTAssertEqual(split.classes[label], entry.section, file: file, line: line) }
    }
}
