# Image for the learner and the producer, built from the jars of `mvn -B -DskipTests package`.
FROM eclipse-temurin:17-jre
WORKDIR /opt/streambind
COPY cli/target/streambind-cli-0.1.0-SNAPSHOT.jar lib/
COPY cli/target/lib/ lib/
ENV OPENBLAS_CORETYPE=HASWELL
# idle BLAS workers sleep after ~0.3 ms instead of spinning ~0.1 s (see the launcher, ./streambind)
ENV OPENBLAS_THREAD_TIMEOUT=20
ENTRYPOINT ["java", "-Xmx8g", "-cp", "/opt/streambind/lib/*", "io.streambind.cli.StreamBindCli"]
