# Gatehouse: build a release binary, ship it on a slim Debian with the two client libraries it links.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev libsqlite3-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependency layer: the manifests, the lock file and empty crate roots only, so this layer (and
# every dependency's build) is reused until Cargo.toml or Cargo.lock changes.
COPY Cargo.toml Cargo.lock ./
COPY crates/gatehouse-core/Cargo.toml crates/gatehouse-core/
COPY crates/gatehouse-store/Cargo.toml crates/gatehouse-store/
COPY crates/gatehouse-rest/Cargo.toml crates/gatehouse-rest/
COPY crates/gatehouse-soap/Cargo.toml crates/gatehouse-soap/
COPY crates/gatehouse-server/Cargo.toml crates/gatehouse-server/
RUN for c in core store rest soap server; do \
      mkdir -p crates/gatehouse-$c/src && echo '' > crates/gatehouse-$c/src/lib.rs; \
    done \
    && echo 'fn main() {}' > crates/gatehouse-server/src/main.rs \
    && for b in core/benches/password_rule rest/benches/jwt_verify soap/benches/envelope; do \
      mkdir -p "crates/gatehouse-${b%%/*}/benches" && echo 'fn main() {}' > "crates/gatehouse-$b.rs"; \
    done \
    && cargo build --release --locked -p gatehouse-server \
    && rm -rf crates target/release/.fingerprint/gatehouse-* target/release/deps/*gatehouse*
# Source layer.
COPY crates crates
COPY migrations migrations
COPY openapi openapi
RUN cargo build --release --locked -p gatehouse-server

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libsqlite3-0 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/gatehouse --create-home gatehouse \
    && chmod 0700 /var/lib/gatehouse
COPY --from=build /src/target/release/gatehouse /usr/local/bin/gatehouse
USER gatehouse
WORKDIR /var/lib/gatehouse
# The SQLite database (when GATEHOUSE_DATABASE_URL is not PostgreSQL) and a generated owner
# password file live here: keep it on a volume.
VOLUME ["/var/lib/gatehouse"]
ENV GATEHOUSE_LISTEN=0.0.0.0:8080 GATEHOUSE_LOG_FORMAT=json \
    GATEHOUSE_DATABASE_URL=sqlite:///var/lib/gatehouse/gatehouse.db
EXPOSE 8080
# Plain HTTP probe; with GATEHOUSE_TLS_* set, override it (curl -fsSk https://127.0.0.1:8080/readyz).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["gatehouse"]
CMD ["serve"]
