// The week's error type: every message says what was wrong and how to fix it.

import Foundation

public enum Week02Error: Error, CustomStringConvertible, Equatable {
    case unknownName(kind: String, name: String, choices: [String])
    case invalidArgument(String)
    case notEnoughData(String)
    case degenerate(String)

    public var description: String {
        switch self {
        case let .unknownName(kind, name, choices):
            return "unknown \(kind) '\(name)' (choose one of: \(choices.joined(separator: ", ")))"
        case let .invalidArgument(message): return message
        case let .notEnoughData(message): return message
        case let .degenerate(message): return message
        }
    }
}
