// The committed reference values (Fixtures/make_reference.py wrote them once with
// sentence-transformers and transformers; see the command at the top of that script).

import Foundation
import Shared
import TestSupport
import XCTest

struct MiniLMReference {
    struct Item { var text: String; var inputIDs: [Int]; var embedding: [Float] }
    var maxSequenceLength: Int
    var items: [Item]

    static func load() throws -> MiniLMReference {
        let url = Fixtures.url("minilm_reference.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let items = try XCTUnwrap(json["items"] as? [[String: Any]]).map { item in
            Item(text: try XCTUnwrap(item["text"] as? String),
                 inputIDs: try XCTUnwrap(item["input_ids"] as? [Int]),
                 embedding: try XCTUnwrap(item["embedding"] as? [Double]).map(Float.init))
        }
        return MiniLMReference(maxSequenceLength: try XCTUnwrap(json["max_seq_length"] as? Int), items: items)
    }
}

struct GPT2Reference {
    var ids: [Int]
    var tiedLogits: [[Float]]
    var untiedLogits: [[Float]]
    var prompt: [Int]
    var tiedGreedy: [Int]
    var untiedGreedy: [Int]

    static func load() throws -> GPT2Reference {
        let url = Fixtures.url("gpt2_reference.json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        func matrix(_ key: String) throws -> [[Float]] {
            try XCTUnwrap(json[key] as? [[Double]]).map { $0.map(Float.init) }
        }
        return GPT2Reference(ids: try XCTUnwrap(json["ids"] as? [Int]), tiedLogits: try matrix("tied_logits"),
                             untiedLogits: try matrix("untied_logits"), prompt: try XCTUnwrap(json["prompt"] as? [Int]),
                             tiedGreedy: try XCTUnwrap(json["tied_greedy"] as? [Int]),
                             untiedGreedy: try XCTUnwrap(json["untied_greedy"] as? [Int]))
    }

    static func folder(_ name: String) -> URL { Fixtures.url(name) }
}

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for i in a.indices {
        dot += Double(a[i]) * Double(b[i])
        na += Double(a[i]) * Double(a[i])
        nb += Double(b[i]) * Double(b[i])
    }
    return dot / (na.squareRoot() * nb.squareRoot())
}
