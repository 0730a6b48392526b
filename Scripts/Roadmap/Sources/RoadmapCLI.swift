// The entry point: parse the command line, find the repository, dispatch to the verb, and turn
// any error into one line on stderr and an exit status (1 for errors, 2 for usage errors).

import Foundation

public enum RoadmapCLI {
    /// Runs one invocation and returns its exit status.
    public static func main(_ tokens: [String], environment: RoadmapEnvironment) -> Int32 {
        do {
            let arguments = try Arguments.parse(tokens)
            if arguments.help || arguments.verb == "help" {
                return try help(arguments, environment)
            }
            let root = try Workspace.findRoot(explicit: arguments.root, environment: environment)
            let workspace = try Workspace(root: root, writePause: environment.writePause)
            let session = Session(arguments: arguments, workspace: workspace, environment: environment)
            return try session.dispatch()
        } catch let error as RoadmapError {
            environment.errors.line("roadmap: error: \(error)")
            return error.exitCode
        } catch {
            environment.errors.line("roadmap: error: \(error)")
            return 1
        }
    }

    /// `roadmap --help` and `roadmap help` show the overview; `roadmap check --help` and
    /// `roadmap help check` show one command's help.
    static func help(_ arguments: Arguments, _ environment: RoadmapEnvironment) throws -> Int32 {
        let topic = arguments.verb == "help" ? arguments.positionals.first
            : (arguments.explicitVerb ? arguments.verb : nil)
        if let topic {
            guard let text = Help.text(for: topic) else { throw RoadmapError.usage("no command '\(topic)'") }
            environment.output.line(text)
        } else {
            environment.output.line(Help.overview)
        }
        return 0
    }
}

/// One invocation: the parsed arguments, the repository, and the outside world.
struct Session {
    let arguments: Arguments
    let workspace: Workspace
    let environment: RoadmapEnvironment

    var out: Console { environment.output }
    var course: Course { workspace.course }

    func dispatch() throws -> Int32 {
        switch arguments.verb {
        case "status": return try status()
        case "start": return try start()
        case "show": return try show()
        case "check": return try setItem(checked: true)
        case "uncheck": return try setItem(checked: false)
        case "run": return try run()
        case "assess": return try assess()
        case "next": return try next()
        case "list": return try list()
        case "reset": return try reset()
        case "doctor": return try doctor()
        case "report": return try report()
        case "practice": return try practice()
        case "hint": return try hint()
        case "verify": return try verify()
        case "watch": return try watch()
        case "solution": return try solution()
        case "prove": return try prove()
        default: throw RoadmapError.usage("unknown command '\(arguments.verb)'")
        }
    }

    func overview() throws -> Overview {
        Overview(workspace: workspace, progress: try workspace.store.load(), now: environment.now())
    }
}
