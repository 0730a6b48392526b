// Reads the `weeks` table of Package.swift: one `Week("Week01LinearAlgebra", uses: [...])` per
// line, optionally with further libraries of the week after `libraries:`:
//   Week("Week11MLOps", libraries: [WeekLibrary("Service", uses: ["Week04MNIST", "Week05CNN"])]),
// A week is implemented when it is in this table and its folder Weeks/<Name>/ exists.
// This is a line scanner, not a Swift parser: Package.swift promises one Week(...) per line.

import Foundation

public struct PackageWeek: Equatable, Sendable {
    public var name: String
    public var uses: [String]
    /// The table line itself, part of the week's fingerprint.
    public var entry: String
    /// The week's further libraries (folder Weeks/<name>/<folder>, target <name><folder>).
    public var libraries: [PackageLibrary] = []

    /// The earlier weeks the week's targets depend on: its own `uses`, then its libraries' (no repeats).
    public var allUses: [String] {
        var all = uses
        for used in libraries.flatMap(\.uses) where !all.contains(used) { all.append(used) }
        return all
    }
}

public struct PackageLibrary: Equatable, Sendable {
    public var folder: String
    public var uses: [String]
}

public struct PackageTable: Equatable, Sendable {
    public var weeks: [String: PackageWeek]

    public static func parse(_ text: String) -> PackageTable {
        var weeks: [String: PackageWeek] = [:]
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("Week(\"") else { continue }
            // The week's own part ends where `libraries:` begins; each library part starts at `WeekLibrary(`.
            let parts = line.components(separatedBy: "libraries:")
            let head = parts[0]
            let strings = quotedStrings(in: head)
            guard let name = strings.first else { continue }
            let uses = head.contains("uses:") ? Array(strings.dropFirst()) : []
            var libraries: [PackageLibrary] = []
            for part in parts.dropFirst().joined(separator: "libraries:").components(separatedBy: "WeekLibrary(").dropFirst() {
                let strings = quotedStrings(in: part)
                guard let folder = strings.first else { continue }
                libraries.append(PackageLibrary(folder: folder, uses: part.contains("uses:") ? Array(strings.dropFirst()) : []))
            }
            weeks[name] = PackageWeek(name: name, uses: uses, entry: line, libraries: libraries)
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
