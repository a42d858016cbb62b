# syntax=docker/dockerfile:1
# One image per lcim service, from the repository root:
#   docker build --build-arg SERVICE=gateway -t lcim/gateway:0.1.0-SNAPSHOT .
# SERVICE is a service module: gateway, conversation-service, message-service or media-service.
# The Kubernetes manifests in k8s/ run these images (checked by deploy-tests).
ARG SERVICE=gateway

FROM eclipse-temurin:17-jdk AS build
ARG SERVICE
WORKDIR /src
# The build context is mounted, not copied: Maven reads every module the parent POM lists, and no source stays in a
# layer. Writes to the mount are thrown away after this step, so the jar is copied out of it; `clean` keeps stale
# target/ folders of the context out of the build.
RUN --mount=type=bind,target=/src,rw \
    --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl "${SERVICE}" -am clean package -DskipTests \
 && cp "${SERVICE}/target/lcim-${SERVICE}.jar" /app.jar

FROM eclipse-temurin:17-jre AS runtime
# A fixed numeric user, so Kubernetes can verify runAsNonRoot (the pods run as 10001 too).
RUN groupadd --system --gid 10001 lcim \
 && useradd --system --uid 10001 --gid lcim --home-dir /var/lib/lcim --shell /usr/sbin/nologin lcim \
 && mkdir -p /var/lib/lcim \
 && chown lcim:lcim /var/lib/lcim
COPY --from=build /app.jar /app/app.jar
# Writable working directory (an emptyDir in the pods, whose root filesystem is read-only).
WORKDIR /var/lib/lcim
# Heap sized from the container's memory limit; die on OutOfMemoryError so Kubernetes restarts the pod; the
# --add-opens/--add-exports let Hazelcast use the JDK internals it needs without warnings.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError \
--add-modules java.se \
--add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED \
--add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED \
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
USER 10001:10001
# exec: java becomes PID 1 and receives SIGTERM itself, which is what lets the gateway drain.
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]

# The ports each service listens on: its HTTP port if any, management (/health, /metrics) and Hazelcast.
FROM runtime AS gateway
EXPOSE 8080 9100 5701

FROM runtime AS conversation-service
EXPOSE 9100 5701

FROM runtime AS message-service
EXPOSE 8082 9100 5701

FROM runtime AS media-service
EXPOSE 8081 9100 5701

# The image is the stage named by SERVICE.
FROM ${SERVICE}
