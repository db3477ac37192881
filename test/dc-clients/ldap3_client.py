"""Runs one python-ldap3 session against a DC and prints what the server answered, as JSON.

Input (stdin, JSON; passwords never go on the command line):
  {"url": "ldaps://127.0.0.1:636" | "ldap://...", "starttls": bool, "user": str | null, "password": str,
   "ops": [{"op": "search", "base": str, "scope": "base"|"one"|"sub", "filter": str,
            "attributes": [str], "sdflags": int?},
           {"op": "modify", "dn": str, "changes": [["replace"|"add"|"delete", attr, [base64 value]]],
            "sdflags": int?}]}
Output: {"bind": {"result": int, "message": str} | null, "ops": [{"result", "message", "entries"?}]}
with entries as [{"dn": str, "attributes": {name: [base64 raw value]}}].
Run with /usr/bin/python3 (Debian python3-ldap3).
"""

import base64
import json
import ssl
import sys
from urllib.parse import urlparse

from ldap3 import (
    BASE,
    LEVEL,
    MODIFY_ADD,
    MODIFY_DELETE,
    MODIFY_REPLACE,
    NONE,
    SIMPLE,
    SUBTREE,
    Connection,
    Server,
    Tls,
)
from ldap3.protocol.microsoft import security_descriptor_control

SCOPES = {"base": BASE, "one": LEVEL, "sub": SUBTREE}
MODS = {"replace": MODIFY_REPLACE, "add": MODIFY_ADD, "delete": MODIFY_DELETE}


def result_of(conn):
    r = conn.result or {}
    return {"result": r.get("result", -1), "message": r.get("message", "")}


def controls_for(op):
    if op.get("sdflags") is None:
        return None
    # ldap3 returns the control already wrapped in a list.
    return security_descriptor_control(criticality=True, sdflags=op["sdflags"])


def run_op(conn, op):
    if op["op"] == "search":
        conn.search(
            op["base"],
            op.get("filter", "(objectClass=*)"),
            search_scope=SCOPES[op.get("scope", "base")],
            attributes=op.get("attributes", []),
            controls=controls_for(op),
        )
        out = result_of(conn)
        out["entries"] = [
            {
                "dn": e["dn"],
                "attributes": {
                    k: [base64.b64encode(v).decode() for v in vals]
                    for k, vals in e["raw_attributes"].items()
                },
            }
            for e in (conn.response or [])
            if e.get("type") == "searchResEntry"
        ]
        return out
    if op["op"] == "modify":
        changes = {}
        for kind, attr, values in op["changes"]:
            changes.setdefault(attr, []).append((MODS[kind], [base64.b64decode(v) for v in values]))
        conn.modify(op["dn"], changes, controls=controls_for(op))
        return result_of(conn)
    raise ValueError("unknown op " + op["op"])


def main():
    req = json.load(sys.stdin)
    url = urlparse(req["url"])
    tls = Tls(validate=ssl.CERT_NONE)
    server = Server(url.hostname, port=url.port, use_ssl=url.scheme == "ldaps", tls=tls, get_info=NONE)
    conn = Connection(
        server,
        user=req.get("user"),
        password=req.get("password"),
        authentication=SIMPLE if req.get("user") else None,
        raise_exceptions=False,
        auto_referrals=False,
    )
    conn.open()
    if req.get("starttls"):
        if not conn.start_tls():
            print(json.dumps({"starttls": result_of(conn)}))
            return
    bind = None
    if req.get("user"):
        conn.bind()
        bind = result_of(conn)
    ops = [run_op(conn, op) for op in req.get("ops", [])]
    conn.unbind()
    print(json.dumps({"bind": bind, "ops": ops}))


main()
