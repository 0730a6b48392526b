// Week01LinearAlgebra: the executable. With no command it runs the week's demo on real data;
// the other commands apply the week's decompositions to the user's own files.

import Foundation
import Shared
import Week01LinearAlgebra

Week01CommandLine.cli(demo: { try Demo.run(imageIndex: $0.int("image")) },
                      bench: { try Bench.run(json: $0.flag("json"), sizes: $0.ints("sizes")) },
                      factorise: Factorise.run).main()
