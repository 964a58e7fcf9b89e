#!/usr/bin/env bash
# Runs the suites that depend on the connectors' SQL with the lowest and the
# highest connector versions this package is tested with (package.json
# peerDependencies; each dialect's `tested` range). Works on a copy of the
# built checkout, so this checkout's node_modules stay as they are.
# Usage: npm run build && bash scripts/connector-matrix.sh [lowest] [highest]
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A JUGGLER=([lowest]=6.0.6 [highest]=7.0.3)
declare -A CONNECTOR=([lowest]=6.2.12 [highest]=8.0.3)
declare -A POSTGRESQL=([lowest]=7.2.3 [highest]=9.0.3)
declare -A MYSQL=([lowest]=7.1.6 [highest]=9.0.3)

SUITES=(
  plan-fidelity idempotence snapshot-parity migrate-schema foreign-keys
  will-fail data-loss stock-semantics drop-indexed-column long-identifiers
  unmodelled-tables own-migration memory-and-others pool-size connector-versions
  postgresql-ungenerated-ids
)
files=()
for suite in "${SUITES[@]}"; do files+=("dist/test/integration/$suite.test.js"); done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(lowest highest)
for name in "${sets[@]}"; do
  echo "== connectors: $name"
  rm -rf "${work:?}"/*
  cp -r package.json package-lock.json node_modules dist "$work"/
  (
    cd "$work"
    npm pkg set "overrides.loopback-datasource-juggler=${JUGGLER[$name]}" \
      "overrides.loopback-connector=${CONNECTOR[$name]}"
    npm install --no-save --no-audit --no-fund --loglevel=error \
      "loopback-connector-postgresql@${POSTGRESQL[$name]}" \
      "loopback-connector-mysql@${MYSQL[$name]}"
    node -e "
      const version = (name, from) =>
        require(require.resolve(name + '/package.json', {paths: [require.resolve(from)]})).version;
      console.log('   juggler', version('loopback-datasource-juggler', '@loopback/repository'));
      for (const c of ['postgresql', 'mysql']) {
        const p = 'loopback-connector-' + c;
        console.log('  ', p, version(p, '.'), 'on loopback-connector', version('loopback-connector', p));
      }"
    npx mocha --no-config --exit --timeout 60000 --parallel --jobs 2 --reporter dot "${files[@]}"
  )
done
