// The router: (method, path) → handler. A handler is a closure from a request to a response; it
// may throw an `HTTPError` (that status and message) or any other error (500). Paths match
// exactly (no patterns: the services here have a handful of fixed endpoints). An unknown path is
// 404; a known path with another method is 405 with an `Allow` header listing the methods it has.
//
//   var router = Router()
//   router.get("/health") { _ in .json(200, .object([("status", .string("ok"))])) }
//   router.post("/predict") { request in try predict(request.body) }

public typealias HTTPHandler = @Sendable (HTTPRequest) throws -> HTTPResponse

public struct Router: Sendable {
    private var routes: [String: [String: HTTPHandler]] = [:]  // path → method → handler

    public init() {}

    public mutating func add(_ method: String, _ path: String, _ handler: @escaping HTTPHandler) {
        routes[path, default: [:]][method] = handler
    }

    public mutating func get(_ path: String, _ handler: @escaping HTTPHandler) { add("GET", path, handler) }
    public mutating func post(_ path: String, _ handler: @escaping HTTPHandler) { add("POST", path, handler) }

    /// The route's path when the request matches a registered path (the metrics label), else nil.
    public func routePath(for request: HTTPRequest) -> String? {
        routes[request.path] == nil ? nil : request.path
    }

    /// Runs the matching handler; 404/405 otherwise; a thrown error becomes its JSON error response.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let methods = routes[request.path] else {
            return .error(404, "no route for \(request.path)")
        }
        guard let handler = methods[request.method] else {
            var response = HTTPResponse.error(405, "\(request.method) is not allowed on \(request.path)")
            response.headers.append(("Allow", methods.keys.sorted().joined(separator: ", ")))
            return response
        }
        do {
            return try handler(request)
        } catch let error as HTTPError {
            return error.response
        } catch {
            return .error(500, "\(error)")
        }
    }
}
