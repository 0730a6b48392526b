// Week12Capstone: the Q1 capstone, an end-to-end RAG service over the Python docs.
// With no command: ingest (or reuse) → serve on a loopback port → the labelled questions over
// HTTP → evaluation report → a short load test → clean shutdown.

import Foundation
import Shared
import Week12Capstone

Week12CommandLine.cli(demo: Demo.run, ingest: Commands.ingest, serve: Commands.serve, query: Commands.query,
                      eval: Commands.evaluate).main()
