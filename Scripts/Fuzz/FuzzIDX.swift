// libFuzzer entry point for IDX.parse (built by run.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = try? IDX.parse(Array(UnsafeBufferPointer(start: data, count: count)), path: "fuzz.idx")
    return 0
}
