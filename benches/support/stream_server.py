"""A loopback Anthropic Messages stream for benches/stream_cost.sh: every POST gets the same
SSE answer of DELTAS text deltas (~100 bytes of text each), written all at once (PACE 0) or
one event at a time at PACE events per second, then the connection closes.

    python3 benches/support/stream_server.py PORT DELTAS PACE
"""
import json
import socket
import sys
import threading
import time

port, deltas, pace = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
WORDS = "route stream token latency region model answer delta frame history ".split()


def event(name, data):
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def answer():
    events = [event("message_start", {"type": "message_start", "message": {
        "id": "msg_bench", "type": "message", "role": "assistant", "model": "bench",
        "content": [], "stop_reason": None, "usage": {"input_tokens": 10, "output_tokens": 1}}}),
        event("content_block_start", {"type": "content_block_start", "index": 0,
                                      "content_block": {"type": "text", "text": ""}})]
    for i in range(deltas):
        text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(14))[:99] + " "
        events.append(event("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                    "delta": {"type": "text_delta", "text": text}}))
    events += [event("content_block_stop", {"type": "content_block_stop", "index": 0}),
               event("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"},
                                       "usage": {"output_tokens": deltas}}),
               event("message_stop", {"type": "message_stop"})]
    return events


EVENTS = answer()
HEAD = (b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nrequest-id: req_bench\r\n"
        b"connection: close\r\n\r\n")


def serve(conn):
    with conn:
        request = b""
        while b"\r\n\r\n" not in request:
            more = conn.recv(65536)
            if not more:
                return
            request += more
        head, _, body = request.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += conn.recv(65536)
        if not pace:
            conn.sendall(HEAD + b"".join(EVENTS))
            return
        conn.sendall(HEAD)
        start = time.monotonic()
        for i, data in enumerate(EVENTS):
            wait = start + i / pace - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            conn.sendall(data)


listener = socket.create_server(("127.0.0.1", port))
listener.listen(64)
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
