// The four 2-D test functions of the optimizer race, each with its gradient (derived by hand and
// checked against central differences in the tests), its known minimum and a start point.
//
//   rosenbrock  (1 − x)² + 100 (y − x²)²                      min 0 at (1, 1)   a curved, flat-bottomed valley
//   beale       (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
//                                                             min 0 at (3, 0.5) steep walls, flat plateaus
//   booth       (x + 2y − 7)² + (2x + y − 5)²                 min 0 at (1, 3)   a well-conditioned bowl
//   quadratic   ½ (x² + κ y²), κ = 100                        min 0 at (0, 0)   ill-conditioned: curvatures 1 and 100
//
// What it does not do: higher dimensions. The optimizers themselves work on any [Double].

import Foundation

public enum TestFunction: String, CaseIterable, Sendable {
    case rosenbrock, beale, booth, quadratic

    /// The condition number κ of the quadratic ½(x² + κy²): the ratio of its two curvatures.
    public static let quadraticConditionNumber = 100.0

    public var formula: String {
        switch self {
        case .rosenbrock: return "(1 − x)² + 100(y − x²)²"
        case .beale: return "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²"
        case .booth: return "(x + 2y − 7)² + (2x + y − 5)²"
        case .quadratic: return "½(x² + 100y²)"
        }
    }

    /// The global minimiser and the minimum value (0 for all four).
    public var minimum: [Double] {
        switch self {
        case .rosenbrock: return [1, 1]
        case .beale: return [3, 0.5]
        case .booth: return [1, 3]
        case .quadratic: return [0, 0]
        }
    }

    public var minimumValue: Double { 0 }

    /// Where the race starts: (−1.5, 2), the classic start on the far side of Rosenbrock's valley;
    /// Beale from (1, 1), because from (−1.5, 2) its y³ term sends every optimizer off to infinity.
    public var defaultStart: [Double] {
        self == .beale ? [1, 1] : [-1.5, 2]
    }

    public func value(_ p: [Double]) -> Double {
        let x = p[0], y = p[1]
        switch self {
        case .rosenbrock:
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        case .beale:
            let t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y
            return t1 * t1 + t2 * t2 + t3 * t3
        case .booth:
            let a = x + 2 * y - 7, b = 2 * x + y - 5
            return a * a + b * b
        case .quadratic:
            return 0.5 * (x * x + TestFunction.quadraticConditionNumber * y * y)
        }
    }

    /// ∇f at p.
    public func gradient(_ p: [Double]) -> [Double] {
        let x = p[0], y = p[1]
        switch self {
        case .rosenbrock:
            // ∂x = −2(1 − x) − 400x(y − x²), ∂y = 200(y − x²)
            return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
        case .beale:
            // ∂x = Σ 2tᵢ(yⁱ − 1), ∂y = Σ 2tᵢ · i·x·yⁱ⁻¹
            let t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y * y, t3 = 2.625 - x + x * y * y * y
            return [2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1),
                    2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y * y]
        case .booth:
            let a = x + 2 * y - 7, b = 2 * x + y - 5
            return [2 * a + 4 * b, 4 * a + 2 * b]
        case .quadratic:
            return [x, TestFunction.quadraticConditionNumber * y]
        }
    }

    /// Parses a name given on the command line.
    public static func named(_ name: String) throws -> TestFunction {
        guard let f = TestFunction(rawValue: name.lowercased()) else {
            throw Week02Error.unknownName(kind: "function", name: name, choices: allCases.map(\.rawValue))
        }
        return f
    }
}
