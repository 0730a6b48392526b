// The errors tensor operations throw. Each message names the operation and the shapes involved,
// so "which multiplication got the wrong matrix?" is answered by reading one line.

public enum TensorError: Error, CustomStringConvertible, Equatable {
    case invalidShape([Int], reason: String)
    case cannotReshape(from: [Int], to: [Int])
    case shapeMismatch(op: String, [Int], [Int])
    case rankMismatch(op: String, expected: String, shape: [Int])
    case axisOutOfRange(op: String, axis: Int, rank: Int)
    case outOfRange(String)

    public var description: String {
        switch self {
        case let .invalidShape(shape, reason):
            return "invalid tensor shape \(shape): \(reason)"
        case let .cannotReshape(from, to):
            return "cannot reshape \(from) (\(from.reduce(1, *)) elements) to \(to)"
        case let .shapeMismatch(op, a, b):
            return "\(op): shapes \(a) and \(b) do not fit"
        case let .rankMismatch(op, expected, shape):
            return "\(op): expected rank \(expected), got shape \(shape)"
        case let .axisOutOfRange(op, axis, rank):
            return "\(op): axis \(axis) is out of range for rank \(rank)"
        case let .outOfRange(what):
            return "out of range: \(what)"
        }
    }
}
