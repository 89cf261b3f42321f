# syntax=docker/dockerfile:1
# The Kafka Mixnet image: every mixer, service and one-shot step of a deployment runs it (docs/deploy.md).
# It holds the mixnet command and nothing secret: keys, passwords and state are mounted at run time.
#
#   docker build -t kafka-mixnet:0.1.0-SNAPSHOT .        # or: docker compose up --build in deploy/compose

# Build: the same Maven build ./mixnet runs (the cli module's shaded jar, tests skipped).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
# A system user without a login or home; its uid is what the deployments' volumes are given to.
RUN groupadd --system --gid 10001 mixnet \
    && useradd --system --uid 10001 --gid mixnet --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin mixnet \
    && mkdir -p /opt/mixnet /etc/mixnet/network /var/lib/mixnet/keys /var/lib/mixnet/state \
        /var/lib/mixnet/secrets /var/lib/mixnet/public \
    && chown mixnet:mixnet /var/lib/mixnet/keys /var/lib/mixnet/state /var/lib/mixnet/secrets /var/lib/mixnet/public \
    && chmod 0700 /var/lib/mixnet/keys /var/lib/mixnet/secrets
COPY --from=build /src/cli/target/mixnet.jar /opt/mixnet/mixnet.jar
COPY --chmod=0755 deploy/docker/mixnet-entrypoint.sh /usr/local/bin/mixnet-entrypoint
COPY --chmod=0755 deploy/docker/mixnet-http-ok.sh /usr/local/bin/mixnet-http-ok
USER 10001:10001
# Heap from the container's memory limit; temporary files on the memory-backed /tmp of a read-only container.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -Djava.io.tmpdir=/tmp"
ENTRYPOINT ["/usr/local/bin/mixnet-entrypoint"]
CMD ["--help"]
