// Week10AdvancedRAG: the executable. With no command it indexes the Python docs, evaluates every
// retriever on the committed question set and answers two example questions with citations.

import Foundation
import Shared
import Week10AdvancedRAG

Week10CommandLine.cli(demo: Demo.run, query: QueryCommand.run, eval: EvalCommand.run, chunk: ChunkCommand.run).main()
