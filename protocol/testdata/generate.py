#!/usr/bin/env python3
"""Writes the encoded test vectors of the Parley protocol (protocol/SPEC.md).

Two sources, one owner each:

* valid vectors: the readable form of each message is kept in vectors.json
  (edit it there); this script encodes each one canonically into <name>.msgpack.
* invalid vectors: the byte recipes are kept below in INVALID (edit them here);
  this script writes invalid_<name>.msgpack for each and rewrites the "invalid"
  section of vectors.json from the table, so the description, the file and the
  expected error code can never drift apart from the bytes.

Canonical encoding is exactly what msgpack.packb(obj, use_bin_type=True) does
with an object read from JSON: maps keep the order of vectors.json, integers take
their shortest form, floats are float64, text is str.

Run from anywhere:   python3 protocol/testdata/generate.py
Check, write nothing: python3 protocol/testdata/generate.py --check
Needs Debian's python3-msgpack (1.0 or later).
"""

import argparse
import json
import pathlib
import sys

try:
    import msgpack
except ImportError:
    sys.exit("generate.py needs the msgpack module: apt-get install python3-msgpack "
             "(and run it with /usr/bin/python3 if another python3 comes first in PATH)")

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE / "vectors.json"

# Every kind of SPEC.md, "Message kinds": the valid vectors must cover them all.
ALL_KINDS = [
    "register", "heartbeat", "directory_query", "session_invite", "session_join", "session_leave",
    "stats_request", "bye", "welcome", "directory", "session_event", "stats", "message", "cfp",
    "propose", "accept_proposal", "reject_proposal", "inform", "end", "error",
]


def pack(obj):
    """Canonical MessagePack of a value: shortest integers, float64, str for text."""
    return msgpack.packb(obj, use_bin_type=True)


# ---- building blocks of the invalid recipes ---------------------------------------

OMIT = object()  # as a value in envelope(): leave the key out


def envelope(**changes):
    """A valid direct message, with some fields changed (or left out with OMIT).

    Keyword names are the wire keys, except that 'from' is spelled sender."""
    message = {"v": 1, "kind": "message", "from": "agent-1", "to": "agent-2", "id": 7,
               "body": {"content": "hi"}}
    for key, value in changes.items():
        key = "from" if key == "sender" else key
        if value is OMIT:
            message.pop(key, None)
        else:
            message[key] = value
    # Keep canonical key order for keys that were added.
    order = ["v", "kind", "from", "to", "session", "id", "re", "reply_by", "body"]
    return {key: message[key] for key in sorted(message, key=lambda k: order.index(k) if k in order else 99)}


def raw_map(pairs):
    """A map written pair by pair, so that keys may repeat or be other than text,
    which no dict can express. Values are packed as they are."""
    assert len(pairs) < 16, "fixmap only"
    return bytes([0x80 | len(pairs)]) + b"".join(pack(key) + pack(value) for key, value in pairs)


def nested_arrays(depth):
    """`depth` arrays inside one another, around a 0."""
    value = 0
    for _ in range(depth):
        value = [value]
    return value


VALID_FRAME = pack(envelope())

# name, expected error code, description, recipe (a function returning the bytes)
INVALID = [
    ("not_msgpack", "not_understood",
     "The byte 0xc1, which MessagePack never uses.",
     lambda: b"\xc1"),
    ("empty_frame", "not_understood",
     "A frame of zero bytes.",
     lambda: b""),
    ("truncated", "not_understood",
     "A valid message with its last three bytes cut off.",
     lambda: VALID_FRAME[:-3]),
    ("trailing_bytes", "not_understood",
     "A valid message followed by one more MessagePack object (nil): a frame holds exactly one object.",
     lambda: VALID_FRAME + b"\xc0"),
    ("not_a_map", "not_understood",
     "The envelope's fields in an array instead of a map.",
     lambda: pack([1, "message", "agent-1", "agent-2", 7, {"content": "hi"}])),
    ("non_string_key", "protocol_violation",
     "An envelope with an integer key (1) besides the usual ones.",
     lambda: raw_map([("v", 1), ("kind", "message"), ("from", "agent-1"), ("to", "agent-2"), ("id", 7),
                      (1, "x"), ("body", {})])),
    ("repeated_key", "protocol_violation",
     "An envelope with 'from' twice: a broker and a recipient could read different senders.",
     lambda: raw_map([("v", 1), ("kind", "message"), ("from", "agent-1"), ("from", "agent-3"),
                      ("to", "agent-2"), ("id", 7), ("body", {})])),
    ("missing_from", "protocol_violation",
     "An envelope without 'from'.",
     lambda: pack(envelope(sender=OMIT))),
    ("missing_body", "protocol_violation",
     "An envelope without 'body'.",
     lambda: pack(envelope(body=OMIT))),
    ("body_not_map", "protocol_violation",
     "A body that is an array.",
     lambda: pack(envelope(body=["hi"]))),
    ("id_not_integer", "protocol_violation",
     "An id written as the string \"7\".",
     lambda: pack(envelope(id="7"))),
    ("id_negative", "protocol_violation",
     "An id of -7: ids are unsigned.",
     lambda: pack(envelope(id=-7))),
    ("unknown_kind", "not_understood",
     "A kind this version does not know ('haggle').",
     lambda: pack(envelope(kind="haggle"))),
    ("version_2", "unsupported_version",
     "Protocol version 2 (this version is 1).",
     lambda: pack(envelope(v=2))),
    ("name_with_space", "protocol_violation",
     "A sender name with a space: names are printable ASCII without spaces.",
     lambda: pack(envelope(sender="agent 1"))),
    ("empty_recipient", "protocol_violation",
     "'to' as the empty string: an absent recipient is written by leaving 'to' out.",
     lambda: pack(envelope(to=""))),
    ("name_too_long", "too_large",
     "A sender name of 65 bytes; names are at most 64.",
     lambda: pack(envelope(sender="a" * 65))),
    ("session_too_long", "too_large",
     "A session id of 129 bytes; session ids are at most 128.",
     lambda: pack(envelope(to=OMIT, session="s" * 129))),
    ("too_deep", "too_large",
     "Content nested 31 arrays deep, which with the envelope and the body makes 33 levels; at most 32 are allowed.",
     lambda: pack(envelope(body={"content": nested_arrays(31)}))),
    ("ext_type", "too_large",
     "Content of a MessagePack extension type (fixext 1, type 1); extension values have a size limit of zero.",
     lambda: pack(envelope(body={"content": msgpack.ExtType(1, b"\x00")}))),
    ("too_many_capabilities", "too_large",
     "A register with 33 capabilities; at most 32 are allowed.",
     lambda: pack(envelope(kind="register", to=OMIT,
                           body={"framework": "echo", "capabilities": [f"c{i}" for i in range(33)],
                                 "instance": ""}))),
    ("reason_without_principle", "protocol_violation",
     "A reject_proposal whose reason lacks 'principle'.",
     lambda: pack(envelope(kind="reject_proposal", body={"reason": {"text": "too low"}}))),
    ("unknown_session_event", "protocol_violation",
     "A session_event whose event is none of joined, left, declined, lost.",
     lambda: pack(envelope(kind="session_event", sender="broker", session="s1", to="agent-2",
                           body={"event": "exploded", "member": "agent-1"}))),
]


def check_valid_vectors(valid):
    """Refuses a vectors.json that would not make a useful contract."""
    names = [vector["name"] for vector in valid]
    if len(set(names)) != len(names):
        sys.exit("vectors.json: two valid vectors share a name")
    kinds = {vector["message"]["kind"] for vector in valid}
    missing = [kind for kind in ALL_KINDS if kind not in kinds]
    if missing:
        sys.exit(f"vectors.json: no valid vector of kind {', '.join(missing)}")
    for vector in valid:
        encoded = pack(vector["message"])
        if msgpack.unpackb(encoded, raw=False) != vector["message"]:
            sys.exit(f"vectors.json: {vector['name']} does not survive encoding")


def planned_files(document):
    """Every file this script owns, with the bytes it must hold."""
    files = {f"{vector['name']}.msgpack": pack(vector["message"]) for vector in document["valid"]}
    for name, _error, _description, recipe in INVALID:
        files[f"invalid_{name}.msgpack"] = recipe()
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a file differs from what would be written")
    args = parser.parse_args()

    with VECTORS.open(encoding="utf-8") as stream:
        document = json.load(stream)
    check_valid_vectors(document["valid"])
    document["invalid"] = [
        {"name": name, "description": description, "file": f"invalid_{name}.msgpack", "error": error}
        for name, error, description, _recipe in INVALID
    ]
    files = planned_files(document)
    files["vectors.json"] = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    stale = sorted(path.name for path in HERE.glob("*.msgpack") if path.name not in files)
    differing = [name for name, data in files.items()
                 if not (HERE / name).exists() or (HERE / name).read_bytes() != data]
    if args.check:
        for name in differing:
            print(f"out of date: {name}")
        for name in stale:
            print(f"not produced by generate.py: {name}")
        sys.exit(1 if differing or stale else 0)

    for name in differing:
        (HERE / name).write_bytes(files[name])
    for name in stale:
        print(f"warning: {name} is not produced by generate.py; delete it if it is obsolete")
    print(f"{len(document['valid'])} valid and {len(INVALID)} invalid vectors in {HERE} "
          f"({len(differing)} file(s) rewritten)")


if __name__ == "__main__":
    main()
