// Float16 / BFloat16 rounding on hand-worked bit patterns (round to nearest, ties to even), and
// the round trip of every 16-bit pattern through Float32 (exact, since both formats embed in it).
//
// bfloat16 keeps the top 16 bits of a float32; the dropped half decides the rounding:
//   0x3F80_8000 = 1 + 2^-8, exactly halfway between 0x3F80 (1) and 0x3F81: tie → even 0x3F80
//   0x3F81_8000, halfway between 0x3F81 and 0x3F82: tie → even 0x3F82
//   0x3F80_8001, just above halfway → 0x3F81
//   π = 0x4049_0FDB, low half 0x0FDB < 0x8000 → 0x4049 = 3.140625
//   0x7F7F_FFFF (largest float32) → rounds up past 0x7F7F into 0x7F80 = +inf

import Foundation
import XCTest
@testable import Week16TrainingAtScale

final class PrecisionTests: XCTestCase {
    func bf16(_ bits: UInt32) -> UInt16 { BFloat16(Float(bitPattern: bits)).bitPattern }

    func testBFloat16RoundsToNearestEvenOnHandValues() {
        XCTAssertEqual(BFloat16(1).bitPattern, 0x3F80)
        XCTAssertEqual(BFloat16(-2).bitPattern, 0xC000)
        XCTAssertEqual(bf16(0x3F80_8000), 0x3F80, "tie, lower neighbour even")
        XCTAssertEqual(bf16(0x3F81_8000), 0x3F82, "tie, upper neighbour even")
        XCTAssertEqual(bf16(0x3F80_8001), 0x3F81, "above the tie")
        XCTAssertEqual(bf16(0x3F80_7FFF), 0x3F80, "below the tie")
        XCTAssertEqual(BFloat16(Float.pi).bitPattern, 0x4049)
        XCTAssertEqual(BFloat16(Float.pi).float, 3.140625)
        XCTAssertEqual(bf16(0x7F7F_FFFF), 0x7F80, "past the largest bfloat16 → +inf")
        XCTAssertEqual(BFloat16(-Float.infinity).bitPattern, 0xFF80)
        XCTAssertTrue(BFloat16(Float.nan).float.isNaN)
        XCTAssertEqual(BFloat16(0).bitPattern, 0)
        XCTAssertEqual(BFloat16(-0.0).bitPattern, 0x8000)
    }

    func testFloat16RoundsToNearestEvenOnHandValues() {
        let ulp: Float = 1.0 / 1024  // spacing of float16 in [1, 2)
        XCTAssertEqual(Precision.float16.round(1 + ulp / 2), 1, "tie → even (1)")
        XCTAssertEqual(Precision.float16.round(1 + 3 * ulp / 2), 1 + 2 * ulp, "tie → even (mantissa 2)")
        XCTAssertEqual(Precision.float16.round(1 + 0.6 * ulp), 1 + ulp)
        XCTAssertEqual(Precision.float16.round(65504), 65504, "largest finite")
        XCTAssertEqual(Precision.float16.round(65519), 65504, "below the midpoint to 65536")
        XCTAssertEqual(Precision.float16.round(65520), .infinity, "the midpoint ties to the even 'next' value: inf")
        XCTAssertEqual(Precision.float16.round(Float(bitPattern: 0x3380_0000)), Float(bitPattern: 0x3380_0000), "2^-24, smallest subnormal")
        XCTAssertEqual(Precision.float16.round(Float(bitPattern: 0x3300_0000)), 0, "2^-25: tie between 0 and 2^-24 → 0")
    }

    func testEverySixteenBitPatternRoundTripsThroughFloat32() {
        var bad = 0
        for bits in 0...UInt16.max {
            let half = Float16(bitPattern: bits)
            if !half.isNaN && Float16(Float(half)).bitPattern != bits { bad += 1 }
            let brain = BFloat16(bitPattern: bits)
            if !brain.float.isNaN && BFloat16(brain.float).bitPattern != bits { bad += 1 }
        }
        XCTAssertEqual(bad, 0)
    }

    func testRoundedArraysMatchTheScalarRounding() {
        let values: [Float] = [0.1, -3.3333, 1e-6, 70000, 1 + 1.0 / 2048]
        XCTAssertEqual(Precision.float16.round(values), values.map { Float(Float16($0)) })
        XCTAssertEqual(Precision.bfloat16.round(values), values.map { BFloat16($0).float })
        XCTAssertEqual(Precision.float32.round(values), values)
        XCTAssertEqual(Precision.float16.round(values)[3], .infinity)
    }
}
