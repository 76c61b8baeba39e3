/// What is wrong with one field's value and what is allowed, e.g.
/// `must be a whole number >= 1 (expected active users)`.
///
/// The message never repeats the value (the caller shows it, or not, for a secret source);
/// it reads as a continuation of the value, so `AnswersIssue` can print
/// `needs.users (line 4): "0" must be a whole number >= 1 ...` and the wizard can print it
/// under the field being edited.
public struct FieldProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong and what is allowed.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// The validation rule of every answers field the wizard edits.
///
/// Shape: every rule is `static func name(_ text: String, ...) -> Result<Value, FieldProblem>`
/// taking the text as typed (or as written in the YAML file) and giving either the parsed
/// value or the problem. `AnswersCodec.decode` calls these very functions after its YAML type
/// checks, so the wizard (validating as the operator types) and `apply --answers` give
/// identical messages. The rules are pure and never trim or rewrite what was typed: a value
/// they accept is stored as given.
public enum FieldRules {
    // MARK: Numbers and enums

    /// `needs.users`: expected active users, a whole number >= 1.
    public static func users(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 1...Int.max, rule: "must be a whole number >= 1 (expected active users)")
    }

    /// `needs.budget_usd_per_month`: monthly budget in USD per month, a whole number >= 0.
    public static func budget(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 0...Int.max, rule: "must be a whole number >= 0 (USD per month)")
    }

    /// A TCP port (`digitalocean.database_port`): a whole number from 1 to 65535.
    public static func port(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 1...65535, rule: "must be a TCP port, a whole number from 1 to 65535")
    }

    /// `version`: the schema version; only `1` exists.
    public static func schemaVersion(_ text: String) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 1...1, rule: "must be 1 (the only schema version this tool reads)")
    }

    /// `environment`: `production`, `staging` or `dev`.
    public static func environment(_ text: String) -> Result<DeployEnvironment, FieldProblem> {
        oneOf(text, DeployEnvironment.allCases.map { ($0.rawValue, $0) })
    }

    /// `needs.compliance`: `none`, `hipaa` or `soc2`.
    public static func compliance(_ text: String) -> Result<Compliance, FieldProblem> {
        oneOf(text, Compliance.allCases.map { ($0.rawValue, $0) })
    }

    /// `needs.traffic`: `steady`, `growing` or `spiky`.
    public static func traffic(_ text: String) -> Result<Traffic, FieldProblem> {
        oneOf(text, Traffic.allCases.map { ($0.rawValue, $0) })
    }

    /// `target`: `recommended` or one of `selfhosted`, `digitalocean`, `aws`.
    public static func target(_ text: String) -> Result<TargetChoice, FieldProblem> {
        let choices: [(String, TargetChoice)] = [("recommended", .recommended)]
            + Target.allCases.map { ($0.rawValue, .explicit($0)) }
        return oneOf(text, choices)
    }

    /// A yes/no field typed as text (`needs.multi_region`): `true` or `false`.
    public static func flag(_ text: String) -> Result<Bool, FieldProblem> {
        switch text {
        case "true": return .success(true)
        case "false": return .success(false)
        default: return .failure(FieldProblem("must be true or false"))
        }
    }

    // MARK: Application

    /// `app.version`: the FreshTrack Pro image tag, Docker's tag grammar
    /// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`; `latest` (in any case) and empty are refused so
    /// every deployment names an exact release.
    public static func imageTag(_ text: String) -> Result<String, FieldProblem> {
        let grammar = "an image tag is 1-128 characters of A-Z, a-z, 0-9, '_', '.' or '-', not starting with '.' or '-', e.g. \"1.1.0\""
        if text.isEmpty { return .failure(FieldProblem("must not be empty: \(grammar)")) }
        if text.lowercased() == "latest" {
            return .failure(FieldProblem("is refused: `latest` moves under a running deployment; name an exact release, e.g. \"1.1.0\""))
        }
        let bytes = Array(text.utf8)
        guard bytes.count <= 128 else { return .failure(FieldProblem("is \(bytes.count) characters long: \(grammar)")) }
        guard bytes.allSatisfy({ isAlnum($0) || $0 == u("_") || $0 == u(".") || $0 == u("-") }) else {
            return .failure(FieldProblem("contains a character not allowed in a tag: \(grammar)"))
        }
        guard isAlnum(bytes[0]) || bytes[0] == u("_") else {
            return .failure(FieldProblem("starts with '\(Character(UnicodeScalar(bytes[0])))': \(grammar)"))
        }
        return .success(text)
    }

    /// `app.domain`: the public DNS name Caddy (or the load balancer) serves. An RFC 1123
    /// host name (see `hostname`); in `dev` a single label such as `localhost` is allowed too.
    public static func domain(_ text: String, environment: DeployEnvironment) -> Result<String, FieldProblem> {
        hostnameRule(text, requireDot: environment != .dev)
    }

    /// A fully qualified host name (`digitalocean.database_host`, `aws.rds_endpoint`,
    /// `aws.elasticache_endpoint`): RFC 1123 labels of 1-63 characters from `a-z`, `0-9`
    /// and `-`, not starting or ending with `-`, joined by dots, at most 253 characters, with
    /// at least one dot, the last label not all digits (an IP address is not a host name
    /// here) and no trailing dot.
    public static func hostname(_ text: String) -> Result<String, FieldProblem> {
        hostnameRule(text, requireDot: true)
    }

    /// `app.acme_ca`: an ACME directory URL, `https://HOST[:PORT]/PATH` with `HOST` a host
    /// name as `hostname` allows (any case; no IP address, no `user:password@`) and a port of
    /// 1-65535; at most 2048 characters of
    /// printable ASCII without spaces, quotes, `{`, `}` or `\` (the value goes into the
    /// Caddyfile through `.env`). Caddy only speaks ACME over HTTPS.
    public static func acmeDirectory(_ text: String) -> Result<String, FieldProblem> {
        let shape = "an ACME directory URL is https://HOST[:PORT]/PATH, e.g. \(ACMEDirectory.letsEncryptStaging)"
        if text.isEmpty { return .failure(FieldProblem("must not be empty: \(shape)")) }
        guard text.utf8.count <= 2048 else { return .failure(FieldProblem("is longer than 2048 characters: \(shape)")) }
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !"\"'{}\\".utf8.contains($0) }) else {
            return .failure(FieldProblem("has a space, quote, brace, backslash or non-ASCII character: \(shape)"))
        }
        guard text.hasPrefix("https://") else { return .failure(FieldProblem("must start with https://: \(shape)")) }
        let rest = text.dropFirst("https://".count)
        let authority = rest.prefix { $0 != "/" }
        guard rest.count > authority.count + 1 else { return .failure(FieldProblem("has no path after the host: \(shape)")) }
        guard !authority.contains("@") else {
            return .failure(FieldProblem("must not hold a user name or password before the host (it would be written to .env): \(shape)"))
        }
        var host = Substring(authority)
        if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            let port = authority[authority.index(after: colon)...]
            guard port.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(port), (1...65535).contains(n) else {
                return .failure(FieldProblem("has a bad port \"\(port)\": 1-65535: \(shape)"))
            }
        }
        if case .failure(let p) = hostnameRule(host.lowercased(), requireDot: true) {
            return .failure(FieldProblem("has a bad host (\(p.message)): \(shape)"))
        }
        return .success(text)
    }

    /// `app.acme_email`: the Let's Encrypt contact address. A practical subset of RFC 5321:
    /// a local part of 1-64 characters from `A-Z a-z 0-9 . _ % + -` (no leading, trailing
    /// or doubled dot), `@`, and a fully qualified domain (see `hostname`, any case); at most
    /// 254 characters. Domains Let's Encrypt refuses for contacts (`example.com`,
    /// `example.net`, `example.org`: RFC 2606 example domains, refused by Boulder since
    /// letsencrypt/boulder#3748, error "contact email has forbidden domain") are refused here
    /// too, so the mistake shows now rather than as Caddy failing to get a certificate.
    public static func acmeEmail(_ text: String) -> Result<String, FieldProblem> {
        let shape = "an e-mail address is local-part@domain, e.g. ops@freshtrack.io"
        if text.isEmpty { return .failure(FieldProblem("must not be empty: \(shape)")) }
        guard text.utf8.count <= 254 else { return .failure(FieldProblem("is longer than 254 characters: \(shape)")) }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return .failure(FieldProblem("must contain exactly one '@': \(shape)"))
        }
        let local = Array(parts[0].utf8), domain = String(parts[1])
        let localRule = "the part before '@' must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '%', '+', '-', with no leading, trailing or doubled '.'"
        guard !local.isEmpty, local.count <= 64,
              local.allSatisfy({ isAlnum($0) || "._%+-".utf8.contains($0) }),
              local.first != u("."), local.last != u("."), !parts[0].contains("..")
        else { return .failure(FieldProblem("is not a usable e-mail address: \(localRule)")) }
        if case .failure(let p) = hostnameRule(domain.lowercased(), requireDot: true) {
            return .failure(FieldProblem("has a bad domain after '@': \(p.message)"))
        }
        let lowered = domain.lowercased()
        for refused in ["example.com", "example.net", "example.org"]
        where lowered == refused || lowered.hasSuffix("." + refused) {
            return .failure(FieldProblem("is refused: Let's Encrypt rejects contact addresses at \(refused); use a mailbox you read"))
        }
        return .success(text)
    }

    // MARK: Databases

    /// `digitalocean.database_name` / `aws.database_name`: a PostgreSQL database name of
    /// 1-63 characters from `A-Z a-z 0-9 _ -`, starting with a letter or `_` (safe in a
    /// connection URL and in `.env` without quoting).
    public static func databaseName(_ text: String) -> Result<String, FieldProblem> {
        identifier(text, what: "a database name")
    }

    /// `digitalocean.database_user` / `aws.database_user`: a PostgreSQL role name, same
    /// rule as `databaseName`.
    public static func databaseUser(_ text: String) -> Result<String, FieldProblem> {
        identifier(text, what: "a database user name")
    }

    // MARK: Cloud

    /// The AWS region codes accepted, from `assets/regions.yaml` (botocore's `aws`,
    /// `aws-us-gov` and `aws-cn` partitions; the file names its source and date).
    public static var awsRegions: [String] { regionTable.aws }

    /// The DigitalOcean Spaces region slugs accepted, from `assets/regions.yaml`
    /// (DigitalOcean's Spaces availability page; the file names its date).
    public static var spacesRegions: [String] { regionTable.spaces }

    /// `aws.region`: an AWS region code from `awsRegions`, e.g. `us-east-1`.
    public static func awsRegion(_ text: String) -> Result<String, FieldProblem> {
        region(text, known: awsRegions, what: "an AWS region code such as us-east-1")
    }

    /// `aws.account_id`: exactly 12 digits, kept as text (leading zeros matter).
    public static func awsAccountID(_ text: String) -> Result<String, FieldProblem> {
        let bytes = Array(text.utf8)
        guard bytes.count == 12, bytes.allSatisfy(isDigit) else {
            return .failure(FieldProblem("must be an AWS account id: exactly 12 digits, e.g. \"123456789012\""))
        }
        return .success(text)
    }

    /// `aws.s3_bucket`: an S3 general purpose bucket name (AWS's naming rules): 3-63
    /// characters of `a-z 0-9 . -`, starting and ending with a letter or digit, no `..`, not
    /// formatted as an IPv4 address, not starting with `xn--`, `sthree-` or `amzn-s3-demo-`,
    /// not ending with `-s3alias`, `--ol-s3`, `.mrap`, `--x-s3` or `--table-s3`.
    public static func s3Bucket(_ text: String) -> Result<String, FieldProblem> {
        let rules = "S3 bucket names are 3-63 characters of a-z, 0-9, '.' and '-', start and end with a letter or digit"
        let b = Array(text.utf8)
        guard (3...63).contains(b.count) else { return .failure(FieldProblem("is \(b.count) characters long: \(rules)")) }
        guard b.allSatisfy({ isLowerAlnum($0) || $0 == u(".") || $0 == u("-") }) else {
            return .failure(FieldProblem("contains a character other than a-z, 0-9, '.' or '-' (capitals are not allowed): \(rules)"))
        }
        guard isLowerAlnum(b.first!), isLowerAlnum(b.last!) else {
            return .failure(FieldProblem("must start and end with a letter or digit: \(rules)"))
        }
        if text.contains("..") { return .failure(FieldProblem("contains \"..\": \(rules), with no two adjacent periods")) }
        if looksLikeIPv4(text) { return .failure(FieldProblem("is formatted as an IP address, which S3 refuses as a bucket name")) }
        for prefix in ["xn--", "sthree-", "amzn-s3-demo-"] where text.hasPrefix(prefix) {
            return .failure(FieldProblem("starts with \"\(prefix)\", a prefix S3 reserves (xn--, sthree-, amzn-s3-demo-)"))
        }
        for suffix in ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] where text.hasSuffix(suffix) {
            return .failure(FieldProblem("ends with \"\(suffix)\", a suffix S3 reserves (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)"))
        }
        return .success(text)
    }

    /// `digitalocean.spaces_region`: a Spaces region slug from `spacesRegions`, e.g. `nyc3`.
    public static func spacesRegion(_ text: String) -> Result<String, FieldProblem> {
        region(text, known: spacesRegions, what: "a DigitalOcean Spaces region such as nyc3")
    }

    /// `digitalocean.spaces_bucket`: a Spaces bucket name (DigitalOcean's rules): 3-63
    /// characters of `a-z 0-9 -`, starting and ending with a letter or digit.
    public static func spacesBucket(_ text: String) -> Result<String, FieldProblem> {
        let rules = "Spaces bucket names are 3-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit"
        let b = Array(text.utf8)
        guard (3...63).contains(b.count) else { return .failure(FieldProblem("is \(b.count) characters long: \(rules)")) }
        guard b.allSatisfy({ isLowerAlnum($0) || $0 == u("-") }) else {
            return .failure(FieldProblem("contains a character other than a-z, 0-9 or '-' (no capitals, no '.'): \(rules)"))
        }
        guard isLowerAlnum(b.first!), isLowerAlnum(b.last!) else {
            return .failure(FieldProblem("must start and end with a letter or digit: \(rules)"))
        }
        return .success(text)
    }

    // MARK: Secrets

    /// `secrets.dir`: the secrets directory, relative to the bundle directory or absolute;
    /// `normalizedSecretsDir`'s rule; the value is kept as written.
    public static func secretsDir(_ text: String) -> Result<String, FieldProblem> {
        normalizedSecretsDir(text).map { _ in text }
    }

    /// `secrets.dir` without its `./` prefixes and trailing `/`, after the checks of
    /// `secretsDir`: not empty, no control character, not `.` or `/`, no `..` component (the
    /// secrets directory is created and locked down to 0700: it must be the bundle's own).
    /// The one declaration of the rule: the planner normalises through it.
    public static func normalizedSecretsDir(_ text: String) -> Result<String, FieldProblem> {
        if text.isEmpty {
            return .failure(FieldProblem("must not be empty: a directory relative to --dir (e.g. secrets) or absolute (e.g. /opt/freshtrack-pro/secrets)"))
        }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(FieldProblem("contains a NUL or another control character; a directory path cannot"))
        }
        var d = text
        while d.hasPrefix("./") { d.removeFirst(2) }
        while d.count > 1 && d.hasSuffix("/") { d.removeLast() }
        if d.isEmpty || d == "." || d == "/" {
            return .failure(FieldProblem("is not allowed; give a directory such as \"secrets\" or an absolute path"))
        }
        if d.split(separator: "/").contains("..") {
            return .failure(FieldProblem("must not contain \"..\""))
        }
        return .success(d)
    }

    /// A secret's source (`secrets.sources.<name>`): `file:PATH` (non-empty path, no NUL),
    /// `env:NAME` (a variable name `[A-Za-z_][A-Za-z0-9_]*`) or `generate` (only for secrets
    /// the tool may generate, `SecretName.canGenerate`).
    ///
    /// The problem message names only the source kind, never the text: an operator who
    /// pastes the secret itself into this field must not see it echoed back.
    public static func secretSource(_ text: String, for name: SecretName) -> Result<SecretSource, FieldProblem> {
        let forms = "file:PATH, env:NAME or generate"
        if text == "generate" {
            if name.canGenerate { return .success(.generate) }
            return .failure(FieldProblem("cannot be generated: \(name.rawValue) (\(name.summary)) is issued by the provider; use file:PATH or env:NAME"))
        }
        if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            if path.isEmpty { return .failure(FieldProblem("is a file: source with no path; write file:/path/to/\(name.rawValue).txt")) }
            if path.unicodeScalars.contains(where: { $0.value == 0 }) {
                return .failure(FieldProblem("is a file: source whose path contains a NUL character"))
            }
            return .success(.file(path))
        }
        if text.hasPrefix("env:") {
            let variable = Array(text.utf8.dropFirst(4))
            guard let first = variable.first, isAlpha(first) || first == u("_"),
                  variable.allSatisfy({ isAlnum($0) || $0 == u("_") })
            else {
                return .failure(FieldProblem("is an env: source whose variable name is not valid: letters, digits and '_', not starting with a digit"))
            }
            return .success(.env(String(text.dropFirst(4))))
        }
        return .failure(FieldProblem("is not a secret source: use \(forms) (the text is not shown, in case it is the secret itself)"))
    }

    /// The source kind of `text` for messages (`file:`, `env:`, `generate`), or `nil` when
    /// it is none of them (then nothing of it may be shown).
    public static func sourceKind(_ text: String) -> String? {
        if text == "generate" { return "generate" }
        if text.hasPrefix("file:") { return "file:" }
        if text.hasPrefix("env:") { return "env:" }
        return nil
    }

    // MARK: Suggestions

    /// The closest of `candidates` to `input`, for a "did you mean" hint: case and `_`/`-`
    /// insensitive, by optimal-string-alignment edit distance (a transposition counts one),
    /// within max(2, length / 3) edits, or a candidate that contains the input (4+ letters).
    /// `nil` when nothing is close.
    public static func suggestion(for input: String, among candidates: [String]) -> String? {
        let norm: (String) -> [Character] = { Array($0.lowercased().filter { $0 != "_" && $0 != "-" }) }
        let a = norm(input)
        guard !a.isEmpty else { return nil }
        var best: (String, Int)?
        for c in candidates {
            let b = norm(c)
            let d = editDistance(a, b)
            if d <= max(2, b.count / 3), d < b.count, best == nil || d < best!.1 { best = (c, d) }
        }
        if let best { return best.0 }
        if a.count >= 4 {
            return candidates.first { String(norm($0)).contains(String(a)) }
        }
        return nil
    }

    // MARK: Private helpers

    static func wholeNumber(_ text: String, in range: ClosedRange<Int>, rule: String) -> Result<Int, FieldProblem> {
        let b = Array(text.utf8)
        let digits = b.first == u("-") || b.first == u("+") ? Array(b.dropFirst()) : b
        guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return .failure(FieldProblem(rule)) }
        guard let n = Int(text) else { return .failure(FieldProblem("is too large: \(rule)")) }
        guard range.contains(n) else { return .failure(FieldProblem(rule)) }
        return .success(n)
    }

    static func oneOf<T>(_ text: String, _ choices: [(String, T)]) -> Result<T, FieldProblem> {
        if let hit = choices.first(where: { $0.0 == text }) { return .success(hit.1) }
        let names = choices.map(\.0)
        var message = "must be one of: \(names.joined(separator: ", "))"
        if let s = suggestion(for: text, among: names) { message = "is not allowed; did you mean `\(s)`? Allowed: \(names.joined(separator: ", "))" }
        return .failure(FieldProblem(message))
    }

    static func region(_ text: String, known: [String], what: String) -> Result<String, FieldProblem> {
        if known.contains(text) { return .success(text) }
        var message = "is not \(what)"
        if let s = suggestion(for: text, among: known) {
            message += "; did you mean `\(s)`?"
        } else {
            message += ". Known: \(known.joined(separator: ", "))"
        }
        return .failure(FieldProblem(message))
    }

    static func identifier(_ text: String, what: String) -> Result<String, FieldProblem> {
        let rule = "\(what) is 1-63 characters of A-Z, a-z, 0-9, '_' and '-', starting with a letter or '_'"
        let b = Array(text.utf8)
        guard !b.isEmpty else { return .failure(FieldProblem("must not be empty: \(rule)")) }
        guard b.count <= 63 else { return .failure(FieldProblem("is \(b.count) characters long: \(rule)")) }
        guard isAlpha(b[0]) || b[0] == u("_"), b.allSatisfy({ isAlnum($0) || $0 == u("_") || $0 == u("-") }) else {
            return .failure(FieldProblem("is not valid: \(rule)"))
        }
        return .success(text)
    }

    static func hostnameRule(_ text: String, requireDot: Bool) -> Result<String, FieldProblem> {
        let rule = "a host name (RFC 1123) is dot-separated labels of 1-63 characters of a-z, 0-9 and '-', not starting or ending with '-', 253 characters at most"
        if text.isEmpty { return .failure(FieldProblem("must not be empty: \(rule), e.g. track.example.com")) }
        let b = Array(text.utf8)
        guard b.count <= 253 else { return .failure(FieldProblem("is \(b.count) characters long: \(rule)")) }
        if text.hasSuffix(".") { return .failure(FieldProblem("ends with '.': write the name without the trailing dot")) }
        if b.contains(where: { $0 >= u("A") && $0 <= u("Z") }) {
            return .failure(FieldProblem("contains capital letters: write it in lowercase; \(rule)"))
        }
        if text.contains("://") || text.contains("/") || text.contains(":") {
            return .failure(FieldProblem("is not a bare host name (no scheme, port or path): \(rule)"))
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            let l = Array(label.utf8)
            if l.isEmpty { return .failure(FieldProblem("has an empty label (a leading dot or \"..\"): \(rule)")) }
            if l.count > 63 { return .failure(FieldProblem("has a label of \(l.count) characters: \(rule)")) }
            if !l.allSatisfy({ isLowerAlnum($0) || $0 == u("-") }) {
                return .failure(FieldProblem("has a character other than a-z, 0-9, '-' in \"\(label)\": \(rule)"))
            }
            if l.first == u("-") || l.last == u("-") {
                return .failure(FieldProblem("has the label \"\(label)\" starting or ending with '-': \(rule)"))
            }
        }
        if requireDot && labels.count < 2 {
            return .failure(FieldProblem("must be a fully qualified name with at least one dot, e.g. track.example.com"))
        }
        if labels.count >= 2, let last = labels.last, last.utf8.allSatisfy(isDigit) {
            return .failure(FieldProblem("ends in an all-digit label: an IP address is not accepted here; give the DNS name"))
        }
        return .success(text)
    }

    static func looksLikeIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.utf8.allSatisfy(isDigit) }
    }

    /// Optimal string alignment distance (Levenshtein plus adjacent transposition).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    private static func u(_ s: Unicode.Scalar) -> UInt8 { UInt8(s.value) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    private static func isAlpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    private static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    private static func isLowerAlnum(_ c: UInt8) -> Bool { isDigit(c) || (c >= 97 && c <= 122) }

    /// The region lists of `assets/regions.yaml`, in file order.
    struct RegionTable: Sendable {
        var aws: [String]
        var spaces: [String]

        /// Parses the `regions.yaml` format (`YAMLFields`): `aws` and `spaces`, each with a
        /// `source` text and a non-empty `regions` list.
        /// - Throws: `AssetReadError` naming the key's path.
        static func parse(_ text: String) throws -> RegionTable {
            let fail: (String) -> any Error = { AssetReadError(message: $0) }
            let top = try YAMLFields.document(text, file: "regions.yaml", keys: ["aws", "spaces"], fail: fail)
            func regions(_ key: String) throws -> [String] {
                let section = try top.fields(key, keys: ["source", "regions"])
                _ = try section.string("source")
                let list = try section.strings("regions")
                guard !list.isEmpty else { throw fail("regions.yaml: \(key).regions is empty; expected a list of region codes") }
                return list
            }
            return RegionTable(aws: try regions("aws"), spaces: try regions("spaces"))
        }
    }

    /// `assets/regions.yaml`, parsed once (`Assets.load`: a file that does not read traps).
    private static let regionTable: RegionTable = Assets.load("regions.yaml", RegionTable.parse)
}
