// The tiny synthetic corpus every capstone test uses: five reST files in a temporary folder, and
// labelled questions whose answers sit in exactly one file each.

import Foundation
import TestSupport
import Week10AdvancedRAG
import Week12Capstone

enum TinyCorpus {
    static let files: [String: String] = [
        "library/json.rst.txt": """
        :mod:`json` --- JSON encoder and decoder
        ========================================

        The json module serialises Python objects to JSON text and parses JSON documents back.

        Pretty printing
        ---------------

        Pass ``indent=4`` to :func:`json.dumps` to pretty print nested objects with indentation;
        ``sort_keys=True`` gives a stable key order.
        """,
        "library/subprocess.rst.txt": """
        :mod:`subprocess` --- Subprocess management
        ===========================================

        The subprocess module spawns new processes and connects to their pipes.

        Running a command
        -----------------

        Call :func:`subprocess.run` with ``capture_output=True`` to run a shell command and capture
        its standard output and standard error as bytes.
        """,
        "library/zipfile.rst.txt": """
        :mod:`zipfile` --- Work with ZIP archives
        =========================================

        The zipfile module creates, reads, writes and lists ZIP archive files, compressed with deflate.
        """,
        "library/datetime.rst.txt": """
        :mod:`datetime` --- Basic date and time types
        =============================================

        Format a date as text with :meth:`datetime.strftime` and parse a date string with strptime;
        timezone aware objects carry a tzinfo.
        """,
        "tutorial/errors.rst.txt": """
        Errors and Exceptions
        =====================

        Handle an exception with try and except clauses, and raise your own exception classes.
        """,
    ]

    /// Week 10's question-file format, parsed by week 10's parser.
    static let questionLines = """
    {"question": "How do I pretty print JSON with indentation?", "relevant": ["library/json.rst.txt"]}
    {"question": "How can I run a shell command and capture its output?", "relevant": ["library/subprocess.rst.txt"]}
    {"question": "How do I create a ZIP archive?", "relevant": ["library/zipfile.rst.txt"]}
    {"question": "How do I format a date with strftime?", "relevant": ["library/datetime.rst.txt"]}
    {"question": "How do I handle an exception with try and except?", "relevant": ["tutorial/errors.rst.txt"]}
    """

    static var questions: [LabelledQuestion] { try! QuestionSet.parse(questionLines, path: "tiny.jsonl") }

    static func write(into folder: URL) throws {
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    /// A corpus folder and an index folder inside one temporary directory.
    static func make() throws -> (temporary: TemporaryDirectory, docs: URL, index: URL) {
        let temporary = try TemporaryDirectory()
        let docs = temporary.url.appendingPathComponent("docs", isDirectory: true)
        try write(into: docs)
        return (temporary, docs, temporary.url.appendingPathComponent("index", isDirectory: true))
    }
}

/// Week 10's hashing embedder, counting what it embeds (to check what a rebuild re-embeds).
final class CountingEmbedder: TextEmbedder, @unchecked Sendable {
    let inner = HashingEmbedder(dimension: 64)
    var embedded = 0
    var identity: String { inner.identity }
    var dimension: Int { inner.dimension }
    func embed(_ texts: [String]) throws -> [[Float]] {
        embedded += texts.count
        return try inner.embed(texts)
    }
    func tokenCount(_ text: String) -> Int { inner.tokenCount(text) }
}
