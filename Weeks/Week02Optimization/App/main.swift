// Week02Optimization: the executable. With no command it runs the week's tour (optimizer race,
// constrained optimisation, probability, MCMC, EM and t-SNE); the other commands apply each tool
// to the user's own settings and files. Every command prints one JSON line with --json.

import Foundation
import Shared
import Week02Optimization

Week02CommandLine.cli(demo: { try Demo.run(tsnePoints: $0.int("points"), seed: Commands.seed($0)) },
                      minimize: Commands.minimize, mcmc: Commands.mcmc, bootstrap: Commands.bootstrap, abtest: Commands.abtest,
                      gmm: Commands.gmm, tsne: Commands.tsne,
                      bench: { try Bench.run(points: $0.int("points"), json: $0.flag("json")) }).main()
