// Week 7's config.json from a hostile user (issue 18): numbers that do not fit Int used to trap
// in NSNumber.intValue, and sizes whose weights cannot be allocated went straight to the model
// constructor. Each is now one error naming the file and the field.

import Foundation
import Shared
import TestSupport
@testable import Week07Transformer
import XCTest

final class BadConfigTests: XCTestCase {
    func config(_ fields: String) -> Data {
        Data("{\"vocab_size\": 100, \"num_hidden_layers\": 2, \"num_attention_heads\": 2, \"intermediate_size\": 64, \"max_position_embeddings\": 32, \(fields)}".utf8)
    }

    func testNumbersBeyondIntAreErrorsNotTraps() {
        for value in ["1e300", "99999999999999999999", "2.5", "-4", "true"] {
            XCTAssertThrowsError(try TransformerConfig.bert(json: config("\"hidden_size\": \(value)"), path: "config.json")) { error in
                XCTAssertTrue("\(error)".hasPrefix("config.json: malformed: field 'hidden_size' should be a whole number ≥ 0, got "), "\(value): \(error)")
            }
        }
        XCTAssertNoThrow(try TransformerConfig.bert(json: config("\"hidden_size\": 32"), path: "config.json"))
        // 0 and 1 are numbers, not booleans (on Linux `NSNumber(1) is Bool` is true).
        XCTAssertEqual(try TransformerConfig.bert(json: config("\"hidden_size\": 32, \"type_vocab_size\": 1"), path: "c").typeVocabularySize, 1)
    }

    func testSizesThatCannotBeAllocatedAreRefused() {
        // 2 layers of width 2^20: 4·2^40 per layer, far beyond 2^31 parameters (and 2^62 overflows).
        for width in ["1048576", "4611686018427387904"] {
            XCTAssertThrowsError(try TransformerConfig.bert(json: config("\"hidden_size\": \(width)"), path: "config.json")) { error in
                XCTAssertTrue("\(error)".contains("need more than 2^31 parameters"), "\(error)")
            }
        }
    }

    func testFuzzBertConfig() {
        let seed = [UInt8](config("\"hidden_size\": 32, \"hidden_act\": \"gelu\", \"layer_norm_eps\": 1e-12"))
        Fuzz.run("BERT config.json", seeds: [seed], tokens: ["\"hidden_size\"", "\"vocab_size\"", "gelu", "relu", "null", "true"]) { bytes in
            try TransformerConfig.bert(json: Data(bytes), path: "config.json").hiddenSize
        }
    }
}
