#!/usr/bin/env python3
"""MaixCam device client for a PicoClaw gateway (MaixPy-style, Python 3 standard library only).

On a MaixCam with MaixPy it reports real YOLO person detections; anywhere else (a PC, a CI box) it
simulates them. It connects over TCP, optionally authenticates, sends person_detected / heartbeat /
status frames, prints every command the gateway sends back, and reconnects with backoff.

    python3 maixcam_client.py --host 192.168.1.10 --port 18791 --token SECRET
"""

import argparse
import codecs
import json
import random
import select
import socket
import sys
import time

try:  # Only present on the camera (MaixPy); the client runs without it.
    from maix import camera, nn  # type: ignore

    HAVE_MAIX = True
except ImportError:
    HAVE_MAIX = False


class Detector:
    """Yields (class_name, class_id, score, x, y, w, h) tuples: real on a MaixCam, simulated elsewhere."""

    def __init__(self, model):
        self.real = HAVE_MAIX and model is not None
        if self.real:
            self.nn = nn.YOLOv5(model=model)
            self.cam = camera.Camera(self.nn.input_width(), self.nn.input_height(), self.nn.input_format())

    def detect(self):
        if not self.real:
            return [("person", 0, round(random.uniform(0.6, 0.99), 2), 120, 80, 64, 128)]
        img = self.cam.read()
        found = []
        for obj in self.nn.detect(img, conf_th=0.5, iou_th=0.45):
            name = self.nn.labels[obj.class_id]
            if name == "person":
                found.append((name, obj.class_id, obj.score, obj.x, obj.y, obj.w, obj.h))
        return found


class FrameReader:
    """Splits the gateway's stream into JSON objects, separated by newlines, other whitespace or nothing."""

    def __init__(self):
        self.buffer = ""
        self.decoder = json.JSONDecoder()
        self.utf8 = codecs.getincrementaldecoder("utf-8")("replace")

    def feed(self, data):
        self.buffer += self.utf8.decode(data)
        frames = []
        while True:
            stripped = self.buffer.lstrip()
            if not stripped:
                self.buffer = ""
                return frames
            try:
                obj, end = self.decoder.raw_decode(stripped)
            except ValueError:
                self.buffer = stripped  # an object cut in the middle: wait for more bytes
                return frames
            frames.append(obj)
            self.buffer = stripped[end:]


def send(sock, frame):
    sock.sendall((json.dumps(frame, separators=(",", ":")) + "\n").encode("utf-8"))


def detection_frame(d):
    name, class_id, score, x, y, w, h = d
    return {
        "type": "person_detected",
        "tips": "",
        "timestamp": time.time(),
        "data": {"class_name": name, "class_id": class_id, "score": score, "x": x, "y": y, "w": w, "h": h},
    }


def run_session(args, detector):
    """One connection; returns after --max-commands commands, raises OSError when the link drops."""
    sock = socket.create_connection((args.host, args.port), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    reader = FrameReader()
    commands = 0
    try:
        if args.token:
            send(sock, {"type": "auth", "token": args.token})
        print("connected to %s:%d" % (args.host, args.port), flush=True)
        args.attempt = 0
        send(sock, {"type": "status", "timestamp": time.time(), "data": {"simulated": not detector.real}})
        next_detection = time.monotonic()
        next_heartbeat = time.monotonic() + args.heartbeat
        while True:
            now = time.monotonic()
            if now >= next_detection and (args.detections == 0 or args.sent < args.detections):
                for d in detector.detect():
                    send(sock, detection_frame(d))
                    args.sent += 1
                next_detection = now + args.interval
            if now >= next_heartbeat:
                send(sock, {"type": "heartbeat", "timestamp": time.time()})
                next_heartbeat = now + args.heartbeat
            wait = max(0.0, min(next_detection, next_heartbeat) - time.monotonic())
            readable, _, _ = select.select([sock], [], [], wait)
            if not readable:
                continue
            data = sock.recv(4096)
            if not data:
                raise ConnectionError("gateway closed the connection")
            for frame in reader.feed(data):
                if isinstance(frame, dict) and frame.get("type") == "command":
                    print("command: %s" % frame.get("message", ""), flush=True)
                    commands += 1
                    if args.max_commands and commands >= args.max_commands:
                        return commands
    finally:
        sock.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=18791)
    parser.add_argument("--token", default="", help="the channel's settings.token, if it has one")
    parser.add_argument("--model", default=None, help="MaixPy YOLOv5 .mud model (camera only)")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between detections")
    parser.add_argument("--heartbeat", type=float, default=30.0, help="seconds between heartbeats")
    parser.add_argument("--detections", type=int, default=0, help="stop sending after N (0 = forever)")
    parser.add_argument("--max-commands", type=int, default=0, help="exit after N commands (0 = never)")
    args = parser.parse_args()
    args.sent = 0
    args.attempt = 0
    detector = Detector(args.model)
    while True:
        try:
            run_session(args, detector)
            return 0
        except OSError as error:  # ConnectionError is an OSError
            # Exponential backoff with jitter, capped at 30 s, so a fleet does not reconnect in lockstep.
            delay = min(30.0, 2.0 ** args.attempt) * random.uniform(0.5, 1.0)
            args.attempt += 1
            print("disconnected (%s); retrying in %.1f s" % (error, delay), file=sys.stderr, flush=True)
            time.sleep(delay)


if __name__ == "__main__":
    sys.exit(main())
