// Week09VectorDB: the executable. With no command it runs the week's tour on Fashion-MNIST (the
// recall/QPS table of exact, LSH and HNSW search, persistence, the contrastive and CLIP toys);
// the other commands build, search and edit indexes of the user's own .npy vectors.

import Foundation
import Shared
import Week09VectorDB

Week09CommandLine.cli(demo: Demo.run, bench: BenchCommand.run, build: IndexCommands.build, search: IndexCommands.search,
                      delete: IndexCommands.delete).main()
