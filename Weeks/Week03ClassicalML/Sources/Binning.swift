// Histogram trees start by binning: each feature's sorted distinct values get small integer codes
// (UInt16), stored column-major [d][n] so a node's split search streams one column at a time.
// With at most `maxBins` distinct values (every Fashion-MNIST pixel has ≤ 256: k/255) the codes
// are exact and a histogram tree finds exactly the splits of a sort-based CART. With more distinct
// values, consecutive distinct values share a bin (an approximation, as in LightGBM and
// scikit-learn's HistGradientBoosting).
//
// binLow[j][b], binHigh[j][b]: the smallest and largest raw value in bin b of feature j; a split
// "code ≤ b" becomes the raw threshold (binHigh[b] + binLow[next occupied bin]) / 2, the midpoint
// scikit-learn uses.
//
// Does not: handle missing values.

import Foundation

public struct BinnedFeatures: Sendable {
    public let rows: Int
    public let columns: Int
    /// codes[j * rows + i] (column-major: a node streams one feature at a time)
    public let codes: [UInt16]
    /// rowCodes[i * columns + j] (row-major: a subtree gathers its samples' whole rows at once)
    public let rowCodes: [UInt16]
    public let binLow: [[Double]]
    public let binHigh: [[Double]]

    public func binCount(_ j: Int) -> Int { binLow[j].count }

    public init(_ x: Features, maxBins: Int = 1024) {
        rows = x.rows
        columns = x.columns
        let n = x.rows, d = x.columns
        final class Results: @unchecked Sendable {
            var codes: [UInt16]
            var low: [[Double]], high: [[Double]]
            init(n: Int, d: Int) {
                codes = [UInt16](repeating: 0, count: n * d)
                low = [[Double]](repeating: [], count: d)
                high = low
            }
        }
        let results = Results(n: n, d: d)
        let lock = NSLock()
        // Features are independent: two threads take alternate columns.
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            var column = [Double](repeating: 0, count: n)
            var codes = [UInt16](repeating: 0, count: n)
            for j in stride(from: thread, to: d, by: 2) {
                for i in 0..<n { column[i] = x.values[i * d + j] }
                // sorted distinct values: radix-sort a copy, then drop repeats
                var distinct = column
                BinnedFeatures.radixSort(&distinct)
                var unique = 0
                for i in 0..<n where unique == 0 || distinct[i] != distinct[unique - 1] {
                    distinct[unique] = distinct[i]
                    unique += 1
                }
                distinct.removeLast(distinct.count - unique)
                let u = distinct.count
                // distinct value index → bin
                let binOfDistinct: [Int] = u <= maxBins ? Array(0..<u) : (0..<u).map { $0 * maxBins / u }
                let bins = (binOfDistinct.last ?? 0) + 1
                var low = [Double](repeating: .infinity, count: bins)
                var high = [Double](repeating: -.infinity, count: bins)
                for (k, v) in distinct.enumerated() {
                    low[binOfDistinct[k]] = min(low[binOfDistinct[k]], v)
                    high[binOfDistinct[k]] = max(high[binOfDistinct[k]], v)
                }
                distinct.withUnsafeBufferPointer { values in
                    for i in 0..<n {
                        // binary search for column[i] in the sorted distinct values
                        var lo = 0, hi = u - 1
                        let v = column[i]
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if values[mid] < v { lo = mid + 1 } else { hi = mid }
                        }
                        codes[i] = UInt16(binOfDistinct[lo])
                    }
                }
                lock.lock()
                results.codes.withUnsafeMutableBufferPointer { all in
                    for i in 0..<n { all[j * n + i] = codes[i] }
                }
                results.low[j] = low
                results.high[j] = high
                lock.unlock()
            }
        }
        codes = results.codes
        var transposed = [UInt16](repeating: 0, count: n * d)
        results.codes.withUnsafeBufferPointer { c in
            transposed.withUnsafeMutableBufferPointer { r in
                let block = 64
                for i0 in stride(from: 0, to: n, by: block) {
                    for j in 0..<d {
                        for i in i0..<min(i0 + block, n) { r[i * d + j] = c[j * n + i] }
                    }
                }
            }
        }
        rowCodes = transposed
        binLow = results.low
        binHigh = results.high
    }

    /// Sorts Doubles ascending by an LSD radix sort on their bit patterns (8 passes of 8 bits;
    /// a pass in which every key has the same byte is skipped). Flipping the sign bit of
    /// positives and all bits of negatives makes the unsigned order equal the numeric order.
    public static func radixSort(_ values: inout [Double]) {
        let n = values.count
        guard n > 1 else { return }
        var keys = values.map { v -> UInt64 in
            let bits = v.bitPattern
            return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        }
        var buffer = [UInt64](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 257)
        for pass in 0..<8 {
            let shift = UInt64(pass * 8)
            for b in 0..<257 { counts[b] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFF) + 1] += 1 }
            if counts.contains(n) { continue }  // every key has the same byte here
            for b in 1..<257 { counts[b] += counts[b - 1] }
            for key in keys {
                let b = Int((key >> shift) & 0xFF)
                buffer[counts[b]] = key
                counts[b] += 1
            }
            swap(&keys, &buffer)
        }
        for i in 0..<n {
            let key = keys[i]
            values[i] = Double(bitPattern: key & (1 << 63) != 0 ? key & ~(1 << 63) : ~key)
        }
    }
}
