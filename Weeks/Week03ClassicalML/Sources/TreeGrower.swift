// Growing a tree depth-first by exhaustive histogram split search.
//
// At a node holding m samples (a range of the index array), for every candidate feature:
//   1. histogram:  per bin b, the class counts h[b][c] (classification) or Σy and count (regression)
//   2. sweep the occupied bins left to right, moving each bin's counts from the right child to the
//      left one, and score the split "code ≤ b" in O(K) per bin:
//        gini      maximise Σ_c L_c²/n_L + Σ_c R_c²/n_R   (⇔ minimise n_L·Gini_L + n_R·Gini_R,
//                  Gini = 1 − Σ p_c²)
//        entropy   minimise n_L·H_L + n_R·H_R = Σ_sides (n ln n − Σ_c n_c ln n_c)  (⇔ max information gain)
//        squared   maximise S_L²/n_L + S_R²/n_R  (⇔ minimise the children's summed squared error)
//   3. keep the best (feature, bin); partition the index range so the left child's samples come first.
// Cost per node: O(m · features + occupied bins · K · features) — no sorting, which is why a
// depth-20 tree on 60000 × 784 Fashion-MNIST pixels takes seconds.
// A node becomes a leaf at max depth, when pure, below minSamplesSplit, or when no feature varies.
//
// Memory: the first levels stream the column-major codes. Once a node holds at most `blockRows`
// samples (so its codes fit in ~2 MB of cache), its samples' whole rows are gathered once from the
// row-major copy into a small column-major block, and its entire subtree works inside that block —
// instead of every deep node missing the cache on scattered reads across a 60000-row column.
//
// Does not: weight samples (a bootstrap sample is passed as an index list with repeats, which
// counts a sample as often as it was drawn — the same as scikit-learn's integer sample weights).

import Foundation
import Shared

struct TreeGrower {
    let data: BinnedFeatures
    let parameters: TreeParameters
    let classCount: Int  // 0: regression
    let labels: [Int32]
    let targets: [Double]
    var rng: SplitMix64
    /// Regression leaves: the value for the samples (indices) in a leaf; default the mean target.
    var leafValue: (([Int]) -> Double)?

    init(data: BinnedFeatures, parameters: TreeParameters, labels: [Int32], classCount: Int, seed: UInt64) {
        self.data = data
        self.parameters = parameters
        self.labels = labels
        self.classCount = classCount
        targets = []
        rng = SplitMix64(seed: seed)
    }

    init(data: BinnedFeatures, parameters: TreeParameters, targets: [Double], seed: UInt64,
         leafValue: (([Int]) -> Double)? = nil) {
        self.data = data
        self.parameters = parameters
        self.targets = targets
        labels = []
        classCount = 0
        rng = SplitMix64(seed: seed)
        self.leafValue = leafValue
    }

    struct Best {
        var score = -Double.infinity
        var feature = -1
        var bin = 0
        var nextBin = 0
    }

    mutating func grow(indices: [Int]) -> TreeModel {
        let n = data.rows, d = data.columns
        let k = classCount
        let outputs = max(k, 1)
        let count = indices.count
        var tree = TreeModel()
        tree.outputs = outputs
        _ = tree.addNode(outputs: outputs)
        let binCounts = (0..<d).map { data.binCount($0) }
        let maxBins = binCounts.max() ?? 1
        // Scratch buffers, reused by every node (raw pointers: these loops are the hot path).
        let idx = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
        let scratch = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
        let hist = UnsafeMutablePointer<Double>.allocate(capacity: maxBins * outputs)
        let total = UnsafeMutablePointer<Int>.allocate(capacity: maxBins)
        let touched = UnsafeMutablePointer<Int>.allocate(capacity: maxBins)
        let nodeY = UnsafeMutablePointer<Int32>.allocate(capacity: max(count, 1))
        let nodeT = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
        let parentCounts = UnsafeMutablePointer<Double>.allocate(capacity: outputs)
        let leftCounts = UnsafeMutablePointer<Double>.allocate(capacity: outputs)
        let rightCounts = UnsafeMutablePointer<Double>.allocate(capacity: outputs)
        // The classes present at the node: deep nodes hold only a few of the K classes, so the
        // sweep and the histogram reset loop over these instead of all K.
        let present = UnsafeMutablePointer<Int>.allocate(capacity: outputs)
        var presentCount = 0
        // The local block for the current small subtree (see the header).
        let blockCapacity = min(max(256, 1_000_000 / max(d, 1)), max(count, 1))
        let blockCodes = UnsafeMutablePointer<UInt16>.allocate(capacity: blockCapacity * d)
        let blockGlobal = UnsafeMutablePointer<Int>.allocate(capacity: blockCapacity)
        let blockLabels = UnsafeMutablePointer<Int32>.allocate(capacity: blockCapacity)
        let blockTargets = UnsafeMutablePointer<Double>.allocate(capacity: blockCapacity)
        var blockRows = 0
        defer {
            blockCodes.deallocate(); blockGlobal.deallocate(); blockLabels.deallocate(); blockTargets.deallocate()
            present.deallocate()
            for p in [idx, scratch, total, touched] { p.deallocate() }
            for p in [hist, nodeT, parentCounts, leftCounts, rightCounts] { p.deallocate() }
            nodeY.deallocate()
        }
        for i in 0..<count { idx[i] = indices[i] }
        hist.initialize(repeating: 0, count: maxBins * outputs)
        total.initialize(repeating: 0, count: maxBins)
        var features = Array(0..<d)
        let tryCount = min(parameters.maxFeatures ?? d, d)
        var stack: [(node: Int, start: Int, end: Int, depth: Int, local: Bool)] = [(0, 0, count, 0, false)]
        var random = rng
        let allCodes = data.codes, allRows = data.rowCodes
        let labelArray = labels, targetArray = targets
        allCodes.withUnsafeBufferPointer { globalCodes in
        allRows.withUnsafeBufferPointer { rowCodes in
        labelArray.withUnsafeBufferPointer { globalLabels in
        targetArray.withUnsafeBufferPointer { globalTargets in
            while let (node, start, end, depth, local) = stack.popLast() {
                let m = end - start
                // Where this node's codes, labels and targets live: the global arrays or the block.
                let codes = local ? UnsafePointer(blockCodes) : globalCodes.baseAddress!
                let stride = local ? blockRows : n
                let labels = local ? UnsafePointer(blockLabels) : (globalLabels.baseAddress ?? UnsafePointer(blockLabels))
                let targets = local ? UnsafePointer(blockTargets) : (globalTargets.baseAddress ?? UnsafePointer(blockTargets))
                // Node statistics and value.
                var pure = true
                if k > 0 {
                    for c in 0..<k { parentCounts[c] = 0 }
                    for p in start..<end {
                        let y = labels[idx[p]]
                        nodeY[p - start] = y
                        parentCounts[Int(y)] += 1
                    }
                    presentCount = 0
                    for c in 0..<k {
                        tree.value[node * k + c] = parentCounts[c] / Double(m)
                        if parentCounts[c] > 0 && parentCounts[c] < Double(m) { pure = false }
                        if parentCounts[c] > 0 { present[presentCount] = c; presentCount += 1 }
                    }
                } else {
                    var sum = 0.0
                    for p in start..<end { nodeT[p - start] = targets[idx[p]]; sum += nodeT[p - start] }
                    for p in 1..<max(m, 1) where nodeT[p] != nodeT[0] { pure = false; break }
                    tree.value[node] = leafValue.map { value in
                        value((start..<end).map { local ? blockGlobal[idx[$0]] : idx[$0] })
                    } ?? sum / Double(m)
                }
                let depthLeft = parameters.maxDepth.map { depth < $0 } ?? true
                if pure || !depthLeft || m < parameters.minSamplesSplit || m < 2 * parameters.minSamplesLeaf { continue }
                var inBlock = local
                var source = codes, sourceStride = stride
                if !local && m <= blockCapacity {
                    // Gather this subtree's rows into the block; idx[start..<end] become block rows 0..<m.
                    blockRows = m
                    for q in 0..<m {
                        let g = idx[start + q]
                        blockGlobal[q] = g
                        idx[start + q] = q
                        if k > 0 { blockLabels[q] = globalLabels[g] } else { blockTargets[q] = globalTargets[g] }
                    }
                    // Transpose rows → block columns 16 samples at a time, so each write touches
                    // 16 neighbouring entries of a column instead of one.
                    let tile = 16
                    for q0 in Swift.stride(from: 0, to: m, by: tile) {
                        let q1 = min(q0 + tile, m)
                        for f in 0..<d {
                            let out = blockCodes + f * m
                            for q in q0..<q1 { out[q] = rowCodes[blockGlobal[q] * d + f] }
                        }
                    }
                    inBlock = true
                    source = UnsafePointer(blockCodes)
                    sourceStride = m
                }

                if tryCount < d {
                    for i in 0..<tryCount { features.swapAt(i, i + random.nextInt(below: d - i)) }
                }
                var best = Best()
                for fi in 0..<tryCount {
                    let f = features[fi]
                    let bins = binCounts[f]
                    if bins < 2 { continue }
                    let column = source + f * sourceStride
                    // 1. histogram
                    var t = 0
                    if k > 0 {
                        for p in 0..<m {
                            let b = Int(column[idx[start + p]])
                            if total[b] == 0 { touched[t] = b; t += 1 }
                            total[b] += 1
                            hist[b * k + Int(nodeY[p])] += 1
                        }
                    } else {
                        for p in 0..<m {
                            let b = Int(column[idx[start + p]])
                            if total[b] == 0 { touched[t] = b; t += 1 }
                            total[b] += 1
                            hist[b] += nodeT[p]
                        }
                    }
                    if t >= 2 {
                        if t * 8 < bins {
                            var sorted = UnsafeMutableBufferPointer(start: touched, count: t)
                            sorted.sort()
                        } else {
                            var q = 0
                            for b in 0..<bins where total[b] > 0 { touched[q] = b; q += 1 }
                        }
                        // 2. sweep
                        if k > 0 {
                            sweepClasses(f, t, m, touched, total, hist, parentCounts, leftCounts, rightCounts,
                                         present, presentCount, &best)
                        } else {
                            sweepRegression(f, t, m, touched, total, hist, &best)
                        }
                    }
                    for q in 0..<t {
                        let b = touched[q]
                        total[b] = 0
                        if k > 0 { for q in 0..<presentCount { hist[b * k + present[q]] = 0 } } else { hist[b] = 0 }
                    }
                }
                guard best.feature >= 0 else { continue }
                // 3. partition: left = code ≤ best.bin
                let column = source + best.feature * sourceStride
                var l = start, r = 0
                for p in start..<end {
                    let i = idx[p]
                    if Int(column[i]) <= best.bin { idx[l] = i; l += 1 } else { scratch[r] = i; r += 1 }
                }
                for q in 0..<r { idx[l + q] = scratch[q] }
                let low = data.binHigh[best.feature][best.bin], high = data.binLow[best.feature][best.nextBin]
                var threshold = (low + high) / 2
                if threshold >= high { threshold = low }
                let leftNode = tree.addNode(outputs: outputs)
                let rightNode = tree.addNode(outputs: outputs)
                tree.feature[node] = Int32(best.feature)
                tree.threshold[node] = threshold
                tree.left[node] = Int32(leftNode)
                tree.right[node] = Int32(rightNode)
                stack.append((rightNode, l, end, depth + 1, inBlock))
                stack.append((leftNode, start, l, depth + 1, inBlock))
            }
        }
        }
        }
        }
        rng = random
        return tree
    }
}
