// GPT-2's byte ↔ unicode table: the 256 bytes as 256 printable characters, the alphabet Hugging
// Face `tokenizers`' ByteLevel pre-tokenizer and GPT-2's vocab.json/merges.txt write tokens in.
// Printable ASCII and Latin-1 bytes map to themselves; the others (controls, space, 0x7F–0xA0,
// 0xAD) map to U+0100, U+0101, … in byte order. Not here: the split itself (week 8's
// `BPETokenizer.chunks`).

public enum ByteLevel {
    /// byteToScalar[b]: the character byte b is written as.
    public static let byteToScalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let kept = (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b)
            if kept {
                table[b] = Unicode.Scalar(UInt32(b))!
            } else {
                table[b] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The inverse of `byteToScalar`.
    public static let scalarToByte: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (b, scalar) in byteToScalar.enumerated() { map[scalar] = UInt8(b) }
        return map
    }()

    /// Bytes → their GPT-2 display string ("Ġthe" for " the").
    public static func encode(_ bytes: [UInt8]) -> String {
        var view = String.UnicodeScalarView()
        for b in bytes { view.append(byteToScalar[Int(b)]) }
        return String(view)
    }

    /// A GPT-2 display string → bytes; nil if a character is not one of the 256.
    public static func decode(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        for scalar in token.unicodeScalars {
            guard let b = scalarToByte[scalar] else { return nil }
            out.append(b)
        }
        return out
    }
}
