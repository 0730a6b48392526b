// Our tokenizers against Hugging Face `tokenizers` 0.23.3. Fixtures and the commands that made
// them: Fixtures/make_fixtures.py (its header has both commands).
//   tokenizer.json   written by our `export` (BPE vocab 600 on train.txt + "<|endoftext|>")
//   hf-ids.json      the ids HF's Tokenizer.from_file(tokenizer.json) gives hidden.txt
//   hf-bpe/          vocab.json + merges.txt trained by HF's ByteLevelBPETokenizer on train.txt,
//                    and ids.json: HF's ids for hidden.txt under them
// hidden.txt was not trained on: contractions, digits, tabs, trailing spaces, CJK, emoji, the special.
import Foundation
import TestSupport
import Week08LLMEngineering
import XCTest
@testable import Week18Tokenizers

final class HuggingFaceTests: XCTestCase {
    func ids(_ name: String) throws -> [Int] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: Fixtures.url(name))) as! [Int]
    }

    func exported() throws -> SpecialTokenizer {
        let train = try String(contentsOf: Fixtures.url("train.txt"), encoding: .utf8)
        return SpecialTokenizer(base: try BPETokenizer.train(train, vocabularySize: 600), specials: ["<|endoftext|>"])
    }

    /// Training again gives byte for byte the committed tokenizer.json.
    func testExportIsTheCommittedTokenizerJSON() throws {
        let committed = try String(contentsOf: Fixtures.url("tokenizer.json"), encoding: .utf8)
        XCTAssertEqual(try exported().huggingFaceJSON(), committed)
    }

    /// HF, loading our tokenizer.json, encodes the hidden text to the ids we give it.
    func testHuggingFaceEncodesOurExportToOurIDs() throws {
        let hidden = try String(contentsOf: Fixtures.url("hidden.txt"), encoding: .utf8)
        let ours = try exported().encode(hidden)
        let theirs = try ids("hf-ids.json")
        XCTAssertEqual(ours.count, theirs.count)
        XCTAssertEqual(ours, theirs, "first difference at \(ours.indices.first { $0 >= theirs.count || ours[$0] != theirs[$0] } ?? -1)")
    }

    /// HF's own vocab.json + merges.txt, loaded here, encode the hidden text as HF does.
    func testGPT2StyleFilesEncodeLikeHuggingFace() throws {
        let hidden = try String(contentsOf: Fixtures.url("hidden.txt"), encoding: .utf8)
        let files = try GPT2Files(folder: Fixtures.url("hf-bpe"))
        let ours = files.encode(hidden)
        let theirs = try ids("hf-bpe/ids.json")
        XCTAssertEqual(ours, theirs, "first difference at \(ours.indices.first { $0 >= theirs.count || ours[$0] != theirs[$0] } ?? -1)")
    }

    func testMalformedMergesNameTheLine() {
        let vocab = Data(#"{"a": 0}"#.utf8)
        XCTAssertThrowsError(try GPT2Files(vocabJSON: vocab, mergesText: "#version: 0.2\n", source: "x")) { error in
            XCTAssertTrue("\(error)".contains("lacks the byte token"), "\(error)")
        }
    }
}
