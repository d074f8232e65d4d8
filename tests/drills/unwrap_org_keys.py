#!/usr/bin/env python3
"""Prints, one hex string a line, every org key in a dump of tenant_guard.org_key, unwrapped
with the master keys of a key file: an implementation of docs/format.md ("Wrapped org keys")
independent of tenant_guard's C++ code, for the log-leak drill.

usage: unwrap_org_keys.py KEY_FILE < rows   (rows: org|purpose|version|master_key_id|wrapped hex)"""
import struct
import sys
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PURPOSES = {"seal": 1, "blind_index": 2}


def length_prefixed(*fields):
    return b"".join(struct.pack(">I", len(f)) + f for f in fields)


def main():
    master = {}
    for line in open(sys.argv[1]):
        fields = line.split("#")[0].split()
        if len(fields) >= 2:
            master[fields[0]] = bytes.fromhex(fields[1])
    for line in sys.stdin:
        org, purpose, version, key_id, wrapped = line.strip().split("|")
        wrapped = bytes.fromhex(wrapped[2:] if wrapped.startswith("\\x") else wrapped)
        kek = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tenant_guard/v1",
                   info=b"tenant_guard/kek/v1").derive(master[key_id])
        aad = length_prefixed(b"tenant_guard/org-key/v1", uuid.UUID(org).bytes,
                              bytes([PURPOSES[purpose]]), struct.pack(">I", int(version)), key_id.encode())
        assert wrapped[0] == 1, "unknown wrap format"
        print(AESGCM(kek).decrypt(wrapped[1:13], wrapped[13:], aad).hex())


if __name__ == "__main__":
    main()
