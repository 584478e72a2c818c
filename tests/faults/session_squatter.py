#!/usr/bin/env python3
"""A client that tries to spoil a runner's episodes by opening their sessions first.

It registers with the broker, watches the directory for runners (agents whose
name starts with "runner-"), and opens, in its own name, every session id a
runner would use if its ids were predictable: "<runner>:episode-<i>-<i>" for
the first EPISODES episodes, the ids that Parley's runner once gave the
episodes of a run played one at a time. A runner whose ids
are unpredictable (protocol/SPEC.md, security considerations) loses nothing.
It prints "squatting N" once it has opened sessions under a runner's name.

Usage: session_squatter.py ENDPOINT NAME EPISODES
Runs until killed.
"""

import sys
import time

import msgpack
import zmq

ENVELOPE_KEYS = ("v", "kind", "from", "to", "session", "id", "re", "reply_by", "body")


def main():
    endpoint, name, episodes = sys.argv[1], sys.argv[2], int(sys.argv[3])
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(endpoint)
    next_id = 1

    def send(kind, body=None, **header):
        nonlocal next_id
        message = {"v": 1, "kind": kind, "from": name, "id": next_id, "body": body or {}}
        message.update({key: value for key, value in header.items() if value is not None})
        next_id += 1
        socket.send(msgpack.packb({key: message[key] for key in ENVELOPE_KEYS if key in message}, use_bin_type=True))

    send("register", {"framework": "squatter", "capabilities": [], "instance": "0123456789abcdef"})
    squatted = set()
    last_query = 0.0
    while True:
        if socket.poll(50):
            message = msgpack.unpackb(socket.recv(), raw=False)
            if message["kind"] == "directory":
                for entry in message["body"]["agents"]:
                    runner = entry["name"]
                    if not runner.startswith("runner-") or runner in squatted:
                        continue
                    for i in range(episodes):
                        send("session_invite", {"invitee": name}, session=f"{runner}:episode-{i}-{i}")
                    squatted.add(runner)
                    print(f"squatting {len(squatted)}", flush=True)
        now = time.monotonic()
        if now - last_query > 0.05:
            send("directory_query", {})
            send("heartbeat")
            last_query = now


if __name__ == "__main__":
    main()
