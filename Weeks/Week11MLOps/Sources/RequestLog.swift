// Structured request logs: one JSON object per line, per request, so `jq`, Loki or a grep can
// read them without a parser for a human format:
//
//   {"ts": "2026-11-22T03:41:07.512Z", "method": "POST", "path": "/predict", "status": 200, "duration_ms": 0.41, "bytes": 176}
//
// `bytes` is the response body's size. Lines go to stderr or are appended to a file; a lock keeps
// lines from different worker threads whole.

import Foundation
import Shared
#if canImport(Glibc)
import Glibc
#endif

public final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle
    private let ownsHandle: Bool
    /// Where the lines go ("stderr" or the file's path).
    public let destination: String

    /// Lines to stderr.
    public init() {
        handle = FileHandle.standardError
        ownsHandle = false
        destination = "stderr"
    }

    /// Lines appended to `url` (created if missing).
    public init(appendingTo url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: url.path) {
            FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        guard let h = FileHandle(forWritingAtPath: url.path) else {
            throw SocketError("open", "cannot write the log file \(url.path)")
        }
        h.seekToEndOfFile()
        handle = h
        ownsHandle = true
        destination = url.path
    }

    deinit { if ownsHandle { try? handle.close() } }

    public func record(method: String, path: String, status: Int, seconds: Double, bytes: Int) {
        let line = JSONText.line([("ts", .string(Self.timestamp())), ("method", .string(method)), ("path", .string(path)),
                                  ("status", .int(status)), ("duration_ms", .number((seconds * 1e5).rounded() / 100)),
                                  ("bytes", .int(bytes))])
        lock.lock()
        handle.write(Data((line + "\n").utf8))
        lock.unlock()
    }

    /// UTC, millisecond precision, RFC 3339.
    public static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), now.tv_nsec / 1_000_000)
    }
}
