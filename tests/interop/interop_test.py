#!/usr/bin/env python3
"""Interoperability test of the Parley protocol.

A Parley client written from protocol/SPEC.md alone, in Python with nothing but
ZeroMQ (python3-zmq) and MessagePack (python3-msgpack). If it can talk to the
C++ broker and to a C++ agent, the specification is complete enough for other
languages, and the C++ code follows it.

It checks, in order:
  * the test vectors of protocol/testdata/: every valid file is the canonical
    encoding of its readable form, and every invalid file is refused by this
    file's own decoder with the error code the vector names;
  * a live broker (`parley broker`) and a C++ echo agent (`parley agent`):
    registration, directory, direct and session messages, invitations, the
    broker's refusals (forged sender, unknown recipient, non-member, bad frames,
    duplicate names), reclaiming a name with the instance token, heartbeats,
    loss of a silent member, statistics and bye.

Usage (as CTest runs it):
    python3 tests/interop/interop_test.py --parley build/cli/parley --vectors protocol/testdata

Prints one PASS or FAIL line per check and a final "N passed, M failed" line;
exits with 0 only if every check passed.
"""

import argparse
import json
import os
import pathlib
import secrets
import select
import subprocess
import sys
import tempfile
import time

try:
    import msgpack
    import zmq
except ImportError as missing:
    print(f"FAIL setup: {missing} (install Debian's python3-zmq and python3-msgpack)")
    print("0 passed, 1 failed")
    sys.exit(1)


# ---- the protocol, from SPEC.md -------------------------------------------------------

VERSION = 1
BROKER = "broker"

KINDS = (
    "register", "heartbeat", "directory_query", "session_invite", "session_join", "session_leave",
    "stats_request", "bye", "welcome", "directory", "session_event", "stats",
    "message", "cfp", "propose", "accept_proposal", "reject_proposal", "inform", "end", "error",
)
ACT_KINDS = ("message", "cfp", "propose", "accept_proposal", "reject_proposal", "inform", "end")
EMPTY_BODY_KINDS = ("heartbeat", "session_join", "session_leave", "stats_request", "bye")
ERROR_CODES = (
    "not_understood", "protocol_violation", "unknown_recipient", "not_member", "too_large",
    "unsupported_version", "duplicate_name", "forged_sender", "not_registered",
)
SESSION_EVENTS = ("joined", "left", "declined", "lost")
STATS_COUNTERS = ("uptime_ms", "agents", "sessions", "messages_in", "messages_routed", "bytes_routed", "dropped")

# Canonical order of the envelope's keys (SPEC.md, "Envelope").
ENVELOPE_KEYS = ("v", "kind", "from", "to", "session", "id", "re", "reply_by", "body")

# SPEC.md, "Limits".
MAX_FRAME = 1024 * 1024
MAX_STRING = 65536
MAX_ARRAY = 100000
MAX_MAP = 10000
MAX_DEPTH = 32
MAX_NAME = 64
MAX_SESSION = 128
MAX_TEXT = 4096
MAX_CAPABILITIES = 32
UINT32_MAX = 2**32 - 1
UINT64_MAX = 2**64 - 1


class ProtocolError(Exception):
    """A message refused, with the error code of SPEC.md, "Errors", that answers it."""

    def __init__(self, code, detail):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def encode(message):
    """The canonical encoding (SPEC.md, "Canonical encoding") of an envelope given as a dict.

    The envelope's keys are put in canonical order; bodies must already be in it.
    msgpack.packb writes integers in their shortest form, floats as float 64 and
    text as str."""
    ordered = {key: message[key] for key in ENVELOPE_KEYS if key in message}
    return msgpack.packb(ordered, use_bin_type=True)


class _Map(dict):
    """A decoded MessagePack map that remembers what a dict cannot show: whether
    the encoding repeated a key or used a key that is not text."""

    repeated_key = None
    non_text_key = False


def _collect_map(pairs):
    result = _Map()
    for key, value in pairs:
        if not isinstance(key, str):
            result.non_text_key = True
            try:
                hash(key)
            except TypeError:
                continue  # an array as a key: nothing to store it under
        if key in result and result.repeated_key is None:
            result.repeated_key = key
        result[key] = value
    return result


class _ExtensionValue(Exception):
    pass


def _refuse_extension(code, data):
    raise _ExtensionValue(code)


def _check_limits(value, depth=1):
    """Sizes and depth of SPEC.md, "Limits" (the envelope is level 1)."""
    if isinstance(value, (list, dict)):
        if depth > MAX_DEPTH:
            raise ProtocolError("too_large", f"nesting deeper than {MAX_DEPTH}")
        if isinstance(value, list):
            if len(value) > MAX_ARRAY:
                raise ProtocolError("too_large", f"an array of more than {MAX_ARRAY} items")
            for item in value:
                _check_limits(item, depth + 1)
        else:
            if len(value) > MAX_MAP:
                raise ProtocolError("too_large", f"a map of more than {MAX_MAP} entries")
            for key, item in value.items():
                _check_limits(key, depth + 1)
                _check_limits(item, depth + 1)
    elif isinstance(value, str) and _byte_length(value) > MAX_STRING:
        raise ProtocolError("too_large", f"a string of more than {MAX_STRING} bytes")


def _byte_length(text):
    return len(text.encode("utf-8", "surrogateescape"))


def _map_shape(value, what):
    """A map this specification defines: text keys, none repeated."""
    if not isinstance(value, dict):
        raise ProtocolError("protocol_violation", f"{what} must be a map")
    if getattr(value, "non_text_key", False):
        raise ProtocolError("protocol_violation", f"{what} keys must be strings")
    if getattr(value, "repeated_key", None) is not None:
        raise ProtocolError("protocol_violation", f"{what} repeats the key '{value.repeated_key}'")
    return value


def _present(fields, key):
    """Optional fields: absent and nil mean the same."""
    return fields.get(key) is not None


def _uint(fields, key, required=True, maximum=UINT64_MAX):
    if key not in fields or (not required and fields[key] is None):
        if required:
            raise ProtocolError("protocol_violation", f"the field '{key}' is missing")
        return None
    value = fields[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProtocolError("protocol_violation", f"{key} must be a non-negative integer")
    if value > maximum:
        raise ProtocolError("protocol_violation", f"{key} exceeds {maximum}")
    return value


def _text(fields, key, limit, required=True):
    if key not in fields or (not required and fields[key] is None):
        if required:
            raise ProtocolError("protocol_violation", f"the field '{key}' is missing")
        return None
    return _check_text(fields[key], key, limit)


def _check_text(value, what, limit):
    if not isinstance(value, str):
        raise ProtocolError("protocol_violation", f"{what} must be a string")
    if _byte_length(value) > limit:
        raise ProtocolError("too_large", f"{what} is longer than {limit} bytes")
    return value


def _check_name(value, what, limit=MAX_NAME):
    """SPEC.md, "Names": printable ASCII 0x21-0x7e, non-empty, bounded."""
    _check_text(value, what, limit)
    if not value:
        raise ProtocolError("protocol_violation", f"{what} must not be empty")
    if not all(0x21 <= ord(c) <= 0x7E for c in value):
        raise ProtocolError("protocol_violation", f"{what} must be printable ASCII without spaces")
    return value


def _name(fields, key, required=True, limit=MAX_NAME):
    value = _text(fields, key, limit, required)
    return None if value is None else _check_name(value, key, limit)


def _names(fields, key):
    if key not in fields:
        return []
    items = fields[key]
    if not isinstance(items, list):
        raise ProtocolError("protocol_violation", f"{key} must be an array")
    if len(items) > MAX_CAPABILITIES:
        raise ProtocolError("too_large", f"{key} has more than {MAX_CAPABILITIES} entries")
    return [_check_name(item, key) for item in items]


def _validate_body(kind, body):
    """The body rules of SPEC.md, "Message kinds"."""
    if kind == "register":
        _name(body, "framework")
        _names(body, "capabilities")
        _text(body, "instance", MAX_NAME, required=False)
    elif kind == "welcome":
        _uint(body, "heartbeat_ms", maximum=UINT32_MAX)
        _uint(body, "liveness", maximum=UINT32_MAX)
        _uint(body, "max_frame")
        _text(body, "broker", MAX_TEXT)
    elif kind == "directory_query":
        for key in ("name", "framework", "capability"):
            _text(body, key, MAX_NAME, required=False)
    elif kind == "directory":
        if not isinstance(body.get("agents"), list):
            raise ProtocolError("protocol_violation", "agents must be an array")
        for entry in body["agents"]:
            _map_shape(entry, "agents entry")
            _name(entry, "name")
            _name(entry, "framework")
            _names(entry, "capabilities")
            _uint(entry, "idle_ms", required=False)
    elif kind == "session_invite":
        _name(body, "invitee")
    elif kind == "session_event":
        event = _text(body, "event", MAX_NAME)
        if event not in SESSION_EVENTS:
            raise ProtocolError("protocol_violation", f"unknown session event '{event}'")
        _name(body, "member")
    elif kind == "stats":
        for key in STATS_COUNTERS:
            _uint(body, key, required=False)
        if "errors" in body:
            errors = _map_shape(body["errors"], "errors")
            for code in errors:
                _uint(errors, code)
    elif kind == "error":
        _text(body, "code", MAX_NAME)
        _text(body, "text", MAX_TEXT, required=False)
    elif kind in ACT_KINDS:
        if _present(body, "reason"):
            reason = _map_shape(body["reason"], "reason")
            _name(reason, "principle")
            _text(reason, "text", MAX_TEXT)


def decode(frame):
    """Decodes and validates one frame as SPEC.md requires of every receiver.

    Returns the envelope as a dict (keys in the order of the encoding); raises
    ProtocolError with the code that refuses the frame."""
    if len(frame) > MAX_FRAME:
        raise ProtocolError("too_large", f"a frame of {len(frame)} bytes")
    try:
        root = msgpack.unpackb(frame, raw=False, strict_map_key=False, object_pairs_hook=_collect_map,
                               ext_hook=_refuse_extension, unicode_errors="surrogateescape")
    except _ExtensionValue:
        raise ProtocolError("too_large", "an extension type (their size limit is zero)") from None
    except msgpack.exceptions.StackError:
        raise ProtocolError("too_large", "nesting too deep") from None
    except Exception as error:  # not MessagePack, truncated, trailing bytes
        raise ProtocolError("not_understood", f"not a MessagePack message: {error}") from None
    _check_limits(root)
    if not isinstance(root, dict):
        raise ProtocolError("not_understood", "the envelope must be a map")
    _map_shape(root, "envelope")
    version = _uint(root, "v", maximum=UINT32_MAX)
    if version != VERSION:
        raise ProtocolError("unsupported_version", f"protocol version {version}")
    kind = _text(root, "kind", MAX_NAME)
    if kind not in KINDS:
        raise ProtocolError("not_understood", f"unknown message kind '{kind}'")
    _name(root, "from")
    _name(root, "to", required=False)
    _name(root, "session", required=False, limit=MAX_SESSION)
    _uint(root, "id")
    _uint(root, "re", required=False)
    _uint(root, "reply_by", required=False)
    if "body" not in root:
        raise ProtocolError("protocol_violation", "the field 'body' is missing")
    _validate_body(kind, _map_shape(root["body"], "body"))
    return root


def readable(value):
    """A value as JSON text, keeping what Python's == forgets: key order, and 3 versus 3.0."""
    return json.dumps(value, ensure_ascii=False)


# ---- a client, from SPEC.md -------------------------------------------------------------

class CheckFailed(Exception):
    """A check saw something other than what SPEC.md promises."""


def expect(condition, explanation):
    if not condition:
        raise CheckFailed(explanation)


class Agent:
    """One agent: a DEALER connection to the broker that registers and heartbeats
    as SPEC.md, "Liveness" requires. The agents of this test share one thread, so
    whichever of them waits keeps all of them beating, as separate processes would."""

    open_agents = []

    def __init__(self, context, endpoint, name, framework="python-interop", capabilities=(), instance=None):
        self.name = name
        self.framework = framework
        self.capabilities = list(capabilities)
        self.instance = secrets.token_hex(8) if instance is None else instance
        self.socket = context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.setsockopt(zmq.MAXMSGSIZE, 4 * MAX_FRAME + 1024)
        self.socket.connect(endpoint)
        self.next_id = 1
        self.heartbeat_s = 1.0  # until the welcome says otherwise
        self.liveness = 3
        self.registered = False
        self.heartbeating = True  # a check may silence an agent on purpose
        self.last_sent = time.monotonic()
        self.broker_heartbeats = 0
        self.passed_over = []  # what arrived while waiting for something else, for failure reports
        Agent.open_agents.append(self)

    def send(self, kind, body=None, *, to=None, session=None, re=None, reply_by=None, sender=None):
        """Sends one message; returns its id. `sender` overrides `from`, to forge it."""
        message_id = self.next_id
        self.next_id += 1
        message = {"v": VERSION, "kind": kind, "from": self.name if sender is None else sender}
        for key, value in (("to", to), ("session", session)):
            if value is not None:
                message[key] = value
        message["id"] = message_id
        for key, value in (("re", re), ("reply_by", reply_by)):
            if value is not None:
                message[key] = value
        message["body"] = {} if body is None else body
        self.send_frames([encode(message)])
        return message_id

    def send_frames(self, frames):
        """Sends raw frames (one is a message; several break SPEC.md, "Framing")."""
        self.socket.send_multipart(frames)
        self.last_sent = time.monotonic()

    def heartbeat_if_due(self, now):
        if self.registered and self.heartbeating and now - self.last_sent >= self.heartbeat_s:
            self.send("heartbeat")

    def register(self, timeout=5.0):
        """Registers and returns the welcome; raises CheckFailed on an error or silence."""
        register_id = self.send("register", {"framework": self.framework, "capabilities": self.capabilities,
                                             "instance": self.instance})
        answer = self.wait_for(f"an answer to the register of '{self.name}'",
                               lambda m: m["from"] == BROKER and m.get("re") == register_id, timeout)
        if answer["kind"] == "error":
            raise CheckFailed(f"register of '{self.name}' refused: {answer['body']}")
        expect(answer["kind"] == "welcome", f"register answered with {answer['kind']}")
        self.heartbeat_s = answer["body"]["heartbeat_ms"] / 1000.0
        self.liveness = answer["body"]["liveness"]
        self.registered = True
        return answer

    def receive(self, timeout, heartbeats=False):
        """The next message within `timeout` seconds, or None. Heartbeats on time
        meanwhile; the broker's heartbeats are counted and, unless `heartbeats`,
        not returned."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            for agent in Agent.open_agents:
                agent.heartbeat_if_due(now)
            remaining = deadline - now
            if remaining <= 0:
                return None
            step = min([remaining] + [agent.heartbeat_s / 4 for agent in Agent.open_agents])
            if not self.socket.poll(max(1, int(step * 1000)), zmq.POLLIN):
                continue
            frames = self.socket.recv_multipart()
            if len(frames) != 1:
                raise CheckFailed(f"'{self.name}' received a message of {len(frames)} frames")
            try:
                message = decode(frames[0])
            except ProtocolError as error:
                raise CheckFailed(f"'{self.name}' received a frame it cannot decode: {error}") from None
            if message["kind"] == "heartbeat" and message["from"] == BROKER:
                self.broker_heartbeats += 1
                if not heartbeats:
                    continue
            return message

    def wait_for(self, what, predicate, timeout=5.0, heartbeats=False):
        """The first message that satisfies `predicate`, passing over others."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            message = self.receive(remaining, heartbeats) if remaining > 0 else None
            if message is None:
                seen = "; ".join(readable(m) for m in self.passed_over[-3:]) or "nothing"
                raise CheckFailed(f"no {what} within {timeout:.1f} s (last passed over: {seen})")
            if predicate(message):
                return message
            self.passed_over.append(message)

    def wait_for_error(self, code, request_id, timeout=5.0):
        """The broker's error `code` about the message `request_id` (None: an error without 're')."""
        def about_it(message):
            return (message["kind"] == "error" and message["from"] == BROKER
                    and message.get("re") == request_id)
        error = self.wait_for(f"error {code} from the broker (re={request_id})", about_it, timeout)
        expect(error["body"]["code"] == code, f"expected {code}, got {readable(error['body'])}")
        return error

    def idle(self, seconds):
        """Waits, heartbeating, and passes over whatever arrives."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            message = self.receive(deadline - time.monotonic())
            if message is not None:
                self.passed_over.append(message)

    def close(self):
        if self in Agent.open_agents:
            Agent.open_agents.remove(self)
        self.socket.close(linger=0)


# ---- the processes under test -------------------------------------------------------------

class Cluster:
    """A broker and a C++ echo agent, started as `parley` subprocesses and always
    stopped again; their logs (stderr) are kept for failure reports."""

    def __init__(self, parley):
        self.parley = parley
        self.processes = []
        self.logs = []
        self.endpoint = None

    def _spawn(self, label, arguments, stdout=subprocess.DEVNULL):
        log = tempfile.TemporaryFile()
        process = subprocess.Popen([self.parley, "--log-level", "warn"] + arguments,
                                   stdout=stdout, stderr=log, stdin=subprocess.DEVNULL)
        self.processes.append((label, process))
        self.logs.append((label, log))
        return process

    def start_broker(self, timeout=10.0):
        """Starts the broker on a free port and reads the endpoint from its first line."""
        broker = self._spawn("broker", ["broker", "--bind", "tcp://127.0.0.1:*", "--heartbeat-ms", "200",
                                        "--stats-interval", "0"], stdout=subprocess.PIPE)
        ready, _, _ = select.select([broker.stdout], [], [], timeout)
        expect(ready, f"the broker printed nothing within {timeout} s")
        line = broker.stdout.readline().decode(errors="replace").strip()
        expect(line.startswith("listening on "), f"unexpected first line from the broker: {line!r}")
        self.endpoint = line[len("listening on "):]
        return self.endpoint

    def start_echo(self, name):
        return self._spawn(name, ["agent", "--connect", self.endpoint, "--name", name, "--framework", "echo"])

    def stop(self):
        for _, process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout is not None:
                process.stdout.close()

    def log_tails(self, lines=15):
        tails = []
        for label, log in self.logs:
            log.seek(0)
            text = log.read().decode(errors="replace").splitlines()[-lines:]
            if text:
                tails.append(f"--- {label} (stderr, last {len(text)} lines) ---\n" + "\n".join(text))
        return "\n".join(tails)


# ---- the checks ---------------------------------------------------------------------------

ECHO = "cpp-echo"


class Context:
    """What the checks share: arguments, processes, the main client and its session."""

    def __init__(self, args):
        self.vectors_dir = pathlib.Path(args.vectors)
        self.cluster = Cluster(args.parley)
        self.zmq = zmq.Context()
        self.client = None
        self.session = f"interop-{os.getpid()}-{secrets.token_hex(4)}"
        self.agents = []  # every Agent opened, to close at the end

    def agent(self, name, **options):
        agent = Agent(self.zmq, self.cluster.endpoint, name, **options)
        self.agents.append(agent)
        return agent

    def close(self):
        for agent in self.agents:
            agent.close()
        self.cluster.stop()
        self.zmq.term()


def load_vectors(ctx):
    with (ctx.vectors_dir / "vectors.json").open(encoding="utf-8") as stream:
        return json.load(stream)


def check_valid_vectors(ctx):
    """Every valid vector's file is the canonical encoding of its readable form, and
    decodes back to it: other implementations can rely on the files as a contract."""
    vectors = load_vectors(ctx)
    kinds = set()
    for vector in vectors["valid"]:
        name, message = vector["name"], vector["message"]
        data = (ctx.vectors_dir / f"{name}.msgpack").read_bytes()
        expect(msgpack.packb(message, use_bin_type=True) == data, f"{name}: packb(message) differs from the file")
        expect(encode(message) == data, f"{name}: this client's encoder differs from the file")
        expect(readable(msgpack.unpackb(data, raw=False)) == readable(message),
               f"{name}: unpackb(file) differs from the message")
        try:
            expect(readable(decode(data)) == readable(message), f"{name}: decode(file) differs from the message")
        except ProtocolError as error:
            raise CheckFailed(f"{name}: refused by this client's decoder: {error}") from None
        kinds.add(message["kind"])
    missing = sorted(set(KINDS) - kinds)
    expect(not missing, f"no valid vector of kind(s) {', '.join(missing)}")
    return f"{len(vectors['valid'])} vectors, all {len(KINDS)} kinds"


def check_invalid_vectors(ctx):
    """Every invalid file is refused, with the error code its vector names, by a
    decoder written from SPEC.md: the error rules are precise enough to implement."""
    vectors = load_vectors(ctx)
    for vector in vectors["invalid"]:
        data = (ctx.vectors_dir / vector["file"]).read_bytes()
        try:
            decode(data)
        except ProtocolError as error:
            expect(error.code == vector["error"], f"{vector['name']}: refused with {error.code}, "
                                                  f"the vector says {vector['error']} ({error.detail})")
            continue
        raise CheckFailed(f"{vector['name']}: accepted, the vector says {vector['error']}")
    return f"{len(vectors['invalid'])} vectors"


def check_broker_starts(ctx):
    """The broker binds a free port and says which on its first line of output."""
    return ctx.cluster.start_broker()


def check_registration(ctx):
    """A Python agent registers and gets a welcome that answers its register and
    announces the heartbeat interval the broker was started with."""
    ctx.cluster.start_echo(ECHO)  # starts while we register; found through the directory below
    ctx.client = ctx.agent(f"py-interop-{os.getpid()}", capabilities=["interop"])
    welcome = ctx.client.register()
    body = welcome["body"]
    expect(welcome.get("to") == ctx.client.name, f"welcome addressed to {welcome.get('to')!r}")
    expect(welcome.get("re") == 1, "welcome does not answer the register (re)")
    expect(body["heartbeat_ms"] == 200, f"heartbeat_ms is {body['heartbeat_ms']}, the broker was given 200")
    expect(body["liveness"] >= 2, f"liveness is {body['liveness']}")
    expect(body["max_frame"] == MAX_FRAME, f"max_frame is {body['max_frame']}")
    return f"{body['broker']}, heartbeat {body['heartbeat_ms']} ms x {body['liveness']}"


def check_directory(ctx):
    """The C++ echo agent registers too and shows up in the directory with its
    framework; the directory lists agents in name order."""
    deadline = time.monotonic() + 10.0
    while True:
        query = ctx.client.send("directory_query")
        answer = ctx.client.wait_for("directory", lambda m: m.get("re") == query and m["from"] == BROKER)
        expect(answer["kind"] == "directory", f"directory_query answered with {readable(answer)}")
        agents = answer["body"]["agents"]
        names = [entry["name"] for entry in agents]
        expect(names == sorted(names, key=lambda n: n.encode()), f"directory not in name order: {names}")
        echo = next((entry for entry in agents if entry["name"] == ECHO), None)
        if echo is not None:
            expect(echo["framework"] == "echo", f"{ECHO} listed with framework {echo['framework']!r}")
            expect(ctx.client.name in names, "the asker is missing from the directory")
            return f"{len(agents)} agents"
        expect(time.monotonic() < deadline, f"{ECHO} did not appear in the directory within 10 s")
        ctx.client.idle(0.1)


# Content that crosses the C++ codec: every kind of value, floats that are not integral.
RICH_CONTENT = {"offer": {"price": 150, "delivery": "slow"}, "utilities": [0.25, -1.5, 1e-9],
                "round": 3, "debt": -40000, "big": UINT64_MAX, "accepted": False, "note": None,
                "text": "égalité, 公平", "nested": [[], {}, [1, [2, [3]]]]}


def check_direct_message(ctx):
    """A message to the C++ echo agent comes back from it, answering our id, with
    the same content, value for value and type for type."""
    sent = ctx.client.send("message", {"content": RICH_CONTENT}, to=ECHO)
    echo = ctx.client.wait_for("echo of the message", lambda m: m["from"] == ECHO and m.get("re") == sent)
    expect(echo["kind"] == "message", f"echo of kind {echo['kind']}")
    expect(echo.get("to") == ctx.client.name, f"echo addressed to {echo.get('to')!r}")
    expect(readable(echo["body"].get("content")) == readable(RICH_CONTENT),
           f"content changed: {readable(echo['body'].get('content'))}")


def check_integral_floats(ctx):
    """Floats with integral values (1.0, 0.0, -0.0) stay floats when a C++ agent
    re-encodes them (SPEC.md, "Canonical encoding"): a Python or JSON consumer
    must not see 1 where 1.0 was sent."""
    content = {"weights": [1.0, 0.0], "reservation": 3.0, "negative_zero": -0.0}
    sent = ctx.client.send("message", {"content": content}, to=ECHO)
    echo = ctx.client.wait_for("echo of the message", lambda m: m["from"] == ECHO and m.get("re") == sent)
    expect(readable(echo["body"].get("content")) == readable(content),
           f"sent {readable(content)}, the C++ echo sent back {readable(echo['body'].get('content'))}")


def check_session_join(ctx):
    """Inviting the echo agent into a new session makes it join, and the broker
    tells us, the session's first member, that it joined."""
    ctx.client.send("session_invite", {"invitee": ECHO, "content": {"role": "echo"}}, session=ctx.session)
    event = ctx.client.wait_for(f"session_event about {ECHO}",
                                lambda m: m["kind"] == "session_event" and m["body"]["member"] == ECHO)
    expect(event["from"] == BROKER and event.get("session") == ctx.session, f"odd event: {readable(event)}")
    expect(event["body"]["event"] == "joined", f"{ECHO} {event['body']['event']} instead of joining")
    return ctx.session


def check_session_inform(ctx):
    """An inform to the session (no 'to') reaches the other member, whose answer
    comes back to us within the session, answering our id."""
    content = {"event": "round", "round": 1, "time": 0.05}
    sent = ctx.client.send("inform", {"content": content}, session=ctx.session)
    echo = ctx.client.wait_for("echo of the inform", lambda m: m["from"] == ECHO and m.get("re") == sent)
    expect(echo["kind"] == "inform", f"echo of kind {echo['kind']}")
    expect(echo.get("session") == ctx.session, f"echo in session {echo.get('session')!r}")
    expect(readable(echo["body"].get("content")) == readable(content), "content changed")


def check_forged_sender(ctx):
    """A message that claims another agent's name is refused, not delivered: the
    broker stamps senders from the connection."""
    sent = ctx.client.send("message", {"content": "forged"}, to=ECHO, sender=ECHO)
    error = ctx.client.wait_for_error("forged_sender", sent)
    expect(error.get("to") == ctx.client.name, "the error is not addressed to us")


def check_unknown_recipient(ctx):
    """A message to a name nobody holds is refused with unknown_recipient."""
    sent = ctx.client.send("propose", {"content": {"price": 1}}, to="nobody-has-this-name")
    ctx.client.wait_for_error("unknown_recipient", sent)


def check_not_member(ctx):
    """Only members may speak in a session: a message to a session we are not in
    is refused with not_member."""
    sent = ctx.client.send("message", {"content": "let me in"}, session=f"{ctx.session}-elsewhere")
    ctx.client.wait_for_error("not_member", sent)


def check_broker_only_kind(ctx):
    """Agents may not send the broker's kinds (here a welcome): protocol_violation."""
    sent = ctx.client.send("welcome", {"heartbeat_ms": 1, "liveness": 1, "max_frame": 1, "broker": "fake"},
                           to=ECHO)
    ctx.client.wait_for_error("protocol_violation", sent)


def check_bad_frames(ctx):
    """Bytes that are not MessagePack get not_understood, and a message of two
    frames gets protocol_violation; neither carries 're', and the broker goes on."""
    ctx.client.send_frames([b"\xc1"])
    ctx.client.wait_for_error("not_understood", None)
    ctx.client.send_frames([encode({"v": 1, "kind": "heartbeat", "from": ctx.client.name, "id": 0, "body": {}}),
                            b"a second frame"])
    ctx.client.wait_for_error("protocol_violation", None)
    sent = ctx.client.send("stats_request")
    ctx.client.wait_for("stats after the bad frames", lambda m: m.get("re") == sent and m["kind"] == "stats")


def check_frame_too_large(ctx):
    """A frame over max_frame (but under the socket's hard cap) is refused with
    too_large before it is parsed, so the error has no 're'; the connection stays."""
    blob = encode({"v": 1, "kind": "message", "from": ctx.client.name, "to": ECHO, "id": 0,
                   "body": {"content": ["x" * 60000] * 18}})  # 18 strings under the str limit
    expect(MAX_FRAME < len(blob) < 4 * MAX_FRAME, f"test frame of {len(blob)} bytes")
    ctx.client.send_frames([blob])
    ctx.client.wait_for_error("too_large", None)


def check_duplicate_name(ctx):
    """A second process cannot take a name a live agent holds (without its instance token)."""
    impostor = ctx.agent(ECHO, framework="echo")
    sent = impostor.send("register", {"framework": "echo", "capabilities": [], "instance": impostor.instance})
    impostor.wait_for_error("duplicate_name", sent)
    impostor.close()


def check_instance_reclaim(ctx):
    """The same process, on a new connection, takes its name back by presenting its
    instance token; the old connection is forgotten (not_registered)."""
    token = secrets.token_hex(8)
    name = f"py-phoenix-{os.getpid()}"
    first = ctx.agent(name, instance=token)
    first.register()
    second = ctx.agent(name, instance=token)
    second.register()
    first.registered = False  # no more heartbeats from the old connection
    sent = first.send("heartbeat")
    first.wait_for_error("not_registered", sent)
    second.send("bye")
    second.registered = False
    first.close()
    second.close()


def check_broker_heartbeat(ctx):
    """The broker heartbeats an agent it has nothing else to send to."""
    beat = ctx.client.wait_for("heartbeat from the broker",
                               lambda m: m["kind"] == "heartbeat" and m["from"] == BROKER,
                               timeout=2.0, heartbeats=True)
    expect(beat.get("to") == ctx.client.name and beat["body"] == {}, f"odd heartbeat: {readable(beat)}")


def check_lost_member(ctx):
    """A member that falls silent for longer than liveness x heartbeat is declared
    lost, the other members are told, and it leaves the directory."""
    mortal = ctx.agent(f"py-mortal-{os.getpid()}")
    mortal.register()
    ctx.client.send("session_invite", {"invitee": mortal.name}, session=ctx.session)
    mortal.wait_for("invitation", lambda m: m["kind"] == "session_invite" and m.get("session") == ctx.session)
    mortal.send("session_join", session=ctx.session)
    ctx.client.wait_for(f"{mortal.name} joining", lambda m: m["kind"] == "session_event"
                        and m["body"] == {"event": "joined", "member": mortal.name})
    silent_since = mortal.last_sent
    mortal.heartbeating = False  # and nobody reads its socket any more either
    event = ctx.client.wait_for(f"{mortal.name} lost", lambda m: m["kind"] == "session_event"
                                and m["body"]["member"] == mortal.name, timeout=5.0)
    elapsed = time.monotonic() - silent_since
    expect(event["body"]["event"] == "lost", f"{mortal.name} {event['body']['event']} instead of lost")
    limit = ctx.client.liveness * ctx.client.heartbeat_s
    expect(elapsed >= limit * 0.9, f"declared lost after {elapsed:.2f} s, before {limit:.2f} s of silence")
    query = ctx.client.send("directory_query", {"name": mortal.name})
    answer = ctx.client.wait_for("directory", lambda m: m.get("re") == query)
    expect(answer["body"]["agents"] == [], f"{mortal.name} still in the directory")
    return f"after {elapsed:.2f} s of silence"


def check_member_bye(ctx):
    """A member that says bye leaves its sessions: the other members are told
    'left', naming it; an agent only invited that says bye has 'declined'."""
    leaver = ctx.agent(f"py-leaver-{os.getpid()}-{secrets.token_hex(8)}")  # past any short-string buffer
    leaver.register()
    shy = ctx.agent(f"py-shy-{os.getpid()}-{secrets.token_hex(8)}")
    shy.register()
    for invitee in (leaver, shy):
        ctx.client.send("session_invite", {"invitee": invitee.name}, session=ctx.session)
        invitee.wait_for("invitation", lambda m: m["kind"] == "session_invite" and m.get("session") == ctx.session)
    leaver.send("session_join", session=ctx.session)
    ctx.client.wait_for(f"{leaver.name} joining", lambda m: m["kind"] == "session_event"
                        and m["body"] == {"event": "joined", "member": leaver.name})
    for agent, expected in ((leaver, "left"), (shy, "declined")):
        agent.send("bye")
        agent.registered = False
        event = ctx.client.wait_for(f"session_event after the bye of {agent.name}",
                                    lambda m: m["kind"] == "session_event" and m.get("session") == ctx.session)
        expect(event["body"] == {"event": expected, "member": agent.name},
               f"after the bye of {agent.name}: {readable(event['body'])}, expected {expected}")
        agent.close()


def check_stats(ctx):
    """The broker's counters are all there and count what this test did."""
    sent = ctx.client.send("stats_request")
    stats = ctx.client.wait_for("stats", lambda m: m.get("re") == sent)
    expect(stats["kind"] == "stats", f"stats_request answered with {readable(stats)}")
    body = stats["body"]
    for counter in STATS_COUNTERS:
        expect(isinstance(body.get(counter), int), f"counter {counter} missing")
    expect(list(body)[:len(STATS_COUNTERS) + 1] == list(STATS_COUNTERS) + ["errors"], "counters not in canonical order")
    expect(body["agents"] >= 2, f"{body['agents']} agents registered")
    expect(body["sessions"] >= 1, f"{body['sessions']} sessions open")
    expect(body["messages_routed"] >= 4, f"only {body['messages_routed']} messages routed")
    for code in ("forged_sender", "unknown_recipient", "not_member", "not_understood", "duplicate_name", "too_large"):
        expect(body["errors"].get(code, 0) >= 1, f"errors.{code} not counted: {readable(body['errors'])}")
    return f"{body['messages_in']} in, {body['messages_routed']} routed, {sum(body['errors'].values())} errors"


def check_bye(ctx):
    """After bye the broker has forgotten us: the next message gets not_registered."""
    ctx.client.send("bye")
    ctx.client.registered = False
    sent = ctx.client.send("directory_query")
    ctx.client.wait_for_error("not_registered", sent)


# (check, whether the checks after it are pointless when it fails)
CHECKS = [
    (check_valid_vectors, False),
    (check_invalid_vectors, False),
    (check_broker_starts, True),
    (check_registration, True),
    (check_directory, True),
    (check_direct_message, False),
    (check_integral_floats, False),
    (check_session_join, False),
    (check_session_inform, False),
    (check_forged_sender, False),
    (check_unknown_recipient, False),
    (check_not_member, False),
    (check_broker_only_kind, False),
    (check_bad_frames, False),
    (check_frame_too_large, False),
    (check_duplicate_name, False),
    (check_instance_reclaim, False),
    (check_broker_heartbeat, False),
    (check_lost_member, False),
    (check_member_bye, False),
    (check_stats, False),
    (check_bye, False),
]


def main():
    parser = argparse.ArgumentParser(description="Parley protocol interoperability test")
    parser.add_argument("--parley", required=True, help="path of the parley executable")
    parser.add_argument("--vectors", required=True, help="path of protocol/testdata")
    args = parser.parse_args()

    ctx = Context(args)
    passed, failed, not_run = 0, 0, 0
    try:
        stop = False
        for check, fatal in CHECKS:
            name = check.__name__[len("check_"):]
            if stop:
                print(f"SKIP {name}")
                not_run += 1
                continue
            try:
                note = check(ctx)
            except (CheckFailed, ProtocolError, OSError, zmq.ZMQError, KeyError, TypeError) as error:
                print(f"FAIL {name}: {error}")
                failed += 1
                stop = fatal
            else:
                print(f"PASS {name}" + (f" ({note})" if note else ""))
                passed += 1
            sys.stdout.flush()
    finally:
        ctx.close()
    if failed:
        tails = ctx.cluster.log_tails()
        if tails:
            print(tails)
    print(f"{passed} passed, {failed} failed" + (f", {not_run} not run" if not_run else ""))
    return 0 if failed == 0 and not_run == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
