#!/usr/bin/env python3
"""Cluster test on the real stack: docker-compose.yml's two nodes behind the proxy, PostgreSQL and the mail catcher.

  eval "$(scripts/local-images.sh)"; mvn -B -q package -DskipTests; python3 scripts/cluster-test.py

Checks that the compose file is valid with its official-image defaults, brings the stack up (the images named by
the *_IMAGE variables, official by default), waits for /health through the proxy, then submits SUBMISSIONS (200)
requests through the proxy, each with its own Idempotency-Key, retrying a failed one with the same key, while it
follows the public feed over SSE through the proxy; half-way it kills one app node (docker kill). Then: every
acknowledged request exists exactly once (in the event store and through the proxy), the feed delivered each
submission once with no position repeated, the catcher received each acknowledgement mail once, and the
surviving node kept serving. The stack and its volumes are removed at the end (docker-compose down -v).
All traffic goes to ports published on 127.0.0.1. The last line says PASSED or FAILED; the exit code follows it.
"""
import concurrent.futures
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROJECT = os.environ.get("CLUSTER_TEST_PROJECT", "councilline-cluster-test")
PROXY_PORT = int(os.environ.get("CLUSTER_TEST_PROXY_PORT", "18080"))
MAILPIT_PORT = int(os.environ.get("CLUSTER_TEST_MAILPIT_PORT", "18025"))
PROMETHEUS_PORT = int(os.environ.get("CLUSTER_TEST_PROMETHEUS_PORT", "19090"))
SUBMISSIONS = int(os.environ.get("CLUSTER_TEST_SUBMISSIONS", "200"))
CLIENTS = 8
KILLED = "app1"
SURVIVOR = "app2"
ADMIN_PASSWORD = "cluster-test-" + uuid.uuid4().hex[:12]
OFFICIAL_IMAGES = ("postgres:17", "nginx:", "axllent/mailpit", "prom/prometheus", "grafana/grafana",
                   "eclipse-temurin:17-jre")
STAND_IN_VARIABLES = ("POSTGRES_IMAGE", "NGINX_IMAGE", "MAILPIT_IMAGE", "PROMETHEUS_IMAGE", "GRAFANA_IMAGE",
                      "JRE_IMAGE", "COUNCILLINE_IMAGE")

timings = []
failures = []
started = time.monotonic()


def log(message):
    print(f"[cluster-test {time.monotonic() - started:7.1f}s] {message}", flush=True)


def timed(label, since):
    seconds = time.monotonic() - since
    timings.append((label, seconds))
    log(f"{label}: {seconds:.1f} s")


def check(condition, message):
    if condition:
        log("ok: " + message)
    else:
        log("FAILED: " + message)
        failures.append(message)


def compose_env(official=False):
    env = dict(os.environ)
    if official:
        for name in STAND_IN_VARIABLES:
            env.pop(name, None)
    env.update({
        "COMPOSE_PROJECT_NAME": PROJECT,
        "DATA_KEY": env.get("DATA_KEY") or __import__("base64").b64encode(os.urandom(32)).decode(),
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "PROXY_PORT": str(PROXY_PORT),
        "MAILPIT_PORT": str(MAILPIT_PORT),
        "PROMETHEUS_PORT": str(PROMETHEUS_PORT),
        # one test client sends everything from one address: lift the per-client limit, not the cluster's shape
        "RATE_LIMIT_SUBMIT_PER_MINUTE": "100000",
        "RATE_LIMIT_SUBMIT_TOTAL_PER_MINUTE": "100000",
        "COMPOSE_SUBNET": env.get("CLUSTER_TEST_SUBNET", "172.30.29.0/24"),
        "PROXY_ADDRESS": env.get("CLUSTER_TEST_PROXY_ADDRESS", "172.30.29.10"),
    })
    return env


ENV = compose_env()


# Debian's docker-compose (v1), or Docker's compose plugin where that is what is installed
COMPOSE = ["docker-compose"] if shutil.which("docker-compose") else ["docker", "compose"]


def compose(*args, capture=False, check_rc=True, env=None):
    command = [*COMPOSE, *args]
    result = subprocess.run(command, cwd=ROOT, env=env or ENV, text=True,
                            stdout=subprocess.PIPE if capture else None,
                            stderr=subprocess.PIPE if capture else None)
    if check_rc and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result.returncode}: {result.stderr if capture else ''}")
    return result.stdout if capture else ""


def request(method, path, body=None, headers=None, port=PROXY_PORT, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json"} if data is not None else {}
        all_headers.update(headers or {})
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            payload = json.loads(raw) if raw else None
        except ValueError:
            payload = raw.decode(errors="replace")
        return response.status, payload, response
    finally:
        connection.close()


def sql(query):
    return compose("exec", "-T", "postgres", "psql", "-U", "councilline", "-d", "councilline", "-tAc", query,
                   capture=True).strip()


class FeedFollower(threading.Thread):
    """Follows /api/feed/stream through the proxy from the start, reconnecting with Last-Event-ID when cut off."""

    def __init__(self):
        super().__init__(daemon=True)
        self.ids = []
        self.submitted = {}
        self.reconnects = 0
        self.last_id = 0
        self.stopped = threading.Event()
        self.lock = threading.Lock()

    def run(self):
        while not self.stopped.is_set():
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PROXY_PORT, timeout=30)
                connection.request("GET", "/api/feed/stream",
                                   headers={"Accept": "text/event-stream", "Last-Event-ID": str(self.last_id)})
                response = connection.getresponse()
                if response.status != 200:
                    raise RuntimeError(f"feed stream answered {response.status}")
                self.read(response)
            except Exception as error:  # a killed node cuts the stream: resume where it stopped
                if not self.stopped.is_set():
                    log(f"feed stream ended ({type(error).__name__}: {error}); reconnecting after {self.last_id}")
            if not self.stopped.is_set():
                self.reconnects += 1
                time.sleep(0.2)

    def read(self, response):
        event_id, event_type, data = None, None, []
        while not self.stopped.is_set():
            line = response.readline()  # the response's own readline decodes the chunked encoding
            if not line:
                raise EOFError("stream closed")
            line = line.decode().rstrip("\r\n")
            if line == "":
                if event_id is not None:
                    self.take(int(event_id), event_type, "\n".join(data))
                event_id, event_type, data = None, None, []
            elif line.startswith("id:"):
                event_id = line[3:].strip()
            elif line.startswith("event:"):
                event_type = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())

    def take(self, event_id, event_type, data):
        number = json.loads(data)["number"] if event_type == "RequestSubmitted" else None
        with self.lock:
            self.ids.append(event_id)
            self.last_id = max(self.last_id, event_id)
            if number is not None:
                self.submitted[number] = self.submitted.get(number, 0) + 1


def wait_for(label, condition, timeout, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    log(f"gave up waiting for {label} after {timeout} s")
    return False


def healthy_through_proxy():
    try:
        return all(request("GET", "/health", timeout=3)[0] == 200 for _ in range(4))
    except OSError:
        return False


def create_commission():
    status, body, _ = request("POST", "/api/auth/login", {"username": "admin", "password": ADMIN_PASSWORD})
    if status != 200:
        raise RuntimeError(f"admin login answered {status}: {body}")
    token = body["token"]
    # the proxy alternates nodes: until every node accepts every node's tokens (issue 28), the token is good on
    # the node that issued it only, which the second attempt reaches
    for _ in range(4):
        status, body, _ = request("POST", "/api/admin/commissions",
                                  {"name": "Cluster test commission", "description": "created by the cluster test"},
                                  headers={"Authorization": f"Bearer {token}"})
        if status in (200, 201):
            return body["id"]
        log(f"creating the commission answered {status}: {body}")
    raise RuntimeError("could not create the commission")


def submit(index, commission, state):
    key = str(uuid.uuid4())
    body = {"kind": "REQUEST", "priority": "NORMAL", "category": "YOUTH",
            "addressee": {"type": "COMMISSION", "id": commission},
            "subject": f"Cluster test {index}", "body": "Sent through the proxy while a node is killed.",
            "citizen": {"firstName": "Test", "lastName": f"Citizen {index}", "email": f"citizen{index}@example.al"}}
    deadline = time.monotonic() + 120
    attempts = 0
    while True:
        attempts += 1
        try:
            status, answer, _ = request("POST", "/api/requests", body, headers={"Idempotency-Key": key})
            if status in (200, 201):
                with state["lock"]:
                    state["retries"] += attempts - 1
                    state["acknowledged"].append((key, answer["number"]))
                    count = len(state["acknowledged"])
                if count == SUBMISSIONS // 2:
                    state["halfway"].set()
                return
            if status < 500 and status != 429:
                raise RuntimeError(f"submission {index} refused with {status}: {answer}")
            outcome = f"{status}"
        except OSError as error:
            outcome = type(error).__name__
        with state["lock"]:
            state["outcomes"][outcome] = state["outcomes"].get(outcome, 0) + 1
        if time.monotonic() > deadline:
            raise RuntimeError(f"submission {index} not acknowledged after {attempts} attempts (last: {outcome})")
        time.sleep(0.2)


def mail_counts():
    counts, start = {}, 0
    while True:
        status, page, _ = request("GET", f"/api/v1/messages?start={start}&limit=200", port=MAILPIT_PORT)
        if status != 200:
            raise RuntimeError(f"mail catcher answered {status}")
        for message in page["messages"]:
            counts.setdefault(message["Subject"], []).append(message.get("MessageID", ""))
        start += len(page["messages"])
        if not page["messages"] or start >= page["total"]:
            return counts


def mails_per_number(numbers):
    by_subject = mail_counts()
    result = {}
    for number in numbers:
        result[number] = [mid for subject, ids in by_subject.items() if number in subject for mid in ids]
    return result


def scenario():
    since = time.monotonic()
    official = compose("config", capture=True, env=compose_env(official=True))
    missing = [image for image in OFFICIAL_IMAGES if image not in official]
    check(not missing, f"docker-compose config is valid with the official images as defaults (missing: {missing})")
    compose("config", "-q")
    for name in ("datasources/prometheus.yml", "dashboards/councilline.yml"):
        check(os.path.isfile(os.path.join(ROOT, "deploy/grafana/provisioning", name)), f"Grafana provisions {name}")
    with open(os.path.join(ROOT, "deploy/grafana/dashboards/councilline.json")) as dashboard:
        check(json.load(dashboard).get("panels"), "the Grafana dashboard is JSON with panels")
    prometheus_image = os.environ.get("PROMETHEUS_IMAGE", "prom/prometheus:v2.55.1")
    promtool = subprocess.run(["docker", "run", "--rm", "--network", "none", "--entrypoint", "promtool",
                               "-v", os.path.join(ROOT, "deploy/prometheus.yml") + ":/etc/prometheus/prometheus.yml:ro",
                               prometheus_image, "check", "config", "/etc/prometheus/prometheus.yml"],
                              capture_output=True, text=True)
    check(promtool.returncode == 0, f"promtool accepts deploy/prometheus.yml {promtool.stdout.strip()} "
                                    f"{promtool.stderr.strip()}")
    timed("compose config, Prometheus and Grafana files", since)

    since = time.monotonic()
    compose("down", "-v", "--remove-orphans", check_rc=False)
    compose("build", "-q", "app1")
    # Grafana has no stand-in on a machine without a registry, and the test does not need it
    compose("up", "-d", "proxy", "prometheus")
    timed("stack up (build, PostgreSQL, mail catcher, two nodes healthy, proxy, Prometheus)", since)

    since = time.monotonic()
    if not wait_for("/health through the proxy", healthy_through_proxy, 120):
        raise RuntimeError("the proxy never answered /health with 200")
    timed("healthy through the proxy", since)

    commission = create_commission()
    feed = FeedFollower()
    feed.start()

    state = {"lock": threading.Lock(), "acknowledged": [], "retries": 0, "outcomes": {},
             "halfway": threading.Event()}
    since = time.monotonic()
    killed_at = None
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(submit, i, commission, state) for i in range(SUBMISSIONS)]
        if state["halfway"].wait(180):
            container = compose("ps", "-q", KILLED, capture=True).strip()
            subprocess.run(["docker", "kill", container], check=True, stdout=subprocess.DEVNULL)
            killed_at = time.monotonic()
            log(f"killed {KILLED} ({container[:12]}) after {SUBMISSIONS // 2} acknowledged submissions")
        errors = [f.exception() for f in futures if f.exception() is not None]
    for error in errors[:5]:
        log(f"submission error: {error}")
    acknowledged = state["acknowledged"]
    log(f"failed attempts, retried with the same Idempotency-Key: {state['outcomes'] or 'none'}")
    timed(f"{len(acknowledged)} submissions through the proxy ({state['retries']} retries)", since)
    if killed_at is not None:
        timed("kill to last acknowledgement", killed_at)
    check(killed_at is not None, f"{KILLED} was killed mid-way")
    check(not errors and len(acknowledged) == SUBMISSIONS, f"all {SUBMISSIONS} submissions were acknowledged")
    numbers = [number for _, number in acknowledged]
    check(len(set(numbers)) == len(numbers), "every acknowledgement carries its own number")

    stored = int(sql("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%RequestSubmitted'"))
    check(stored == len(acknowledged), f"each acknowledged request is stored exactly once ({stored} submitted "
                                       f"events for {len(acknowledged)} acknowledgements)")

    since = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        found = list(pool.map(lambda n: request("GET", f"/api/requests/{n}")[0] == 200, numbers))
    missing = [n for n, ok in zip(numbers, found) if not ok]
    check(not missing, f"every acknowledged request is found through the proxy (missing: {missing[:5]})")
    timed("tracking every request through the proxy", since)

    since = time.monotonic()
    wait_for("every submission on the feed", lambda: all(n in feed.submitted for n in numbers), 60)
    with feed.lock:
        ids = list(feed.ids)
        submitted = dict(feed.submitted)
    timed(f"feed caught up ({len(ids)} items, {feed.reconnects} reconnections)", since)
    check(all(submitted.get(n) == 1 for n in numbers),
          f"the feed delivered each submission exactly once (missing or repeated: "
          f"{[n for n in numbers if submitted.get(n) != 1][:5]})")
    check(len(ids) == len(set(ids)) and ids == sorted(ids), "no feed position was delivered twice or out of order")
    log(f"the feed follower resumed {feed.reconnects} time(s) with Last-Event-ID (1 when the kill cut its stream)")

    since = time.monotonic()
    # a mail claimed by the killed node is sent by the survivor once its two-minute lease has expired
    wait_for("an acknowledgement mail for every request",
             lambda: all(mails_per_number(numbers).values()), 200, interval=2)
    mails = mails_per_number(numbers)
    timed("every acknowledgement mail in the catcher", since)
    # the one repeat the product allows: a mail the killed node had sent but not yet marked is sent again by the
    # survivor after its lease, as the same message (same Message-ID); a second message would be a bug
    repeats = sum(len(ids) - 1 for ids in mails.values())
    log(f"acknowledgements delivered again after the kill, with their first Message-ID: {repeats}")
    check(all(len(ids) >= 1 and len(set(ids)) == 1 and all(ids) for ids in mails.values()),
          f"the catcher received each acknowledgement as one message (missing or several Message-IDs: "
          f"{[(n, sorted(set(ids))) for n, ids in mails.items() if len(set(ids)) != 1 or not all(ids)][:5]})")

    targets = request("GET", "/api/v1/targets", port=PROMETHEUS_PORT)[1]
    scraped = sorted(t["labels"]["instance"] for t in targets["data"]["activeTargets"]
                     if t["labels"]["job"] == "councilline")
    check(scraped == ["app1:8080", "app2:8080"], f"Prometheus scrapes both nodes' /metrics ({scraped})")

    survivor = compose("ps", "-q", SURVIVOR, capture=True).strip()
    running = subprocess.run(["docker", "inspect", "-f", "{{.State.Running}} {{.State.Health.Status}}", survivor],
                             capture_output=True, text=True).stdout.strip()
    check(running == "true healthy", f"{SURVIVOR} is running and healthy ({running})")
    check(healthy_through_proxy(), "the proxy still answers /health with 200 after the kill")
    feed.stopped.set()


def main():
    try:
        scenario()
    except Exception as error:
        failures.append(f"{type(error).__name__}: {error}")
        log(f"FAILED: {type(error).__name__}: {error}")
        subprocess.run([*COMPOSE, "logs", "--tail=60"], cwd=ROOT, env=ENV)
    finally:
        since = time.monotonic()
        if os.environ.get("CLUSTER_TEST_KEEP") != "1":
            compose("down", "-v", "--remove-orphans", check_rc=False)
            timed("stack down with its volumes", since)
    print("timings:", flush=True)
    for label, seconds in timings:
        print(f"  {seconds:7.1f} s  {label}")
    total = time.monotonic() - started
    if failures:
        print(f"CLUSTER TEST FAILED after {total:.0f} s: " + "; ".join(failures), flush=True)
        sys.exit(1)
    print(f"CLUSTER TEST PASSED in {total:.0f} s", flush=True)


if __name__ == "__main__":
    main()
