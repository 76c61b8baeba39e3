import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

let size80 = Size(width: 80, height: 24)
let size120 = Size(width: 120, height: 40)

/// Applies messages in order, collecting every effect.
@discardableResult
func send(_ s: inout WizardState, _ msgs: [Msg]) -> [Effect] {
    var all: [Effect] = []
    for m in msgs {
        let (next, effects) = Wizard.update(s, m)
        s = next
        all += effects
    }
    return all
}

@discardableResult
func press(_ s: inout WizardState, _ keys: Key...) -> [Effect] {
    send(&s, keys.map { .event(.key($0)) })
}

/// Types `text` one character at a time.
@discardableResult
func type(_ s: inout WizardState, _ text: String) -> [Effect] {
    send(&s, text.map { .event(.key(.char($0))) })
}

/// Clears the focused text field (Ctrl-U) and types `text`.
func replace(_ s: inout WizardState, _ text: String) {
    press(&s, .ctrl("u"))
    type(&s, text)
}

func fresh(_ size: Size = size80) -> WizardState {
    var s = Wizard.start(directory: "/srv/freshtrack", size: size).0
    send(&s, [.previousLoaded(.success(nil))])
    return s
}

/// Fresh state walked to `step` with valid answers for `target`.
func walk(to step: Step, target: Target = .selfhosted, size: Size = size80) -> WizardState {
    var s = fresh(size)
    if step == .welcome { return s }
    press(&s, .enter)                                 // welcome -> environment
    if step == .environment { return s }
    press(&s, .enter)                                 // production -> needs
    if step == .needs { return s }
    replace(&s, "750")
    press(&s, .tab); replace(&s, "120")
    press(&s, .enter)                                 // -> recommendation
    if step == .recommendation { return s }
    let idx = s.recommendationMenu.items.firstIndex(of: target.rawValue)!
    while s.recommendationMenu.selected != idx { press(&s, s.recommendationMenu.selected < idx ? .down : .up) }
    press(&s, .enter)                                 // -> costs
    if step == .costs { return s }
    press(&s, .enter)                                 // -> details
    fillDetails(&s, target)
    if step == .details { return s }
    press(&s, .enter)                                 // -> secrets
    send(&s, [.secretsChecked(dir: "secrets", existing: [])])
    if step == .secrets { return s }
    fillProvidedSecrets(&s)
    press(&s, .enter)                                 // -> review
    if step == .review { return s }
    send(&s, [.prepared(.success(samplePlan(target)))])
    press(&s, .char("w"))                             // -> write
    return s
}

func focus(_ s: inout WizardState, _ form: KeyPath<WizardState, Form>, _ id: String) {
    var guardCount = 0
    while s[keyPath: form].focusedField?.id != id && guardCount < 40 { press(&s, .tab); guardCount += 1 }
    if s[keyPath: form].focusedField?.id != id {
        while s[keyPath: form].focusedField?.id != id && guardCount < 80 { press(&s, .backTab); guardCount += 1 }
    }
}

func fillDetails(_ s: inout WizardState, _ target: Target) {
    let values: [String: String] = [
        "app.version": "1.1.0", "app.domain": "track.freshtrack.io", "app.acme_email": "ops@freshtrack.io",
        "digitalocean.database_host": "db-postgresql-nyc3-12345-do-user-1.b.db.ondigitalocean.com",
        "digitalocean.spaces_bucket": "freshtrack-files",
        "aws.account_id": "123456789012", "aws.rds_endpoint": "freshtrack.c9akciq32xyz.us-east-1.rds.amazonaws.com",
        "aws.elasticache_endpoint": "freshtrack.abc123.ng.0001.use1.cache.amazonaws.com",
        "aws.s3_bucket": "freshtrack-files-prod",
    ]
    for f in s.details.fields {
        guard let v = values[f.id] else { continue }
        focus(&s, \.details, f.id)
        replace(&s, v)
    }
    focus(&s, \.details, "app.version")
}

/// Provided secrets get a file source, so a walk can reach the review.
func fillProvidedSecrets(_ s: inout WizardState) {
    for f in s.secrets.fields where f.id.hasSuffix(".source") {
        let name = SecretName(rawValue: String(f.id.dropFirst("secret.".count).dropLast(".source".count)))!
        guard !name.canGenerate, name != .elasticacheAuthToken else { continue }
        let pathID = "secret.\(name.rawValue).path"
        focus(&s, \.secrets, pathID)
        replace(&s, "/root/freshtrack/\(name.rawValue).txt")
    }
    focus(&s, \.secrets, "secrets.dir")
}

/// Sets `name`'s source to "type it" and focuses its value field.
func chooseTypeIt(_ s: inout WizardState, _ name: SecretName) {
    let id = "secret.\(name.rawValue)"
    focus(&s, \.secrets, id + ".source")
    while s.secrets.choice(id + ".source") != SecretsScreen.typeIt { press(&s, .right) }
    focus(&s, \.secrets, id + ".value")
}

/// Sets `name`'s source to `option` (one of its source choices), leaving the focus there.
func chooseSource(_ s: inout WizardState, _ name: SecretName, _ option: String) {
    focus(&s, \.secrets, "secret.\(name.rawValue).source")
    let opts: [String]
    if case .choice(let o, _) = s.secrets.focusedField!.kind { opts = o } else { opts = [] }
    let want = opts.firstIndex(of: option)!
    while s.secrets.choiceIndex("secret.\(name.rawValue).source") != want { press(&s, .right) }
}

/// Types `value` for `name` ("type it") in its value and confirm fields.
func typeSecretTwice(_ s: inout WizardState, _ name: SecretName, _ value: String) {
    chooseTypeIt(&s, name)
    type(&s, value)
    press(&s, .tab); type(&s, value)
}

/// The screen's words in order (lines trimmed and joined by one space): a wrapped
/// message reads as one sentence.
func screenWords(_ screen: ScreenBuffer) -> String {
    screen.lines().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        .joined(separator: " ").split(separator: " ").joined(separator: " ")
}

/// `text` with every run of spaces made one space: how `screenWords` shows it when whole.
func wholeWords(_ text: String) -> String { text.split(separator: " ").joined(separator: " ") }

/// The lines of `s` drawn at `size`.
func screenLines(_ s: WizardState, _ size: Size = size80) -> [String] { Wizard.view(s, size: size).lines() }

/// A small, fixed plan: one file of each action, a secret with an owner, one warning.
func samplePlan(_ target: Target) -> ReviewData {
    let compose = Array("services:\n  backend:\n    image: ghcr.io/freshtrack/backend:1.1.0\n".utf8)
    let plan = Plan(
        target: target, environment: .production,
        directories: [PlannedDirectory(path: "secrets", mode: 0o700)],
        files: [
            PlannedFile(path: "secrets/postgres_password.txt", contents: Array("not shown".utf8), mode: 0o600,
                        owner: FileOwner(uid: 70, gid: 70, name: "postgres"), kind: .secret(.postgresPassword), action: .keep),
            PlannedFile(path: "compose.yaml", contents: compose, mode: 0o644, kind: .compose, action: .update),
            PlannedFile(path: target.overlayFileName, contents: Array("services: {}\n".utf8), mode: 0o644,
                        kind: .compose, action: .create),
            PlannedFile(path: "Caddyfile", contents: Array("track.freshtrack.io {\n}\n".utf8), mode: 0o644,
                        kind: .caddyfile, action: .unchanged),
            PlannedFile(path: "freshtrack-answers.yaml", contents: Array("version: 1\n".utf8), mode: 0o644,
                        kind: .answers, action: .create),
        ],
        warnings: ["Back up the PostgreSQL volume before upgrading."],
        nextCommand: "docker compose -f compose.yaml -f \(target.overlayFileName) up -d")
    let old = Array("services:\n  backend:\n    image: ghcr.io/freshtrack/backend:1.0.0\n".utf8)
    return ReviewData(plan: plan, currentContents: ["compose.yaml": old])
}

func sampleSummary() -> WriteSummary {
    WriteSummary(written: ["compose.yaml", "compose.production.yaml", "freshtrack-answers.yaml"],
                 unchanged: ["Caddyfile"], kept: ["secrets/postgres_password.txt"],
                 backups: ["compose.yaml.bak.20261129T091500Z"],
                 chownCommands: ["sudo chown 70:70 /srv/freshtrack/secrets/postgres_password.txt"],
                 directory: "/srv/freshtrack", nextCommand: "docker compose -f compose.yaml -f compose.production.yaml up -d")
}

/// Compares `buffer`'s text with `Snapshots/<name>.txt`; `FRESHTRACK_UPDATE_SNAPSHOTS=1`
/// rewrites the file. A missing file is written and the test fails (so it is reviewed).
func expectSnapshot(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent("\(name)-\(buffer.size.width)x\(buffer.size.height).txt")
    let text = buffer.text + "\n"
    let update = ProcessInfo.processInfo.environment["FRESHTRACK_UPDATE_SNAPSHOTS"] == "1"
    guard !update, let golden = try? String(contentsOf: file, encoding: .utf8) else {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? text.write(to: file, atomically: true, encoding: .utf8)
        if !update { Issue.record("snapshot \(file.lastPathComponent) was missing; written, review it", sourceLocation: sourceLocation) }
        return
    }
    if golden != text {
        let g = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let t = text.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDiff = zip(g, t).enumerated().first { $0.element.0 != $0.element.1 }
        let detail = firstDiff.map { "row \($0.offset): expected \(String($0.element.0).debugDescription), got \(String($0.element.1).debugDescription)" } ?? "row count differs"
        Issue.record("snapshot \(file.lastPathComponent) differs (\(detail)); FRESHTRACK_UPDATE_SNAPSHOTS=1 rewrites it",
                     sourceLocation: sourceLocation)
    }
}
