# The week-11 model service as a container image:
#   docker build -t curriculum-serve .
#   docker run --rm -p 8080:8080 curriculum-serve            # trains the week-4 MLP (1 epoch) at start-up
#   curl -s localhost:8080/ready; curl -s localhost:8080/metrics | head
# `docker stop` sends SIGTERM: the server finishes the requests in progress and exits 0.
#
# Build stage: the Swift 6.3 toolchain on Debian bookworm (the distribution the curriculum targets),
# a release build with the Swift runtime linked statically, so the runtime image needs no toolchain.
FROM swift:6.3-bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopenblas-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib --product Week11MLOps \
 && cp "$(swift build -c release --show-bin-path)/Week11MLOps" /usr/local/bin/Week11MLOps

# Runtime stage: OpenBLAS and Fashion-MNIST (for the start-up training) from Debian's packages.
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libopenblas0 dataset-fashion-mnist \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /app service
COPY --from=build /usr/local/bin/Week11MLOps /usr/local/bin/Week11MLOps
# Project.root is CURRICULUM_ROOT: Datasets/ and Output/ live under /app.
ENV CURRICULUM_ROOT=/app
RUN mkdir -p /app/Datasets /app/Output \
 && ln -s /usr/share/datasets/fashion-mnist /app/Datasets/fashion-mnist \
 && chown -R service /app
USER service
WORKDIR /app
EXPOSE 8080
# A checkpoint mounted into the container can be served instead: add `--model /models/mlp.safetensors`.
ENTRYPOINT ["/usr/local/bin/Week11MLOps", "serve", "--host", "0.0.0.0", "--port", "8080"]
