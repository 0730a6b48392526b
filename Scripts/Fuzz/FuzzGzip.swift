// libFuzzer entry point for Gzip.decompress and Zlib.decompress (built by run.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    _ = try? Gzip.decompress(bytes)
    _ = try? Zlib.decompress(bytes)
    return 0
}
