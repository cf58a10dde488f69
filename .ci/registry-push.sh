#!/usr/bin/env bash
# jib:build of both images, with their AOT caches, on the slim base, to the local registry standing in for ECR, then a
# one-line change to a gate-server class and a second push: only the layer holding the service's jar
# may be uploaded again (the AOT cache leaves the service's classes out, so it stays the same).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LOCAL_REGISTRY:?run ../shared/ci/container-env.sh up first}" "${RUNTIME_IMAGE:=ecs-test/runtime:25}"
changed=gate-server/src/main/java/ecstest/gate/GateController.java

push() {
  ./mvnw -q -B -ntp -DskipTests -Dspotless.check.skip=true -pl gate-server,data-server -am package jib:build \
    -Dimage.registry.prefix="$LOCAL_REGISTRY/" -Dbase.image="docker://$RUNTIME_IMAGE" \
    -Djib.allowInsecureRegistries=true -Djib.from.platforms=linux/amd64 -Daot.cache=true \
    -Dimage.revision="$(git rev-parse HEAD)"
}
manifest() { skopeo inspect --tls-verify=false --raw "docker://$LOCAL_REGISTRY/gate-server:$version"; }
layers() { manifest | python3 -c 'import json,sys; print("\n".join(l["digest"] for l in json.load(sys.stdin)["layers"]))'; }

version=$(./mvnw -q -N help:evaluate -Dexpression=project.version -DforceStdout)
push
for module in gate-server data-server; do
  [[ -s $module/target/jib-image.digest ]] || { echo "registry-push: no $module/target/jib-image.digest" >&2; exit 1; }
  echo "registry-push: $LOCAL_REGISTRY/$module:$version@$(cat "$module/target/jib-image.digest")"
done
before_layers=$(layers)

trap 'git checkout -q -- "$changed"' EXIT
sed -i 's|"GET / -> 200 (data-server {} ms)"|"GET / -> 200 (data-server: {} ms)"|' "$changed"
git diff --quiet -- "$changed" && { echo "registry-push: the one-line change did not apply" >&2; exit 1; }
push
git checkout -q -- "$changed"; trap - EXIT

after_layers=$(layers)
new_layers=$(comm -13 <(sort <<<"$before_layers") <(sort <<<"$after_layers"))
[[ $(wc -l <<<"$new_layers") -eq 1 && -n $new_layers ]] \
  || { echo "registry-push: expected exactly one new layer, got:"; echo "$new_layers"; exit 1; } >&2
# the new layer must hold the service's jar and nothing else
paths=$(curl -fsS "http://$LOCAL_REGISTRY/v2/gate-server/blobs/$new_layers" | tar --warning=no-unknown-keyword -tz | grep -v '/$')
if grep -qv '^app/classpath/' <<<"$paths"; then
  echo "registry-push: the changed layer holds more than app/classpath:" >&2; grep -v '^app/classpath/' <<<"$paths" | head >&2; exit 1
fi
# What a push of this change uploads: the new layer, the new container config and the manifest.
pushed=$(manifest | python3 -c '
import json, sys
raw = sys.stdin.read(); m = json.loads(raw)
layer = next(l["size"] for l in m["layers"] if l["digest"] == sys.argv[1])
print(layer, m["config"]["size"], len(raw.encode()))' "$new_layers")
read -r layer_bytes config_bytes manifest_bytes <<<"$pushed"
echo "registry-push: the one-line change uploads one layer, app/classpath only: $layer_bytes bytes" \
  "(+ config $config_bytes + manifest $manifest_bytes = $((layer_bytes + config_bytes + manifest_bytes)) bytes)"
# Budgets, so that a dependency or a build change that breaks one stops CI here: a one-line change pushes at most
# 50 KB; an image weighs at most 100 MB compressed on the slim base (scripts/runtime-image.sh; figures:
# bench/RESULTS.md, "Images and pushes").
push_budget=$((50 * 1000)) image_budget=$((100 * 1000 * 1000))
((layer_bytes + config_bytes + manifest_bytes <= push_budget)) \
  || { echo "registry-push: the one-line change pushes more than $push_budget bytes" >&2; exit 1; }

# What each image weighs as pushed (compressed), layer by layer, and that the AOT cache is in it.
for module in gate-server data-server; do
  m=$(skopeo inspect --tls-verify=false --raw "docker://$LOCAL_REGISTRY/$module:$version")
  total=0 has_cache=false
  while read -r digest size; do
    paths=$(curl -fsS "http://$LOCAL_REGISTRY/v2/$module/blobs/$digest" | tar --warning=no-unknown-keyword -tz | grep -v '/$')
    grep -qx 'app/aot/app.aot' <<<"$paths" && has_cache=true
    if grep -q '^app/' <<<"$paths"; then what=$(grep '^app/' <<<"$paths" | head -3 | paste -sd' '); else what="base image"; fi
    echo "registry-push: $module layer $size bytes: $what"
    total=$((total + size))
  done < <(python3 -c 'import json,sys; [print(l["digest"], l["size"]) for l in json.load(sys.stdin)["layers"]]' <<<"$m")
  echo "registry-push: $module $total bytes compressed in all"
  ((total <= image_budget)) || { echo "registry-push: $module weighs more than $image_budget bytes compressed" >&2; exit 1; }
  $has_cache || { echo "registry-push: $module was pushed without its AOT cache (app/aot/app.aot)" >&2; exit 1; }
done
