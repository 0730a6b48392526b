import Shared
enum BenchCommand { static func run(_ invocation: Invocation) throws {} }
