// A small HTTP/1.1 server on POSIX sockets, reusable by any week that serves something:
//
//   accept thread ──fd──▶ queue ──▶ worker 1…W:  recv → HTTPParser → Router → handler → send
//                                                 (loop while the connection is kept alive)
//
// - Concurrency: a fixed pool of W worker threads; each serves one connection at a time until it
//   closes, so W bounds the number of connections served at once. Accepted connections wait in a
//   queue (at most `maxQueuedConnections`; beyond that a new connection gets 503 and is closed).
// - Keep-alive: HTTP/1.1 keeps the connection unless `Connection: close`; HTTP/1.0 closes unless
//   `Connection: keep-alive`. Pipelined requests are answered in order.
// - Limits and timeouts: header bytes (431), body bytes (413); a connection idle for
//   `idleTimeout` is closed; a request not complete `requestTimeout` after its first byte gets
//   408 (a slow or stalled client cannot hold a worker for ever); sends time out too.
// - Errors: a malformed request gets its 4xx/5xx JSON error ({"error": "…"}) and the connection
//   is closed; a handler's thrown error is a 500 JSON error. Nothing a client sends crashes it.
// - Observability: every response updates `HTTPMetrics` (requests by method/path/status, latency
//   histogram, errors, in-flight gauge, connections) and, with a `RequestLog`, writes a JSON line.
// - Shutdown: `stop()` (or SIGINT/SIGTERM after `stopOnSignals()`) stops accepting, lets the
//   requests in progress finish (answered with `Connection: close`), closes idle connections and
//   joins every thread.
//
//   var router = Router()
//   router.get("/health") { _ in .json(200, .object([("status", .string("ok"))])) }
//   let server = try HTTPServer(router: router, configuration: .init(port: 8080))
//   server.start(); server.stopOnSignals(); server.waitUntilStopped()
//
// What it does not do: TLS, HTTP/2, chunked request bodies (501), Expect: 100-continue, IPv6.

import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public struct HTTPServerConfiguration: Sendable {
    public var host: String
    /// 0: an ephemeral port chosen by the kernel (read it back from `HTTPServer.port`).
    public var port: Int
    public var workers: Int
    public var maxQueuedConnections: Int
    public var limits: HTTPLimits
    /// Seconds a kept-alive connection may wait for its next request.
    public var idleTimeout: Double
    /// Seconds from a request's first byte to its last.
    public var requestTimeout: Double

    public init(host: String = "127.0.0.1", port: Int = 0, workers: Int = 16, maxQueuedConnections: Int = 256,
                limits: HTTPLimits = HTTPLimits(), idleTimeout: Double = 15, requestTimeout: Double = 10) {
        self.host = host
        self.port = port
        self.workers = workers
        self.maxQueuedConnections = maxQueuedConnections
        self.limits = limits
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
    }
}

public final class HTTPServer: @unchecked Sendable {
    public let router: Router
    public let configuration: HTTPServerConfiguration
    public let metrics: HTTPMetrics
    public let log: RequestLog?
    /// The port actually listened on.
    public let port: Int

    private let listenFD: Int32
    private let lock = NSLock()
    private let queueReady = NSCondition()
    private var queue: [Int32] = []
    private var stopping = false
    private var started = false
    private let threads = DispatchGroup()

    /// Binds and listens at once (so `port` is known before `start()`); throws if the port is taken.
    public init(router: Router, configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
                metrics: HTTPMetrics = HTTPMetrics(), log: RequestLog? = nil) throws {
        precondition(configuration.workers > 0, "the server needs at least one worker")
        self.router = router
        self.configuration = configuration
        self.metrics = metrics
        self.log = log
        signal(SIGPIPE, SIG_IGN)
        (listenFD, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: 128)
    }

    public var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    /// Starts the accept thread and the workers; returns at once.
    public func start() {
        lock.lock()
        guard !started else { lock.unlock(); return }
        started = true
        lock.unlock()
        spawn("http-accept") { self.acceptLoop() }
        for i in 0..<configuration.workers { spawn("http-worker-\(i)") { self.workerLoop() } }
    }

    /// Graceful shutdown; returns when every thread has finished. Safe to call more than once.
    public func stop() {
        lock.lock()
        let neverStarted = !started && !stopping  // no accept thread to close the socket
        stopping = true
        lock.unlock()
        if neverStarted { close(listenFD) }
        queueReady.lock()
        queueReady.broadcast()
        queueReady.unlock()
        threads.wait()
    }

    public func waitUntilStopped() {
        while !isStopping { usleep(50_000) }
        threads.wait()
    }

    /// SIGINT (Ctrl-C) and SIGTERM (docker stop, kill) call `stop()`.
    ///
    /// The classic self-pipe: a C signal handler writes the signal's number to a pipe (write is
    /// async-signal-safe) and a thread reading the pipe calls `stop()`. The kernel hands a process
    /// signal to any thread that does not block it; a handler runs on whichever thread that is,
    /// where a dispatch signal source (signalfd) only sees the signal if every thread blocks it —
    /// and the worker threads started before it do not, so a SIGTERM could vanish and the server
    /// run on (seen once in the test suite).
    public func stopOnSignals(_ onSignal: (@Sendable (Int32) -> Void)? = nil) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        signalPipeWriter = fds[1]
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriter, &byte, 1)
            }
        }
        let reader = fds[0]
        let thread = Thread { [self] in
            var byte: UInt8 = 0
            while read(reader, &byte, 1) < 0 && errno == EINTR {}
            onSignal?(Int32(byte))
            self.stop()
        }
        thread.name = "http-signals"
        thread.start()
    }

    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        threads.enter()
        let thread = Thread { [threads] in
            body()
            threads.leave()
        }
        thread.name = name
        thread.start()
    }

    private func acceptLoop() {
        defer { close(listenFD) }  // new connections are refused from here on
        while !isStopping {
            var entry = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            let fd = accept(listenFD, nil, nil)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            Socket.setNoDelay(fd)
            Socket.setSendTimeout(fd, seconds: configuration.requestTimeout)
            metrics.connections.increment()
            queueReady.lock()
            if queue.count >= configuration.maxQueuedConnections {
                queueReady.unlock()
                _ = Socket.sendAll(fd, HTTPResponse.error(503, "server busy: too many queued connections").serialized(keepAlive: false))
                close(fd)
                continue
            }
            queue.append(fd)
            queueReady.signal()
            queueReady.unlock()
        }
    }

    private func workerLoop() {
        while true {
            queueReady.lock()
            while queue.isEmpty && !isStopping { queueReady.wait() }
            if queue.isEmpty {  // stopping and nothing left
                queueReady.unlock()
                return
            }
            let fd = queue.removeFirst()
            queueReady.unlock()
            serve(fd)
            close(fd)
        }
    }

    /// One connection: parse and answer requests until it closes, errs, times out or we stop.
    private func serve(_ fd: Int32) {
        metrics.openConnections.add(1)
        defer { metrics.openConnections.add(-1) }
        var parser = HTTPParser(limits: configuration.limits)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var requestStarted: Double?  // when the first byte of the pending request arrived
        var lastActivity = monotonicSeconds()
        while true {
            do {
                while let request = try parser.next() {
                    let response = handle(request)
                    let keepAlive = request.keepAlive && !isStopping  // after handling: a stop meanwhile closes
                    guard Socket.sendAll(fd, response.serialized(keepAlive: keepAlive)), keepAlive else { return }
                    lastActivity = monotonicSeconds()
                    requestStarted = nil
                }
            } catch {
                reject(fd, error)
                return
            }
            let now = monotonicSeconds()
            if parser.bufferedCount > 0 && requestStarted == nil { requestStarted = now }
            if parser.bufferedCount == 0 && isStopping { return }
            let deadline = requestStarted.map { $0 + configuration.requestTimeout } ?? lastActivity + configuration.idleTimeout
            if now >= deadline {
                if requestStarted != nil {
                    reject(fd, HTTPError(408, "request not complete within \(configuration.requestTimeout) s"))
                }
                return
            }
            // Wake at least every 100 ms to notice shutdown.
            switch Socket.read(fd, into: &buffer, waiting: min(deadline - now, 0.1)) {
            case let .data(n):
                parser.append(buffer[0..<n])
                lastActivity = monotonicSeconds()
            case .timeout: continue
            case .closed: return
            }
        }
    }

    private func handle(_ request: HTTPRequest) -> HTTPResponse {
        metrics.inFlight.add(1)
        let start = monotonicSeconds()
        let response = router.respond(to: request)
        let seconds = monotonicSeconds() - start
        metrics.inFlight.add(-1)
        let route = router.routePath(for: request) ?? "other"
        metrics.record(method: request.method, route: route, status: response.status, seconds: seconds)
        log?.record(method: request.method, path: request.path, status: response.status, seconds: seconds, bytes: response.body.count)
        return response
    }

    /// A request the parser refused (or a timeout): its JSON error, then the connection closes.
    private func reject(_ fd: Int32, _ error: HTTPError) {
        let response = error.response
        metrics.record(method: "other", route: "other", status: error.status, seconds: 0)
        log?.record(method: "-", path: "-", status: error.status, seconds: 0, bytes: response.body.count)
        _ = Socket.sendAll(fd, response.serialized(keepAlive: false))
        shutdown(fd, Int32(SHUT_WR))
    }
}

/// The server's own metrics, registered in `registry` (add the application's metrics to it too).
public final class HTTPMetrics: Sendable {
    public let registry: MetricsRegistry
    public let requests: Counter
    public let duration: Histogram
    public let errors: Counter
    public let inFlight: Gauge
    public let connections: Counter
    public let openConnections: Gauge

    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        requests = registry.counter("http_requests_total", help: "HTTP requests answered, by method, route and status.",
                                    labels: ["method", "path", "status"])
        duration = registry.histogram("http_request_duration_seconds", help: "Time from a parsed request to its response, by route.",
                                      labels: ["path"], buckets: Histogram.decadeBuckets(from: 0.0001, to: 1))
        errors = registry.counter("http_errors_total", help: "Responses with status 4xx or 5xx, by class.", labels: ["class"])
        inFlight = registry.gauge("http_requests_in_flight", help: "Requests being handled right now.")
        connections = registry.counter("http_connections_total", help: "TCP connections accepted.")
        openConnections = registry.gauge("http_connections_open", help: "Connections being served right now.")
    }

    func record(method: String, route: String, status: Int, seconds: Double) {
        let methodLabel = Self.knownMethods.contains(method) ? method : "other"
        requests.increment([methodLabel, route, String(status)])
        duration.observe(seconds, [route])
        if status >= 400 { errors.increment([status >= 500 ? "5xx" : "4xx"]) }
    }
}

/// The write end of `stopOnSignals`' pipe, read by the signal handler (a C function: no captures).
nonisolated(unsafe) private var signalPipeWriter: Int32 = -1
