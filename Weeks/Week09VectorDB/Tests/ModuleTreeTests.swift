// Week 9's two trained models as Week 4 module trees: their names, and that the training switch
// leaves them unchanged (no dropout or batch norm in either, so both modes give the same numbers).

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week09VectorDB
import XCTest

final class ModuleTreeTests: XCTestCase {
    func testContrastiveAndCLIPModelsAreModuleTrees() throws {
        let projection = ContrastiveProjection(inputDimension: 6, hidden: 5, outputDimension: 4, seed: 1)
        XCTAssertEqual(projection.namedParameters().map(\.name), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"])
        let clip = CLIPToy(dimension: 4, seed: 2)
        XCTAssertEqual(clip.namedParameters().map(\.name), ["image_tower.fc1.weight", "image_tower.fc1.bias",
                                                            "image_tower.fc2.weight", "image_tower.fc2.bias",
                                                            "text_tower.weight", "text_tower.bias"])
        XCTAssertEqual(clip.parameterCount, 784 * 128 + 128 + 128 * 4 + 4 + (clip.bagOfWords.vocabulary.count + 1) * 4)
    }

    func testTrainingModeLeavesTheEmbeddingModelsUnchanged() throws {
        var rng = SplitMix64(seed: 3)
        let projection = ContrastiveProjection(inputDimension: 6, hidden: 5, outputDimension: 4, seed: 1)
        let x = Variable(Tensor.randomUniform([3, 6], low: 0, high: 1, using: &rng))
        XCTAssertEqual(try projection(x).value, try TrainingMode.training { try projection(x) }.value, "contrastive projection")
        let clip = CLIPToy(dimension: 4, seed: 2)
        let images = Variable(Tensor.randomUniform([2, 784], low: 0, high: 1, using: &rng))
        XCTAssertEqual(try clip.embedImages(images).value, try TrainingMode.training { try clip.embedImages(images) }.value, "CLIP images")
        let texts = [clip.descriptions[0][0], clip.descriptions[1][0]]
        XCTAssertEqual(try clip.embedTexts(texts).value, try TrainingMode.training { try clip.embedTexts(texts) }.value, "CLIP texts")
    }
}
