// The TCP layer of the process group: IPv4 stream sockets over Glibc, every operation bounded
// by a timeout, so a dead or silent peer becomes an error instead of a hang.
//
//   Socket.listen(port:)            bind 0.0.0.0:port (0: the kernel picks), listen
//   listener.accept(timeout:)       poll, then accept
//   Socket.connect(host:port:...)   retried until the deadline (the listener may start later)
//   sendAll / receiveExactly        loop until every byte moved, poll before each call
//   Socket.exchange(...)            full duplex: send a buffer to one peer while receiving one
//                                   from another — the ring's step, which would deadlock if each
//                                   rank first sent a message larger than the socket buffers
//
// Sockets are non-blocking; a poll that times out throws `ClusterError.timeout`, a peer that
// closed (recv returns 0, EPIPE, ECONNRESET) throws `ClusterError.peerClosed`. SIGPIPE is ignored
// once, so a write to a dead peer is an error code, not a signal that kills the process.
//
// What this file does not do: no IPv6, no TLS, no message framing (ProcessGroup sends fixed sizes).

import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum ClusterError: Error, CustomStringConvertible, Equatable {
    case timeout(String, seconds: Double)
    case peerClosed(String)
    case system(String, errno: Int32)
    case badEnvironment(String)
    case protocolError(String)

    public var description: String {
        switch self {
        case let .timeout(what, seconds): return "\(what): no progress within \(seconds) s (a worker died or is stuck)"
        case let .peerClosed(what): return "\(what): the peer closed the connection (its worker exited or was killed)"
        case let .system(call, code): return "\(call) failed: \(String(cString: strerror(code)))"
        case let .badEnvironment(message): return message
        case let .protocolError(message): return message
        }
    }
}

public final class Socket {
    public let descriptor: Int32
    /// What this connection is, for error messages ("ring: from rank 2").
    public var label: String
    private var closed = false

    init(descriptor: Int32, label: String) {
        self.descriptor = descriptor
        self.label = label
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var one: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var buffer: Int32 = 4 << 20  // 4 MB each way: a ring step's pieces stream without waiting on the reader
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &buffer, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close() }

    public func close() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(descriptor)
    }

    private static let ignoreSIGPIPE: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    private static func newDescriptor() throws -> Int32 {
        _ = ignoreSIGPIPE
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClusterError.system("socket", errno: errno) }
        return fd
    }

    static func address(host: String, port: Int) throws -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        if inet_pton(AF_INET, host, &address.sin_addr) == 1 { return address }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list, let found = first.pointee.ai_addr else {
            throw ClusterError.badEnvironment("cannot resolve host '\(host)'")
        }
        defer { freeaddrinfo(list) }
        found.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address.sin_addr = $0.pointee.sin_addr }
        return address
    }

    /// A listening socket on `port` (0: any free port; `port` tells which).
    public static func listen(port: Int, label: String) throws -> Socket {
        let fd = try newDescriptor()
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = try address(host: "0.0.0.0", port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            _ = Glibc.close(fd)
            throw ClusterError.system("bind to port \(port)", errno: code)
        }
        guard Glibc.listen(fd, 64) == 0 else { throw ClusterError.system("listen", errno: errno) }
        return Socket(descriptor: fd, label: label)
    }

    /// The local port (after listen on port 0).
    public var port: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The peer's IPv4 address as text.
    public var peerHost: String {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &length) }
        }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(INET_ADDRSTRLEN))
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func accept(timeout: Double, label: String) throws -> Socket {
        try wait(for: Int16(POLLIN), timeout: timeout, what: "\(self.label): waiting for a connection")
        let fd = Glibc.accept(descriptor, nil, nil)
        guard fd >= 0 else { throw ClusterError.system("accept", errno: errno) }
        return Socket(descriptor: fd, label: label)
    }

    /// Connects to host:port, retrying a refused connection until `timeout` has passed.
    public static func connect(host: String, port: Int, timeout: Double, label: String) throws -> Socket {
        let deadline = Date().addingTimeInterval(timeout)
        var address = try address(host: host, port: port)
        while true {
            let fd = try newDescriptor()
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if status == 0 { return Socket(descriptor: fd, label: label) }
            let code = errno
            _ = Glibc.close(fd)
            guard code == ECONNREFUSED || code == ETIMEDOUT || code == EINTR, Date() < deadline else {
                if Date() >= deadline { throw ClusterError.timeout("\(label): connecting to \(host):\(port)", seconds: timeout) }
                throw ClusterError.system("connect to \(host):\(port)", errno: code)
            }
            usleep(20_000)
        }
    }

    func wait(for events: Int16, timeout: Double, what: String) throws {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        while true {
            let ready = poll(&entry, 1, Int32(timeout * 1000))
            if ready > 0 { return }
            if ready == 0 { throw ClusterError.timeout(what, seconds: timeout) }
            if errno != EINTR { throw ClusterError.system("poll", errno: errno) }
        }
    }

    public func sendAll(_ bytes: UnsafeRawBufferPointer, timeout: Double) throws {
        var sent = 0
        while sent < bytes.count {
            try wait(for: Int16(POLLOUT), timeout: timeout, what: "\(label): sending")
            let n = Glibc.send(descriptor, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if n > 0 { sent += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            if n < 0 && errno != EPIPE && errno != ECONNRESET { throw ClusterError.system("send", errno: errno) }
            throw ClusterError.peerClosed(label)
        }
    }

    public func receiveExactly(_ bytes: UnsafeMutableRawBufferPointer, timeout: Double) throws {
        var received = 0
        while received < bytes.count {
            try wait(for: Int16(POLLIN), timeout: timeout, what: "\(label): receiving")
            let n = recv(descriptor, bytes.baseAddress! + received, bytes.count - received, 0)
            if n > 0 { received += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            if n < 0 && errno != ECONNRESET { throw ClusterError.system("recv", errno: errno) }
            throw ClusterError.peerClosed(label)
        }
    }

    public func send(_ text: String, timeout: Double) throws {
        let bytes = Array((text + "\n").utf8)
        try bytes.withUnsafeBytes { try sendAll($0, timeout: timeout) }
    }

    /// One line of text (up to 4096 bytes), read byte by byte: only for the rendezvous handshake.
    public func receiveLine(timeout: Double) throws -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < 4096 {
            try withUnsafeMutableBytes(of: &byte) { try receiveExactly($0, timeout: timeout) }
            if byte == 10 { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        throw ClusterError.protocolError("\(label): a handshake line longer than 4096 bytes")
    }

    /// Sends `outgoing` on `sender` while receiving `incoming.count` bytes on `receiver`, both at
    /// once; `timeout` bounds each wait without progress.
    public static func exchange(send outgoing: UnsafeRawBufferPointer, on sender: Socket,
                                receive incoming: UnsafeMutableRawBufferPointer, on receiver: Socket, timeout: Double) throws {
        var sent = 0, received = 0
        while sent < outgoing.count || received < incoming.count {
            var entries: [pollfd] = []
            if sent < outgoing.count { entries.append(pollfd(fd: sender.descriptor, events: Int16(POLLOUT), revents: 0)) }
            if received < incoming.count { entries.append(pollfd(fd: receiver.descriptor, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&entries, nfds_t(entries.count), Int32(timeout * 1000))
            if ready == 0 {
                let who = received < incoming.count ? receiver.label + ": receiving" : sender.label + ": sending"
                throw ClusterError.timeout(who, seconds: timeout)
            }
            if ready < 0 {
                if errno == EINTR { continue }
                throw ClusterError.system("poll", errno: errno)
            }
            if sent < outgoing.count {
                let n = Glibc.send(sender.descriptor, outgoing.baseAddress! + sent, outgoing.count - sent, Int32(MSG_NOSIGNAL))
                if n > 0 { sent += n } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    if n < 0 && errno != EPIPE && errno != ECONNRESET { throw ClusterError.system("send", errno: errno) }
                    throw ClusterError.peerClosed(sender.label)
                }
            }
            if received < incoming.count {
                let n = recv(receiver.descriptor, incoming.baseAddress! + received, incoming.count - received, 0)
                if n > 0 { received += n } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                    if n < 0 && errno != ECONNRESET { throw ClusterError.system("recv", errno: errno) }
                    throw ClusterError.peerClosed(receiver.label)
                }
            }
        }
    }
}
