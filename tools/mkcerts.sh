#!/bin/sh
# mkcerts.sh DIR — test certificates for kabinet-sandbox (EC P-256).
#   DIR/ca.pem, ca.key                 a test CA
#   DIR/server.pem, server.key         127.0.0.1, ::1, localhost; signed by ca
#   DIR/rogue-ca.pem, rogue-ca.key     another CA
#   DIR/rogue-server.pem, rogue-server.key  the same names, signed by the
#                                      rogue CA (must be refused by clients
#                                      that trust only ca.pem)
#   DIR/server.pin, rogue-server.pin   "sha256//BASE64" of each server's
#                                      public key (CURLOPT_PINNEDPUBLICKEY)
# Quiet and idempotent: files already there are kept.
set -eu

dir=${1:?usage: mkcerts.sh DIR}
mkdir -p "$dir"
umask 077

newkey() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
	    -out "$1" 2>/dev/null
}

# ca NAME SUBJECT LEAF: a new CA voids the leaf it signed.
ca() {
	[ -s "$dir/$1.pem" ] && [ -s "$dir/$1.key" ] && return 0
	rm -f "$dir/$3.pem" "$dir/$3.key"
	newkey "$dir/$1.key"
	openssl req -new -x509 -key "$dir/$1.key" -out "$dir/$1.pem" \
	    -days 3650 -subj "$2" \
	    -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
}

# leaf NAME CA
leaf() {
	[ -s "$dir/$1.pem" ] && [ -s "$dir/$1.key" ] && return 0
	newkey "$dir/$1.key"
	ext="$dir/.$1.ext"
	cat > "$ext" <<-EXT
	basicConstraints=critical,CA:FALSE
	keyUsage=critical,digitalSignature
	extendedKeyUsage=serverAuth
	subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
	EXT
	openssl req -new -key "$dir/$1.key" -subj "/CN=127.0.0.1" \
	    2>/dev/null |
	openssl x509 -req -CA "$dir/$2.pem" -CAkey "$dir/$2.key" \
	    -CAcreateserial -CAserial "$dir/.$2.srl" -days 825 \
	    -extfile "$ext" -out "$dir/$1.pem" 2>/dev/null
	rm -f "$ext"
}

ca ca "/CN=kabinet test CA" server
ca rogue-ca "/CN=kabinet rogue CA" rogue-server
# pin NAME: the public-key pin of NAME.pem, kept in step with it.
pin() {
	[ -s "$dir/$1.pin" ] && [ "$dir/$1.pin" -nt "$dir/$1.pem" ] && return 0
	k=$(openssl x509 -in "$dir/$1.pem" -pubkey -noout |
	    openssl pkey -pubin -outform DER |
	    openssl dgst -sha256 -binary | openssl base64 -A)
	echo "sha256//$k" > "$dir/$1.pin"
}

leaf server ca
leaf rogue-server rogue-ca
pin server
pin rogue-server
chmod 644 "$dir"/*.pem "$dir"/*.pin
