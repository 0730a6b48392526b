// libFuzzer entry point for NPY.decode (built by Scripts/Fuzz/run.sh, not by SwiftPM).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = try? NPY.decode(Array(UnsafeBufferPointer(start: data, count: count)), path: "fuzz.npy", as: Double.self) { $0 }
    return 0
}
