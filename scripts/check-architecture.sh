#!/usr/bin/env bash
# The shape DEVELOPERS.md promises: no import cycle in src/, no source file
# over 400 lines. Part of `npm run lint`.
set -euo pipefail
cd "$(dirname "$0")/.."
npx madge --circular --extensions ts --ts-config tsconfig.json --no-spinner src
long=$(find src -name '*.ts' -exec wc -l {} + | awk '$2 != "total" && $1 > 400 {print $2 " (" $1 " lines)"}')
if [ -n "$long" ]; then
  echo "source files over 400 lines:"
  echo "$long"
  exit 1
fi
echo "no source file over 400 lines"
