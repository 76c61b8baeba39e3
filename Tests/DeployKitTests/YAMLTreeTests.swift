import Foundation
import Testing
import TestSupport
import Yams
@testable import DeployKit

/// The speed-ups of DeployKit's YAML reading must not change a single value: each is checked
/// against Yams' own default path (the oracle) on every embedded asset and on scalars chosen
/// to hit every default resolver rule.
@Suite struct YAMLTreeTests {
    /// A canonical text of a value built by Yams' constructor (dictionary keys sorted, each
    /// leaf with its type), so two trees compare equal only when they hold the same values
    /// of the same types.
    static func canonical(_ value: Any?) -> String {
        switch value {
        case nil: return "nil"
        case let d as [AnyHashable: Any]:
            let items = d.map { (canonical($0.key.base), canonical($0.value)) }.sorted { $0.0 < $1.0 }
            return "{" + items.map { "\($0.0):\($0.1)" }.joined(separator: ",") + "}"
        case let a as [Any]:
            return "[" + a.map(canonical).joined(separator: ",") + "]"
        case let v?:
            return "\(type(of: v))(\(String(reflecting: v)))"
        }
    }

    static let trickyScalars = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "y", "n", "null", "Null", "NULL", "~", "nulls", "onion",
        "0", "-1", "+7", "1_000", "0b101", "0o17", "017", "0x1F", "1:30", "190:20:30", "01", "1.5", "-.5",
        ".5", "1e3", "1.0e+3", "6.8523015e+5", "685.230_15e+03", ".inf", "-.Inf", ".NaN", "<<", "=",
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2002-12-14",
        "a b", "1 2", "- x", "yes please", "Only words", "t", "x", "Zed", "élan", "ümlaut 2", "-", "+",
        "tab\there", "under_score", "ABC", "usd_per_month", "3 users", "$5", "\"q\"",
    ]

    @Test func mustBeStringNeverDisagreesWithTheDefaultResolver() {
        var fast = 0
        for s in Self.trickyScalars + ["plain", "Hello world", "oops", "fine", "nine 9"] {
            let tag = Resolver.default.resolveTag(of: Node(s))
            if YAMLTree.mustBeString(s) {
                fast += 1
                #expect(tag == .str, "\(s.debugDescription) resolves to \(tag.rawValue), not str")
            }
        }
        #expect(fast > 10)
    }

    @Test func plainTagNeverDisagreesWithTheDefaultResolver() {
        var known: [Yams.Tag.Name: Int] = [:]
        let extras = ["plain", "target", "none", "name", "options", "traffic", "fixed", "tier-growing",
                      "0", "7", "-3", "+12", "730", "0.018", "-2.5", "10.", "1.2.3", "00", "0.0", "007", "08",
                      "12a", "1_0", "1e5", "nullable", "Onward", "yesterday", "TRUEISH", "x1", ""]
        for s in Self.trickyScalars + extras {
            let tag = Resolver.default.resolveTag(of: Node(s))
            if let fast = YAMLTree.plainTag(s) {
                known[fast, default: 0] += 1
                #expect(fast == tag, "\(s.debugDescription): plainTag \(fast.rawValue), Yams \(tag.rawValue)")
            }
        }
        #expect((known[.str] ?? 0) > 10 && (known[.int] ?? 0) > 3 && (known[.float] ?? 0) > 1)
        #expect(known[.bool] == 18 && known[.null] == 5)
    }

    /// Random strings over the default rules' alphabet (plus bytes outside it): wherever
    /// `plainTag` answers, Yams' default resolver gives the same tag. Deterministic
    /// (a fixed-seed generator), so a failure reproduces.
    @Test func plainTagAgreesWithTheDefaultResolverOnRandomStrings() {
        var rng = SplitMix64(state: 0x5eed_f00d)
        let alphabet = Array("0123456789012345678901234567890123456789_+-.:.:-  \tabcdefxobeEtTZinfINFaNnulLyYsSmMhG~<=/w@é")
        var answered = 0, disagreements: [String] = []
        for _ in 0..<30_000 {
            let n = Int(rng.next() % 11)
            let s = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            guard let fast = YAMLTree.plainTag(s) else { continue }
            answered += 1
            let yams = Resolver.default.resolveTag(of: Node(s))
            if fast != yams && disagreements.count < 10 { disagreements.append("\(s.debugDescription): \(fast.rawValue) vs \(yams.rawValue)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
        #expect(answered > 15_000)
        for s in ["1.1.0", "30s", "512M", "1h30m", "/ecs/freshtrack", "arn:aws:iam::1:role/x", "file:/tmp/a", "10.0.0.1", "sg-0c3d"] {
            #expect(YAMLTree.plainTag(s) == .str, "\(s)")
        }
    }

    /// `YAMLTree.string` emits exactly what Yams' `String.represented()` emits, for every
    /// tricky and random string: the same bytes from `Yams.serialize`, which read back as the
    /// same string.
    @Test func fastStringNodesEmitTheSameBytesAsYamsRepresented() throws {
        var rng = SplitMix64(state: 0xfa57_5eed)
        let alphabet = Array("0123456789_+-.: abcdefxoetTZinfNulyY~<=/w'\"#é")
        var strings = Self.trickyScalars + ["", " lead", "trail ", "a: b", "# c", "- d", "[e]", "{f}", "it's", "\"q\"", "x\ny"]
        for _ in 0..<3_000 {
            let n = Int(rng.next() % 9)
            strings.append(String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
        }
        let fast = YAMLTree.sequence(strings.map(YAMLTree.string))
        let yams = Node.sequence(Node.Sequence(strings.map { Node.scalar($0.represented()) }))
        let fastText = try Yams.serialize(node: fast, width: -1, allowUnicode: true)
        #expect(fastText == (try Yams.serialize(node: yams, width: -1, allowUnicode: true)))
        #expect((try Yams.load(yaml: fastText) as? [String]) == strings)
        let pairs: [(String, Node)] = [("a", YAMLTree.scalar("1", .int, .plain)), ("b", YAMLTree.scalar("true", .bool, .plain)),
                                       ("c", YAMLTree.scalar("x", .str, .doubleQuoted))]
        let yamsMap = Node.mapping(Node.Mapping([(Node("a"), Node("1", Tag(.int), .plain)), (Node("b"), Node("true", Tag(.bool), .plain)),
                                                 (Node("c"), Node("x", Tag(.str), .doubleQuoted))]))
        #expect(try Yams.serialize(node: YAMLTree.mapping(pairs)) == (try Yams.serialize(node: yamsMap)))
    }

    @Test func loadEqualsYamsLoadOnEveryYAMLAsset() throws {
        let paths = Assets.paths.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
        #expect(paths.contains("pricing.yaml") && paths.contains("decision-matrix.yaml"))
        for path in paths {
            let text = Assets.required(path)
            let expected = Self.canonical(try Yams.load(yaml: text))
            #expect(Self.canonical(try YAMLTree.compose(text)?.any) == expected, "\(path)")
        }
    }

    @Test func loadEqualsYamsLoadOnEveryResolverRule() throws {
        var yaml = "plain:\n"
        for s in Self.trickyScalars where !s.hasPrefix("\"") && !s.hasPrefix("-") && !s.hasPrefix("~") && s != "=" && s != "<<" {
            yaml += "  - \(s)\n"
        }
        yaml += "quoted:\n" + Self.trickyScalars.map { "  - '\($0.replacingOccurrences(of: "'", with: "''"))'\n" }.joined()
        yaml += "keys:\n  one: 1\n  'two': \"2\"\n  three: !!str 3\n  four: ~\n  five:\n  six: |\n    block\n"
        yaml += "anchors:\n  base: &b {a: 1, b: yes}\n  copy: *b\n"
        let expected = Self.canonical(try Yams.load(yaml: yaml))
        #expect(expected.contains("Bool(true)") && expected.contains("Int(1)") && expected.contains("Double("))
        #expect(Self.canonical(try YAMLTree.compose(yaml)?.any) == expected)
    }

    /// `YAMLTree.compose` gives the tree Yams' default `compose` gives: same tags, same
    /// typed values, same line marks (answers errors cite lines).
    @Test func composeEqualsYamsComposeOnEveryAssetAndResolverRule() throws {
        var texts = Assets.paths.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.map { Assets.required($0) }
        var tricky = "plain:\n"
        for s in Self.trickyScalars where !s.hasPrefix("\"") && !s.hasPrefix("-") && !s.hasPrefix("~") && s != "=" && s != "<<" {
            tricky += "  - \(s)\n"
        }
        tricky += "empty:\ntilde: ~\nquoted: 'yes'\nnumber: \"12\"\n"
        texts.append(tricky)
        for text in texts {
            let fast = try #require(try YAMLTree.compose(text))
            let yams = try #require(try Yams.compose(yaml: text))
            #expect(Self.typedShape(fast) == Self.typedShape(yams))
            #expect(Self.marks(fast) == Self.marks(yams))
        }
    }

    static func marks(_ node: Node) -> [Int] {
        switch node {
        case .scalar: return [node.mark?.line ?? -1]
        case .mapping(let m): return [node.mark?.line ?? -1] + m.flatMap { marks($0.key) + marks($0.value) }
        case .sequence(let q): return [node.mark?.line ?? -1] + q.flatMap(marks)
        case .alias: return []
        }
    }

    /// A tree with every tag resolved and every value typed, for comparing default-resolver trees.
    static func typedShape(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            return node.tag.rawValue + "=" + s.string + "|" + String(describing: node.bool) + "|" + String(describing: node.int)
        case .mapping(let m): return node.tag.rawValue + "{" + m.map { typedShape($0.key) + ":" + typedShape($0.value) }.joined(separator: ",") + "}"
        case .sequence(let q): return node.tag.rawValue + "[" + q.map(typedShape).joined(separator: ",") + "]"
        case .alias: return "*"
        }
    }

    /// The cached compose trees every planner reader shares equal Yams' own default parse
    /// (tags, typed values), and read the same after they have been read once.
    @Test func composeAssetNodesEqualYamsDefaultParse() throws {
        var files = 0
        for path in Assets.paths where path.hasPrefix("compose/") {
            let file = String(path.dropFirst("compose/".count))
            let yams = try #require(try Yams.compose(yaml: Assets.required(path)))
            #expect(Self.typedShape(try BundleLayout.assetNode(file)) == Self.typedShape(yams), "\(file)")
            #expect(Self.typedShape(try BundleLayout.assetNode(file)) == Self.typedShape(yams), "\(file)")
            files += 1
        }
        #expect(files >= 7)
        let aws = try BundleLayout.activeServices(files: ["docker-compose.yml", "compose.aws.yaml"])
        #expect(aws.contains("backend") && !aws.contains("postgres") && !aws.contains("minio"))
        // A typed read the planner makes: the backend's health check retries (an int).
        let facts = try ComposeServiceFacts.of(service: "backend", files: ["docker-compose.yml"])
        #expect(facts.healthRetries != nil && facts.healthCheck != nil)
    }
}
