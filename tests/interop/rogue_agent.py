#!/usr/bin/env python3
"""An agent in Python that breaks the rules on purpose.

It speaks the protocol of protocol/SPEC.md (register, heartbeat, join the
sessions it is invited into, answer every turn) but each answer breaks the
rules, as MODE says:
  outside   (negotiation) an offer outside the outcome space;
  half      (game) the move [0.5], which no whole-number stage accepts;
  twice     (game) a valid move sent twice: the second is out of turn.
The runner must end every such episode or match with a recorded violation
naming this party, and go on with the run. It also shows that an agent needs
nothing from Parley's C++ code: only python3-zmq and python3-msgpack.

Usage: rogue_agent.py ENDPOINT NAME FRAMEWORK [MODE]
Runs until killed.
"""

import sys
import time

import msgpack
import zmq

ENVELOPE_KEYS = ("v", "kind", "from", "to", "session", "id", "re", "reply_by", "body")


class Rogue:
    def __init__(self, endpoint, name, framework, mode="outside"):
        self.name = name
        self.framework = framework
        self.mode = mode
        self.next_id = 1
        self.socket = zmq.Context.instance().socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(endpoint)
        self.last_sent = 0.0
        self.heartbeat_s = 1.0

    def send(self, kind, body=None, **header):
        message = {"v": 1, "kind": kind, "from": self.name, "id": self.next_id, "body": body or {}}
        message.update({key: value for key, value in header.items() if value is not None})
        self.next_id += 1
        ordered = {key: message[key] for key in ENVELOPE_KEYS if key in message}
        self.socket.send(msgpack.packb(ordered, use_bin_type=True))
        self.last_sent = time.monotonic()

    def on_message(self, message):
        kind, session = message["kind"], message.get("session")
        if kind == "welcome":
            self.heartbeat_s = message["body"]["heartbeat_ms"] / 1000.0
        elif kind == "session_invite":
            self.send("session_join", session=session)
        elif kind == "cfp":
            if self.mode == "outside":
                # An outcome no space has: every issue's value index far out of range.
                content = {"outcome": [9999, 9999, 9999]}
            else:
                content = {"move": [0.5] if self.mode == "half" else [1.0]}
            for _ in range(2 if self.mode == "twice" else 1):
                self.send("propose", {"content": content}, to=message["from"], session=session, re=message["id"])
        elif kind == "end":
            self.send("session_leave", session=session)

    def run(self):
        self.send("register", {"framework": self.framework, "capabilities": [], "instance": "rogue"})
        while True:
            if self.socket.poll(100):
                self.on_message(msgpack.unpackb(self.socket.recv(), raw=False))
            if time.monotonic() - self.last_sent >= self.heartbeat_s:
                self.send("heartbeat")


if __name__ == "__main__":
    Rogue(*sys.argv[1:5]).run()
