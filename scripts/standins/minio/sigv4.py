"""AWS Signature Version 4, shared by the MinIO stand-in server (verification) and its `mc`
(signing), so both sides compute the canonical request the same way.

Written for the FreshTrack Deploy test tier from AWS's published description of SigV4
(canonical request, string to sign, derived signing key, aws-chunked streaming payloads).
Standard library only: hashlib, hmac.
"""

import datetime
import email.utils
import hashlib
import hmac
import re
import urllib.parse

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
STREAMING_MODES = (STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER)
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
AMZ_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
MAX_CLOCK_SKEW = datetime.timedelta(minutes=15)
MAX_PRESIGN_EXPIRY = 7 * 24 * 3600

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class SigV4Error(Exception):
    """An S3-style authentication failure: `code` and `status` go into the XML error."""

    def __init__(self, code, message, status=403):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


# ---------------------------------------------------------------------------- encoding

def uri_encode(value, keep_slash):
    """Percent-encode everything but RFC 3986 unreserved characters (and '/' in paths)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    return urllib.parse.quote(value, safe="/" if keep_slash else "", errors="surrogateescape")


def parse_query(raw_query):
    """Split a raw query string into decoded (name, value) pairs, keeping order."""
    pairs = []
    for part in raw_query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((urllib.parse.unquote(name), urllib.parse.unquote(value)))
    return pairs


def canonical_query(pairs):
    encoded = sorted((uri_encode(n, False), uri_encode(v, False)) for n, v in pairs)
    return "&".join(f"{n}={v}" for n, v in encoded)


def normalize_header_value(value):
    return " ".join(str(value).split())


def canonical_request(method, canonical_uri, query_pairs, headers, signed_headers, payload_hash):
    """`headers` maps lower-case names to values; `signed_headers` is the sorted name list."""
    lines = "".join(f"{name}:{normalize_header_value(headers.get(name, ''))}\n"
                    for name in signed_headers)
    return "\n".join([method.upper(), canonical_uri, canonical_query(query_pairs), lines,
                      ";".join(signed_headers), payload_hash])


def scope_string(date, region, service="s3"):
    return f"{date}/{region}/{service}/aws4_request"


def string_to_sign(amz_date, scope, canonical):
    digest = hashlib.sha256(canonical.encode("utf-8", "surrogateescape")).hexdigest()
    return "\n".join([ALGORITHM, amz_date, scope, digest])


def signing_key(secret, date, region, service="s3"):
    key = ("AWS4" + secret).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def signature(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def chunk_signature(key, amz_date, scope, previous_signature, chunk_sha256_hex):
    """Signature of one aws-chunked chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)."""
    text = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous_signature,
                      EMPTY_SHA256, chunk_sha256_hex])
    return signature(key, text)


# ---------------------------------------------------------------------------- signing (mc)

def sign_request(method, host, path, query_pairs, headers, payload_hash, access_key, secret,
                 region="us-east-1", session_token=None, now=None):
    """Return a new header dict for a request, with x-amz-date, x-amz-content-sha256 and
    Authorization added. `path` must already be percent-encoded the way it is sent."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime(AMZ_DATE_FORMAT)
    out = {k.lower(): v for k, v in headers.items()}
    out["host"] = host
    out["x-amz-date"] = amz_date
    out["x-amz-content-sha256"] = payload_hash
    if session_token:
        out["x-amz-security-token"] = session_token
    signed = sorted(out)
    scope = scope_string(amz_date[:8], region)
    canonical = canonical_request(method, path, query_pairs, out, signed, payload_hash)
    sig = signature(signing_key(secret, amz_date[:8], region), string_to_sign(amz_date, scope, canonical))
    out["authorization"] = (f"{ALGORITHM} Credential={access_key}/{scope}, "
                            f"SignedHeaders={';'.join(signed)}, Signature={sig}")
    return out


# ---------------------------------------------------------------------------- verification

class Verified:
    """What a verified request carries on to its body: how the payload is framed and signed."""

    def __init__(self, access_key, key, amz_date, scope, seed_signature, payload_hash, presigned):
        self.access_key = access_key
        self.signing_key = key
        self.amz_date = amz_date
        self.scope = scope
        self.seed_signature = seed_signature
        self.payload_hash = payload_hash
        self.presigned = presigned

    @property
    def payload_mode(self):
        if self.payload_hash in STREAMING_MODES or self.payload_hash == UNSIGNED_PAYLOAD:
            return self.payload_hash
        return "sha256-hex"


def _parse_authorization(value):
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        if algorithm == "AWS":
            raise SigV4Error("SignatureVersionNotSupported",
                             "The authorization mechanism you have provided is not supported. "
                             "Please use AWS4-HMAC-SHA256.", 400)
        raise SigV4Error("AuthorizationHeaderMalformed",
                         "The authorization header is malformed; unsupported algorithm.", 400)
    fields = {}
    for part in rest.split(","):
        name, sep, val = part.strip().partition("=")
        if sep:
            fields[name.strip()] = val.strip()
    for name in ("Credential", "SignedHeaders", "Signature"):
        if name not in fields:
            raise SigV4Error("AuthorizationHeaderMalformed",
                             f"The authorization header is malformed; missing {name}.", 400)
    return fields["Credential"], fields["SignedHeaders"], fields["Signature"]


def _parse_credential(credential):
    parts = credential.split("/")
    if len(parts) < 5:
        raise SigV4Error("AuthorizationHeaderMalformed",
                         "The authorization header is malformed; the Credential is mal-formed.", 400)
    # An access key may not contain '/', so the last four parts are the scope.
    access_key = "/".join(parts[:-4])
    date, region, service, terminal = parts[-4:]
    if service != "s3" or terminal != "aws4_request" or not re.fullmatch(r"\d{8}", date):
        raise SigV4Error("AuthorizationHeaderMalformed",
                         "The authorization header is malformed; the Credential scope is invalid.", 400)
    return access_key, date, region


def _parse_amz_date(value):
    try:
        return datetime.datetime.strptime(value, AMZ_DATE_FORMAT).replace(tzinfo=datetime.timezone.utc)
    except (TypeError, ValueError):
        raise SigV4Error("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header",
                         403) from None


def _candidate_uris(raw_path):
    """The path as sent, and as AWS's rules would encode it (clients differ on e.g. '+')."""
    decoded = urllib.parse.unquote(raw_path, errors="surrogateescape")
    seen = []
    for uri in (raw_path, uri_encode(decoded, True)):
        if uri not in seen:
            seen.append(uri)
    return seen


def verify(method, raw_path, raw_query, headers, lookup_secret, now=None):
    """Verify a request signed with SigV4 in the Authorization header or the query string.

    `headers` maps lower-case header names to values; `lookup_secret(access_key)` returns the
    secret key or None. Returns a Verified; raises SigV4Error otherwise. Never puts a secret or
    an expected signature in an error message.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    query_pairs = parse_query(raw_query)
    query = dict(query_pairs)
    authorization = headers.get("authorization")

    if "X-Amz-Algorithm" in query or "X-Amz-Signature" in query:
        presigned = True
        if query.get("X-Amz-Algorithm") != ALGORITHM:
            raise SigV4Error("AuthorizationQueryParametersError",
                             "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", 400)
        try:
            credential = query["X-Amz-Credential"]
            signed_headers = query["X-Amz-SignedHeaders"]
            given = query["X-Amz-Signature"]
            amz_date = query["X-Amz-Date"]
            expires = int(query["X-Amz-Expires"])
        except (KeyError, ValueError):
            raise SigV4Error("AuthorizationQueryParametersError",
                             "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                             "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, "
                             "and X-Amz-Expires parameters.", 400) from None
        if expires < 0 or expires > MAX_PRESIGN_EXPIRY:
            raise SigV4Error("AuthorizationQueryParametersError",
                             "X-Amz-Expires must be between 0 and 604800 seconds", 400)
        query_pairs = [(n, v) for n, v in query_pairs if n != "X-Amz-Signature"]
        payload_hash = headers.get("x-amz-content-sha256", UNSIGNED_PAYLOAD)
    elif authorization:
        presigned = False
        credential, signed_headers, given = _parse_authorization(authorization)
        amz_date = headers.get("x-amz-date")
        if not amz_date and headers.get("date"):
            try:
                parsed = email.utils.parsedate_to_datetime(headers["date"])
                amz_date = parsed.astimezone(datetime.timezone.utc).strftime(AMZ_DATE_FORMAT)
            except (TypeError, ValueError):
                amz_date = ""
        payload_hash = headers.get("x-amz-content-sha256")
        if not payload_hash:
            raise SigV4Error("InvalidRequest", "Missing required header for this request: "
                             "x-amz-content-sha256", 400)
    else:
        raise SigV4Error("AccessDenied", "Access Denied.", 403)

    if payload_hash not in STREAMING_MODES and payload_hash != UNSIGNED_PAYLOAD \
            and not _HEX64.match(payload_hash):
        raise SigV4Error("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                         "a STREAMING-* value or a hex SHA-256", 400)

    access_key, date, region = _parse_credential(credential)
    when = _parse_amz_date(amz_date)
    if when.strftime("%Y%m%d") != date:
        raise SigV4Error("AuthorizationHeaderMalformed",
                         "The authorization header is malformed; the Credential date does not "
                         "match the request date.", 400)
    if presigned:
        if now > when + datetime.timedelta(seconds=expires):
            raise SigV4Error("AccessDenied", "Request has expired", 403)
        if when - now > MAX_CLOCK_SKEW:
            raise SigV4Error("RequestTimeTooSkewed", "The difference between the request time "
                             "and the server's time is too large.", 403)
    elif abs(now - when) > MAX_CLOCK_SKEW:
        raise SigV4Error("RequestTimeTooSkewed", "The difference between the request time and "
                         "the server's time is too large.", 403)

    secret = lookup_secret(access_key)
    if secret is None:
        raise SigV4Error("InvalidAccessKeyId",
                         "The Access Key Id you provided does not exist in our records.", 403)

    names = [h.strip().lower() for h in signed_headers.split(";") if h.strip()]
    if "host" not in names:
        raise SigV4Error("AuthorizationHeaderMalformed" if not presigned else
                         "AuthorizationQueryParametersError",
                         "The host header must be signed.", 400)
    key = signing_key(secret, date, region)
    scope = scope_string(date, region)
    for uri in _candidate_uris(raw_path):
        canonical = canonical_request(method, uri, query_pairs, headers, names, payload_hash)
        expected = signature(key, string_to_sign(amz_date, scope, canonical))
        if hmac.compare_digest(expected, given.lower()):
            return Verified(access_key, key, amz_date, scope, given.lower(), payload_hash, presigned)
    raise SigV4Error("SignatureDoesNotMatch",
                     "The request signature we calculated does not match the signature you "
                     "provided. Check your key and signing method.", 403)


# ---------------------------------------------------------------------------- aws-chunked

class ChunkDecoder:
    """Decodes an aws-chunked body read through `readline(limit)` / `read(n)` callables.

    Frames are `<hex size>[;chunk-signature=<sig>]\\r\\n<data>\\r\\n`, ending with a size-0
    chunk, then optional trailer lines (x-amz-checksum-*, x-amz-trailer-signature) and an
    empty line. With STREAMING-AWS4-HMAC-SHA256-PAYLOAD every chunk signature is verified
    against the chain started by the seed signature; trailer checksums and the trailer
    signature are read but not verified.
    """

    def __init__(self, readline, read, verified):
        self._readline = readline
        self._read = read
        self._v = verified
        self._previous = verified.seed_signature
        self._check = verified.payload_hash in (STREAMING_SIGNED, STREAMING_SIGNED_TRAILER)
        self.done = False

    def _line(self):
        line = self._readline(4096)
        if not line.endswith(b"\r\n"):
            raise SigV4Error("IncompleteBody", "The aws-chunked body is truncated or malformed.", 400)
        return line[:-2].decode("ascii", "replace")

    def chunks(self):
        while not self.done:
            header = self._line()
            size_text, _, ext = header.partition(";")
            try:
                size = int(size_text.strip(), 16)
            except ValueError:
                raise SigV4Error("IncompleteBody", "Malformed aws-chunked chunk header.", 400) from None
            data = b""
            while len(data) < size:
                part = self._read(min(size - len(data), 1 << 20))
                if not part:
                    raise SigV4Error("IncompleteBody", "The aws-chunked body is truncated.", 400)
                data += part
            if self._check:
                given = ""
                for item in ext.split(";"):
                    name, _, val = item.partition("=")
                    if name.strip() == "chunk-signature":
                        given = val.strip().lower()
                expected = chunk_signature(self._v.signing_key, self._v.amz_date, self._v.scope,
                                           self._previous, hashlib.sha256(data).hexdigest())
                if not hmac.compare_digest(expected, given):
                    raise SigV4Error("SignatureDoesNotMatch", "The chunk signature we calculated "
                                     "does not match the signature you provided.", 403)
                self._previous = expected
            if size == 0:
                self.done = True
                # Trailer lines (if any) up to the final empty line or the end of the body.
                while True:
                    line = self._readline(4096)
                    if not line or line in (b"\r\n", b"\n"):
                        break
                return
            if self._read(2) != b"\r\n":
                raise SigV4Error("IncompleteBody", "Malformed aws-chunked chunk framing.", 400)
            yield data
