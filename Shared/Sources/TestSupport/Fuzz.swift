// An in-process fuzz harness for readers: valid seed inputs are mutated with a seeded SplitMix64
// (bit flips, truncation, random bytes, insertion, deletion, chunk duplication, integer-field
// edits with extreme values, ASCII number edits with huge/negative/non-finite values, token swaps
// such as dtype names) and each mutated input is handed to the reader. Every outcome must be a
// value or a thrown error whose description is one non-empty line, within a time bound.
//
// A trap inside the reader kills the test process: that is the failure signal, and the case
// number and seed printed before the run reproduce it. The case count defaults to 2 000 per reader
// and is raised for long sessions with FUZZ_CASES (e.g. FUZZ_CASES=200000 swift test --filter Fuzz).
//
// Not here: coverage guidance (see Scripts/Fuzz for the libFuzzer entry points) and minimisation.

import Foundation
import Shared
import XCTest

public struct FuzzMutation: Sendable {
    public let name: String
    public let apply: @Sendable (inout [UInt8], inout SplitMix64) -> Void

    public init(_ name: String, _ apply: @escaping @Sendable (inout [UInt8], inout SplitMix64) -> Void) {
        self.name = name
        self.apply = apply
    }
}

public struct FuzzReport: CustomStringConvertible {
    public var name: String
    public var cases = 0
    public var values = 0
    public var errors = 0
    public var slowestSeconds = 0.0
    public var slowestCase = -1
    /// Thrown-error descriptions by their first words (the kind of error), with counts.
    public var errorKinds: [String: Int] = [:]

    public var description: String {
        let kinds = errorKinds.sorted { $0.value > $1.value }.prefix(4).map { "\($0.key)… ×\($0.value)" }
        return "fuzz \(name): \(cases) cases, \(values) values, \(errors) errors; slowest case #\(slowestCase) "
            + String(format: "%.1f ms", slowestSeconds * 1000) + (kinds.isEmpty ? "" : "; " + kinds.joined(separator: ", "))
    }
}

public enum Fuzz {
    /// Cases per reader: FUZZ_CASES from the environment, else `fallback`.
    public static func caseCount(_ fallback: Int = 2000) -> Int {
        if let text = ProcessInfo.processInfo.environment["FUZZ_CASES"], let n = Int(text), n > 0 { return n }
        return fallback
    }

    /// Mutates the seeds `cases` times and checks every outcome of `reader`; returns the tally.
    @discardableResult
    public static func run<T>(_ name: String, seeds: [[UInt8]], cases: Int = caseCount(), seed: UInt64 = 18,
                              tokens: [String] = [], extra: [FuzzMutation] = [], timeLimit: Double = 2,
                              file: StaticString = #filePath, line: UInt = #line,
                              reader: ([UInt8]) throws -> T) -> FuzzReport {
        precondition(!seeds.isEmpty, "Fuzz.run needs at least one seed input")
        var report = FuzzReport(name: name)
        let mutations = standardMutations(tokens: tokens) + extra
        var rng = SplitMix64(seed: seed)
        // Every seed must be read without error, or the harness only exercises the first check.
        for (i, input) in seeds.enumerated() {
            do { _ = try reader(input) } catch {
                XCTFail("fuzz \(name): seed \(i) is not read cleanly: \(error)", file: file, line: line)
                return report
            }
        }
        for index in 0..<cases {
            var input = seeds[rng.nextInt(below: seeds.count)]
            let steps = 1 + rng.nextInt(below: 3)
            for _ in 0..<steps { mutations[rng.nextInt(below: mutations.count)].apply(&input, &rng) }
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                _ = try reader(input)
                report.values += 1
            } catch {
                report.errors += 1
                let text = "\(error)"
                if text.isEmpty || text.contains("\n") {
                    XCTFail("fuzz \(name) case #\(index) (seed \(seed)): error is not one line: \(text.debugDescription)", file: file, line: line)
                }
                let kind = text.split(separator: " ").suffix(from: 1).prefix(2).joined(separator: " ")
                report.errorKinds[kind, default: 0] += 1
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if seconds > report.slowestSeconds { report.slowestSeconds = seconds; report.slowestCase = index }
            report.cases += 1
        }
        print(report)
        if report.slowestSeconds > timeLimit {
            XCTFail("fuzz \(name): case #\(report.slowestCase) (seed \(seed)) took \(report.slowestSeconds) s, limit \(timeLimit) s", file: file, line: line)
        }
        return report
    }

    /// The mutations every reader gets; `tokens` (dtype names, keywords) are swapped for each other.
    public static func standardMutations(tokens: [String]) -> [FuzzMutation] {
        var list: [FuzzMutation] = [
            FuzzMutation("flip bit") { bytes, rng in
                guard !bytes.isEmpty else { return }
                bytes[rng.nextInt(below: bytes.count)] ^= UInt8(1) << UInt8(rng.nextInt(below: 8))
            },
            FuzzMutation("truncate") { bytes, rng in
                bytes.removeLast(rng.nextInt(below: bytes.count + 1))
            },
            FuzzMutation("random bytes") { bytes, rng in
                guard !bytes.isEmpty else { return }
                let at = rng.nextInt(below: bytes.count)
                for i in at..<min(bytes.count, at + 1 + rng.nextInt(below: 8)) { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
            },
            FuzzMutation("insert") { bytes, rng in
                let at = rng.nextInt(below: bytes.count + 1)
                let chunk = (0..<(1 + rng.nextInt(below: 16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                bytes.insert(contentsOf: chunk, at: at)
            },
            FuzzMutation("delete") { bytes, rng in
                guard !bytes.isEmpty else { return }
                let at = rng.nextInt(below: bytes.count)
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + rng.nextInt(below: 16)))
            },
            FuzzMutation("duplicate") { bytes, rng in
                guard !bytes.isEmpty else { return }
                let at = rng.nextInt(below: bytes.count)
                let chunk = Array(bytes[at..<min(bytes.count, at + 1 + rng.nextInt(below: 64))])
                bytes.insert(contentsOf: chunk, at: rng.nextInt(below: bytes.count + 1))
            },
            FuzzMutation("integer field") { bytes, rng in
                // A 1/2/4/8-byte window (either byte order) set to an extreme value.
                let widths = [1, 2, 4, 8]
                let width = widths[rng.nextInt(below: widths.count)]
                guard bytes.count >= width else { return }
                let at = rng.nextInt(below: bytes.count - width + 1)
                let value = extremeIntegers[rng.nextInt(below: extremeIntegers.count)]
                let bigEndian = rng.nextInt(below: 2) == 1
                for i in 0..<width {
                    let shift = UInt64(8 * (bigEndian ? width - 1 - i : i))
                    bytes[at + i] = UInt8(truncatingIfNeeded: value >> shift)
                }
            },
            FuzzMutation("ascii number") { bytes, rng in
                // A run of digits (a shape, offset, length or value in a text header) replaced.
                let runs = digitRuns(bytes)
                guard !runs.isEmpty else { return }
                let run = runs[rng.nextInt(below: runs.count)]
                let replacement = extremeNumbers[rng.nextInt(below: extremeNumbers.count)]
                bytes.replaceSubrange(run, with: Array(replacement.utf8))
            },
        ]
        if tokens.count >= 2 {
            let encoded = tokens.map { Array($0.utf8) }
            list.append(FuzzMutation("swap token") { bytes, rng in
                let from = encoded[rng.nextInt(below: encoded.count)]
                guard let range = firstRange(of: from, in: bytes) else { return }
                bytes.replaceSubrange(range, with: encoded[rng.nextInt(below: encoded.count)])
            })
        }
        return list
    }

    static let extremeIntegers: [UInt64] = [
        0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, UInt64.max, UInt64.max - 7,
        0x7FF0_0000_0000_0000, 0xFFF8_0000_0000_0000, 0x7F80_0000,  // +inf (f64), NaN (f64), +inf (f32)
    ]

    static let extremeNumbers: [String] = [
        "0", "-1", "1", "-9223372036854775808", "9223372036854775807", "9223372036854775808",
        "99999999999999999999999", "4294967296", "65536", "1e999999", "-1e999999", "nan", "inf",
        "-inf", "1.5", "3037000500", "", "18446744073709551615",
    ]

    static func digitRuns(_ bytes: [UInt8]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for (i, b) in bytes.enumerated() {
            let digit = b >= 0x30 && b <= 0x39
            if digit, start == nil { start = i }
            if !digit, let s = start { runs.append(s..<i); start = nil }
            if runs.count >= 256 { break }
        }
        if let s = start { runs.append(s..<bytes.count) }
        return runs
    }

    static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] {
            if Array(bytes[i..<(i + needle.count)]) == needle { return i..<(i + needle.count) }
        }
        return nil
    }
}
