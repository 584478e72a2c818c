#!/usr/bin/env python3
"""Fault injection: bytes that are not UTF-8, where the protocol wants text.

A peer may put any bytes in a str. When the broker, or a C++ agent, refuses
such a message, its error quotes what it refused (the unknown kind, the
repeated key), and SPEC.md, "error", requires that text to be valid UTF-8 all
the same. This client decodes every answer with Python msgpack's defaults
(raw=False, strict UTF-8), as any client written without special care would:
an error text with a raw invalid byte would fail to decode here.

Usage (as CTest runs it):
    python3 tests/faults/utf8_errors_test.py --parley build/cli/parley

Prints one PASS or FAIL line per check and a final "N passed, M failed" line;
exits with 0 only if every check passed.
"""

import argparse
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

PATIENCE_S = 20.0  # the ceiling on any wait; a passing run never comes near it


class CheckFailed(Exception):
    pass


# ---- frames built by hand: msgpack.packb cannot write a str that is not UTF-8, nor repeat a key ----

def packed_str(raw):
    """A MessagePack str holding exactly the bytes `raw`."""
    if len(raw) < 32:
        return bytes([0xA0 | len(raw)]) + raw
    return bytes([0xD9, len(raw)]) + raw


def packed_map(pairs):
    """A map of the (key, value) pairs in order, repeats included; a key is
    bytes (written as a str as it is) or text, a value is already packed."""
    out = bytes([0x80 | len(pairs)])
    for key, value in pairs:
        out += packed_str(key if isinstance(key, bytes) else key.encode()) + value
    return out


def pack(value):
    return msgpack.packb(value, use_bin_type=True)


def envelope(kind, sender, message_id, body=b"\x80", to=None):
    """An envelope in canonical order; `kind` may be raw bytes, `body` is packed."""
    pairs = [("v", pack(1)), ("kind", packed_str(kind if isinstance(kind, bytes) else kind.encode())),
             ("from", pack(sender))]
    if to is not None:
        pairs.append(("to", pack(to)))
    pairs += [("id", pack(message_id)), ("body", body)]
    return pairs


# ---- one connection, reading every answer with msgpack's defaults ----

class Connection:
    def __init__(self, context, endpoint, name):
        self.name = name
        self.socket = context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(endpoint)

    def send(self, pairs):
        self.socket.send(packed_map(pairs))

    def wait_for(self, what, predicate):
        """The first message that satisfies `predicate`, decoded with msgpack's defaults."""
        deadline = time.monotonic() + PATIENCE_S
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.socket.poll(int(remaining * 1000) + 1, zmq.POLLIN):
                raise CheckFailed(f"no {what} within {PATIENCE_S:.0f} s")
            frame = self.socket.recv()
            try:
                message = msgpack.unpackb(frame)  # the defaults: raw=False, strict UTF-8
            except UnicodeDecodeError as error:
                raise CheckFailed(f"an answer that msgpack's defaults cannot decode ({error}): {frame!r}") from None
            if message.get("kind") != "heartbeat" and predicate(message):
                return message

    def error_about(self, message_id, sender="broker"):
        return self.wait_for(f"error from '{sender}' about message {message_id}",
                             lambda m: m["kind"] == "error" and m["from"] == sender and m.get("re") == message_id)

    def register(self):
        self.send(envelope("register", self.name, 1, pack({"framework": "python-faults", "capabilities": []})))
        self.wait_for("welcome", lambda m: m["kind"] == "welcome")

    def close(self):
        self.socket.close(linger=0)


def expect_error(error, code, quoted):
    body = error["body"]
    if body["code"] != code:
        raise CheckFailed(f"expected {code}, got {body}")
    if quoted not in body["text"]:
        raise CheckFailed(f"the text {body['text']!r} does not quote {quoted!r}")


# ---- the processes under test ----

class Processes:
    def __init__(self, parley):
        self.parley = parley
        self.running = []
        self.log = tempfile.TemporaryFile()

    def spawn(self, arguments, stdout=subprocess.DEVNULL):
        process = subprocess.Popen([self.parley, "--log-level", "warn"] + arguments, stdout=stdout,
                                   stderr=self.log, stdin=subprocess.DEVNULL)
        self.running.append(process)
        return process

    def start_broker(self):
        broker = self.spawn(["broker", "--bind", "tcp://127.0.0.1:*", "--heartbeat-ms", "2000",
                             "--stats-interval", "0"], stdout=subprocess.PIPE)
        ready, _, _ = select.select([broker.stdout], [], [], PATIENCE_S)
        line = broker.stdout.readline().decode(errors="replace").strip() if ready else ""
        if not line.startswith("listening on "):
            raise CheckFailed(f"the broker did not start: {line!r}")
        return line[len("listening on "):]

    def stop(self):
        for process in reversed(self.running):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout is not None:
                process.stdout.close()

    def log_tail(self, lines=15):
        self.log.seek(0)
        return "\n".join(self.log.read().decode(errors="replace").splitlines()[-lines:])


# ---- the checks ----

BAD_KIND = b"mes\xf3age"
BAD_KEY = b"k\xf3"


def check_unknown_kind_before_registering(ctx):
    stranger = ctx.connection("py-stranger")
    stranger.send(envelope(BAD_KIND, "py-stranger", 41))
    expect_error(stranger.error_about(41), "not_understood", "unknown message kind 'mes\\xF3age'")


def check_unknown_kind_when_registered(ctx):
    ctx.client.send(envelope(BAD_KIND, ctx.client.name, 42))
    error = ctx.client.error_about(42)
    expect_error(error, "not_understood", "unknown message kind 'mes\\xF3age'")
    if error.get("to") != ctx.client.name:
        raise CheckFailed(f"the error is not addressed to '{ctx.client.name}': {error}")


def check_repeated_key_in_envelope(ctx):
    pairs = envelope("heartbeat", ctx.client.name, 43)
    pairs += [(BAD_KEY, pack(1)), (BAD_KEY, pack(2))]
    ctx.client.send(pairs)
    expect_error(ctx.client.error_about(43), "protocol_violation", "repeats the key 'k\\xF3'")


def check_agent_error_quoting_its_input(ctx):
    """A C++ agent decodes the body the broker routed untouched, and refuses it."""
    echo = "cpp-echo-utf8"
    ctx.processes.spawn(["agent", "--connect", ctx.endpoint, "--name", echo, "--framework", "echo"])
    deadline = time.monotonic() + PATIENCE_S
    query_id = 100
    while True:  # until the agent is in the directory; each answer is the event waited on
        query_id += 1
        ctx.client.send(envelope("directory_query", ctx.client.name, query_id, pack({"name": echo})))
        answer = ctx.client.wait_for("directory", lambda m, q=query_id: m["kind"] == "directory" and m.get("re") == q)
        if answer["body"]["agents"]:
            break
        if time.monotonic() > deadline:
            raise CheckFailed(f"'{echo}' did not register within {PATIENCE_S:.0f} s")
        ctx.client.socket.poll(20)  # it is still starting: ask again shortly
    body = packed_map([("content", pack("hello")), (BAD_KEY, pack(1)), (BAD_KEY, pack(2))])
    ctx.client.send(envelope("message", ctx.client.name, 44, body, to=echo))
    expect_error(ctx.client.error_about(44, sender=echo), "protocol_violation", "repeats the key 'k\\xF3'")


CHECKS = [check_unknown_kind_before_registering, check_unknown_kind_when_registered,
          check_repeated_key_in_envelope, check_agent_error_quoting_its_input]


class Context:
    def __init__(self, parley):
        self.processes = Processes(parley)
        self.zmq = zmq.Context()
        self.connections = []
        self.endpoint = None
        self.client = None

    def start(self):
        self.endpoint = self.processes.start_broker()
        self.client = self.connection("py-faults")
        self.client.register()

    def connection(self, name):
        connection = Connection(self.zmq, self.endpoint, name)
        self.connections.append(connection)
        return connection

    def close(self):
        for connection in self.connections:
            connection.close()
        self.processes.stop()
        self.zmq.term()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parley", required=True, help="the parley executable")
    args = parser.parse_args()
    passed = failed = 0
    ctx = Context(args.parley)
    try:
        ctx.start()
        for check in CHECKS:
            try:
                check(ctx)
                print(f"PASS {check.__name__}")
                passed += 1
            except CheckFailed as failure:
                print(f"FAIL {check.__name__}: {failure}")
                failed += 1
    except CheckFailed as failure:
        print(f"FAIL setup: {failure}")
        failed += 1
    finally:
        if failed:
            print(ctx.processes.log_tail())
        ctx.close()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
