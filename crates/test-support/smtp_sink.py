"""An aiosmtpd handler for Tandem's tests: each message received is appended to a file as one
JSON line (envelope, decoded subject and plain-text body), so a test reads what a person would.

    PYTHONPATH=<this folder> python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.JsonLines OUT
"""

import email
import json
from email import policy


class JsonLines:
    def __init__(self, path):
        self.path = path

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("JsonLines takes the output file's path")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(message["subject"] or ""),
            "message_id": str(message["message-id"] or ""),
            "body": body.get_content() if body is not None else "",
        }
        with open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 OK"


class Count:
    """For benchmarks: one line per message (its first recipient), without parsing the message,
    so the sink is not what limits the rate measured."""

    def __init__(self, path):
        self.out = open(path, "a", encoding="utf-8", buffering=1)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("Count takes the output file's path")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        self.out.write((envelope.rcpt_tos[0] if envelope.rcpt_tos else "") + "\n")
        return "250 OK"
