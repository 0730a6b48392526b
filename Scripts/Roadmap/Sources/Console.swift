// Where `roadmap` writes and reads: the real terminal in the executable, in-memory buffers in
// the tests. Everything the verbs print goes through here.

import Foundation

public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    private let sink: (@Sendable (String) -> Void)?

    /// Writes through to a file handle (stdout or stderr).
    public init(handle: FileHandle) {
        sink = { text in handle.write(Data(text.utf8)) }
    }

    /// Collects the text; read it back with `text`.
    public init() {
        sink = nil
    }

    public func write(_ text: String) {
        if let sink { sink(text); return }
        lock.lock()
        buffer += text
        lock.unlock()
    }

    public func line(_ text: String = "") {
        write(text + "\n")
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }
}
