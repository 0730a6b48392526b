// The text of `roadmap --help` and `roadmap <verb> --help`.

public enum Help {
    public static let overview = """
    roadmap — your progress through the 52-week curriculum (Roadmap.md), kept in Progress.json.

    Usage: roadmap [command] [arguments] [--root DIR]

    Commands:
      status [--json]            the year at a glance, pace, and the next thing to do (default)
      start [--date YYYY-MM-DD]  set the day you start week 1 (today by default)
      show N                     week N's card: targets, study, build, assess, your state
      check N target|study K     tick item K (its number or a unique piece of its text)
      uncheck N target|study K   untick it
      run N [args…]              build and run week N's executable; success marks Build
      assess N | --all           run week N's tests and record the verdict (Assess)
      next                       only the next thing to do
      list [done|pending|stale|planned]
                                 the weeks, optionally filtered
      reset N [--yes]            forget week N's progress (asks first)
      doctor                     check Swift, OpenBLAS, datasets and disk space
      report                     write Output/roadmap/report.md and report.html

    Practice (exercises: regions of a week's code you rewrite yourself; Scripts/Roadmap/Exercises.md):
      practice N [NAME] [--force] list week N's exercises, or blank NAME for you to write
      hint N NAME [--all]        the next hint (--all: those shown so far)
      verify N [NAME]            run the exercise's tests (every started one without NAME)
      watch N [NAME]             verify again whenever a .swift file of the week changes
      solution N NAME [--force]  the reference, once verify passed
      reset N NAME               put the reference back (your code is saved aside)
      prove [N …]                CI: every exercise's tests pass on the reference, fail when blanked

    Weeks are given by number (7, 07) or executable name (Week07Transformer).
    Options: --root DIR (or ROADMAP_ROOT) the repository; by default the nearest directory upward
    holding Package.swift and Roadmap.md. `roadmap help COMMAND` explains one command.
    For scripts: --json on status, next, list, show, assess, doctor, report, practice N, hint, verify,
    solution and prove prints one JSON document on stdout, and on check, uncheck, start and reset the
    state they leave (`roadmap help json` lists each one's keys); run and watch have none.
    Colours and symbols only when stdout is a terminal, and never with NO_COLOR set (non-empty) or
    TERM=dumb: there the marks ✓ ✗ ▶ · and █░ bars print as ok FAIL > . and [#####.....]
    (ROADMAP_SYMBOLS=unicode or ascii chooses the marks regardless).
    """

    public static let verbs: [String: String] = [
        "status": """
        roadmap status [--json]
        The year at a glance: per quarter and week the marks T S B A (T targets, S study, B build,
        A assess; lowercase = partly done or failed, ! = passed but stale, ? = tests skipped, · = not started),
        progress bars, the current week, your pace against the start date, and the next step.
        Stale (!): the fingerprint recorded when Assess passed no longer matches. It covers the
        week's folders, its Package.swift line, the weeks it uses (recursively) and the Shared
        files it uses: a Shared or TestSupport file whose declared names (types, functions,
        properties, cases; 3+ characters, not init/run/main/count/value/…) the week's Swift files
        mention, closed over Shared files mentioning each other, plus CHelpers/COpenBLAS when a
        used file imports them. A new Shared file the week does not name leaves it valid.
        """,
        "start": """
        roadmap start [--date YYYY-MM-DD] [--json]
        Records the day you start week 1 (today if no --date). Pace is measured from it: the plan
        moves one week every 7 days. Running it again with --date changes the date.
        """,
        "show": """
        roadmap show N [--json]
        Week N's card from Roadmap.md with your state: which items are checked, when Build last
        succeeded, the Assess verdict (and failing tests), and the exact commands to use.
        """,
        "check": """
        roadmap check N target|study K [--json]
        Ticks item K of week N's Targets or Study. K is the item's number as `show N` lists it,
        or a piece of its text that matches exactly one item.
        """,
        "uncheck": """
        roadmap uncheck N target|study K [--json]
        Unticks item K of week N's Targets or Study (see `roadmap help check`).
        """,
        "run": """
        roadmap run N [args…]
        Builds and runs week N's executable (swift run --scratch-path .build-weeks WeekNNName args…),
        its output streaming through. A successful run (exit 0) marks Build; the exit status is
        passed on. Everything after N goes to the executable, e.g. `roadmap run 4 --epochs 2`, so
        there is no --json: the executable's own output is the result (many weeks take --json).
        """,
        "assess": """
        roadmap assess N | --all [--json]
        Runs week N's test target only (swift test --scratch-path .build-weeks --filter
        WeekNNNameTests), records the verdict, the tests run and failed, and a fingerprint of the
        week's sources and everything they depend on. Assess is checked only when the tests pass;
        failures are listed with their messages. A run that skips tests (XCTSkip) and fails none is
        recorded as incomplete (? in the marks), never as passed. A later change to the week, to an
        earlier week it uses, or to a Shared file it uses makes the verdict stale (see `roadmap help
        status`). --all assesses every implemented week.
        """,
        "next": """
        roadmap next [--json]
        Prints only the next thing to do, and the command that does it.
        """,
        "list": """
        roadmap list [done|pending|stale|planned] [--json]
        One line per week with its marks, optionally only the weeks that are done, pending (not
        done), stale (passed, then sources changed) or planned (not yet in the repository).
        """,
        "reset": """
        roadmap reset N [--yes] [--json]
        Forgets all progress of week N (items, Build, Assess, exercises). Asks for confirmation unless
        --yes (--json needs --yes: it never asks).
        roadmap reset N NAME [--json]
        Puts exercise NAME's reference back in your working copy; your code in the region is saved
        first as .roadmap/practice/WeekNNName/NAME.attempt.swift. Forgets the exercise's state.
        """,
        "practice": """
        roadmap practice N [NAME] [--force] [--json]
        Without NAME: week N's exercises, each with its goal and your state. With NAME: blanks that
        exercise in your working copy: its hints and body become one fatalError stub (the header and
        the tests line stay), after the reference (and the file as it was) are saved in
        .roadmap/practice/WeekNNName/. Prints what to implement, the tests that check it and the
        command that runs them. Practising a blanked exercise again changes nothing; a region holding
        your own code is left alone unless --force (which saves it as NAME.attempt.swift first).
        """,
        "hint": """
        roadmap hint N NAME [--all] [--json]
        Shows the next hint of the exercise ("hint 2 of 3"), one more per call, and records how many
        you have seen. --all shows again those revealed so far.
        """,
        "verify": """
        roadmap verify N [NAME] [--json]
        Runs only the tests the exercise declares (swift test --scratch-path .build-weeks --filter …),
        for every started exercise of week N when NAME is not given. Prints pass or fail with the
        failing assertion's message or the stub/crash line, records the result, and exits 1 on failure.
        """,
        "watch": """
        roadmap watch N [NAME] [--iterations K]
        Verifies, then again each time a .swift file of week N changes (checked every second).
        Ctrl-C ends it; --iterations K stops after K runs. No --json: it runs until stopped
        (`verify --json` reports one run).
        """,
        "solution": """
        roadmap solution N NAME [--force] [--json]
        Prints the reference region of the exercise (hints and body as written), once `verify`
        passed on your code; --force shows it anyway.
        """,
        "prove": """
        roadmap prove [N …] [--json]
        The CI check of the exercises (every implemented week, or those given): in a copy of the course
        under .build-prove (your tree is never touched), each exercise's tests must pass on the
        reference (at least one test run) and fail at its own stub when blanked. All exercises are
        blanked at once; those whose tests stopped at another stub are proved again blanked alone.
        Fails too when a week has fewer than 3 exercises. Exits 1 if anything is not proved.
        """,
        "doctor": """
        roadmap doctor [--json]
        Reports the Swift version, whether OpenBLAS is found and which CPU core it uses, each
        dataset under Datasets/ (prepared by ./Scripts/setup.sh), free disk space, and whether
        Roadmap.md and Progress.json are readable.
        """,
        "report": """
        roadmap report [--json]
        Writes Output/roadmap/report.md and Output/roadmap/report.html (with a chart of the year:
        a bar per week, one segment per completed part) and prints their paths.
        """,
        "help": """
        roadmap help [COMMAND | json]
        Explains roadmap, or one of its commands; `help json` lists every --json document.
        """,
    ]
}
