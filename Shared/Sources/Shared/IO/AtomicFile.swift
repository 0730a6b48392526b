// Atomic file writes: write a temporary file in the same folder, flush it to disk, then rename it
// over the destination. A crash at any moment leaves either the old file or the new one, never a
// half-written file. Parent folders are created as needed.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw DataFileError.unreadable(path: temporary.path, reason: "cannot create (\(String(cString: strerror(errno))))")
        }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok else {
            unlink(temporary.path)
            throw DataFileError.unreadable(path: url.path, reason: "write failed (\(String(cString: strerror(errno))))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw DataFileError.unreadable(path: url.path, reason: "rename failed (\(String(cString: strerror(errno))))")
        }
        let dirFD = open(directory.path, O_RDONLY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    public static func write(_ text: String, to url: URL) throws {
        try write(Array(text.utf8), to: url)
    }
}
