#!/bin/sh
# Entry point of the mixnet image. With MIXNET_SASL_USERNAME set it first writes the Kafka client
# properties (SASL/SCRAM-SHA-512 to MIXNET_BOOTSTRAP_SERVERS, the password read from the file
# MIXNET_SASL_PASSWORD_FILE names) to /tmp/mixnet-client.properties, owner-only on the memory-backed
# /tmp, so the password is in no image layer, command line or environment. Then it runs
# `mixnet <arguments>`. MIXNET_CLIENT_CONFIG moves the properties file; MIXNET_JAVA names the java command.
set -eu
client_config="${MIXNET_CLIENT_CONFIG:-/tmp/mixnet-client.properties}"
if [ -n "${MIXNET_SASL_USERNAME:-}" ]; then
  : "${MIXNET_BOOTSTRAP_SERVERS:?must name the brokers (host:port,...)}"
  : "${MIXNET_SASL_PASSWORD_FILE:?must name the file that holds the Kafka password}"
  password="$(cat "$MIXNET_SASL_PASSWORD_FILE")"
  case "$password" in
    "" | *[!A-Za-z0-9]*)
      echo "mixnet-entrypoint: expected letters and digits in $MIXNET_SASL_PASSWORD_FILE, found other characters" >&2
      exit 2 ;;
  esac
  case "$MIXNET_SASL_USERNAME" in
    *[!A-Za-z0-9._-]*)
      echo "mixnet-entrypoint: expected a user name of letters, digits, '.', '_' and '-', found '$MIXNET_SASL_USERNAME'" >&2
      exit 2 ;;
  esac
  umask 077
  cat > "$client_config" <<PROPERTIES
bootstrap.servers=${MIXNET_BOOTSTRAP_SERVERS}
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${MIXNET_SASL_USERNAME}" password="${password}";
PROPERTIES
  unset password
fi
exec "${MIXNET_JAVA:-java}" ${MIXNET_JAVA_OPTS:-} -jar /opt/mixnet/mixnet.jar "$@"
