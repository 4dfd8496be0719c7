# syntax=docker/dockerfile:1

# ---- build: the Maven wrapper, dependencies first so a code change reuses their layer ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar target/streamgate-*.jar extract --layers --launcher --destination /layers

# ---- run: a slim Java 17 runtime, non-root, Spring Boot's layers from least to most often changed ----
# uid 185 is the official apache/spark image's user: on a volume the app shares with Spark's workers
# (the Compose "spark" profile), the files both write belong to one user.
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 185 --home-dir /app --shell /usr/sbin/nologin streamgate \
 && mkdir -p /app/data \
 && chown streamgate /app/data
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER streamgate

# The module opens Spark's own launcher passes (spark-launcher JavaModuleOptions).
ENV SPARK_JVM_FLAGS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true" \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:GCTimeRatio=4 -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2 \
    STREAMGATE_KAFKA_EMBEDDED_DATA_DIR=/app/data/kafka \
    STREAMGATE_PIPELINE_CHECKPOINT_DIR=/app/data/checkpoints \
    STREAMGATE_PIPELINE_ARCHIVE_PATH=/app/data/archive

EXPOSE 8080 4040
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $SPARK_JVM_FLAGS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "--"]
