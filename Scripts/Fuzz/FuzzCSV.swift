// libFuzzer entry point for CSV.parse and its numeric views (built by run.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let table = try? CSV.parse(text, path: "fuzz.csv") else { return 0 }
    _ = try? table.numericMatrix(columns: (0..<table.columnCount).filter { table.isNumeric(column: $0) })
    for c in 0..<table.columnCount { _ = table.strayText(column: c) }
    return 0
}
