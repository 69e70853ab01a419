"""A small SMTP catcher with the part of Mailpit's HTTP API that CouncilLine's cluster test uses.

SMTP on port 1025 keeps every mail in memory; HTTP on port 8025 serves
  GET    /api/v1/messages?start=0&limit=50   newest first, {"total", "count", "start", "messages": [...]}
  GET    /api/v1/message/<ID>                one message with its Text body
  DELETE /api/v1/messages                    forget every message
  GET    /livez, /readyz                     200 once both servers listen
with Mailpit's field names (ID, MessageID, From, To, Subject, Created, Size, Snippet), so a client written for
Mailpit reads it unchanged.
"""
import email
import email.policy
import json
import threading
import uuid
from datetime import datetime, timezone
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from aiosmtpd.controller import Controller

MESSAGES = []
LOCK = threading.Lock()


def addresses(values):
    return [{"Name": name, "Address": address} for name, address in getaddresses(values or [])]


class Catcher:
    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        message = {
            "ID": uuid.uuid4().hex,
            "MessageID": str(parsed.get("Message-ID", "")).strip("<>"),
            "Read": False,
            "From": (addresses([str(parsed.get("From", ""))]) or [{"Name": "", "Address": envelope.mail_from}])[0],
            "To": addresses([str(v) for v in parsed.get_all("To", [])])
                  or [{"Name": "", "Address": r} for r in envelope.rcpt_tos],
            "Cc": addresses([str(v) for v in parsed.get_all("Cc", [])]),
            "Bcc": [],
            "ReplyTo": [],
            "Subject": str(parsed.get("Subject", "")),
            "Created": datetime.now(timezone.utc).isoformat(),
            "Tags": [],
            "Size": len(envelope.content),
            "Attachments": 0,
            "Snippet": " ".join(text.split())[:250],
            "Text": text,
        }
        with LOCK:
            MESSAGES.append(message)
        return "250 Message accepted for delivery"


def summary(message):
    return {k: v for k, v in message.items() if k != "Text"}


class Api(BaseHTTPRequestHandler):
    def reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path in ("/livez", "/readyz"):
            return self.reply(200, {"status": "ok"})
        if url.path == "/api/v1/messages":
            start = int(query.get("start", ["0"])[0])
            limit = int(query.get("limit", ["50"])[0])
            with LOCK:
                newest_first = list(reversed(MESSAGES))
            page = newest_first[start:start + limit]
            return self.reply(200, {"total": len(newest_first), "unread": len(newest_first), "count": len(page),
                                    "messages_count": len(newest_first), "start": start, "tags": [],
                                    "messages": [summary(m) for m in page]})
        if url.path.startswith("/api/v1/message/"):
            wanted = url.path.rsplit("/", 1)[1]
            with LOCK:
                found = [m for m in MESSAGES if m["ID"] == wanted]
            return self.reply(200, found[0]) if found else self.reply(404, {"error": "not found"})
        if url.path == "/":
            with LOCK:
                lines = [f"{m['Created']}  {m['To'][0]['Address'] if m['To'] else ''}  {m['Subject']}"
                         for m in reversed(MESSAGES)]
            data = ("\n".join(lines) or "no mail yet").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return self.wfile.write(data)
        return self.reply(404, {"error": "not found"})

    def do_DELETE(self):
        if urlparse(self.path).path == "/api/v1/messages":
            with LOCK:
                MESSAGES.clear()
            return self.reply(200, {})
        return self.reply(404, {"error": "not found"})

    def log_message(self, fmt, *args):
        pass


if __name__ == "__main__":
    smtp = Controller(Catcher(), hostname="0.0.0.0", port=1025)
    smtp.start()
    print("SMTP on :1025, HTTP API on :8025", flush=True)
    ThreadingHTTPServer(("0.0.0.0", 8025), Api).serve_forever()
