// The 16-bit floating-point formats of mixed precision, and rounding Float32 values to them.
//
//   format     sign exponent mantissa  largest finite   smallest normal  unit roundoff
//   float32      1     8        23     3.4e38           1.2e-38          2^-24
//   float16      1     5        10     65504            6.1e-5           2^-11
//   bfloat16     1     8         7     3.4e38           1.2e-38          2^-8
//
// float16 is Swift's own `Float16` (IEEE binary16; `Float16(x)` rounds to nearest, ties to even).
// bfloat16 is the top half of a float32: `BFloat16` keeps those 16 bits in a UInt16 and rounds
// to nearest-even by adding 0x7FFF plus the lowest kept bit before dropping the low 16 bits
// (NaN stays NaN, quiet; a value past the largest finite bfloat16 becomes ±inf, as in torch).
//
// `Precision.round` maps an array of Float32 to the nearest representable values of the format
// (still held as Float32): that is what storing a tensor in 16 bits and reading it back does.
//
// What this file does not do: no 16-bit arithmetic kernels (this CPU's BLAS has none; the
// matmuls of mixed precision run in Float32 on 16-bit-representable inputs), no float8.

/// A bfloat16 value: the high 16 bits of a float32.
public struct BFloat16: Equatable, Sendable, CustomStringConvertible {
    public var bitPattern: UInt16

    public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

    /// Round to nearest, ties to even.
    public init(_ value: Float) {
        // exercise bfloat16-round: Round a Float32 to the nearest bfloat16 (ties to even) by working on its bit pattern.
        // hint: bfloat16 is the high 16 bits of a float32: truncating is rounding toward zero, so add something to the low half before dropping it.
        // hint: Adding just under half (0x7FFF) rounds halfway cases down; adding one more when the lowest kept bit is 1 turns that into ties-to-even, and a carry into the exponent is the correct result (even up to inf).
        // hint: NaN needs its own case: keep its sign and high bits and set a mantissa bit, so it cannot round into infinity.
        // tests: PrecisionTests/testBFloat16RoundsToNearestEvenOnHandValues
        let bits = value.bitPattern
        if value.isNaN {
            bitPattern = UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
            return
        }
        let lowestKept = (bits >> 16) & 1
        bitPattern = UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ lowestKept) >> 16)
        // end exercise bfloat16-round
    }

    public var float: Float { Float(bitPattern: UInt32(bitPattern) << 16) }
    public var description: String { "\(float)" }
}

public enum Precision: String, CaseIterable, Sendable {
    case float32, float16, bfloat16

    /// Bytes per stored element.
    public var bytes: Int { self == .float32 ? 4 : 2 }

    /// torch's name of the dtype.
    public var torchName: String {
        switch self {
        case .float32: return "float32"
        case .float16: return "float16"
        case .bfloat16: return "bfloat16"
        }
    }

    /// One value stored in this format and read back.
    @inline(__always)
    public func round(_ x: Float) -> Float {
        switch self {
        case .float32: return x
        case .float16: return Float(Float16(x))
        case .bfloat16: return BFloat16(x).float
        }
    }

    /// Every value stored in this format and read back.
    public func round(_ values: [Float]) -> [Float] {
        switch self {
        case .float32: return values
        case .float16: return values.map { Float(Float16($0)) }
        case .bfloat16: return values.map { BFloat16($0).float }
        }
    }
}
