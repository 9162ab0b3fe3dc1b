#!/bin/bash
# A real S3-compatible server for tests: a single-node Ceph cluster (one mon, one in-memory OSD) with the RADOS Gateway
# (Ceph's S3 implementation) on 127.0.0.1:$RGW_PORT (default 7480), as root, no systemd. Start ≈ 13 s, ≈ 185 MiB RSS.
#   scripts/ceph-rgw.sh install   # apt: radosgw ceph-mon ceph-osd ceph-common uuid-runtime (≈ 30 s)
#   scripts/ceph-rgw.sh start     # prints one line: "<endpoint> <access key> <secret key>"; creates bucket $RGW_BUCKET
#   scripts/ceph-rgw.sh stop
# A start right after the packages were installed can stop half-way with a monitor left running; `start` therefore
# retries once after a `stop` (seen on Debian bookworm's Ceph 16).
# Client note (AWS SDK v3): path-style addressing, and S3_CHECKSUMS=when_required (requestChecksumCalculation /
# responseChecksumValidation WHEN_REQUIRED) — this gateway version rejects streamed uploads with aws-chunked trailers.
# The monitor refuses to run when its filesystem has under 5 % free space.
set -euo pipefail
D=${CEPH_DIR:-/tmp/omniaudit-ceph}
PORT=${RGW_PORT:-7480}
BUCKET=${RGW_BUCKET:-omniaudit-test}
KEY=TESTKEY
SECRET=TESTSECRET
case "${1:-start}" in
install)
  apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common uuid-runtime >/dev/null
  ;;
start)
  command -v radosgw >/dev/null || "$0" install
  # A start can stop half-way (seen right after install, and once in a full run): stop, pause, retry — three tries.
  for attempt in 1 2 3; do
    "$0" start-once && exit 0
    # The next attempt starts from an empty $D: keep this one's logs for the diagnosis.
    rm -rf "$D-attempt$attempt"; cp -r "$D/log" "$D-attempt$attempt" 2>/dev/null || true
    echo "ceph-rgw: start attempt $attempt failed (logs in $D-attempt$attempt), stopping and retrying" >&2
    "$0" stop || true
    sleep 3
  done
  exit 1
  ;;
start-once)
  # A daemon of an earlier start still holding the ports would answer for this cluster (an OSD then fails with
  # "wrong fsid"): stop it first.
  "$0" stop
  rm -rf "$D"; mkdir -p "$D"/{mon.a,osd.0,rgw,run,log}
  FSID=$(uuidgen)
  cat > "$D/ceph.conf" <<CONF
[global]
fsid = $FSID
mon host = 127.0.0.1:6789
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
osd objectstore = memstore
memstore device bytes = 1073741824
run dir = $D/run
log file = $D/log/\$name.log
admin socket = $D/run/\$name.asok
pid file = $D/run/\$name.pid
ms bind ipv6 = false
[mon.a]
mon data = $D/mon.a
public addr = 127.0.0.1
[osd.0]
osd data = $D/osd.0
[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $D/rgw
rgw dns name = localhost
CONF
  export CEPH_CONF="$D/ceph.conf"
  ceph-authtool --create-keyring "$D/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --add a 127.0.0.1:6789 --fsid "$FSID" "$D/monmap" >/dev/null
  ceph-mon --mkfs -i a --monmap "$D/monmap" --keyring "$D/mon.keyring"
  ceph-mon -i a
  OSD=$(timeout 60 ceph osd create)
  ceph-osd -i "$OSD" --mkfs 2>/dev/null
  ceph-osd -i "$OSD" 2>/dev/null
  timeout 60 ceph osd crush add "osd.$OSD" 1 root=default host=localhost >/dev/null 2>&1 || true
  radosgw -n client.rgw.a
  up=
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && { up=1; break; }; sleep 1; done
  [ -n "$up" ] || { echo "ceph-rgw: the gateway did not answer on 127.0.0.1:$PORT within 60 s (logs in $D/log)" >&2; exit 1; }
  timeout 60 radosgw-admin user create --uid=tester --display-name=tester --access-key=$KEY --secret-key=$SECRET >/dev/null
  # A shared bucket for tools that want one (the project's tests create their own).
  curl -sf -o /dev/null -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$KEY:$SECRET" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "http://127.0.0.1:$PORT/$BUCKET"
  echo "http://127.0.0.1:$PORT $KEY $SECRET"
  ;;
stop)
  for n in client.rgw.a osd.0 mon.a; do
    if [ -f "$D/run/$n.pid" ]; then
      pid=$(cat "$D/run/$n.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$D/run/$n.pid"
    fi
  done
  # Daemons whose pid file is gone (a start that stopped half-way, or $D removed): each was started with
  # CEPH_CONF=$D/ceph.conf in its environment, which names it as ours and no other cluster's.
  for dir in /proc/[0-9]*; do
    case "$(cat "$dir/comm" 2>/dev/null || true)" in
      ceph-mon|ceph-osd|radosgw) grep -qzx "CEPH_CONF=$D/ceph.conf" "$dir/environ" 2>/dev/null && kill -9 "${dir#/proc/}" 2>/dev/null || true ;;
    esac
  done
  ;;
*)
  echo "usage: $0 install|start|stop" >&2
  exit 2
  ;;
esac
