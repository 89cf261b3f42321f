#!/bin/bash
# Health check of the mixnet image (no curl in a JRE image): succeeds when
# http://127.0.0.1:PORT/PATH answers 200.   mixnet-http-ok PORT PATH
set -euo pipefail
port="${1:?usage: mixnet-http-ok PORT PATH}"
path="${2:?usage: mixnet-http-ok PORT PATH}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3
[[ "$status" == HTTP/1.?" 200 "* ]]
