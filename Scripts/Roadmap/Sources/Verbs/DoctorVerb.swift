// `roadmap doctor`: is this machine ready for the course? Swift's version, OpenBLAS (found by
// pkg-config, and which CPU core it picked: asked from the library itself through dlopen, so
// roadmap does not link it), each dataset Datasets/manifest.json lists (the one list, shared with
// Scripts/setup.sh), free disk space, and the two files roadmap owns.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One line of `roadmap doctor`: a check, whether it is fine, and whether a failure counts as a
/// problem (exit 1) or only a warning (a missing dataset, little disk, a partial Roadmap.md).
struct DoctorCheck {
    var topic: String
    var ok: Bool
    var detail: String
    var problem: Bool { !ok && ["Swift", "OpenBLAS", "Datasets", "Progress.json"].contains(topic) }

    var json: [String: Any] { ["topic": topic, "ok": ok, "problem": problem, "detail": detail] }
}

extension Session {
    func doctor() throws -> Int32 {
        try arguments.expectPositionals(atMost: 0)
        var checks: [DoctorCheck] = []
        func report(_ topic: String, _ ok: Bool, _ detail: String) { checks.append(DoctorCheck(topic: topic, ok: ok, detail: detail)) }
        let root = workspace.root
        let swift = try? environment.runner.run([environment.swift, "--version"], in: root, mode: .capture(echo: false))
        if let swift, swift.status == 0, let first = swift.output.split(separator: "\n").first(where: { $0.contains("version") }) {
            report("Swift", true, String(first))
        } else {
            report("Swift", false, "`swift --version` failed; install the Swift toolchain")
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
        }
        var datasets: [[String: Any]] = []
        do {
            for entry in try DatasetManifest.load(root: root).datasets {
                let (check, json) = datasetCheck(entry, root: root)
                checks.append(check)
                datasets.append(json)
            }
        } catch {
            report("Datasets", false, "\(error)")
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
        }
        let problems = checks.filter(\.problem).count
        if wantsJSON {
            // {ok, problems, checks [{topic, ok, problem, detail}], datasets [{folder, optional, present, lacking, entries}]}
            try printJSON(["ok": problems == 0, "problems": problems, "checks": checks.map(\.json), "datasets": datasets])
        } else {
            for check in checks { out.line("\(out.mark(check.ok)) \(check.topic.padded(to: 14)) \(check.detail)") }
        }
        return problems == 0 ? 0 : 1
    }

    /// Missing or incomplete datasets are warnings (a week that needs one says so when run); an
    /// absent optional one (the learner's own copy) is only noted. Also the entry for --json.
    func datasetCheck(_ entry: DatasetManifest.Entry, root: URL) -> (DoctorCheck, [String: Any]) {
        let name = entry.folder
        let lacking = DatasetManifest.lacking(entry, root: root)
        var entries: Int?
        let check: DoctorCheck
        if lacking.isEmpty {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Datasets/\(name)").path)) ?? []
            entries = contents.count
            check = DoctorCheck(topic: "Dataset", ok: true, detail: "\(name): \(contents.count) entries")
        } else if entry.optional == true {
            check = DoctorCheck(topic: "Dataset", ok: true, detail: "\(name): absent (optional, not installed by setup)")
        } else if lacking.count == entry.files.count {
            check = DoctorCheck(topic: "Dataset", ok: false, detail: "\(name): missing; run ./Scripts/setup.sh")
        } else {
            check = DoctorCheck(topic: "Dataset", ok: false, detail: "\(name): lacks \(lacking.joined(separator: ", ")); run ./Scripts/setup.sh")
        }
        let json: [String: Any] = ["folder": name, "optional": entry.optional ?? false, "present": lacking.isEmpty,
                                   "lacking": lacking, "entries": entries as Any]
        return (check, json)
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
