// Week 6's module trees against torch, and the training switch. Fixture
// Fixtures/state_dict_keys.json: torch's state_dict() keys of nn.LSTMCell(3, 5) and the torch twins
// of CharLM (a Parameter `embedding`, an LSTMCell `cell`, a Linear `head`) and Forecaster (GRUCell
// `gru`, Linear `head`), written by
//   .cache/torchenv/bin/python3 Weeks/Week04MNIST/Tests/Fixtures/make_state_dict_keys.py   (torch 2.13.0+cpu)

import Foundation
import Shared
import TestSupport
import Week04MNIST
import Week06Sequences
import XCTest

final class ModuleTreeTests: XCTestCase {
    func torchKeys(_ model: String) throws -> [String] { try Fixtures.stateDictKeys(model) }

    func testRecurrentModelNamesAreTorchsStateDictKeys() throws {
        var rng = SplitMix64(seed: 0)
        XCTAssertEqual(RecurrentCell(.lstm, inputSize: 3, hiddenSize: 5, rng: &rng).namedTensors().map(\.name), try torchKeys("lstm_cell"))
        XCTAssertEqual(CharLM(vocabularySize: 20, hiddenSize: 16, rng: &rng).namedTensors().map(\.name), try torchKeys("charlm"))
        XCTAssertEqual(Forecaster(window: 12, hiddenSize: 8, rng: &rng).namedTensors().map(\.name), try torchKeys("forecaster"))
    }

    func testTrainingModeLeavesTheRecurrentModelsUnchanged() throws {
        // No dropout in week 6: every model gives the same numbers in both modes.
        var rng = SplitMix64(seed: 1)
        let lm = CharLM(vocabularySize: 7, embeddingSize: 4, hiddenSize: 5, rng: &rng)
        let inputs = [[1, 2], [3, 4], [5, 6]], targets = [[2, 3], [4, 5], [6, 0]]
        let state = lm.cell.zeroState(batch: 2)
        XCTAssertEqual(try lm.loss(inputs: inputs, targets: targets, state: state).loss.scalar,
                       try TrainingMode.training { try lm.loss(inputs: inputs, targets: targets, state: state).loss.scalar })
        let forecaster = Forecaster(window: 3, hiddenSize: 4, rng: &rng)
        let z: [Float] = [0.1, -0.2, 0.3, 0.5, -0.1, 0.2]
        XCTAssertEqual(try forecaster.predict(z, targets: [3, 4, 5]).value,
                       try TrainingMode.training { try forecaster.predict(z, targets: [3, 4, 5]) }.value)
    }
}
