// `roadmap doctor`: is this machine ready for the course? Swift's version, OpenBLAS (found by
// pkg-config, and which CPU core it picked: asked from the library itself through dlopen, so
// roadmap does not link it), each dataset Datasets/manifest.json lists (the one list, shared with
// Scripts/setup.sh), free disk space, and the two files roadmap owns.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Session {
    func doctor() throws -> Int32 {
        try arguments.expectPositionals(atMost: 0)
        var problems = 0
        let root = workspace.root
        let swift = try? environment.runner.run([environment.swift, "--version"], in: root, mode: .capture(echo: false))
        if let swift, swift.status == 0, let first = swift.output.split(separator: "\n").first(where: { $0.contains("version") }) {
            report("Swift", true, String(first))
        } else {
            report("Swift", false, "`swift --version` failed; install the Swift toolchain")
            problems += 1
        }
        let version = try? environment.runner.run(["pkg-config", "--modversion", "openblas"], in: root, mode: .capture(echo: false))
        if let version, version.status == 0 {
            let libdir = (try? environment.runner.run(["pkg-config", "--variable=libdir", "openblas"], in: root,
                                                      mode: .capture(echo: false)))?.output ?? ""
            let core = environment.variables["OPENBLAS_CORETYPE"].map { "\($0) (forced by OPENBLAS_CORETYPE)" }
                ?? Self.openBLASCore() ?? "unknown (library not loadable)"
            report("OpenBLAS", true, "\(version.output.trimmed) in \(libdir.trimmed) · core: \(core)")
        } else {
            report("OpenBLAS", false, "not found by pkg-config; install libopenblas-dev (apt) or openblas (brew)")
            problems += 1
        }
        do {
            for entry in try DatasetManifest.load(root: root).datasets {
                reportDataset(entry, root: root)
            }
        } catch {
            report("Datasets", false, "\(error)")
            problems += 1
        }
        if let attributes = try? FileManager.default.attributesOfFileSystem(forPath: root.path),
           let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value {
            let gigabytes = Double(free) / 1_073_741_824
            report("Disk", gigabytes >= 5, String(format: "%.1f GB free", gigabytes) + (gigabytes < 5 ? " (datasets and builds need ~5 GB)" : ""))
        }
        let implemented = course.weeks.filter(workspace.isImplemented).count
        report("Roadmap.md", course.weeks.count == 52, "\(course.weeks.count) weeks, \(implemented) implemented in Package.swift")
        do {
            let progress = try workspace.store.load()
            report("Progress.json", true, "schema \(progress.schemaVersion), start date \(progress.startDate ?? "not set")")
        } catch {
            report("Progress.json", false, "\(error)")
            problems += 1
        }
        return problems == 0 ? 0 : 1
    }

    /// Missing or incomplete datasets are warnings (a week that needs one says so when run); an
    /// absent optional one (the learner's own copy) is only noted.
    func reportDataset(_ entry: DatasetManifest.Entry, root: URL) {
        let name = entry.folder
        let lacking = DatasetManifest.lacking(entry, root: root)
        if lacking.isEmpty {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Datasets/\(name)").path)) ?? []
            report("Dataset", true, "\(name): \(contents.count) entries")
        } else if entry.optional == true {
            report("Dataset", true, "\(name): absent (optional, not installed by setup)")
        } else if lacking.count == entry.files.count {
            report("Dataset", false, "\(name): missing; run ./Scripts/setup.sh")
        } else {
            report("Dataset", false, "\(name): lacks \(lacking.joined(separator: ", ")); run ./Scripts/setup.sh")
        }
    }

    func report(_ topic: String, _ ok: Bool, _ detail: String) {
        out.line("\(out.mark(ok)) \(topic.padded(to: 14)) \(detail)")
    }

    /// The core OpenBLAS chose for this CPU (openblas_get_corename), or nil if it cannot be loaded.
    static func openBLASCore() -> String? {
        #if canImport(Glibc)
        for library in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else { continue }
            defer { dlclose(handle) }
            guard let symbol = dlsym(handle, "openblas_get_corename") else { continue }
            typealias CoreName = @convention(c) () -> UnsafePointer<CChar>?
            guard let name = unsafeBitCast(symbol, to: CoreName.self)() else { continue }
            return String(cString: name)
        }
        #endif
        return nil
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
