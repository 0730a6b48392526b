// `--json` on the reporting verbs (show, doctor, report; status/list/next have theirs in VerbTests),
// against the fake course: one JSON document on stdout with every documented key, values that follow
// from what the test did, and errors that stay one line on stderr with nothing on stdout.

import Foundation
@testable import RoadmapKit
import XCTest

/// Parses a verb's whole stdout as one JSON object.
func jsonObject(_ result: Invocation, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(result.output)", file: file, line: line)
}

final class JSONReportTests: XCTestCase {
    func testShowJSONHasTheCardAndTheLearnersState() throws {
        let course = try FakeCourse()
        _ = course.run(["check", "1", "study", "3"])
        _ = course.run(["check", "1", "target", "1"], now: FakeCourse.day("2025-01-08"))
        let result = course.run(["show", "1", "--json"])
        XCTAssertEqual(result.status, 0, result.errors)
        let card = try jsonObject(result)
        XCTAssertEqual(card.keys.sorted(), ["assess", "build", "done", "exercises", "implemented", "label", "marks", "name",
                                            "number", "practice", "quarter", "study", "targets", "title"])
        XCTAssertEqual(card["name"] as? String, "Week01Alpha")
        XCTAssertEqual(card["marks"] as? String, "ts··")
        XCTAssertEqual(card["label"] as? String, "in progress")
        XCTAssertEqual((card["quarter"] as? [String: Any])?["title"] as? String, "Basics")
        let targets = try XCTUnwrap(card["targets"] as? [[String: Any]])
        XCTAssertEqual(targets.count, 5)
        XCTAssertEqual(targets[0]["checkedAt"] as? String, "2025-01-08T00:00:00Z")
        XCTAssertTrue(targets[1]["checkedAt"] is NSNull, "an unchecked item has checkedAt null")
        let study = try XCTUnwrap(card["study"] as? [[String: Any]])
        XCTAssertEqual(study[2]["text"] as? String, "Trefethen & Bau, lecture 4")
        XCTAssertEqual(study[2]["number"] as? Int, 3)
        let build = try XCTUnwrap(card["build"] as? [String: Any])
        XCTAssertEqual(build["command"] as? String, "swift run Week01Alpha")
        XCTAssertTrue(build["lastSuccess"] is NSNull)
        let assess = try XCTUnwrap(card["assess"] as? [String: Any])
        XCTAssertEqual(assess["state"] as? String, "none")
        XCTAssertEqual(assess["failures"] as? [String], [])
        XCTAssertTrue(card["practice"] is NSNull)

        let planned = try jsonObject(course.run(["show", "3", "--json"]))
        XCTAssertEqual(planned["implemented"] as? Bool, false)
        XCTAssertEqual(planned["label"] as? String, "planned")
    }

    func testShowJSONRecordsAFailedAssess() throws {
        let course = try FakeCourse()
        let runner = FakeRunner { _ in
            CommandResult(status: 1, output: xctestOutput(executed: 4, failing: [("AlphaTests.testSum", "XCTFail - sum")]))
        }
        XCTAssertEqual(course.run(["assess", "1"], runner: runner).status, 1)
        let assess = try XCTUnwrap(try jsonObject(course.run(["show", "1", "--json"]))["assess"] as? [String: Any])
        XCTAssertEqual(assess["state"] as? String, "failed")
        XCTAssertEqual(assess["testsRun"] as? Int, 4)
        XCTAssertEqual(assess["testsFailed"] as? Int, 1)
        XCTAssertEqual(assess["failures"] as? [String], ["AlphaTests.testSum: XCTFail - sum"])
        XCTAssertEqual(assess["at"] as? String, "2025-01-06T00:00:00Z")
    }

    struct DoctorDocument: Decodable {
        struct Check: Decodable { var topic: String; var ok: Bool; var problem: Bool; var detail: String }
        struct DatasetState: Decodable { var folder: String; var optional: Bool; var present: Bool; var lacking: [String]; var entries: Int? }
        var ok: Bool
        var problems: Int
        var checks: [Check]
        var datasets: [DatasetState]
    }

    func doctorRunner(blas: Bool) -> FakeRunner {
        FakeRunner { arguments in
            if arguments == ["swift", "--version"] { return CommandResult(status: 0, output: "Swift version 6.3.1\n") }
            return CommandResult(status: blas ? 0 : 1, output: "0.3.21\n")
        }
    }

    func testDoctorJSONDecodesWithEachDatasetsState() throws {
        let course = try FakeCourse()
        try course.write("Datasets/sklearn/iris.csv", "1,2\n")
        try course.write("Datasets/minilm/config.json", "{}\n")
        let result = course.run(["doctor", "--json"], runner: doctorRunner(blas: true), variables: ["OPENBLAS_CORETYPE": "Haswell"])
        XCTAssertEqual(result.status, 0, result.errors)
        let document = try JSONDecoder().decode(DoctorDocument.self, from: Data(result.output.utf8))
        XCTAssertTrue(document.ok)
        XCTAssertEqual(document.problems, 0)
        XCTAssertEqual(document.datasets.map(\.folder), ["sklearn", "minilm", "mnist"], "the fake manifest's order")
        XCTAssertEqual(document.datasets[0].entries, 1)
        XCTAssertTrue(document.datasets[0].present)
        XCTAssertEqual(document.datasets[1].lacking, ["model.safetensors"])
        XCTAssertNil(document.datasets[1].entries)
        XCTAssertEqual(document.datasets[2].optional, true)
        XCTAssertFalse(document.datasets[2].present)
        let openBLAS = try XCTUnwrap(document.checks.first { $0.topic == "OpenBLAS" })
        XCTAssertEqual(openBLAS.detail, "0.3.21 in 0.3.21 · core: Haswell (forced by OPENBLAS_CORETYPE)")
        let roadmap = try XCTUnwrap(document.checks.first { $0.topic == "Roadmap.md" })
        XCTAssertFalse(roadmap.ok, "3 weeks, not 52")
        XCTAssertFalse(roadmap.problem, "a warning, not a problem")
        // The same checks as the text: one JSON check per text line (Disk's free space may move between runs).
        let text = course.run(["doctor"], runner: doctorRunner(blas: true), variables: ["OPENBLAS_CORETYPE": "Haswell"])
        let rendered = document.checks.filter { $0.topic != "Disk" }.map { "\($0.ok ? "✓" : "✗") \($0.topic.padded(to: 14)) \($0.detail)" }
        XCTAssertEqual(rendered, text.output.split(separator: "\n").map(String.init).filter { !$0.contains(" Disk ") })

        let noBLAS = course.run(["doctor", "--json"], runner: doctorRunner(blas: false))
        XCTAssertEqual(noBLAS.status, 1)
        let failing = try JSONDecoder().decode(DoctorDocument.self, from: Data(noBLAS.output.utf8))
        XCTAssertFalse(failing.ok)
        XCTAssertEqual(failing.checks.filter(\.problem).map(\.topic), ["OpenBLAS"])
    }

    func testReportJSONNamesTheFilesItWrote() throws {
        let course = try FakeCourse()
        for item in 1...5 { _ = course.run(["check", "1", "target", "\(item)"]) }
        let result = course.run(["report", "--json"])
        XCTAssertEqual(result.status, 0, result.errors)
        let document = try jsonObject(result)
        XCTAssertEqual(document.keys.sorted(), ["date", "html", "markdown", "partsDone", "partsTotal", "summary", "weeksDone", "weeksTotal"])
        XCTAssertEqual(document["markdown"] as? String, course.url("Output/roadmap/report.md").path)
        XCTAssertEqual(document["html"] as? String, course.url("Output/roadmap/report.html").path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: course.url("Output/roadmap/report.html").path))
        XCTAssertEqual(document["date"] as? String, "2025-01-06")
        XCTAssertEqual(document["partsDone"] as? Int, 1, "week 1's targets are complete")
        XCTAssertEqual(document["partsTotal"] as? Int, 12)
        XCTAssertEqual(document["weeksDone"] as? Int, 0)
        XCTAssertEqual(document["weeksTotal"] as? Int, 3)
    }

    func testErrorsWithJSONAreStillOneLineOnStderrAndNothingOnStdout() throws {
        let course = try FakeCourse.withExercises()
        let cases: [([String], Int32, String)] = [
            (["show", "9", "--json"], 1, "there is no week 9"),
            (["show", "--json"], 2, "'show' needs a week number"),
            (["doctor", "extra", "--json"], 2, "unexpected argument 'extra'"),
            (["report", "--json=yes"], 2, "--json takes no value"),
            (["practice", "1", "sum", "--json"], 2, "--json lists the exercises"),
            (["hint", "1", "median", "--json"], 1, "no such exercise"),
            (["solution", "1", "sum", "--json"], 1, "once `roadmap verify 1 sum` passes"),
            (["verify", "1", "--json"], 1, "no exercise of week 1 is started"),
            (["assess", "3", "--json"], 1, "planned"),
            (["watch", "1", "--json"], 2, "unknown option '--json' for 'watch'"),
        ]
        for (arguments, status, message) in cases {
            let result = course.run(arguments, runner: SimulatedSwift())
            XCTAssertEqual(result.status, status, "\(arguments): \(result.errors)")
            XCTAssertEqual(result.output, "", "\(arguments)")
            XCTAssertTrue(result.errors.hasPrefix("roadmap: error: ") && result.errors.contains(message), "\(arguments): \(result.errors)")
            XCTAssertEqual(result.errors.filter { $0 == "\n" }.count, 1, "\(arguments): one line")
        }
    }

    func testEveryReportingVerbTakesJSONAndItsHelpShowsTheDocument() throws {
        let reporting = ["assess", "check", "doctor", "hint", "list", "next", "practice", "prove", "report", "reset",
                         "show", "solution", "start", "status", "uncheck", "verify"]
        XCTAssertEqual(Arguments.verbFlags.filter { $0.value["json"] == false }.keys.sorted(), reporting)
        XCTAssertEqual(Help.jsonShapes.keys.sorted(), reporting)
        let course = try FakeCourse()
        for verb in reporting {
            let help = course.run(["help", verb]).output
            XCTAssertTrue(help.contains("--json"), "\(verb): \(help)")
            XCTAssertTrue(course.run(["help", "json"]).output.contains("\n\(verb) --json\n"), verb)
        }
        XCTAssertTrue(course.run(["--help"]).output.contains("`roadmap help json`"))
    }
}
