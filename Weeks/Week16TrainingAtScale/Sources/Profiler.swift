// A small profiler for a training step: spans per layer's forward and backward, the loss, the
// all-reduce, the optimizer update and the wait for data; a table of time per op type and a
// Chrome trace-event file that chrome://tracing and ui.perfetto.dev open.
//
//   forward:   [fc1 forward][relu1 forward] … [cross-entropy forward]
//   backward:  [cross-entropy backward][fc3 backward] … [fc1 backward]   (timed by marks)
//   then:      [all-reduce][update: clip + lr + AdamW]  and before the next step [data wait + shard]
//              (the loader's batch, and with data parallelism the slicing of this rank's rows)
//
// Backward spans come from identity "mark" ops after every layer: a mark's backward runs when the
// gradient of that layer's output is complete, i.e. when the layer above has finished its
// backward. So layer i's backward lies between its own mark's time and the next mark's (for the
// first layer: the end of backward, which is when `afterBackward` starts).
//
// Trace format (the JSON object format of the Trace Event spec): {"traceEvents": [{"name", "cat",
// "ph": "X" (a complete event), "ts" and "dur" in microseconds, "pid": the rank, "tid": 0}, …],
// "displayTimeUnit": "ms"}.
//
// What this file does not do: no sampling, no per-kernel detail below a layer, no memory events.

import Foundation
import Shared
import Week04MNIST
import Week13Modules

public struct ProfileEvent: Equatable, Sendable {
    public var name: String
    /// The op type the table groups by ("Linear forward", "all-reduce", …).
    public var category: String
    public var start: Double
    public var duration: Double
}

public final class Profiler {
    public private(set) var events: [ProfileEvent] = []
    public let rank: Int
    private let origin = Timing.now()
    private var marks: [Double] = []
    private var forwardEnd = 0.0
    private var backwardEnd = 0.0
    private var lastStepEnd: Double?
    private var layerNames: [(name: String, kind: String)] = []

    public init(rank: Int = 0) { self.rank = rank }

    public func record(_ name: String, category: String, from start: Double, to end: Double) {
        events.append(ProfileEvent(name: name, category: category, start: start - origin, duration: Swift.max(0, end - start)))
    }

    public func measure<T>(_ name: String, category: String, _ body: () throws -> T) rethrows -> T {
        let start = Timing.now()
        defer { record(name, category: category, from: start, to: Timing.now()) }
        return try body()
    }

    static func kind(of layer: any Layer) -> String {
        if let activation = layer as? Activation { return activation.kind.rawValue }
        return String(describing: type(of: layer))
    }

    /// Replaces `run`'s batch loss by a profiled Float32 forward of its Sequential; call before
    /// DataParallelTrainer (which then shards this loss), then `instrumentUpdate`.
    public func instrumentForward(_ run: TrainingRun) {
        let model = run.model
        layerNames = model.layers.map { ($0.name, Self.kind(of: $0.layer)) }
        run.batchLoss = { [unowned self] batch in
            let start = Timing.now()
            if let lastStepEnd { record("data wait + shard", category: "data wait + shard", from: lastStepEnd, to: start) }
            marks = []
            var h = Variable(batch.x)
            for (i, entry) in model.layers.enumerated() {
                let begin = Timing.now()
                h = try entry.layer(h)
                record("\(entry.name) forward", category: "\(layerNames[i].kind) forward", from: begin, to: Timing.now())
                h = mark(h)
            }
            let begin = Timing.now()
            let loss = try h.crossEntropy(labels: batch.labels)
            forwardEnd = Timing.now()
            record("cross-entropy forward", category: "cross-entropy forward", from: begin, to: forwardEnd)
            return loss
        }
    }

    func mark(_ x: Variable) -> Variable {
        Variable(op: "profile_mark", inputs: [x], value: x.value) { [unowned self] g in
            marks.append(Timing.now())
            return [g]
        }
    }

    /// Times `run`'s afterBackward (the all-reduce, when there is one) and the update after it.
    /// Call last, after any DataParallelTrainer or loss scaler has installed its hook.
    public func instrumentUpdate(_ run: TrainingRun, hookName: String = "all-reduce") {
        let previous = run.loop.afterBackward
        run.loop.afterBackward = { [unowned self] in
            backwardEnd = Timing.now()
            recordBackward()
            guard let previous else { return true }
            let start = Timing.now()
            defer { record(hookName, category: hookName, from: start, to: Timing.now()) }
            return try previous()
        }
    }

    /// Call right after each step returns (TrainingRun.train's log closure): the update's span.
    public func stepFinished() {
        let now = Timing.now()
        let hookEnd = events.last.map { $0.start + $0.duration + origin } ?? backwardEnd
        record("update (clip, lr, AdamW)", category: "optimizer update", from: Swift.max(hookEnd, backwardEnd), to: now)
        lastStepEnd = now
    }

    private func recordBackward() {
        // marks[0] is the last layer's (its gradient is ready first), marks[k-1] the first's.
        var start = forwardEnd
        let count = layerNames.count
        for (k, time) in marks.enumerated() {
            if k == 0 {
                record("cross-entropy backward", category: "cross-entropy backward", from: start, to: time)
            } else {
                let layer = layerNames[count - k]
                record("\(layer.name) backward", category: "\(layer.kind) backward", from: start, to: time)
            }
            start = time
        }
        if marks.count == count, count > 0 {
            record("\(layerNames[0].name) backward", category: "\(layerNames[0].kind) backward", from: start, to: backwardEnd)
        }
    }

    /// Per op type: calls, total seconds, share of all recorded time; slowest first.
    public func summary() -> [(category: String, calls: Int, seconds: Double, share: Double)] {
        var totals: [String: (Int, Double)] = [:]
        for event in events { totals[event.category, default: (0, 0)].0 += 1; totals[event.category]!.1 += event.duration }
        let all = totals.values.reduce(0) { $0 + $1.1 }
        return totals.map { ($0.key, $0.value.0, $0.value.1, all > 0 ? $0.value.1 / all : 0) }.sorted { $0.seconds > $1.seconds }
    }

    /// The Chrome trace-event JSON of every span.
    public func traceJSON() -> String {
        let events = events.map { event in
            JSONValue.object([("name", .string(event.name)), ("cat", .string(event.category)), ("ph", .string("X")),
                              ("ts", .number((event.start * 1e6).rounded())), ("dur", .number((event.duration * 1e6).rounded())),
                              ("pid", .int(rank)), ("tid", .int(0))])
        }
        return JSONText.line([("traceEvents", .array(events)), ("displayTimeUnit", .string("ms"))])
    }
}
