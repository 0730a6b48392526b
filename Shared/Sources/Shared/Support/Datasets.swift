// The datasets the curriculum uses, where Scripts/setup.sh puts them, and loaders for the common
// ones. A missing dataset is one clear error naming the command that fetches it.
//
// Datasets/manifest.json is the list of record (setup.sh installs from it, `roadmap doctor` reports
// on it). `Dataset` repeats its folders, titles and required files in code because the cases are
// API (`Dataset.fashionMNIST`) and an executable must find its data without the checkout's
// manifest (the week-11 container image carries only Datasets/fashion-mnist); SharedTests'
// DatasetManifestTests fails when the two disagree.

import Foundation

public enum Dataset: String, CaseIterable, Sendable {
    case fashionMNIST = "fashion-mnist"
    case mnist = "mnist"
    case sklearn = "sklearn"
    case statsmodels = "statsmodels"
    case minilm = "minilm"
    case pythonDocs = "python-docs"
    case pythonNews = "python-news"

    public var title: String {
        switch self {
        case .fashionMNIST: return "Fashion-MNIST"
        case .mnist: return "MNIST"
        case .sklearn: return "scikit-learn's bundled datasets"
        case .statsmodels: return "statsmodels' bundled datasets"
        case .minilm: return "all-MiniLM-L6-v2"
        case .pythonDocs: return "the Python 3.11 documentation sources"
        case .pythonNews: return "Python's NEWS and HISTORY"
        }
    }

    public var directory: URL { Project.datasets.appendingPathComponent(rawValue, isDirectory: true) }

    /// The files (a trailing "/": folders) the dataset must contain to count as present; a file may
    /// also be there gzip-compressed (name.gz). The same lists as Datasets/manifest.json's "files"
    /// (DatasetManifestTests checks that they agree).
    public var requiredFiles: [String] {
        switch self {
        case .fashionMNIST, .mnist:
            return ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
        case .sklearn: return ["iris.csv", "wine.csv", "breast_cancer.csv", "diabetes.csv", "digits.csv"]
        case .statsmodels: return ["sunspots.csv", "co2.csv", "macrodata.csv"]
        case .minilm: return ["model.safetensors", "config.json", "vocab.txt"]
        case .pythonDocs: return ["library/", "tutorial/"]
        case .pythonNews: return ["NEWS", "HISTORY"]
        }
    }

    public var isPresent: Bool {
        let fm = FileManager.default
        return requiredFiles.allSatisfy { name in
            let path = directory.appendingPathComponent(name.hasSuffix("/") ? String(name.dropLast()) : name).path
            var isDirectory: ObjCBool = false
            let exists = fm.fileExists(atPath: path, isDirectory: &isDirectory)
            return name.hasSuffix("/") ? exists && isDirectory.boolValue : exists || fm.fileExists(atPath: path + ".gz")
        }
    }

    /// The dataset folder, or an error that says how to get it.
    public func locate() throws -> URL {
        guard isPresent else { throw DatasetError.missing(self) }
        return directory
    }

    /// A file inside the dataset (plain or .gz).
    public func file(_ name: String) throws -> URL {
        let dir = try locate()
        let fm = FileManager.default
        for candidate in [name, name + ".gz"] where fm.fileExists(atPath: dir.appendingPathComponent(candidate).path) {
            return dir.appendingPathComponent(candidate)
        }
        throw DatasetError.missingFile(self, name)
    }
}

public enum DatasetError: Error, CustomStringConvertible {
    case missing(Dataset)
    case missingFile(Dataset, String)

    public var description: String {
        switch self {
        case let .missing(d):
            if d == .mnist {
                return "MNIST is not in Datasets/mnist (it is not packaged here): put its four IDX files there, or use Fashion-MNIST"
            }
            return "\(d.title) is not in Datasets/\(d.rawValue): run ./Scripts/setup.sh"
        case let .missingFile(d, name):
            return "Datasets/\(d.rawValue)/\(name) is missing: run ./Scripts/setup.sh"
        }
    }
}

/// An image-classification split: images [N, H·W] in 0…1 and labels.
public struct ImageSplit: Sendable {
    public var images: Tensor
    public var labels: [Int]
    public var width: Int
    public var height: Int

    public init(images: Tensor, labels: [Int], width: Int, height: Int) {
        (self.images, self.labels, self.width, self.height) = (images, labels, width, height)
    }
}

public enum ImageDatasets {
    public static let fashionMNISTClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

    /// Fashion-MNIST or MNIST from its folder (or any folder holding the four IDX files).
    public static func load(_ dataset: Dataset = .fashionMNIST, from folder: URL? = nil) throws -> (train: ImageSplit, test: ImageSplit) {
        let dir = try folder ?? dataset.locate()
        func file(_ name: String) throws -> URL {
            let fm = FileManager.default
            for candidate in [name, name + ".gz"] where fm.fileExists(atPath: dir.appendingPathComponent(candidate).path) {
                return dir.appendingPathComponent(candidate)
            }
            throw DataFileError.missing(path: dir.appendingPathComponent(name).path)
        }
        func split(_ prefix: String) throws -> ImageSplit {
            let images = try IDX.readImages(try file("\(prefix)-images-idx3-ubyte"))
            let labels = try IDX.readLabels(try file("\(prefix)-labels-idx1-ubyte"))
            guard images.rowCount == labels.count else {
                throw DataFileError.malformed(path: dir.path, reason: "\(prefix): \(images.rowCount) images but \(labels.count) labels")
            }
            let side = Int(Double(images.rowLength).squareRoot())
            return ImageSplit(images: images, labels: labels, width: side, height: images.rowLength / max(side, 1))
        }
        return (try split("train"), try split("t10k"))
    }

    /// Only the 10,000-image test split (when the training images are not needed).
    public static func loadTest(_ dataset: Dataset = .fashionMNIST) throws -> ImageSplit {
        let dir = try dataset.locate()
        let images = try IDX.readImages(try dataset.file("t10k-images-idx3-ubyte"))
        let labels = try IDX.readLabels(try dataset.file("t10k-labels-idx1-ubyte"))
        guard images.rowCount == labels.count else {
            throw DataFileError.malformed(path: dir.path, reason: "t10k: \(images.rowCount) images but \(labels.count) labels")
        }
        return ImageSplit(images: images, labels: labels, width: 28, height: images.rowLength / 28)
    }
}
