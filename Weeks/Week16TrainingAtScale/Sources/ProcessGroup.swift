// A process group the way torchrun starts one: each worker reads RANK, WORLD_SIZE, MASTER_ADDR
// and MASTER_PORT from its environment, meets the others at rank 0 and joins a ring.
//
//   rendezvous (once)                                 ring (every all-reduce)
//   rank r ──"hello r ringPort N"──► rank 0:MASTER_PORT      0 ──► 1 ──► 2 ──► … ──► N−1 ─┐
//   rank r ◄──"next host port"────── rank 0                  ▲──────────────────────────────┘
//   rank r connects to its next, accepts its previous; each checks the previous's rank
//
// Every rank listens on a port the kernel picks for its previous neighbour; rank 0 learns each
// rank's address from the accepted connection and its port from the hello, and tells every rank
// where its next one listens. So the same binary runs as N processes on one machine or on N
// machines (MASTER_ADDR must then be rank 0's address on the network).
//
// `allReduceSum` is the bandwidth-optimal ring (Patarasuk & Yuan): the buffer is cut into N
// chunks; N−1 reduce-scatter steps (send chunk r−s, receive chunk r−s−1 and add it in) leave rank
// r with the full sum of chunk r+1; N−1 all-gather steps pass the finished chunks around. Each
// rank sends 2(N−1)/N of the buffer whatever N is. Every element's sum is computed on one rank
// and copied to the others, so all ranks hold bit-identical results.
//
// Every socket operation is bounded by `timeout` (Socket.swift): a worker that dies closes its
// sockets (its neighbours see the close at once) or goes silent (they time out), and the error
// names the neighbour's rank.
//
// What this file does not do: no reconnection or elastic membership (a lost worker ends the
// run; resume from a checkpoint), no broadcast or gather beyond what training needs.

import Foundation

public struct WorkerEnvironment: Equatable, Sendable {
    public var rank: Int
    public var worldSize: Int
    public var masterAddress: String
    public var masterPort: Int

    public init(rank: Int, worldSize: Int, masterAddress: String = "127.0.0.1", masterPort: Int) {
        (self.rank, self.worldSize, self.masterAddress, self.masterPort) = (rank, worldSize, masterAddress, masterPort)
    }

    /// Reads torchrun's four variables; a missing or bad one is one error line naming it.
    public init(environment: [String: String]) throws {
        func integer(_ key: String, _ valid: (Int) -> Bool) throws -> Int {
            guard let text = environment[key] else {
                throw ClusterError.badEnvironment("\(key) is not set (start workers with `launch --workers N`, or set RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT as torchrun does)")
            }
            guard let value = Int(text), valid(value) else { throw ClusterError.badEnvironment("\(key)=\(text) is not valid") }
            return value
        }
        let worldSize = try integer("WORLD_SIZE") { $0 >= 1 && $0 <= 64 }
        let rank = try integer("RANK") { $0 >= 0 && $0 < worldSize }
        let port = try integer("MASTER_PORT") { $0 >= 1 && $0 <= 65535 }
        guard let address = environment["MASTER_ADDR"], !address.isEmpty else {
            throw ClusterError.badEnvironment("MASTER_ADDR is not set")
        }
        self.init(rank: rank, worldSize: worldSize, masterAddress: address, masterPort: port)
    }

    public var variables: [String: String] {
        ["RANK": String(rank), "WORLD_SIZE": String(worldSize), "MASTER_ADDR": masterAddress, "MASTER_PORT": String(masterPort)]
    }
}

public final class ProcessGroup {
    public let rank: Int
    public let worldSize: Int
    public let timeout: Double
    let next: Socket?
    let previous: Socket?
    /// Bytes this rank has sent in all-reduces.
    public private(set) var bytesSent = 0

    init(rank: Int, worldSize: Int, timeout: Double, next: Socket?, previous: Socket?) {
        (self.rank, self.worldSize, self.timeout, self.next, self.previous) = (rank, worldSize, timeout, next, previous)
    }

    /// Rendezvous and ring set-up. `masterListener` lets rank 0 use a socket already listening
    /// (tests bind port 0 first); otherwise rank 0 listens on MASTER_PORT.
    public static func join(_ environment: WorkerEnvironment, timeout: Double = 60, masterListener: Socket? = nil) throws -> ProcessGroup {
        let (rank, size) = (environment.rank, environment.worldSize)
        guard size > 1 else { return ProcessGroup(rank: 0, worldSize: 1, timeout: timeout, next: nil, previous: nil) }
        let ring = try Socket.listen(port: 0, label: "rank \(rank): ring listener")
        var nextAddress: (host: String, port: Int)
        if rank == 0 {
            let master = try masterListener ?? Socket.listen(port: environment.masterPort, label: "rank 0: rendezvous on port \(environment.masterPort)")
            var table: [Int: (host: String, port: Int)] = [0: (environment.masterAddress, ring.port)]
            var connections: [Int: Socket] = [:]
            while connections.count < size - 1 {
                let connection = try master.accept(timeout: timeout, label: "rank 0: rendezvous")
                let words = try connection.receiveLine(timeout: timeout).split(separator: " ")
                guard words.count == 4, words[0] == "hello", let r = Int(words[1]), let port = Int(words[2]), let n = Int(words[3]) else {
                    throw ClusterError.protocolError("rank 0: a rendezvous hello that is not 'hello RANK PORT WORLD_SIZE'")
                }
                guard n == size else { throw ClusterError.protocolError("rank \(r) has WORLD_SIZE \(n), rank 0 has \(size)") }
                guard r > 0, r < size, connections[r] == nil else { throw ClusterError.protocolError("rank \(r) joined twice or is out of range") }
                let host = connection.peerHost == "127.0.0.1" ? environment.masterAddress : connection.peerHost
                table[r] = (host, port)
                connection.label = "rank 0: rendezvous with rank \(r)"
                connections[r] = connection
            }
            for (r, connection) in connections {
                let target = table[(r + 1) % size]!
                try connection.send("next \(target.host) \(target.port)", timeout: timeout)
            }
            nextAddress = table[1]!
        } else {
            let master = try Socket.connect(host: environment.masterAddress, port: environment.masterPort, timeout: timeout,
                                            label: "rank \(rank): rendezvous with rank 0 at \(environment.masterAddress):\(environment.masterPort)")
            try master.send("hello \(rank) \(ring.port) \(size)", timeout: timeout)
            let words = try master.receiveLine(timeout: timeout).split(separator: " ")
            guard words.count == 3, words[0] == "next", let port = Int(words[2]) else {
                throw ClusterError.protocolError("rank \(rank): rank 0 answered the hello with something other than 'next HOST PORT'")
            }
            nextAddress = (String(words[1]), port)
        }
        let nextRank = (rank + 1) % size, previousRank = (rank + size - 1) % size
        let next = try Socket.connect(host: nextAddress.host, port: nextAddress.port, timeout: timeout,
                                      label: "rank \(rank): ring to rank \(nextRank)")
        let previous = try ring.accept(timeout: timeout, label: "rank \(rank): ring from rank \(previousRank)")
        let group = ProcessGroup(rank: rank, worldSize: size, timeout: timeout, next: next, previous: previous)
        var mine = Int64(rank), theirs = Int64(-1)
        try withUnsafeBytes(of: &mine) { out in
            try withUnsafeMutableBytes(of: &theirs) { try Socket.exchange(send: out, on: next, receive: $0, on: previous, timeout: timeout) }
        }
        guard theirs == Int64(previousRank) else {
            throw ClusterError.protocolError("rank \(rank): expected rank \(previousRank) before it on the ring, got \(theirs)")
        }
        return group
    }

    /// The rows of chunk c of n over `count` elements: [c·count/n, (c+1)·count/n).
    public static func chunk(_ c: Int, of n: Int, count: Int) -> Range<Int> { (c * count / n)..<((c + 1) * count / n) }

    /// Floats per pipelined piece of a reduce-scatter step: the piece received is added in while
    /// the kernel already receives the next one, and the scratch stays in cache (256 KB).
    public static let pieceLength = 65_536
    private var scratch = [Float](repeating: 0, count: ProcessGroup.pieceLength)

    /// values ← Σ over ranks of values (every rank passes a buffer of the same length).
    public func allReduceSum(_ values: inout [Float]) throws {
        // exercise ring-all-reduce: Sum a buffer across all ranks of the ring so every rank ends with the same, complete sum.
        // hint: Cut the buffer into N chunks (ProcessGroup.chunk); in each of N−1 reduce-scatter steps a rank sends one chunk to its next and adds the chunk it receives from its previous into its own copy.
        // hint: Which chunk moves at step s depends on the rank and s, modulo N: after N−1 such steps each rank owns the full sum of exactly one chunk.
        // hint: Then N−1 all-gather steps pass the finished chunks round the ring, overwriting instead of adding; Socket.exchange sends and receives at once so neighbours never deadlock, and bytesSent counts what this rank sent.
        // tests: AllReduceTests/testRingAllReduceEqualsTheSumForOneToFourRanks
        let n = worldSize
        guard n > 1, let next, let previous else { return }
        let count = values.count
        let size = MemoryLayout<Float>.stride, piece = Self.pieceLength
        try values.withUnsafeMutableBufferPointer { v in
            let base = UnsafeMutableRawPointer(v.baseAddress!)
            try scratch.withUnsafeMutableBufferPointer { s in
                for step in 0..<(n - 1) {
                    let out = Self.chunk((rank - step + n) % n, of: n, count: count)
                    let into = Self.chunk((rank - step - 1 + 2 * n) % n, of: n, count: count)
                    // Both chunks differ by at most one element; walk them in pieces together.
                    var offset = 0
                    while offset < Swift.max(out.count, into.count) {
                        let sending = Swift.max(0, Swift.min(piece, out.count - offset))
                        let receiving = Swift.max(0, Swift.min(piece, into.count - offset))
                        try Socket.exchange(send: UnsafeRawBufferPointer(start: base + (out.lowerBound + offset) * size, count: sending * size),
                                            on: next, receive: UnsafeMutableRawBufferPointer(start: s.baseAddress!, count: receiving * size),
                                            on: previous, timeout: timeout)
                        let target = v.baseAddress! + into.lowerBound + offset
                        for i in 0..<receiving { target[i] += s[i] }
                        offset += piece
                    }
                    bytesSent += out.count * size
                }
            }
            for step in 0..<(n - 1) {
                let out = Self.chunk((rank - step + 1 + n) % n, of: n, count: count)
                let into = Self.chunk((rank - step + n) % n, of: n, count: count)
                try Socket.exchange(send: UnsafeRawBufferPointer(start: base + out.lowerBound * size, count: out.count * size), on: next,
                                    receive: UnsafeMutableRawBufferPointer(start: base + into.lowerBound * size, count: into.count * size),
                                    on: previous, timeout: timeout)
                bytesSent += out.count * size
            }
        }
        // end exercise ring-all-reduce
    }

    /// Waits until every rank has reached this call.
    public func barrier() throws {
        var token: [Float] = [1]
        try allReduceSum(&token)
    }

    public func close() {
        next?.close()
        previous?.close()
    }
}
