#!/usr/bin/env bash
set -euo pipefail
exec npx stressgate guards "$@"
