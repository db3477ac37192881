#!/usr/bin/python3
"""Samba security-descriptor oracle for test/security/samba-differential.test.ts.

A long-running process: reads one JSON object per line on stdin, writes one JSON object per line
on stdout (same "id"). Uses Samba's own Python bindings (python3-samba):

  {"id": 1, "op": "from_sddl", "sddl": "...", "domain": "S-1-5-21-..."}
      -> {"id": 1, "hex": "<ndr_pack of the SD>", "sddl": "<as_sddl of it>"}
  {"id": 2, "op": "from_hex", "hex": "...", "domain": "S-1-5-21-..."}
      -> {"id": 2, "sddl": "<as_sddl>", "hex": "<ndr_pack after ndr_unpack>"}

Errors come back as {"id": n, "error": "..."}; the process never exits on a bad request.
"""
import json
import sys

try:
    from samba.dcerpc import security
    from samba.ndr import ndr_pack, ndr_unpack
except ImportError as err:  # reported by the test as a failure naming the package
    sys.stdout.write(json.dumps({"fatal": "cannot import samba (install the Debian package python3-samba): %s" % err}) + "\n")
    sys.stdout.flush()
    sys.exit(3)

sys.stdout.write(json.dumps({"ready": True}) + "\n")
sys.stdout.flush()

for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    req = json.loads(line)
    out = {"id": req.get("id")}
    try:
        dom = security.dom_sid(req["domain"])
        if req["op"] == "from_sddl":
            sd = security.descriptor.from_sddl(req["sddl"], dom)
            out["hex"] = ndr_pack(sd).hex()
            out["sddl"] = sd.as_sddl(dom)
        elif req["op"] == "from_hex":
            sd = ndr_unpack(security.descriptor, bytes.fromhex(req["hex"]))
            out["sddl"] = sd.as_sddl(dom)
            out["hex"] = ndr_pack(sd).hex()
        else:
            out["error"] = "unknown op %r" % req["op"]
    except Exception as err:  # noqa: BLE001 - every failure is an answer, not a crash
        out["error"] = "%s: %s" % (type(err).__name__, err)
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
