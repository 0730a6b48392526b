// Writing a file so that a crash or a kill at any instant leaves either the old or the new
// contents, never a mix: write a temporary file beside it, fsync it, rename it over the target
// (rename(2) is atomic within a file system), then fsync the directory so the rename itself is
// durable.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum AtomicFile {
    /// - Parameter pauseMidWrite: microseconds to sleep after writing half the data. A test hook
    ///   (env ROADMAP_TEST_WRITE_PAUSE_US) that widens the window a kill can land in.
    public static func write(_ data: Data, to url: URL, pauseMidWrite: UInt32 = 0) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError(temporary, "cannot create") }
        var closed = false
        defer {
            if !closed { close(fd) }
        }
        do {
            let bytes = [UInt8](data)
            let half = bytes.count / 2
            try writeAll(fd, bytes[0..<half], temporary)
            if pauseMidWrite > 0 { usleep(pauseMidWrite) }
            try writeAll(fd, bytes[half...], temporary)
            guard fsync(fd) == 0 else { throw ioError(temporary, "fsync failed") }
            closed = true
            guard close(fd) == 0 else { throw ioError(temporary, "close failed") }
            guard rename(temporary.path, url.path) == 0 else { throw ioError(url, "cannot rename into place") }
        } catch {
            unlink(temporary.path)
            throw error
        }
        syncDirectory(directory)
    }

    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, _ url: URL) throws {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress, buffer.count)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw ioError(url, "write failed") }
            offset += written
        }
    }

    static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    static func ioError(_ url: URL, _ what: String) -> RoadmapError {
        .io(path: url.path, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
