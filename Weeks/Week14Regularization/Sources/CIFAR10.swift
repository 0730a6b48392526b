// CIFAR-10's binary version ("CIFAR-10 binary version (suitable for C programs)"), when the user
// supplies it — it is not packaged here. Each of data_batch_1.bin … data_batch_5.bin (training,
// 10,000 images each) and test_batch.bin holds records of 3073 bytes:
//
//   byte 0        the label 0…9
//   bytes 1…3072  the image as 3 planes of 32×32 (red, then green, then blue), rows top to bottom
//
// read into rows [N, 3·32·32] (CHW, the order ImageInput(channels: 3, …) reshapes to) scaled to
// 0…1. A missing file is one line saying where to put the batches; a file whose size is not a
// multiple of 3073, or a label above 9, is one line naming the file.
//
// What this file does not do: no download, no Python-pickle version, no CIFAR-100 (2 label bytes).

import Foundation
import Shared

public enum CIFAR10 {
    public static let classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    public static let side = 32, channels = 3
    public static let recordSize = 1 + 3 * 32 * 32
    public static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
    public static let testFile = "test_batch.bin"

    /// The records of one binary batch file.
    public static func readBatch(_ url: URL) throws -> ImageSplit {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataFileError.missing(path: url.path + " (put CIFAR-10's binary batches data_batch_1.bin … data_batch_5.bin and test_batch.bin in "
                + url.deletingLastPathComponent().path + ")")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw DataFileError.unreadable(path: url.path, reason: error.localizedDescription) }
        guard !data.isEmpty, data.count % recordSize == 0 else {
            throw DataFileError.malformed(path: url.path, reason: "\(data.count) bytes is not a whole number of \(recordSize)-byte records (1 label + 3072 pixels)")
        }
        let count = data.count / recordSize, pixels = recordSize - 1
        var images = [Float](repeating: 0, count: count * pixels)
        var labels = [Int](repeating: 0, count: count)
        var badLabel: Int?
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for r in 0..<count {
                let record = r * recordSize
                labels[r] = Int(bytes[record])
                if labels[r] > 9 && badLabel == nil { badLabel = r }
                for j in 0..<pixels { images[r * pixels + j] = Float(bytes[record + 1 + j]) / 255 }
            }
        }
        if let r = badLabel {
            throw DataFileError.malformed(path: url.path, reason: "record \(r) has label \(labels[r]); CIFAR-10's labels are 0…9")
        }
        return ImageSplit(images: try Tensor(shape: [count, pixels], storage: images), labels: labels, width: side, height: side)
    }

    /// data_batch_1…5 (those present, at least the first) and test_batch from `folder`.
    public static func load(from folder: URL) throws -> (train: ImageSplit, test: ImageSplit) {
        let present = trainFiles.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
        let batches = try (present.isEmpty ? [trainFiles[0]] : present).map { try readBatch(folder.appendingPathComponent($0)) }
        let train = ImageSplit(images: try Tensor.concatenateRows(batches.map(\.images)), labels: batches.flatMap(\.labels),
                               width: side, height: side)
        return (train, try readBatch(folder.appendingPathComponent(testFile)))
    }
}
