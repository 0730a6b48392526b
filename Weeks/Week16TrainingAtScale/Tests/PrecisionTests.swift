import XCTest
@testable import Week16TrainingAtScale
