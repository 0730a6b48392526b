// How glibc keeps freed memory, for executables whose every batch allocates the same large arrays.
//
// The tensors an op returns are fresh arrays every batch (several MB each in a CNN or transformer
// training step). glibc serves blocks that large with mmap and hands them back to the kernel on
// free, so every batch pays page faults and kernel zero-fills for them; raising the mmap and trim
// thresholds keeps freed blocks in the heap for the next batch. Process-wide: an executable calls
// it once at start (weeks 5 and 7); libraries and tests never do.

public enum MemoryPolicy {
    /// Keeps blocks up to 256 MB in the heap and never trims less than 1 GB of free heap.
    public static func keepFreedBuffers() {
        #if os(Linux)
        _ = glibcMallopt(-3, 256 << 20)  // M_MMAP_THRESHOLD
        _ = glibcMallopt(-1, 1 << 30)    // M_TRIM_THRESHOLD
        #endif
    }
}

#if os(Linux)
/// glibc's mallopt (malloc.h is not part of the Glibc module).
@_silgen_name("mallopt")
func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
