# CouncilLine node. Build the jar first, then the image:
#   mvn -B -q package -DskipTests && docker build -t councilline .
# Configuration comes only from environment variables (README, "Configuration"); nothing is baked in.
# JRE_IMAGE is any Java 17 runtime with bash; a machine without an image registry passes the Debian stand-in
# that scripts/local-images.sh builds (--build-arg JRE_IMAGE=...).
ARG JRE_IMAGE=eclipse-temurin:17-jre
FROM ${JRE_IMAGE}

RUN groupadd --system councilline \
 && useradd --system --gid councilline --home-dir /data --no-create-home --shell /usr/sbin/nologin councilline \
 && mkdir -p /opt/councilline /data \
 && chown councilline:councilline /data

COPY target/councilline-0.1.0-SNAPSHOT.jar /opt/councilline/councilline.jar

# the embedded database (when DATABASE_URL is unset) and a generated master key live here: keep it on a volume
ENV DATA_DIR=/data HTTP_PORT=8080
VOLUME /data
WORKDIR /data
USER councilline
EXPOSE 8080

# bash's /dev/tcp, so the check needs no curl or wget in whichever runtime image was chosen; the start period
# is long because a first start on a busy machine generates RSA keys for minutes
HEALTHCHECK --interval=5s --timeout=5s --start-period=300s --retries=6 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HTTP_PORT} && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["java", "-jar", "/opt/councilline/councilline.jar"]
