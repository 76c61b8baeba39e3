#!/usr/bin/python3
"""FreshTrack Pro backend/worker stand-in for the FreshTrack Deploy test tier.

`app.py backend` / `app.py worker`, started by dist/index.js / dist/worker.js (the bundle's
`node dist/index.js` and `node dist/worker.js`). Implements the app contract the bundle
assumes (README.md, "Assumed app contract") and nothing more:

Settings (environment)
  DATABASE_HOST/PORT/NAME/USER/SSLMODE, DATABASE_PASSWORD_FILE or DATABASE_PASSWORD
  REDIS_HOST/PORT/TLS ("true"/"false"), REDIS_PASSWORD_FILE or REDIS_PASSWORD (optional:
      absent means no AUTH, as on ElastiCache without an AUTH token)
  S3_ENDPOINT/REGION/BUCKET/FORCE_PATH_STYLE, S3_ACCESS_KEY or S3_ACCESS_KEY_FILE,
      S3_SECRET_KEY_FILE or S3_SECRET_KEY (both absent: boto3's default credential chain,
      as with an EC2 instance role; AWS_CA_BUNDLE is left to boto3)
  STACK_AUTH_SECRET_FILE or STACK_AUTH_SECRET
  PUBLIC_URL, LOG_LEVEL, PORT (default 3000), NODE_ENV
  worker: WORKER_HEARTBEAT_PATH (default /tmp/freshtrack-worker.heartbeat),
          WORKER_HEARTBEAT_INTERVAL_SECONDS (default 5)
Every secret is read once at startup and its bytes are used as they are (no stripping).
X together with X_FILE, an unreadable X_FILE or a missing required setting: exit 1 with a
message naming the variables (and path and error), never a value.

Checks (each a fresh connection with the startup credentials, ~3 s timeout): PostgreSQL
`SELECT 1` (sslmode=DATABASE_SSLMODE), Redis PING (TLS without certificate verification when
REDIS_TLS is "true"), S3 ListObjectsV2(MaxKeys=1) on S3_BUCKET (NoSuchBucket still proves the
credentials were accepted: "ok (bucket missing)").

Backend HTTP on 0.0.0.0:PORT: GET /health, GET /contract, POST|GET /rows,
PUT|GET /objects/<key>, POST /jobs, GET /jobs/done.

Worker healthcheck contract (for the bundle's worker service): the worker is healthy when
the mtime of WORKER_HEARTBEAT_PATH is less than 30 s old. Every
WORKER_HEARTBEAT_INTERVAL_SECONDS the worker runs the three checks; only when all pass does it
rewrite the file (temp file + rename) and then process queued jobs. A check that fails is
logged and the file is left alone, so it goes stale. Check with node (node 18, uid 1001):
  node -e "const f=process.env.WORKER_HEARTBEAT_PATH||'/tmp/freshtrack-worker.heartbeat';try{process.exit(Date.now()-require('fs').statSync(f).mtimeMs<30000?0:1)}catch(e){process.exit(1)}"
"""

import datetime
import hashlib
import hmac
import http.server
import json
import os
import signal
import sys
import threading
import time
import urllib.parse

ROLE = None
HMAC_MESSAGE = b"freshtrack-standin"
JOBS_KEY = "standin:jobs"
MAX_BODY = 64 << 20
CHECK_TIMEOUT = 3
DEFAULT_HEARTBEAT = "/tmp/freshtrack-worker.heartbeat"

# (name, required) for settings that may be given as X or X_FILE.
SECRETS = (("DATABASE_PASSWORD", True), ("REDIS_PASSWORD", False), ("S3_ACCESS_KEY", False),
           ("S3_SECRET_KEY", False), ("STACK_AUTH_SECRET", True))
PLAIN = ("NODE_ENV", "PORT", "LOG_LEVEL", "PUBLIC_URL",
         "DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER", "DATABASE_SSLMODE",
         "REDIS_HOST", "REDIS_PORT", "REDIS_TLS",
         "S3_ENDPOINT", "S3_REGION", "S3_BUCKET", "S3_FORCE_PATH_STYLE",
         "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE",
         "WORKER_HEARTBEAT_PATH", "WORKER_HEARTBEAT_INTERVAL_SECONDS")
REQUIRED = ("DATABASE_HOST", "DATABASE_NAME", "DATABASE_USER", "REDIS_HOST",
            "S3_ENDPOINT", "S3_REGION", "S3_BUCKET")
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def log(message):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    sys.stdout.write(f"{stamp} {ROLE}: {message}\n")
    sys.stdout.flush()


def die(lines):
    for line in lines:
        sys.stderr.write(f"freshtrack-standin {ROLE}: error: {line}\n")
    sys.stderr.flush()
    sys.exit(1)


# ---------------------------------------------------------------------------- settings

class Config:
    def __init__(self, environ):
        errors, missing = [], []
        self.plain = {k: environ[k] for k in PLAIN if k in environ}
        self.secret = {}     # name -> str value (never logged or returned)
        self.raw = {}        # name -> bytes as read
        self.source = {}     # name -> "file:<path>" | "env" | "absent"
        for name, required in SECRETS:
            fvar = name + "_FILE"
            if name in environ and fvar in environ:
                errors.append(f"{name} and {fvar} are both set: give this setting one way only")
                self.source[name] = "conflict"
                continue
            data = None
            if fvar in environ:
                path = environ[fvar]
                try:
                    with open(path, "rb") as f:
                        data = f.read()
                except OSError as e:
                    errors.append(f"{fvar}={path}: cannot read the secret file: "
                                  f"{(e.strerror or str(e)).lower()}")
                    self.source[name] = "unreadable"
                    continue
                if not data:
                    errors.append(f"{fvar}={path}: the secret file is empty")
                    continue
                self.source[name] = f"file:{path}"
            elif environ.get(name):
                data = environ[name].encode("utf-8", "surrogateescape")
                self.source[name] = "env"
            else:
                self.source[name] = "absent"
                if required:
                    missing.append(f"{name} (or {fvar})")
                continue
            try:
                self.secret[name] = data.decode("utf-8")
            except UnicodeDecodeError:
                errors.append(f"{name}: the value (from {self.source[name]}) is not UTF-8 text")
                continue
            self.raw[name] = data

        missing = [k for k in REQUIRED if not environ.get(k)] + missing
        if missing:
            errors.append("missing required settings: " + ", ".join(missing))
        has_ak = self.source.get("S3_ACCESS_KEY") not in ("absent", None)
        has_sk = self.source.get("S3_SECRET_KEY") not in ("absent", None)
        if has_ak != has_sk:
            given, lacking = ("S3_ACCESS_KEY", "S3_SECRET_KEY") if has_ak else ("S3_SECRET_KEY", "S3_ACCESS_KEY")
            errors.append(f"{given} is set but {lacking} (or {lacking}_FILE) is not: give both, or "
                          "neither to use the default AWS credential chain")
        self.static_s3 = has_ak and has_sk

        def port(name, default):
            value = environ.get(name, default)
            try:
                n = int(value)
                if 1 <= n <= 65535:
                    return n
            except ValueError:
                pass
            errors.append(f"{name}={value!r} is not a port number")
            return 0

        def flag(name, default):
            value = environ.get(name, default)
            if value not in ("true", "false"):
                errors.append(f"{name}={value!r}: expected \"true\" or \"false\"")
            return value == "true"

        self.db_port = port("DATABASE_PORT", "5432")
        self.redis_port = port("REDIS_PORT", "6379")
        self.http_port = port("PORT", "3000")
        self.redis_tls = flag("REDIS_TLS", "false")
        self.path_style = flag("S3_FORCE_PATH_STYLE", "false")
        self.sslmode = environ.get("DATABASE_SSLMODE", "prefer")
        if self.sslmode not in SSLMODES:
            errors.append(f"DATABASE_SSLMODE={self.sslmode!r}: expected one of {', '.join(SSLMODES)}")
        self.heartbeat = environ.get("WORKER_HEARTBEAT_PATH") or DEFAULT_HEARTBEAT
        try:
            self.interval = float(environ.get("WORKER_HEARTBEAT_INTERVAL_SECONDS", "5"))
            if self.interval <= 0:
                raise ValueError
        except ValueError:
            errors.append("WORKER_HEARTBEAT_INTERVAL_SECONDS must be a positive number")
            self.interval = 5
        self.debug = environ.get("LOG_LEVEL", "").lower() in ("debug", "trace")
        self.env = environ
        if errors:
            die(errors)

    def get(self, name, default=""):
        return self.env.get(name, default)

    def describe(self):
        parts = [f"{k}={v}" for k, v in self.plain.items()]
        for name, _ in SECRETS:
            src = self.source[name]
            if src.startswith("file:"):
                parts.append(f"{name} from file {src[5:]}")
            elif src == "env":
                parts.append(f"{name} from env")
            else:
                parts.append(f"{name} absent" + (" (no AUTH)" if name == "REDIS_PASSWORD" else ""))
        parts.append("S3 credentials " + ("static" if self.static_s3 else "from the default AWS chain"))
        return ", ".join(parts)

    def scrub(self, text):
        """Error text safe to show: no secret value (even if a library echoed one), one line."""
        text = " ".join(str(text).split())
        for name, value in self.secret.items():
            # The S3 access key is an identifier (it may equal the database user name).
            if name != "S3_ACCESS_KEY" and len(value) >= 4:
                text = text.replace(value, "[secret]")
        return text[:500]

    def hmac_of(self, name):
        return hmac.new(self.raw[name], HMAC_MESSAGE, hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------- clients

def pg_connect(cfg):
    return psycopg2.connect(host=cfg.get("DATABASE_HOST"), port=cfg.db_port,
                            dbname=cfg.get("DATABASE_NAME"), user=cfg.get("DATABASE_USER"),
                            password=cfg.secret["DATABASE_PASSWORD"], sslmode=cfg.sslmode,
                            connect_timeout=CHECK_TIMEOUT,
                            application_name=f"freshtrack-standin-{ROLE}",
                            options=f"-c statement_timeout={CHECK_TIMEOUT * 1000}")


def redis_client(cfg, timeout=CHECK_TIMEOUT):
    kwargs = dict(host=cfg.get("REDIS_HOST"), port=cfg.redis_port,
                  password=cfg.secret.get("REDIS_PASSWORD"),
                  socket_timeout=timeout, socket_connect_timeout=CHECK_TIMEOUT)
    if cfg.redis_tls:
        # Like many apps on ElastiCache: TLS, but the certificate chain is not verified.
        kwargs.update(ssl=True, ssl_cert_reqs="none", ssl_check_hostname=False)
    return redis.Redis(**kwargs)


def s3_client(cfg, attempts=1):
    config = BotoConfig(signature_version="s3v4", connect_timeout=CHECK_TIMEOUT,
                        read_timeout=CHECK_TIMEOUT,
                        retries={"mode": "standard", "total_max_attempts": attempts},
                        s3={"addressing_style": "path" if cfg.path_style else "virtual"})
    kwargs = dict(endpoint_url=cfg.get("S3_ENDPOINT"), region_name=cfg.get("S3_REGION"), config=config)
    if cfg.static_s3:
        kwargs.update(aws_access_key_id=cfg.secret["S3_ACCESS_KEY"],
                      aws_secret_access_key=cfg.secret["S3_SECRET_KEY"])
    return boto3.session.Session().client("s3", **kwargs)


def client_error_code(e):
    return e.response.get("Error", {}).get("Code") or str(e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"))


class CheckFailed(Exception):
    pass


def check_postgres(cfg):
    conn = pg_connect(cfg)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
    finally:
        conn.close()
    return "ok"


def check_redis(cfg):
    r = redis_client(cfg)
    try:
        if not r.ping():
            raise CheckFailed("PING did not answer PONG")
    finally:
        r.connection_pool.disconnect()
    return "ok"


def check_s3(cfg):
    try:
        s3_client(cfg).list_objects_v2(Bucket=cfg.get("S3_BUCKET"), MaxKeys=1)
    except botocore.exceptions.ClientError as e:
        code = client_error_code(e)
        if code == "NoSuchBucket":
            return "ok (bucket missing)"
        message = e.response.get("Error", {}).get("Message", "")
        raise CheckFailed(f"{code}: {message}".rstrip(": ")) from None
    return "ok"


CHECKS = (("postgres", check_postgres), ("redis", check_redis), ("s3", check_s3))


def run_checks(cfg):
    """All three checks at once; returns ({name: "ok..." | error text}, all_ok)."""
    results = {}

    def run(name, fn):
        try:
            results[name] = fn(cfg)
        except CheckFailed as e:
            results[name] = cfg.scrub(e)
        except Exception as e:  # each library has its own exception types
            results[name] = cfg.scrub(f"{type(e).__name__}: {e}")

    # Daemon threads: a check stuck in a timeout never delays the exit on SIGTERM.
    threads = [threading.Thread(target=run, args=c, daemon=True) for c in CHECKS]
    for t in threads:
        t.start()
    limit = CHECK_TIMEOUT + 1  # within the bundle's 5 s healthcheck timeout
    deadline = time.monotonic() + limit
    for t in threads:
        t.join(max(0, deadline - time.monotonic()))
    out = {name: results.get(name, f"timed out after {limit:g}s") for name, _ in CHECKS}
    return out, all(v.startswith("ok") for v in out.values())


def ensure_tables(conn):
    with conn.cursor() as cur:
        # Backend and worker may both get here first: serialize the CREATEs.
        cur.execute("SELECT pg_advisory_xact_lock(7341200)")
        cur.execute("CREATE TABLE IF NOT EXISTS standin_rows (id serial PRIMARY KEY, "
                    "value text NOT NULL, created timestamptz NOT NULL DEFAULT now())")
        cur.execute("CREATE TABLE IF NOT EXISTS standin_jobs_done (id serial PRIMARY KEY, "
                    "value text NOT NULL, done timestamptz NOT NULL DEFAULT now())")
    conn.commit()


def db_query(cfg, sql, params=(), fetch="all"):
    conn = pg_connect(cfg)
    try:
        ensure_tables(conn)
        with conn.cursor() as cur:
            cur.execute(sql, params)
            out = cur.fetchone() if fetch == "one" else cur.fetchall()
        conn.commit()
        return out
    finally:
        conn.close()


# ---------------------------------------------------------------------------- backend

class Backend(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = 60
    cfg = None
    _s3 = None
    _s3_lock = threading.Lock()

    def log_message(self, fmt, *args):  # our own one line per request instead
        pass

    def s3(self):
        with Backend._s3_lock:
            if Backend._s3 is None:
                Backend._s3 = s3_client(self.cfg, attempts=2)
            return Backend._s3

    def reply(self, status, body, content_type="application/json"):
        if not isinstance(body, bytes):
            body = (json.dumps(body) + "\n").encode()
        self._status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def body(self):
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True
            raise HTTPFail(411, "Content-Length required")
        try:
            n = int(length)
        except ValueError:
            self.close_connection = True
            raise HTTPFail(400, "bad Content-Length") from None
        if n > MAX_BODY:
            self.close_connection = True
            raise HTTPFail(413, "body too large")
        return self.rfile.read(n)

    def text_body(self):
        try:
            return self.body().decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPFail(400, "body must be UTF-8 text") from None

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_HEAD = do_DELETE = do_GET

    def dispatch(self):
        started = time.monotonic()
        self._status = 0
        path = self.path.split("?", 1)[0]
        try:
            self.route(path)
        except HTTPFail as e:
            self.reply(e.status, {"error": e.message})
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:
            self.close_connection = True
            self.reply(503, {"error": self.cfg.scrub(f"{type(e).__name__}: {e}")})
        finally:
            log(f"{self.command} {path} {self._status} {int((time.monotonic() - started) * 1000)}ms")

    def route(self, path):
        cfg, m = self.cfg, self.command
        if path == "/health" and m in ("GET", "HEAD"):
            results, ok = run_checks(cfg)
            if ok:
                return self.reply(200, {"status": "ok", "checks": results})
            failing = {k: v for k, v in results.items() if not v.startswith("ok")}
            return self.reply(503, {"status": "fail", "checks": results, "failing": failing})
        if path == "/contract" and m == "GET":
            return self.reply(200, contract(cfg))
        if path == "/rows":
            if m == "POST":
                value = self.text_body()
                row = db_query(cfg, "INSERT INTO standin_rows (value) VALUES (%s) RETURNING id", (value,), "one")
                return self.reply(201, {"id": row[0]})
            if m == "GET":
                rows = db_query(cfg, "SELECT value FROM standin_rows ORDER BY id")
                return self.reply(200, {"rows": [r[0] for r in rows]})
        if path.startswith("/objects/"):
            key = urllib.parse.unquote(path[len("/objects/"):])
            if not key:
                raise HTTPFail(400, "object key missing")
            if m == "PUT":
                data = self.body()
                try:
                    out = self.s3().put_object(Bucket=cfg.get("S3_BUCKET"), Key=key, Body=data,
                                               ContentType=self.headers.get("Content-Type")
                                               or "application/octet-stream")
                except botocore.exceptions.ClientError as e:
                    raise HTTPFail(502, cfg.scrub(f"S3 {client_error_code(e)}")) from None
                return self.reply(201, {"key": key, "etag": out.get("ETag", "").strip('"'), "size": len(data)})
            if m == "GET":
                try:
                    obj = self.s3().get_object(Bucket=cfg.get("S3_BUCKET"), Key=key)
                except botocore.exceptions.ClientError as e:
                    code = client_error_code(e)
                    if code in ("NoSuchKey", "404"):
                        raise HTTPFail(404, "no such object") from None
                    raise HTTPFail(502, cfg.scrub(f"S3 {code}")) from None
                return self.reply(200, obj["Body"].read(), obj.get("ContentType") or "application/octet-stream")
        if path == "/jobs" and m == "POST":
            value = self.text_body()
            r = redis_client(cfg)
            try:
                length = r.lpush(JOBS_KEY, value.encode("utf-8"))
            finally:
                r.connection_pool.disconnect()
            return self.reply(202, {"queued": True, "queue_length": length})
        if path == "/jobs/done" and m == "GET":
            rows = db_query(cfg, "SELECT value FROM standin_jobs_done ORDER BY id")
            return self.reply(200, {"done": [r[0] for r in rows]})
        known = path in ("/health", "/contract", "/rows", "/jobs", "/jobs/done") or path.startswith("/objects/")
        raise HTTPFail(405, "method not allowed") if known else HTTPFail(404, "not found")


class HTTPFail(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


def contract(cfg):
    results, _ = run_checks(cfg)
    secrets = {name: cfg.source[name] for name, _ in SECRETS}
    if cfg.static_s3:
        s3_credentials = "static"
    else:
        try:
            creds = boto3.session.Session().get_credentials()
            s3_credentials = f"default chain ({creds.method})" if creds else "default chain (none found)"
        except Exception as e:
            s3_credentials = cfg.scrub(f"default chain (error: {type(e).__name__})")
    return {
        "role": ROLE,
        "uid": os.getuid(),
        "gid": os.getgid(),
        "settings": cfg.plain,
        "secrets": secrets,
        "s3_credentials": s3_credentials,
        "checks": results,
        "auth_hmac": cfg.hmac_of("STACK_AUTH_SECRET"),
        # HMAC-SHA256(key=secret bytes, msg=b"freshtrack-standin") for every secret held,
        # so a test can compare with the file it wrote without any value being shown.
        "secret_hmacs": {name: cfg.hmac_of(name) for name in cfg.raw},
    }


def backend_main(cfg, stop):
    Backend.cfg = cfg
    try:
        server = http.server.ThreadingHTTPServer(("0.0.0.0", cfg.http_port), Backend)
    except OSError as e:
        die([f"cannot listen on 0.0.0.0:{cfg.http_port} (PORT): {e.strerror or e}"])
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    log(f"listening on 0.0.0.0:{cfg.http_port}")
    while not stop.wait(0.5):
        pass
    log("stopping on signal")
    server.shutdown()
    server.server_close()
    return 0


# ---------------------------------------------------------------------------- worker

def write_heartbeat(path):
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w") as f:
        f.write(f"{time.time():.3f}\n")
    os.replace(tmp, path)


def process_jobs(cfg, stop, limit=10):
    r = redis_client(cfg, timeout=CHECK_TIMEOUT + 1)
    conn = None
    done = 0
    try:
        while done < limit and not stop.is_set():
            item = r.brpop(JOBS_KEY, timeout=1)
            if item is None:
                break
            value = item[1]
            try:
                if conn is None:
                    conn = pg_connect(cfg)
                    ensure_tables(conn)
                with conn.cursor() as cur:
                    cur.execute("INSERT INTO standin_jobs_done (value) VALUES (%s)",
                                (value.decode("utf-8", "replace"),))
                conn.commit()
                done += 1
            except Exception as e:
                r.rpush(JOBS_KEY, value)  # back at the consuming end: it is next again
                log(f"job not stored, re-queued: {cfg.scrub(f'{type(e).__name__}: {e}')}")
                break
    finally:
        r.connection_pool.disconnect()
        if conn is not None:
            conn.close()
    if done:
        log(f"processed {done} job(s)")


def worker_loop(cfg, stop):
    failing = False
    while not stop.is_set():
        started = time.monotonic()
        results, ok = run_checks(cfg)
        if stop.is_set():
            break
        if ok:
            try:
                write_heartbeat(cfg.heartbeat)
                if failing:
                    log("all checks pass again; heartbeat resumed")
                elif cfg.debug:
                    log(f"heartbeat written to {cfg.heartbeat}")
                failing = False
            except OSError as e:
                log(f"cannot write the heartbeat file {cfg.heartbeat}: {e.strerror or e}")
            try:
                process_jobs(cfg, stop)
            except Exception as e:
                log(f"job processing failed: {cfg.scrub(f'{type(e).__name__}: {e}')}")
        else:
            failing = True
            text = "; ".join(f"{k}: {v}" for k, v in results.items() if not v.startswith("ok"))
            log(f"check failed, heartbeat not written: {text}")
        stop.wait(max(0.0, cfg.interval - (time.monotonic() - started)))


def worker_main(cfg, stop):
    log(f"heartbeat file {cfg.heartbeat} every {cfg.interval:g}s while all checks pass "
        "(healthy: mtime younger than 30s)")
    loop = threading.Thread(target=worker_loop, args=(cfg, stop), daemon=True)
    loop.start()
    while not stop.wait(0.5) and loop.is_alive():
        pass
    # A check or BRPOP in flight ends by itself within its timeout; do not wait for it.
    loop.join(1.0)
    log("stopping on signal")
    return 0


# ---------------------------------------------------------------------------- main

def main(argv):
    global ROLE, psycopg2, redis, boto3, botocore, BotoConfig
    if len(argv) != 1 or argv[0] not in ("backend", "worker"):
        sys.stderr.write("usage: app.py backend|worker\n")
        return 2
    ROLE = argv[0]
    try:
        import boto3
        import botocore.exceptions
        import psycopg2
        import redis
        from botocore.config import Config as BotoConfig
    except ImportError as e:
        die([f"missing Python package: {e.name} (the image needs python3-psycopg2, python3-redis, python3-boto3)"])
    cfg = Config(os.environ)
    log(f"freshtrack-standin {ROLE} starting (pid {os.getpid()}, uid {os.getuid()}:{os.getgid()}): "
        + cfg.describe())
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    return backend_main(cfg, stop) if ROLE == "backend" else worker_main(cfg, stop)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
