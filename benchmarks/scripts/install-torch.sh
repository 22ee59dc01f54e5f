#!/usr/bin/env bash
# Installs the PyTorch CPU peer used by the side-by-side benchmark scripts (Debian's python3-torch, for
# /usr/bin/python3). Never needed by CI or by the library.
set -euo pipefail
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then exit 0; fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy
