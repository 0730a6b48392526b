// What train, compare and scaling share: the corpus the options name, tokenised by a BPE trained
// on its training side (with a progress bar) or by the merges of an earlier run.

import Foundation
import Shared
import Week08LLMEngineering
import Week17TinyGPT

enum Corpus {
    /// The split, then BPE (trained, or `tokenizer` when given), both sides encoded; prints a
    /// summary line unless `quiet`.
    static func load(_ invocation: Invocation, tokenizer: BPETokenizer? = nil, quiet: Bool) throws -> TokenizedCorpus {
        let split = try Week17CommandLine.split(invocation)
        let start = Timing.now()
        let corpus: TokenizedCorpus
        if let tokenizer {
            corpus = try TokenizedCorpus(split: split, tokenizer: tokenizer)
        } else {
            let merges = invocation.int("vocab") - 256
            let bar = quiet ? nil : ProgressBar("BPE merges", total: merges)
            corpus = try TokenizedCorpus(split: split, vocabularySize: invocation.int("vocab"), bpeBytes: invocation.int("bpe-bytes"),
                                         progress: { done, _ in bar?.update(done) })
            bar?.finish()
        }
        if !quiet {
            let s = corpus.split
            print(String(format: "text: docs %@ + %@; train %d documents, %.2f MB; held out %d documents (every %dth), %.2f MB",
                         invocation.string("sections"), invocation.string("news").isEmpty ? "no NEWS" : invocation.string("news"),
                         s.trainDocuments, Double(s.train.count) / 1e6, s.heldOutDocuments, invocation.int("hold-out-every"),
                         Double(s.heldOut.count) / 1e6))
            print(String(format: "BPE: vocabulary %d (trained on the first %d training bytes); train %d tokens, held out %d tokens, %.2f bytes/token; %.1f s",
                         corpus.tokenizer.vocabularySize, min(invocation.int("bpe-bytes"), s.train.count), corpus.train.count,
                         corpus.heldOut.count, Double(s.heldOut.count) / Double(max(1, corpus.heldOut.count)), Timing.now() - start))
        }
        return corpus
    }
}
