// Progress.json <-> LearnerProgress. Decoding checks, in order: JSON syntax (with line:column), the
// schema version (newer than ours → refuse; older → migrate), then the document's shape
// (with the key path of the first bad value). Encoding is pretty-printed with sorted keys so a
// committed Progress.json diffs line by line.

import Foundation

/// Rewrites a decoded JSON document of schema version `from` into version `from + 1`.
public typealias ProgressMigration = @Sendable (inout [String: Any]) throws -> Void

public struct DecodedProgress {
    public var progress: LearnerProgress
    /// The version the file had, if it was older than ours and had to be migrated.
    public var migratedFrom: Int?
}

public enum ProgressCodec {
    /// Migrations from each old version to the next. Version 1 is the first schema, so none yet;
    /// when version 2 comes, `[1: { document in … }]` goes here.
    public static let migrations: [Int: ProgressMigration] = [:]

    public static func decode(_ data: Data, path: String,
                              migrations: [Int: ProgressMigration] = ProgressCodec.migrations) throws -> DecodedProgress {
        let bytes = [UInt8](data)
        do {
            try JSONSyntax.check(bytes)
        } catch {
            throw RoadmapError.progressMalformed(path: path, position: "\(error.line):\(error.column)",
                                                 message: "invalid JSON: \(error.message)")
        }
        guard var document = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RoadmapError.progressMalformed(path: path, position: nil, message: "expected a JSON object")
        }
        guard let version = document["schemaVersion"] as? Int else {
            throw RoadmapError.progressMalformed(path: path, position: nil,
                                                 message: "missing integer \"schemaVersion\"")
        }
        if version > LearnerProgress.schemaVersion {
            throw RoadmapError.progressFromTheFuture(path: path, version: version, supported: LearnerProgress.schemaVersion)
        }
        var current = version
        while current < LearnerProgress.schemaVersion {
            guard let migrate = migrations[current] else {
                throw RoadmapError.progressMalformed(path: path, position: nil,
                                                     message: "unknown schema version \(current)")
            }
            try migrate(&document)
            current += 1
            document["schemaVersion"] = current
        }
        let upgraded = current == version ? data : try JSONSerialization.data(withJSONObject: document)
        do {
            let progress = try decoder().decode(LearnerProgress.self, from: upgraded)
            return DecodedProgress(progress: progress, migratedFrom: current == version ? nil : version)
        } catch let error as DecodingError {
            throw RoadmapError.progressMalformed(path: path, position: nil, message: describe(error))
        }
    }

    public static func encode(_ progress: LearnerProgress) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(progress)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// "weeks.01.assess.verdict: …" — where in the document the shape is wrong, and how.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [CodingKey]) -> String {
            let keys = codingPath.map { $0.stringValue.hasPrefix("Index ") ? String($0.stringValue.dropFirst(6)) : $0.stringValue }
            return keys.isEmpty ? "the document" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
