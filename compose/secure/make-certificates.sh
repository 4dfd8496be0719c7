#!/usr/bin/env bash
# Compose's "secure" profile: a CA of its own, the broker's key store signed by it, the trust store the
# app needs, and the broker's SASL/PLAIN users. Made once: a restart keeps what is there.
#
#   BROKER_DIR   the broker's files (its key store, passwords, JAAS file, a client config for its health check)
#   CLIENT_DIR   what a client needs: the CA's trust store, nothing secret but its password
#   BROKER_HOSTS the names the broker is reached by (its certificate's SANs), comma-separated
#   BROKER_MOUNT where the broker container sees BROKER_DIR (its health check's client config names it)
set -euo pipefail

BROKER_DIR=${BROKER_DIR:-/secrets/broker}
CLIENT_DIR=${CLIENT_DIR:-/secrets/client}
BROKER_HOSTS=${BROKER_HOSTS:-kafka-secure,localhost}
BROKER_MOUNT=${BROKER_MOUNT:-/etc/kafka/secrets}
: "${STORE_PASSWORD:?}" "${KAFKA_ADMIN_PASSWORD:?}" "${KAFKA_APP_PASSWORD:?}"

if [[ -f "$BROKER_DIR/broker.p12" && -f "$CLIENT_DIR/truststore.p12" ]]; then
  echo "certificates already made"
  exit 0
fi
mkdir -p "$BROKER_DIR" "$CLIENT_DIR"
store() { keytool -storetype PKCS12 -storepass "$STORE_PASSWORD" "$@"; }

san=$(echo "$BROKER_HOSTS" | tr ',' '\n' | sed -E 's/^([0-9.]+)$/ip:\1/; /^ip:/!s/^/dns:/' | paste -sd, -)
store -genkeypair -keystore "$BROKER_DIR/ca.p12" -alias ca -dname "CN=streamgate compose CA" \
  -keyalg EC -groupname secp256r1 -validity 825 -ext bc:c -keypass "$STORE_PASSWORD"
store -exportcert -keystore "$BROKER_DIR/ca.p12" -alias ca -rfc -file "$BROKER_DIR/ca.pem"
store -genkeypair -keystore "$BROKER_DIR/broker.p12" -alias broker -dname "CN=${BROKER_HOSTS%%,*}" \
  -keyalg EC -groupname secp256r1 -validity 825 -keypass "$STORE_PASSWORD"
store -certreq -keystore "$BROKER_DIR/broker.p12" -alias broker -file "$BROKER_DIR/broker.csr"
store -gencert -keystore "$BROKER_DIR/ca.p12" -alias ca -infile "$BROKER_DIR/broker.csr" \
  -outfile "$BROKER_DIR/broker.pem" -rfc -validity 825 -ext "SAN=$san"
store -importcert -keystore "$BROKER_DIR/broker.p12" -alias ca -file "$BROKER_DIR/ca.pem" -noprompt
store -importcert -keystore "$BROKER_DIR/broker.p12" -alias broker -file "$BROKER_DIR/broker.pem"
store -importcert -keystore "$CLIENT_DIR/truststore.p12" -alias ca -file "$BROKER_DIR/ca.pem" -noprompt
[[ "$CLIENT_DIR" == "$BROKER_DIR" ]] || cp "$CLIENT_DIR/truststore.p12" "$BROKER_DIR/truststore.p12"

# As the apache/kafka image reads them: passwords in files under /etc/kafka/secrets.
printf '%s' "$STORE_PASSWORD" > "$BROKER_DIR/broker_keystore_creds"
printf '%s' "$STORE_PASSWORD" > "$BROKER_DIR/broker_key_creds"
# The broker's PLAIN users: "admin" between brokers and for the health check, "streamgate" for the app.
cat > "$BROKER_DIR/kafka_server_jaas.conf" <<JAAS
KafkaServer {
  org.apache.kafka.common.security.plain.PlainLoginModule required
  username="admin" password="$KAFKA_ADMIN_PASSWORD"
  user_admin="$KAFKA_ADMIN_PASSWORD"
  user_streamgate="$KAFKA_APP_PASSWORD";
};
JAAS
cat > "$BROKER_DIR/client.properties" <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
ssl.truststore.location=$BROKER_MOUNT/truststore.p12
ssl.truststore.type=PKCS12
ssl.truststore.password=$STORE_PASSWORD
PROPERTIES
rm -f "$BROKER_DIR/broker.csr"
# The broker (uid 1000) and the app (uid 185) read these; nothing else runs in these volumes.
chmod 644 "$BROKER_DIR"/* "$CLIENT_DIR"/*
echo "certificates made for $BROKER_HOSTS"
