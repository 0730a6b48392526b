// A public initialiser for PreparedQuery, so a pipeline in another module (week 12's service,
// whose dense leg is an approximate index) can hand the re-ranker its own prepared query.

extension PreparedQuery {
    public init(_ text: String, vector: [Float], bm25Scores: [Double], denseScores: [Double]) {
        self.text = text
        self.vector = vector
        self.bm25Scores = bm25Scores
        self.denseScores = denseScores
    }
}
