import Yams

/// The one way DeployKit turns YAML text into a Yams node tree (`compose`) and builds the
/// nodes it emits (`string`, `scalar`, `mapping`, `sequence`): answers files, Compose files,
/// the App Platform spec. Data files of ours are read through `YAMLFields` on top of it.
///
/// `compose` gives the same tree as `Yams.compose(yaml:)` (every tag as `Resolver.default`
/// resolves it, so `.any` gives the values `Yams.load(yaml:)` gives) with far fewer regular
/// expressions: `Yams.compose(yaml:, .basic)` parses, then each plain scalar gets its tag
/// from `plainTag` where that is certain, else from Yams' default resolver. Why it exists:
/// the default resolver is seven `NSRegularExpression`s (ICU's regex engine), tried on
/// every plain scalar; through them `apply` of aws-ecs took 26.6 ms CPU (median of 60
/// runs of the release binary) instead of 22.5. `YAMLTreeTests` holds it to Yams' default.
enum YAMLTree {
    /// One shared `Constructor.default`: Yams' `Constructor.default` is a computed property
    /// that builds its three tag-to-constructor dictionaries anew on every use, and every
    /// `Tag` names a constructor. Safe to share between threads: a `Constructor` holds only
    /// `let` maps of pure functions, set once in its initialiser.
    nonisolated(unsafe) static let constructor = Constructor.default

    /// The same tree as `Yams.compose(yaml:)`, with every implicit tag already resolved.
    /// - Throws: Yams' parse errors.
    static func compose(_ yaml: String) throws -> Node? {
        guard let root = try Yams.compose(yaml: yaml, .basic) else { return nil }
        return retagged(root)
    }

    /// The tag Yams' default resolver gives the plain text `s` (`plainTag` where it decides,
    /// else Yams' regular expressions).
    static func resolvedTag(_ s: String) -> Tag.Name {
        plainTag(s) ?? Resolver.default.resolveTag(of: Node(s))
    }

    /// A string scalar as Yams' `String.represented()` gives it (any style, so the emitter
    /// writes it plain where it can, when it reads back as a string; single-quoted when it
    /// would read back as a number, bool, null, timestamp...), with its tag already
    /// resolved, so emitting it runs no regular expression.
    static func string(_ s: String) -> Node {
        resolvedTag(s) == .str ? Node(s, Tag(.str, .basic, YAMLTree.constructor), .any)
            : Node(s, Tag(.str, .basic, YAMLTree.constructor), .singleQuoted)
    }

    /// A scalar of the explicit type `tag` (e.g. `.int`, `.bool`, `.str`) in `style`.
    /// (Yams' own `Tag(_:)` default arguments build `Resolver.default`, compiling its
    /// regular expressions; every node DeployKit builds goes through these helpers.)
    static func scalar(_ s: String, _ tag: Tag.Name, _ style: Node.Scalar.Style = .any) -> Node {
        Node(s, Tag(tag, .basic, YAMLTree.constructor), style)
    }

    /// A block mapping of plain string keys to `pairs`' values, in order.
    static func mapping(_ pairs: [(String, Node)]) -> Node {
        .mapping(Node.Mapping(pairs.map { (string($0.0), $0.1) }, Tag(.map, .basic, YAMLTree.constructor)))
    }

    /// A block sequence of `nodes`.
    static func sequence(_ nodes: [Node]) -> Node {
        .sequence(Node.Sequence(nodes, Tag(.seq, .basic, YAMLTree.constructor)))
    }

    /// `node` with every plain scalar's implicit tag resolved as `Resolver.default` would.
    static func retagged(_ node: Node) -> Node {
        switch node {
        case .scalar(let scalar):
            var name = Tag.Name(rawValue: scalar.tag.description)
            if name == .implicit {
                if scalar.style == .plain, let known = plainTag(scalar.string) {
                    name = known
                } else {
                    name = Resolver.default.resolveTag(of: Node.scalar(scalar))
                }
            }
            return .scalar(Node.Scalar(scalar.string, Tag(name, .basic, YAMLTree.constructor), scalar.style, scalar.mark))
        case .mapping(let mapping):
            return .mapping(Node.Mapping(mapping.map { (retagged($0.key), retagged($0.value)) },
                                         mapping.tag, mapping.style, mapping.mark))
        case .sequence(let sequence):
            return .sequence(Node.Sequence(sequence.map(retagged), sequence.tag, sequence.style, sequence.mark))
        case .alias:
            return node
        }
    }

    /// The tag `Resolver.default` gives the plain scalar `s`, when it is certain without
    /// running its regular expressions, else `nil` (Yams decides):
    /// - `str` when `mustBeString(s)`, or when `s` starts with an ASCII letter and is not one
    ///   of the bool or null words (no other default rule matches a letter first: int, float
    ///   and timestamp start with a digit, sign or dot; merge `<<`; value `=`);
    /// - `bool` for the bool rule's words (`true`, `No`, `OFF`, ...), `null` for the null
    ///   rule's (`null`, `Null`, `NULL`, `~`, the empty string): bool is the first rule and
    ///   no earlier rule matches a null word;
    /// - `int` for `[-+]?(0|[1-9][0-9]*)` (the int rule's decimal form; no bool rule matches);
    /// - `float` for `[-+]?(0|[1-9][0-9]*)\.[0-9]+` (no int form has a dot; the float rule's
    ///   first form matches).
    static func plainTag(_ s: String) -> Tag.Name? {
        if mustBeString(s) { return .str }
        if boolWords.contains(s) { return .bool }
        if nullWords.contains(s) { return .null }
        let u = Array(s.utf8)
        guard let first = u.first else { return nil }
        let isLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        if isLetter { return .str }
        var i = (first == 0x2D || first == 0x2B) ? 1 : 0  // - +
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        guard i < u.count, isDigit(u[i]) else { return nil }
        let leadingZero = u[i] == 0x30
        let intStart = i
        while i < u.count, isDigit(u[i]) { i += 1 }
        if leadingZero && i - intStart > 1 { return nil }  // 0NN: octal or float, Yams decides
        if i == u.count { return .int }
        guard u[i] == 0x2E, i + 1 < u.count else { return nil }  // .
        i += 1
        while i < u.count, isDigit(u[i]) { i += 1 }
        return i == u.count ? .float : nil
    }

    /// The words of the default resolver's bool rule (`Resolver.Rule.bool`).
    static let boolWords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// The words of the default resolver's null rule (`Resolver.Rule.null`).
    static let nullWords: Set<String> = ["~", "null", "Null", "NULL", ""]

    /// True when none of Yams' default resolver rules (`Resolver.Rule.bool`, `.int`,
    /// `.float`, `.merge`, `.null`, `.timestamp`, `.value`) can match `s`, so its tag is
    /// `str`. Any one of these suffices:
    /// - it starts with an ASCII letter that starts no bool or null word (y n t f o, either
    ///   case), or with a byte no rule starts with (every rule starts with one of those
    ///   letters, a digit, `+ - . ~ < =`, or matches the empty string);
    /// - it holds a space or tab and does not start with a digit (only a timestamp may hold
    ///   blanks, and it starts with a digit);
    /// - it holds two dots (every rule allows at most one: a float's fraction, `.inf`,
    ///   `.nan`, a timestamp's fraction), e.g. a version `1.1.0`;
    /// - it holds a byte outside every rule's alphabet (`ruleAlphabet`), e.g. `/` or `w`,
    ///   or, starting with a digit, outside the number and timestamp rules' alphabet
    ///   (`digitFirstAlphabet`), e.g. `30s`.
    /// Every other string goes to Yams (`YAMLTreeTests` compares both on random strings).
    static func mustBeString(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        let isLetter = (first >= 0x41 && first <= 0x5A) || (first >= 0x61 && first <= 0x7A)
        if isLetter && !"yYnNtTfFoO".utf8.contains(first) { return true }
        let isDigit = first >= 0x30 && first <= 0x39
        if !isLetter && !isDigit && !"+-.~<=".utf8.contains(first) { return true }
        var dots = 0
        for b in s.utf8 {
            if b == 0x2E { dots += 1; if dots > 1 { return true } }
            if (b == 0x20 || b == 0x09) && !isDigit { return true }
            if b >= 0x80 || !(isDigit ? digitFirstAlphabet : ruleAlphabet)[Int(b)] { return true }
        }
        return false
    }

    /// The ASCII bytes a rule that can start with a digit (int, float, timestamp) can
    /// match: digits, `_ + - . :`, space, tab, `0b`/`0o`/`0x` and hex digits, exponent `e E`,
    /// and a timestamp's `t T Z`. So `30s` or `512M` is a string.
    static let digitFirstAlphabet: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for b in "0123456789_+-.: \tabcdefoxABCDEFEtTZ".utf8 { table[Int(b)] = true }
        return table
    }()

    /// The ASCII bytes some default resolver rule can match: digits, `_ + - . : ~ < =`,
    /// space, tab, and the letters of its words and number forms (`a-f`, `i l n o r s t u x
    /// y`, `A-F`, `I L N O R S T U Y Z`).
    static let ruleAlphabet: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for b in "0123456789_+-.:~<= \tabcdefilnorstuxyABCDEFILNORSTUYZ".utf8 { table[Int(b)] = true }
        return table
    }()
}
