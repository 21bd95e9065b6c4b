# Tempo's image: `tempo` and its shipped plugins on Debian 12, run as a non-root user.
#
#   docker build -t tempo:0.1.0 .
#   docker run --rm tempo:0.1.0 --help
#   build/bin/tempo deploy k8s --image REGISTRY/tempo:0.1.0 | kubectl apply -f -   (docs/scale-out.md)
#
# The build stage installs the Debian packages with scripts/install-deps.sh and builds with the
# Makefile's `make build`, as on a developer's machine, without the test suite, then installs
# into /opt/tempo. The runtime stage holds only the shared libraries tempo and the plugins link,
# the CA certificates (TLS is always verified) and the tz database (cron schedules in a time
# zone). Plugins are in /opt/tempo/lib/tempo/plugins, tempo's default plugin path and the one
# `tempo deploy k8s` writes into the pods' config; add your own by building FROM this image and
# copying them there (owned by root, not writable by others: tempo refuses them otherwise).

FROM debian:12-slim AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN make build BUILD_DIR=/build CMAKE_FLAGS="-DTEMPO_BUILD_TESTS=OFF" \
    && cmake --install /build --prefix /opt/tempo

FROM debian:12-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        ca-certificates tzdata \
        libcurl4 libsqlite3-0 libyaml-cpp0.7 libsimdjson14 libspdlog1.10 libfmt9 libdate-tz3 \
        libcpp-httplib0.11 libpq5 \
    && rm -rf /var/lib/apt/lists/*
# uid and gid 10001: what the rendered pods run as (runAsUser, fsGroup).
RUN groupadd --system --gid 10001 tempo \
    && useradd --system --uid 10001 --gid tempo --home-dir /var/lib/tempo \
        --shell /usr/sbin/nologin tempo \
    && install -d -o tempo -g tempo -m 0750 /var/lib/tempo
COPY --from=build /opt/tempo/bin/tempo /opt/tempo/bin/tempo
COPY --from=build /opt/tempo/lib/tempo/plugins/ /opt/tempo/lib/tempo/plugins/
COPY --from=build /opt/tempo/share/doc/tempo/ /opt/tempo/share/doc/tempo/
USER 10001:10001
WORKDIR /var/lib/tempo
ENV TEMPO_CONFIG=/var/lib/tempo/tempo.yaml
EXPOSE 9464
ENTRYPOINT ["/opt/tempo/bin/tempo"]
CMD ["--help"]
