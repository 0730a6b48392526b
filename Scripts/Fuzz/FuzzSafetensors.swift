// libFuzzer entry point for Safetensors.parse and every tensor in the file (built by run.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let file = try? Safetensors.parse(Array(UnsafeBufferPointer(start: data, count: count)), path: "fuzz.safetensors") else { return 0 }
    for name in file.names { _ = try? file.tensor(name) }
    return 0
}
