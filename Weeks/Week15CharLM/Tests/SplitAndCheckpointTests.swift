// The file split (every k-th file by sorted name held out, one vocabulary over both sides), the
// baseline units (bits = nats / ln 2, perplexity = e^nats) and the checkpoint: a round trip
// restores every weight and the sizes, a file without the metadata or cut short is refused.

import Foundation
import Shared
import TestSupport
import Week06Sequences
import Week15CharLM
import XCTest

final class SplitAndCheckpointTests: XCTestCase {
    func testEveryKthFileIsHeldOut() throws {
        let documents = ["d", "a", "c", "b", "e"].map { ($0, Array("\($0)\($0)".utf8)) }
        let split = try DocsSplit(documents: documents, holdOutEvery: 2)
        XCTAssertEqual(split.trainFiles, ["a", "c", "e"])
        XCTAssertEqual(split.validationFiles, ["b", "d"])
        XCTAssertEqual(split.vocabulary.bytes, Array("abcde".utf8))
        XCTAssertEqual(split.vocabulary.decode(split.train), "aacc" + "ee")
        XCTAssertEqual(split.vocabulary.decode(split.validation), "bbdd")
        XCTAssertThrowsError(try DocsSplit(documents: [("a", Array("x".utf8))], holdOutEvery: 2))
    }

    func testScoreUnits() {
        let score = ModelScore(name: "x", nats: 2)
        XCTAssertEqual(score.bits, 2 / 0.693_147_180_559_945_3, accuracy: 1e-12)
        XCTAssertEqual(score.perplexity, 7.389_056_098_930_65, accuracy: 1e-9)
    }

    func testCheckpointRoundTripAndRefusals() throws {
        var rng = SplitMix64(seed: 9)
        let model = CharLM(vocabularySize: 4, embeddingSize: 3, hiddenSize: 5, kind: .gru, rng: &rng)
        let vocabulary = Vocabulary(bytes: Array("abcd".utf8))
        let folder = try TemporaryDirectory()
        let url = folder.file("sub/charlm.safetensors")
        try CharCheckpoint.save(model, vocabulary: vocabulary, to: url, extra: ["steps": "3"])
        let (loaded, loadedVocabulary, metadata) = try CharCheckpoint.load(url)
        XCTAssertEqual(loaded.cell.kind, .gru)
        XCTAssertEqual(loadedVocabulary, vocabulary)
        XCTAssertEqual(metadata["steps"], "3")
        for (a, b) in zip(model.namedTensors(), loaded.namedTensors()) { XCTAssertEqual(a.value.value, b.value.value, a.name) }

        let bare = folder.file("bare.safetensors")
        try Safetensors.write(["x": Tensor.zeros([2])], to: bare)
        XCTAssertThrowsError(try CharCheckpoint.load(bare)) { XCTAssertTrue("\($0)".contains("not written by")) }
        let cut = folder.file("cut.safetensors")
        let bytes = try FileIO.readBytes(url)
        try AtomicFile.write(Array(bytes[..<(bytes.count / 2)]), to: cut)
        XCTAssertThrowsError(try CharCheckpoint.load(cut))
    }
}
