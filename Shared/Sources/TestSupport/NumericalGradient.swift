// Central differences: ∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, error O(h²). The independent
// check every analytic gradient in the curriculum is tested against.

public func numericalGradient(at x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var point = x
    var gradient = [Double](repeating: 0, count: x.count)
    for i in x.indices {
        let saved = point[i]
        point[i] = saved + h
        let up = f(point)
        point[i] = saved - h
        let down = f(point)
        point[i] = saved
        gradient[i] = (up - down) / (2 * h)
    }
    return gradient
}

/// The Float version (computed in Double around a Float function; use h ≈ 1e-2…1e-3).
public func numericalGradient(at x: [Float], h: Float = 1e-3, _ f: ([Float]) -> Float) -> [Float] {
    var point = x
    var gradient = [Float](repeating: 0, count: x.count)
    for i in x.indices {
        let saved = point[i]
        point[i] = saved + h
        let up = Double(f(point))
        point[i] = saved - h
        let down = Double(f(point))
        point[i] = saved
        gradient[i] = Float((up - down) / (2 * Double(h)))
    }
    return gradient
}
