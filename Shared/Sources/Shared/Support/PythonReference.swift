// Reference figures from Python tools (numpy, scikit-learn, PyTorch, …) measured in the same run as
// ours: a benchmark runs a short script in a child Python process and reads what it prints. When
// Python or the module is missing the result is nil and the benchmark says so instead.
//
// Which Python: $REFERENCE_PYTHON when set; else the optional reference environment that
// `./Scripts/reference_env.sh` creates (.cache/refenv, with torch, transformers,
// sentence-transformers and hnswlib, too large for the default set-up); else python3 on PATH.

import Foundation

public enum PythonReference {
    /// The interpreter used for reference runs (see the header).
    public static var interpreter: String {
        if let chosen = ProcessInfo.processInfo.environment["REFERENCE_PYTHON"], !chosen.isEmpty { return chosen }
        let environment = Project.root.appendingPathComponent(".cache/refenv/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: environment) { return environment }
        return "python3"
    }

    /// Runs `python -c script arguments…`; its stdout, or nil when it cannot run or fails.
    public static func run(_ script: String, arguments: [String] = []) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter, "-c", script] + arguments
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

    /// True when `import module` works in the reference Python.
    public static func hasModule(_ module: String) -> Bool {
        run("import \(module)") != nil
    }
}
