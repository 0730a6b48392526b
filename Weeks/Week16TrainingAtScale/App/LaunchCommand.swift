// `launch --workers N`: torchrun on one machine. Starts N copies of this executable's `worker`
// command with RANK, WORLD_SIZE, MASTER_ADDR=127.0.0.1 and MASTER_PORT in their environment (the
// worker options are passed on unchanged) and waits. Workers share this terminal's stdout and
// stderr. When one exits non-zero the others get `grace` seconds to notice the lost neighbour and
// exit by themselves (their sockets time out by then at the latest) and are then terminated; the
// launcher prints each rank's exit status and exits 1. Like torchrun (which sets
// OMP_NUM_THREADS=1 for more than one process per node), it gives each of several workers one BLAS
// thread unless OPENBLAS_NUM_THREADS is already set, so N workers do not fight over the cores.

import Foundation
import Shared
import Week16TrainingAtScale

enum LaunchCommand {
    static func run(_ invocation: Invocation) throws {
        let workers = invocation.int("workers")
        let port = try invocation.optionalInt("master-port") ?? freePort()
        try launch(workers: workers, port: port, arguments: forwarded(invocation, skipping: ["workers", "master-port"]),
                   grace: invocation.double("timeout") + 5)
    }

    /// The worker options of `invocation` as command-line words again.
    static func forwarded(_ invocation: Invocation, skipping: Set<String>) -> [String] {
        var words: [String] = []
        for option in Week16CommandLine.workerOptions where !skipping.contains(option.name) && invocation.isGiven(option.name) {
            switch option.kind {
            case .flag: if invocation.flag(option.name) { words.append("--\(option.name)") }
            case .int: words += ["--\(option.name)", String(invocation.int(option.name))]
            case .double: words += ["--\(option.name)", String(invocation.double(option.name))]
            case .string: words += ["--\(option.name)", invocation.string(option.name)]
            case .ints: words += ["--\(option.name)", invocation.ints(option.name).map(String.init).joined(separator: ",")]
            case .doubles: words += ["--\(option.name)", invocation.doubles(option.name).map { String($0) }.joined(separator: ",")]
            }
        }
        return words
    }

    /// A port the kernel considers free right now (bound and released).
    static func freePort() throws -> Int {
        let socket = try Socket.listen(port: 0, label: "launch: port probe")
        defer { socket.close() }
        return socket.port
    }

    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }

    /// Runs `worker` with `arguments` as `workers` processes; throws when any failed.
    static func launch(workers: Int, port: Int, arguments: [String], grace: Double,
                       command: String = "worker", extraEnvironment: [String: String] = [:]) throws {
        var processes: [Process] = []
        defer { for p in processes where p.isRunning { p.terminate() } }
        for rank in 0..<workers {
            let process = Process()
            process.executableURL = executable
            process.arguments = [command] + arguments
            var environment = ProcessInfo.processInfo.environment.merging(extraEnvironment) { _, new in new }
            for (key, value) in WorkerEnvironment(rank: rank, worldSize: workers, masterPort: port).variables { environment[key] = value }
            if workers > 1 && environment["OPENBLAS_NUM_THREADS"] == nil { environment["OPENBLAS_NUM_THREADS"] = "1" }
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            try process.run()
            processes.append(process)
        }
        var firstFailure: Date?
        while processes.contains(where: \.isRunning) {
            if firstFailure == nil, processes.contains(where: { !$0.isRunning && $0.terminationStatus != 0 }) { firstFailure = Date() }
            if let firstFailure, Date().timeIntervalSince(firstFailure) > grace {
                for p in processes where p.isRunning { p.terminate() }
            }
            usleep(50_000)
        }
        let statuses = processes.map(\.terminationStatus)
        guard statuses.allSatisfy({ $0 == 0 }) else {
            let report = statuses.enumerated().map { "rank \($0.offset) exited \($0.element)" }.joined(separator: ", ")
            throw LaunchFailure(message: "launch: a worker failed (\(report))")
        }
    }
}

struct LaunchFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
