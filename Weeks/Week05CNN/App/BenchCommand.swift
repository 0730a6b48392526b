import Shared
// placeholder replaced below
enum BenchCommand { static func run(_ invocation: Shared.Invocation) throws {} }
