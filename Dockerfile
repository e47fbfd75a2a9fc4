# syntax=docker/dockerfile:1

# Build stage: the Maven wrapper builds the Spring Boot jar. Tests run in CI, not here.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY db db
COPY src src
COPY server server
COPY client client
COPY cli cli
# The cache mount keeps ~/.m2 between builds, so only changed dependencies are downloaded.
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw && ./mvnw -B -DskipTests -pl server -am package \
    && cp target/camroll-*.jar /workspace/camroll.jar

# Run stage: a JRE and the jar, as a user without privileges.
FROM eclipse-temurin:17-jre
# curl: for health checks and for `docker compose exec app curl ...` (the local issuer's /dev/tokens
# answers loopback callers only). libheif-examples: heif-convert, for previews of HEIC photos. libturbojpeg-java and
# libturbojpeg0: libjpeg-turbo's Java binding, which decodes JPEGs at a fraction of their size (ADR 0017).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libheif-examples libturbojpeg-java libturbojpeg0 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system camroll \
    && useradd --system --gid camroll --home-dir /app --shell /usr/sbin/nologin camroll \
    && mkdir -p /app /data \
    && chown camroll:camroll /data
WORKDIR /app
COPY --from=build /workspace/camroll.jar /app/camroll.jar
USER camroll
ENV CAMROLL_DATA_DIR=/data
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/camroll.jar"]
