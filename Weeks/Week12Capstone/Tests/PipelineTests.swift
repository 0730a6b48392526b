// The pipeline in process (no HTTP): the ranking puts each labelled question's gold file first;
// the full answer's sources are the ranking's top k, its answer is week 10's extractive answer
// over the packed context of that ranking, and every stage is timed once, in order. The /query
// body parser's 400s, called directly.

import Foundation
import Shared
import TestSupport
import Week10AdvancedRAG
import Week11MLOps
import Week12Capstone
import XCTest

final class PipelineTests: XCTestCase {
    func makePipeline() throws -> (TemporaryDirectory, RAGPipeline) {
        let (temporary, docs, folder) = try TinyCorpus.make()
        let embedder = HashingEmbedder(dimension: 64)
        _ = try IndexBundle.ingest(corpus: docs, folder: folder, embedder: embedder, showProgress: false)
        return (temporary, RAGPipeline(index: try IndexBundle.load(folder), embedder: embedder))
    }

    func testRankingPutsTheGoldFileFirst() throws {
        let (temporary, pipeline) = try makePipeline()
        _ = temporary
        for q in TinyCorpus.questions {
            let (ranked, vector, stages) = try pipeline.rank(q.question)
            XCTAssertEqual(ranked.first.map { pipeline.index.rag.chunks[$0.index].file }, q.relevant[0], q.question)
            XCTAssertEqual(vector, try pipeline.embedder.embed([q.question])[0])
            XCTAssertEqual(stages.map(\.name), Array(RAGPipeline.stageNames.prefix(5)))
            XCTAssertEqual(Set(ranked.map(\.index)).count, ranked.count, "a chunk appears once")
            XCTAssertEqual(ranked.map(\.score), ranked.map(\.score).sorted(by: >), "best first")
        }
    }

    func testAnswerIsTheExtractiveAnswerOverTheRankedContext() throws {
        let (temporary, pipeline) = try makePipeline()
        _ = temporary
        let k = 3
        for q in TinyCorpus.questions {
            let answer = try pipeline.answer(q.question, k: k)
            let (ranked, vector, _) = try pipeline.rank(q.question)
            XCTAssertEqual(answer.ranked.map(\.index), ranked.map(\.index))
            XCTAssertEqual(answer.sources.map(\.file), ranked.prefix(k).map { pipeline.index.rag.chunks[$0.index].file })
            XCTAssertEqual(answer.sources.map(\.score), ranked.prefix(k).map(\.score))
            XCTAssertEqual(answer.sources.first?.file, q.relevant[0], q.question)
            // Week 10's pieces composed by hand: pack the top max(k, contextChunks), extract, render.
            let chunks = ranked.prefix(max(k, pipeline.contextChunks)).map { pipeline.index.rag.chunks[$0.index] }
            let context = ContextPacker.pack(Array(chunks), budget: pipeline.budget, tokenCount: pipeline.embedder.tokenCount)
            let sentences = try Answering.extractive(question: vector, context: context, embedder: pipeline.embedder)
            XCTAssertEqual(answer.answer, Answering.render(sentences))
            XCTAssertFalse(answer.answer.isEmpty)
            XCTAssertEqual(answer.groundedness, try Answering.groundedness(sentences, context: context, embedder: pipeline.embedder))
            XCTAssertEqual(answer.stages.map(\.name), RAGPipeline.stageNames)
            XCTAssertEqual(answer.question, q.question)
        }
    }

    func message(_ body: String) -> String? {
        do {
            _ = try QueryRequest.parse(Array(body.utf8))
            return nil
        } catch {
            XCTAssertEqual(error.status, 400, body)
            return error.message
        }
    }

    func testQueryBodiesParseOrGiveTheirFourHundred() throws {
        XCTAssertEqual(try QueryRequest.parse(Array("{\"question\": \"  zip archive \"}".utf8)), QueryRequest(question: "zip archive", k: 5))
        XCTAssertEqual(try QueryRequest.parse(Array("{\"question\": \"json\", \"k\": 20}".utf8)), QueryRequest(question: "json", k: 20))
        XCTAssertEqual(try QueryRequest.parse(QueryRequest(question: "a date", k: 2).body), QueryRequest(question: "a date", k: 2))
        let bad: [(String, String)] = [
            ("", "empty body"), ("{", "malformed JSON"), ("[1, 2]", "must be a JSON object"), ("\"json\"", "must be a JSON object"),
            ("{\"k\": 3}", "missing key 'question'"), ("{\"question\": 3}", "must be a string"), ("{\"question\": \"   \"}", "is empty"),
            ("{\"question\": \"json\", \"k\": 0}", "out of range"), ("{\"question\": \"json\", \"k\": 21}", "out of range"),
            ("{\"question\": \"json\", \"k\": \"5\"}", "whole number"), ("{\"question\": \"json\", \"k\": 2.5}", "whole number"),
            ("{\"question\": \"json\", \"k\": true}", "whole number"),
            ("{\"question\": \"" + String(repeating: "a", count: 2001) + "\"}", "at most 2000"),
        ]
        for (body, expected) in bad {
            let text = message(body)
            XCTAssert(text?.contains(expected) == true, "body \(body.prefix(40)): error '\(text ?? "none")' should say '\(expected)'")
        }
    }
}
