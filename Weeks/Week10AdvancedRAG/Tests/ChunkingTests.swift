// Headings in the reST underline styles, inline markup removal, and the three chunkers' sizes.

import Foundation
import XCTest
@testable import Week10AdvancedRAG

final class ChunkingTests: XCTestCase {
    let doc = """
    .. _top-label:

    ==========
    The Title
    ==========

    Intro paragraph with :func:`json.dumps` and ``literal`` text.

    First Section
    =============

    Body of the first section.

    A subsection
    ------------

    .. index:: single: hidden entry
       pair: also; hidden

    Sub body with *emphasis* and **strong** words, see :ref:`the guide <guide-label>`.

    Another Section
    ===============

    Last words.
    """

    func testHeadingsAndLevelsForUnderlineAndOverlineStyles() {
        let lines = doc.split(separator: "\n", omittingEmptySubsequences: false)
        let headings = ReST.headings(lines)
        XCTAssertEqual(headings.map(\.title), ["The Title", "First Section", "A subsection", "Another Section"])
        // "=" with overline, "=" underline only, "-" underline: three styles → levels 1, 2, 3.
        XCTAssertEqual(headings.map(\.level), [1, 2, 3, 2])
        XCTAssertEqual(headings.map(\.span), [3, 2, 2, 2])
        // Other underline characters count too; a short underline is not a heading.
        let more = "Tilde title\n~~~~~~~~~~~\n\nCaret\n^^^^^\n\nToo long a title\n~~~\n"
        XCTAssertEqual(ReST.headings(more.split(separator: "\n", omittingEmptySubsequences: false)).map(\.title), ["Tilde title", "Caret"])
    }

    func testParagraphsCarrySectionPathsAndDropMarkup() {
        let paragraphs = Chunker.paragraphs(doc)
        XCTAssertEqual(paragraphs.map(\.text), [
            "Intro paragraph with json.dumps and literal text.",
            "Body of the first section.",
            "Sub body with emphasis and strong words, see the guide.",
            "Last words.",
        ])
        XCTAssertEqual(paragraphs.map(\.section), [
            ["The Title"], ["The Title", "First Section"], ["The Title", "First Section", "A subsection"],
            ["The Title", "Another Section"],
        ])
        XCTAssertEqual(paragraphs.map(\.line), [7, 12, 20, 25])
    }

    func testInlineCleaning() {
        XCTAssertEqual(ReST.cleanInline(":meth:`~str.split` and :pep:`8`, `docs <https://x.y>`_"), "str.split and PEP 8, docs")
        XCTAssertEqual(ReST.cleanInline("f(*args, **kwargs) and 2 * 3"), "f(*args, **kwargs) and 2 * 3")
        XCTAssertEqual(ReST.cleanLine("   .. versionadded:: 3.9"), "New in version 3.9.")
        XCTAssertEqual(ReST.cleanLine(".. function:: dumps(obj, *, indent=None)"), "dumps(obj, *, indent=None)")
        XCTAssertNil(ReST.cleanLine(".. index:: single: x"))
        XCTAssertEqual(ReST.sentences("See e.g. the docs. Then run it! Is 3.5 ok? yes."), ["See e.g. the docs.", "Then run it!", "Is 3.5 ok? yes."])
    }

    func testStructureChunksStayInsideSections() {
        let chunks = Chunker.chunk(SourceDocument(path: "t.rst", text: doc), config: ChunkerConfig(kind: .structure, maxWords: 50))
        XCTAssertEqual(chunks.count, 4)
        XCTAssertEqual(chunks[2].heading, "The Title > First Section > A subsection")
        XCTAssertEqual(chunks[2].indexedText, "The Title > First Section > A subsection. Sub body with emphasis and strong words, see the guide.")
        XCTAssertEqual(chunks.map(\.id), [0, 1, 2, 3])
    }

    /// 25 words, windows of 10 overlapping by 3: starts 0, 7, 14, 21 → 4 chunks of 10, 10, 10, 4 words,
    /// each sharing exactly 3 words with the next.
    func testFixedWindowsOverlap() {
        let words = (1...25).map { "w\($0)" }
        let chunks = Chunker.chunk(SourceDocument(path: "f.txt", text: words.joined(separator: " ")),
                                   config: ChunkerConfig(kind: .fixed, maxWords: 10, overlapWords: 3))
        let pieces = chunks.map { $0.text.split(separator: " ").map(String.init) }
        XCTAssertEqual(pieces.map(\.count), [10, 10, 10, 4])
        XCTAssertEqual(pieces.map { $0[0] }, ["w1", "w8", "w15", "w22"])
        for i in 0..<(pieces.count - 1) { XCTAssertEqual(Array(pieces[i].suffix(3)), Array(pieces[i + 1].prefix(3))) }
        XCTAssertTrue(chunks.allSatisfy { $0.section.isEmpty })
    }

    /// Sentences of 4, 4, 4 and 6 words, maxWords 9, one sentence of overlap:
    ///   [s1 s2] (8 words) → restart at s2: [s2 s3] (8) → restart at s3? s3 + s4 = 10 > 9 leaves no
    ///   room for s4, so the overlap is dropped there: [s4].
    func testSentenceChunksKeepWholeSentencesWithOverlap() {
        let text = "One two three four. Five six seven eight. Nine ten eleven twelve. Thirteen a b c d fourteen."
        let chunks = Chunker.chunk(SourceDocument(path: "s.txt", text: text),
                                   config: ChunkerConfig(kind: .sentence, maxWords: 9, overlapSentences: 1))
        XCTAssertEqual(chunks.map(\.text), [
            "One two three four. Five six seven eight.",
            "Five six seven eight. Nine ten eleven twelve.",
            "Thirteen a b c d fourteen.",
        ])
        XCTAssertTrue(chunks.allSatisfy { $0.text.split(separator: " ").count <= 9 })
    }
}
