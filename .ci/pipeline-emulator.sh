#!/usr/bin/env bash
# deploy/pipeline as the deploy workflow runs it, with the emulator standing in for AWS (and for the role the workflow
# assumes: dummy credentials) and the local registry for ECR:
#   up; `image linux/amd64` and `image linux/arm64` (its AOT cache trained under QEMU); `release` -> one index per
#   service whose amd64 and arm64 entries both carry /app/aot/app.aot, deployed pinned to the index's digest, status;
#   data-server's arm64 entry, pulled by its digest, must start under QEMU with its cache (-XX:AOTMode=on stops a JVM
#   that cannot map it) and answer GET / with 200;
#   then a second release during whose bake gate-server's 5xx alarm goes into ALARM: the run must exit non-zero and
#   name the alarm.
# Installs QEMU's user emulation (Debian's qemu-user-static) if aarch64 binaries cannot run here yet.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LOCAL_REGISTRY:?run ../shared/ci/container-env.sh up first}"
die() { echo "pipeline-emulator: $*" >&2; exit 1; }
say() { echo "pipeline-emulator: $*"; }

source scripts/platform.sh
if ! emulation_registered linux/arm64; then
  sudo -n true 2>/dev/null && SUDO=sudo || SUDO=
  [[ -e /proc/sys/fs/binfmt_misc/register ]] || $SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || true
  $SUDO apt-get install -y -q qemu-user-static binfmt-support >/dev/null \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q qemu-user-static binfmt-support >/dev/null; }
  $SUDO update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
fi
emulation_registered linux/arm64 || die "QEMU's aarch64 emulation is not registered ($(binfmt_entry linux/arm64), with the F flag)"

work=$(mktemp -d /tmp/ecs-test-pipeline.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MOTO_ECS_DEPLOYMENT_SPEEDUP=60 MOTO_ECS_SERVICE_RUNNING=1 MOTO_IAM_LOAD_MANAGED_POLICIES=true \
  emulator/bin/moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
watcher=
cleanup() {
  [[ -n $watcher ]] && kill "$watcher" 2>/dev/null
  kill "$moto" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
endpoint=http://127.0.0.1:$port
for _ in $(seq 60); do curl -fsS -o /dev/null "$endpoint/moto-api/" 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null "$endpoint/moto-api/" || { cat "$work/moto.log" >&2; die "the emulator did not start"; }

export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=ap-northeast-2
export ECS_TEST_ACCOUNT_ID=123456789012 DEPLOY_ARGS="--endpoint-url $endpoint"
emulated=(--endpoint-url "$endpoint")
export IMAGE_PREFIX=$LOCAL_REGISTRY/ecs-test/ INSECURE_REGISTRY=true SMOKE=false
export GITHUB_STEP_SUMMARY=$work/summary.md
# a tag of this run's own, so that nothing an earlier run pushed can stand in for what this one builds
REVISION=ci-$(git rev-parse --short HEAD)-$$
export REVISION
aws_emulated() { aws --endpoint-url "$endpoint" --output text "$@"; }

# what an administrator and a first `up` from a laptop do once, before any pipeline runs
deploy/ecs-test admin-setup --apply --out "$work/iam" "${emulated[@]}" >"$work/up.log" 2>&1 \
  || { tail -30 "$work/up.log" >&2; die "admin-setup failed"; }
deploy/ecs-test up "${emulated[@]}" >>"$work/up.log" 2>&1 || { tail -30 "$work/up.log" >&2; die "up failed"; }
say "the stack is up on the emulator"

started=$SECONDS
BASE_IMAGE=docker://ecs-test/runtime:25 deploy/pipeline image linux/amd64
say "amd64 images in $((SECONDS - started)) s"
started=$SECONDS
BASE_IMAGE=docker://ecs-test/runtime:25-arm64 deploy/pipeline image linux/arm64
say "arm64 images (AOT cache trained under QEMU) in $((SECONDS - started)) s"

deploy/pipeline release | tee "$work/release.log"
grep -q '^## ecs-test: stack ecs-test, deployed' "$GITHUB_STEP_SUMMARY" || die "the summary does not say deployed"

# Each index: an image list with an amd64 and an arm64 entry, each holding the AOT cache; the task definition pins it.
for service in gate-server data-server; do
  reference=$IMAGE_PREFIX$service:$REVISION
  skopeo inspect --tls-verify=false --raw "docker://$reference" >"$work/$service-index.json"
  digest=sha256:$(sha256sum "$work/$service-index.json" | cut -d' ' -f1)
  repository=${IMAGE_PREFIX#"$LOCAL_REGISTRY"/}$service
  python3 - "$work/$service-index.json" "$LOCAL_REGISTRY" "$repository" <<'EOF' || die "$reference is not a multi-platform image whose entries carry the AOT cache"
import io, json, sys, tarfile, urllib.request
index_file, registry, repository = sys.argv[1:]
index = json.load(open(index_file))
assert index.get("manifests"), f"not an index: {index.get('mediaType')}"
platforms = {m["platform"]["architecture"]: m for m in index["manifests"]}
assert sorted(platforms) == ["amd64", "arm64"], f"platforms {sorted(platforms)}"
for arch, entry in sorted(platforms.items()):
    accept = entry["mediaType"]
    request = urllib.request.Request(f"http://{registry}/v2/{repository}/manifests/{entry['digest']}", headers={"Accept": accept})
    manifest = json.load(urllib.request.urlopen(request))
    found = False
    for layer in manifest["layers"]:
        blob = urllib.request.urlopen(f"http://{registry}/v2/{repository}/blobs/{layer['digest']}").read()
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
            if any(name.lstrip("./") == "app/aot/app.aot" for name in tar.getnames()):
                found = True
                break
    assert found, f"the {arch} entry holds no app/aot/app.aot"
    print(f"pipeline-emulator: {repository} {arch} entry {entry['digest']} carries app/aot/app.aot")
EOF
  pinned=$(aws_emulated ecs describe-task-definition --task-definition "ecs-test-$service" \
    --query 'taskDefinition.containerDefinitions[0].image')
  [[ $pinned == *"/ecs-test/$service@$digest" ]] || die "$service's task definition runs $pinned, not the index $digest"
  say "$service's task definition pins the index: $pinned"
done

# The Graviton image as ECS on arm64 would pull it: data-server's arm64 entry, by digest, started under QEMU now and
# checked after the next release (QEMU's start takes tens of seconds, the release mostly waits on the emulator's clock).
arm64=$(python3 -c 'import json,sys; print(next(m["digest"] for m in json.load(open(sys.argv[1]))["manifests"] if m["platform"]["architecture"] == "arm64"))' \
  "$work/data-server-index.json")
image=${IMAGE_PREFIX}data-server@$arm64
docker pull -q --platform linux/arm64 "$image" >/dev/null || die "cannot pull $image"
arch=$(docker image inspect -f '{{.Architecture}}' "$image")
[[ $arch == arm64 ]] || die "$image says architecture '$arch', not arm64"
smoke=ecs-test-arm64-smoke-$$
trap 'docker rm -f "$smoke" >/dev/null 2>&1 || true; cleanup' EXIT
docker run -d --name "$smoke" --platform linux/arm64 --memory 512m -p 127.0.0.1::4000 \
  -e JAVA_TOOL_OPTIONS=-XX:AOTMode=on "$image" >/dev/null
smoke_started=$SECONDS

# A release during whose bake gate-server's 5xx alarm goes into ALARM (as if the new tasks answered errors): ECS rolls
# back and the run fails, naming the alarm. amd64 alone makes a new index, hence a new deployment.
alarm=ecs-test-gate-server-5xx
(
  for _ in $(seq 600); do
    stage=$(aws_emulated ecs list-service-deployments --cluster ecs-test --service gate-server --status IN_PROGRESS \
      --query 'serviceDeployments[0].serviceDeploymentArn' 2>/dev/null | xargs -r -I{} \
      aws --endpoint-url "$endpoint" --output text ecs describe-service-deployments --service-deployment-arns {} \
      --query 'serviceDeployments[0].lifecycleStage' 2>/dev/null || true)
    if [[ $stage == BAKE_TIME ]]; then
      aws_emulated cloudwatch set-alarm-state --alarm-name "$alarm" --state-value ALARM \
        --state-reason "5xx answers during the bake (pipeline-emulator)"
      echo "pipeline-emulator: $alarm set to ALARM during gate-server's bake"
      exit 0
    fi
    sleep 0.2
  done
  echo "pipeline-emulator: gate-server's deployment never reached BAKE_TIME" >&2
) &
watcher=$!
status=0
deploy/pipeline release linux/amd64 >"$work/alarm.log" 2>&1 || status=$?
wait "$watcher" || die "the alarm was not set during the bake: $(tail -20 "$work/alarm.log")"
watcher=
cat "$work/alarm.log"
((status != 0)) || die "the release whose alarm went off during the bake exited 0"
grep -q "$alarm" "$work/alarm.log" || die "the failed release does not name the alarm $alarm"
say "an alarm during the bake fails the run (exit $status), naming $alarm"

smoke_port=$(docker port "$smoke" 4000/tcp | head -1 | sed 's/.*://')
until curl -fsS -o /dev/null "http://127.0.0.1:$smoke_port/" 2>/dev/null; do
  ((SECONDS - smoke_started < 300)) || { docker logs --tail 30 "$smoke" >&2; die "no 200 from $image under QEMU within 300 s"; }
  [[ $(docker inspect -f '{{.State.Running}}' "$smoke") == true ]] || { docker logs --tail 30 "$smoke" >&2; die "$image exited under QEMU"; }
  sleep 2
done
docker rm -f "$smoke" >/dev/null
say "data-server's arm64 entry answered 200 under QEMU, with its AOT cache (-XX:AOTMode=on), $((SECONDS - smoke_started)) s after docker run"
