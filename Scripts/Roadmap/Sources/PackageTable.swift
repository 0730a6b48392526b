// Reads the `weeks` table of Package.swift: one `Week("Week01LinearAlgebra", uses: [...])` per
// line. A week is implemented when it is in this table and its folder Weeks/<Name>/ exists.
// This is a line scanner, not a Swift parser: Package.swift promises one Week(...) per line.

import Foundation

public struct PackageWeek: Equatable, Sendable {
    public var name: String
    public var uses: [String]
    /// The table line itself, part of the week's fingerprint.
    public var entry: String
}

public struct PackageTable: Equatable, Sendable {
    public var weeks: [String: PackageWeek]

    public static func parse(_ text: String) -> PackageTable {
        var weeks: [String: PackageWeek] = [:]
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("Week(\"") else { continue }
            let strings = quotedStrings(in: line)
            guard let name = strings.first else { continue }
            let uses = line.contains("uses:") ? Array(strings.dropFirst()) : []
            weeks[name] = PackageWeek(name: name, uses: uses, entry: line)
        }
        return PackageTable(weeks: weeks)
    }

    /// Every "…" literal on the line, in order.
    static func quotedStrings(in line: String) -> [String] {
        var result: [String] = []
        var current: String?
        for character in line {
            if character == "\"" {
                if let finished = current { result.append(finished); current = nil } else { current = "" }
            } else if current != nil {
                current!.append(character)
            }
        }
        return result
    }
}
