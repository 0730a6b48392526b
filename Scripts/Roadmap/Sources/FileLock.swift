// An exclusive advisory lock (flock(2)) on a lock file, held for the duration of a closure.
// Two `roadmap` processes updating Progress.json take turns instead of losing an update.
// The lock is released by the kernel if the process dies, so a kill never leaves it stuck.

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum FileLock {
    public static func withExclusiveLock<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RoadmapError.io(path: url.path, message: "cannot open lock file: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }   // closing the descriptor releases the lock
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw RoadmapError.io(path: url.path, message: "cannot lock: \(String(cString: strerror(errno)))")
            }
        }
        return try body()
    }
}
