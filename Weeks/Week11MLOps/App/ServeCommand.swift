// `serve`: the model service until SIGINT/SIGTERM. /health answers at once; /ready and /predict
// answer 503 until the model is loaded (or trained), then 200.

import Foundation
import Shared
import Week11MLOps
import Week11MLOpsService

enum ServeCommand {
    static func run(_ invocation: Invocation) throws {
        let port = invocation.int("port")
        let workers = invocation.int("workers")
        let log = try invocation.optionalString("log").map { try RequestLog(appendingTo: URL(fileURLWithPath: $0)) } ?? RequestLog()
        if let path = invocation.optionalString("model"), !FileManager.default.fileExists(atPath: path) {
            throw UsageError("--model: no file at \(path) (a checkpoint from `swift run Week04MNIST train` or `swift run Week05CNN train`)")
        }
        let service = ModelService()
        let configuration = HTTPServerConfiguration(host: invocation.string("host"), port: port, workers: workers)
        let server: HTTPServer
        do {
            server = try HTTPServer(router: service.router(), configuration: configuration, metrics: service.metrics, log: log)
        } catch {
            throw UsageError("cannot listen on \(configuration.host):\(port): \(error)")
        }
        server.start()
        server.stopOnSignals { sig in
            FileHandle.standardError.write(Data("\(sig == SIGINT ? "SIGINT" : "SIGTERM"): shutting down (finishing requests in progress)\n".utf8))
        }
        print("listening on http://\(configuration.host):\(server.port)  (\(workers) workers; request log: \(log.destination))")
        print("try: curl -s localhost:\(server.port)/ready; curl -s localhost:\(server.port)/metrics | head")
        // The model loads while the server already answers /health (and 503 on /ready).
        do {
            let classifier = try Common.loadOrTrain(invocation)
            service.setModel(classifier)
            print("ready: \(classifier.name)")
        } catch {
            server.stop()
            throw error
        }
        server.waitUntilStopped()
        print("stopped cleanly")
    }
}
