// Float arrays whose every element the caller is about to overwrite (a GEMM with beta = 0, a
// kernel that writes each output once): allocation without the zero-fill, which for the
// multi-megabyte outputs of a layer costs as much as a pass over the data. Reading an element
// before writing it gives an unspecified value; this file does not check that.

extension Array where Element == Float {
    /// `count` floats with unspecified contents.
    public init(uninitializedCount count: Int) {
        self.init(unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
