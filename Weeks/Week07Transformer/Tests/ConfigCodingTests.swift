// TransformerConfig as saved in a pretrained model's metadata (PretrainedMLM): it round-trips, and a
// file written before the fields got their present names (vocabSize, numLayers, numHeads,
// typeVocabSize, layerNormEps; no normalizesEmbeddings) still loads as the same model shape.

import Foundation
import Week07Transformer
import XCTest

final class ConfigCodingTests: XCTestCase {
    func testConfigRoundTripsAndOldSpellingsStillLoad() throws {
        let config = TransformerConfig.gpt2(vocabularySize: 40, maxPositions: 16, hiddenSize: 8, layers: 2, heads: 2)
        let text = try JSONEncoder().encode(config)
        XCTAssertEqual(try JSONDecoder().decode(TransformerConfig.self, from: text), config)
        XCTAssertTrue(String(decoding: text, as: UTF8.self).contains("\"vocabularySize\":40"))

        // As PretrainedMLM wrote it before the rename (a post-norm BERT-style encoder).
        let old = """
        {"vocabSize":8000,"hiddenSize":128,"numLayers":2,"numHeads":4,"intermediateSize":512,"maxPositions":64,
         "typeVocabSize":2,"layerNormEps":1e-12,"activation":"gelu","normPlacement":"post","positions":"learned",
         "causal":false,"dropout":0.1}
        """
        let decoded = try JSONDecoder().decode(TransformerConfig.self, from: Data(old.utf8))
        XCTAssertEqual(decoded, TransformerConfig(vocabularySize: 8000, hiddenSize: 128, layers: 2, heads: 4, intermediateSize: 512,
                                                  maxPositions: 64, typeVocabularySize: 2, layerNormEpsilon: 1e-12))
        XCTAssertTrue(decoded.normalizesEmbeddings)
        XCTAssertThrowsError(try JSONDecoder().decode(TransformerConfig.self, from: Data("{\"hiddenSize\":8}".utf8))) { error in
            XCTAssertTrue("\(error)".contains("vocabularySize"), "\(error)")
        }
    }
}
