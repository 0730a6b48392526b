// Reference figures from Python tools (numpy, scikit-learn, …) measured in the same run as ours:
// a benchmark runs a short script in a child python3 process and reads what it prints. When
// python3 or the module is missing the result is nil and the benchmark says so instead.

import Foundation

public enum PythonReference {
    /// Runs `python3 -c script arguments…`; its stdout, or nil when it cannot run or fails.
    public static func run(_ script: String, arguments: [String] = []) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// True when `import module` works in python3.
    public static func hasModule(_ module: String) -> Bool {
        run("import \(module)") != nil
    }
}
