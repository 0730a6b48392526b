// The embedder the executable uses. Until week 8's MiniLM is wired in, this is the hashing embedder.

import Foundation

public enum DefaultEmbedder {
    public static func make() throws -> any TextEmbedder { HashingEmbedder(dimension: 384) }
}
