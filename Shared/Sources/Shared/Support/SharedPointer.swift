// Pointers that may cross into worker threads (DispatchQueue.concurrentPerform, Parallel), for
// loops in which every thread reads shared input and writes only its own disjoint part of the
// output. The wrapper only asserts Sendable; it does not own, allocate or free memory, and it
// checks nothing: keeping the parts disjoint is the caller's job.

/// A mutable pointer each thread writes a disjoint part through.
public struct SharedPointer<T>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<T>
    public init(_ base: UnsafeMutablePointer<T>) { self.base = base }

    public subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// A read-only pointer threads share.
public struct SharedConstPointer<T>: @unchecked Sendable {
    public let base: UnsafePointer<T>
    public init(_ base: UnsafePointer<T>) { self.base = base }
    public init(_ base: UnsafeMutablePointer<T>) { self.base = UnsafePointer(base) }

    public subscript(i: Int) -> T { base[i] }
}
