// A CLIP-style toy (Radford et al. 2021) on Fashion-MNIST: an image tower and a text tower trained
// with the symmetric InfoNCE loss so that an image lands next to a description of its class, then
// zero-shot classification: an image's class is the class of its nearest description.
//
//   image tower  MLP 784 → 128 → 32, L2-normalised
//   text tower   bag of words: a description's normalised word counts [V] → Linear(V, 32),
//                L2-normalised (a learned embedding per word, averaged: the smallest text encoder)
//   batch        G groups of 10 pairs, one image of each class with one of its class's training
//                descriptions; each group's 10 × 10 similarity matrix gets symmetric InfoNCE
//                (within a group every class appears once, so there are no false negatives)
//
// Each class has four hand-written descriptions; three train the towers and the fourth is held out.
// Zero-shot accuracy is reported with the held-out descriptions, which the text tower has never
// seen as sentences, only word by word: the words must carry the meaning.

import Foundation
import Shared
import Week04MNIST

public enum ClassDescriptions {
    /// Four descriptions per Fashion-MNIST class, in class order; the last of each is held out.
    public static let fashionMNIST: [[String]] = [
        ["a short sleeved t-shirt top worn on the upper body", "a casual cotton tee with short sleeves",
         "a light top with a round neck and short sleeves", "a simple short sleeved cotton top"],
        ["long trousers with two legs worn on the lower body", "a pair of pants covering both legs",
         "long slim jeans for the legs", "a pair of long trousers for both legs"],
        ["a warm knitted pullover with long sleeves", "a thick wool jumper pulled over the head",
         "a cosy knitted sweater with long sleeves", "a warm wool pullover sweater"],
        ["a long dress worn by women from shoulders to knees", "an elegant one piece dress",
         "a summer dress with a flowing skirt", "a one piece dress with a skirt"],
        ["a heavy winter coat with long sleeves and buttons", "a long warm jacket worn outside over clothes",
         "a thick coat with a zip and a collar", "a warm winter jacket coat with a collar"],
        ["an open summer sandal with straps", "a light flat shoe with straps and open toes",
         "a strappy sandal for the beach", "an open shoe with thin straps"],
        ["a buttoned shirt with a collar and long sleeves", "a formal shirt with buttons down the front",
         "a cotton shirt with a collar", "a collared shirt with buttons"],
        ["a sporty sneaker for running", "a low canvas trainer shoe with laces",
         "a running shoe with a rubber sole", "a low sports shoe with laces for running"],
        ["a leather bag with a handle", "a handbag to carry things",
         "a square shopping bag with handles", "a carry bag with a strap handle"],
        ["a leather ankle boot with a heel", "a high boot covering the ankle",
         "a winter boot for the ankle with a thick sole", "an ankle high leather boot"],
    ]
}

/// Lower-case words of letters (hyphens kept), e.g. "t-shirt".
public func words(_ text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0 == "-") }.map(String.init)
}

public struct BagOfWords: Sendable {
    public let vocabulary: [String]
    let position: [String: Int]

    public init(texts: [String]) {
        vocabulary = Array(Set(texts.flatMap(words))).sorted()
        position = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
    }

    /// Word counts divided by the number of known words ([V]; unknown words are ignored).
    public func vector(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: vocabulary.count)
        let known = words(text).compactMap { position[$0] }
        for i in known { v[i] += 1 / Float(known.count) }
        return v
    }

    public func matrix(_ texts: [String]) throws -> Tensor {
        try Tensor(shape: [texts.count, vocabulary.count], storage: texts.flatMap(vector))
    }
}

/// Two towers as one module: image_tower.fc1.weight …, text_tower.weight, text_tower.bias.
public final class CLIPToy: Module {
    public let imageTower: Sequential
    public let textTower: Linear
    public let bagOfWords: BagOfWords
    public let descriptions: [[String]]

    public init(descriptions: [[String]] = ClassDescriptions.fashionMNIST, dimension: Int = 32, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let layers: [(name: String, layer: any Layer)] = [
            ("fc1", Linear(784, 128, rng: &rng)), ("relu", Activation(.relu)), ("fc2", Linear(128, dimension, rng: &rng)),
        ]
        imageTower = Sequential(layers)
        self.descriptions = descriptions
        bagOfWords = BagOfWords(texts: descriptions.flatMap { $0 })
        textTower = Linear(bagOfWords.vocabulary.count, dimension, rng: &rng)
    }

    public var members: [ModuleMember] { [.child("image_tower", imageTower), .child("text_tower", textTower)] }

    public func embedImages(_ x: Variable) throws -> Variable { try imageTower(x).l2NormalizedRows() }
    public func embedTexts(_ texts: [String]) throws -> Variable {
        try textTower(Variable(try bagOfWords.matrix(texts))).l2NormalizedRows()
    }

    /// Adam on symmetric InfoNCE; returns the loss of every step.
    public func train(_ split: ImageSplit, steps: Int, groups: Int = 16, temperature: Float = 0.1, lr: Float = 2e-3,
                      seed: UInt64, progress: ProgressBar? = nil) throws -> [Double] {
        var rng = SplitMix64(seed: seed)
        let loop = TrainingLoop(model: self, optimizer: Adam(parameters, lr: lr))
        let byClass = (0..<10).map { c in split.labels.indices.filter { split.labels[$0] == c } }
        var losses: [Double] = []
        try loop.fit(steps: steps, loss: { _ in
            var total: Variable?
            for _ in 0..<groups {
                let indices = byClass.map { $0[rng.nextInt(below: $0.count)] }
                let texts = (0..<10).map { descriptions[$0][rng.nextInt(below: descriptions[$0].count - 1)] }
                let images = try embedImages(Variable(try split.images.gatherRows(indices)))
                let loss = try InfoNCE.loss(images, try embedTexts(texts), temperature: temperature)
                total = try total.map { try $0 + loss } ?? loss
            }
            return total!.scaled(1 / Float(groups))
        }, log: { step in
            losses.append(Double(step.loss))
            progress?.update(step.step, note: String(format: "loss %.3f", step.loss))
        })
        progress?.finish()
        return losses
    }

    /// Share of images whose nearest description (among one per class: `which` picks it) is their class's.
    public func zeroShotAccuracy(_ split: ImageSplit, descriptionIndex which: Int) throws -> Double {
        let prompts = descriptions.map { $0[which] }
        let textEmbeddings = try Autograd.noGrad { try embedTexts(prompts).value }
        let index = ExactIndex(dimension: textEmbeddings.rowLength, metric: .cosine)
        try index.add(textEmbeddings.storage, ids: Array(0..<10))
        let imageEmbeddings = try Autograd.noGrad { try embedImages(Variable(split.images)).value }
        let nearest = try index.search(batch: imageEmbeddings.storage, k: 1, threads: 2)
        let correct = nearest.enumerated().filter { $0.element.first?.id == split.labels[$0.offset] }.count
        return Double(correct) / Double(max(1, split.labels.count))
    }
}
