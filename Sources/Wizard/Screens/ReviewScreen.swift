import DeployKit
import TerminalUI

/// Step 8: every file the plan will write, with action, mode and owner; Enter shows a diff.
enum ReviewScreen {
    static let help = """
    Every file of the bundle: create (new), update (changed; the old one is backed up), \
    unchanged, or keep (an existing secret, never overwritten), with its mode and owner. \
    Enter on a file shows its diff (secret files are never shown); v shows every warning in \
    full. Enter on the last line, or w, writes the bundle.
    """

    /// The help on a review whose plan failed: nothing to diff, read or write yet.
    static let failedHelp = """
    The bundle could not be prepared, so there is nothing to review or write yet: the message \
    says why and which field to change. Esc goes back to the screens to fix it (your answers \
    are kept); q quits without writing anything.
    """

    static let writeItem = "Write these files →"

    /// `typed secret rds_password is not used by selfhosted and will not be written ...`
    /// for the secrets typed for a target the operator switched away from (names only,
    /// never values); nil when there are none.
    static func droppedSecretsNote(_ s: WizardState) -> String? {
        let names = s.droppedTypedSecrets.sorted().map(\.rawValue)
        guard !names.isEmpty else { return nil }
        let what = names.count == 1 ? "typed secret \(names[0]) is" : "typed secrets \(names.joined(separator: ", ")) are"
        return "\(what) not used by \(s.target.rawValue) and will not be written (a typed value is not kept across a target switch: type it again if you switch back)."
    }

    /// The facts `apply --dry-run` gives about the bundle already there, as whole
    /// sentences for the `v` window: the switch and the steps after it, the secrets kept
    /// from an earlier target, the files left in place. Empty when there is nothing to say.
    static func bundleFacts(_ data: ReviewData) -> [String] {
        var out: [String] = []
        if let h = data.switchHeadline {
            out.append("\(h). Writing switches the bundle; every existing secret is kept byte for byte."
                       + (data.switchSteps.isEmpty ? "" : " After writing:"))
            out += data.switchSteps
        }
        if !data.unusedSecretFiles.isEmpty {
            out.append("Kept from an earlier target (this \(data.plan.target.rawValue) bundle does not use them; the wizard never deletes a secret): \(data.unusedSecretFiles.joined(separator: ", "))")
        }
        if !data.staleFiles.isEmpty {
            out.append("Left in place (not used by the new plan; COMPOSE_FILE no longer names them; `freshtrack-deploy apply --prune` moves them aside): \(data.staleFiles.joined(separator: ", "))")
        }
        return out
    }

    /// The short form on the review screen, shown whole above the warnings when writing
    /// switches target: the switch, what is kept and left, and that `v` has the steps.
    static func switchSummary(_ data: ReviewData) -> String? {
        guard let h = data.switchHeadline else { return nil }
        var t = h + "."
        if !data.unusedSecretFiles.isEmpty { t += " Kept, unused: \(data.unusedSecretFiles.joined(separator: ", "))." }
        if !data.staleFiles.isEmpty { t += " Left in place: \(data.staleFiles.joined(separator: ", "))." }
        let migrates = data.switchSteps.contains { $0.hasPrefix("Data:") || $0.hasPrefix("Queue:") }
        if !data.switchSteps.isEmpty {
            t += migrates ? " The data migration follows the write: v shows every step." : " Steps follow the write: v shows them."
        }
        return t
    }

    static func enter(_ s: inout WizardState) -> [Effect] {
        guard let answers = Wizard.answers(s) else { return [] }
        let (_, typed) = SecretsScreen.collect(s)
        s.review = .preparing
        s.reviewMenu = Menu(items: [])
        Wizard.push(&s, .review)
        return [.prepare(answers, typedSecrets: typed)]
    }

    static func prepared(_ s: inout WizardState, _ r: Result<ReviewData, WizardFailure>) {
        switch r {
        case .success(let data):
            s.review = .ready(data)
            // `check` is pure (DeployKit): lint the plan about to be written, in memory.
            do {
                s.reviewCheck = .report(try ComposeChecker.check(plan: data.plan))
            } catch {
                s.reviewCheck = .failed(error.description)
            }
            s.reviewMenu = Menu(items: data.plan.files.map(\.path) + [writeItem], selected: data.plan.files.count)
        case .failure(let e):
            // The engine names answers-file keys (`secrets.dir`); the wizard names its fields.
            s.review = .failed(WizardWording.forWizard(e.message, fields: WizardWording.fieldNames(s)))
            s.reviewCheck = nil
        }
    }

    /// One line for the summary row: `check: no findings`, `check: 1 error, 2 warnings`.
    static func checkSummary(_ c: ReviewCheck?) -> String? {
        switch c {
        case nil: return nil
        case .failed: return "check: could not run"
        case .report(let r):
            if r.findings.isEmpty { return "check: no findings" }
            return "check: \(r.errorCount) error\(r.errorCount == 1 ? "" : "s"), \(r.warningCount) warning\(r.warningCount == 1 ? "" : "s")"
        }
    }

    /// Each finding as `check` prints it: `file:line: severity [rule] service S: message`,
    /// then its fix. Findings never contain a secret's or `.env` value.
    static func checkLines(_ c: ReviewCheck?) -> [(String, Style)] {
        switch c {
        case nil: return []
        case .failed(let why): return [("check could not run: " + why, .error)]
        case .report(let r):
            return r.findings.map { f in
                let loc = f.location.map { "\($0.file):\($0.line)" } ?? "-"
                let svc = f.service.map { " service \($0):" } ?? ""
                return ("check: \(loc): \(f.severity.rawValue) [\(f.rule.rawValue)]\(svc) \(f.message) (fix: \(f.fix))",
                        f.severity == .error ? .error : .warning)
            }
        }
    }

    static func owner(_ o: FileOwner?) -> String {
        guard let o else { return "you" }
        return "\(o.name) \(o.uid):\(o.gid)"
    }

    static func mode(_ m: UInt16) -> String {
        let oct = String(m, radix: 8)
        return String(repeating: "0", count: max(0, 4 - oct.count)) + oct
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        guard case .ready(let data) = s.review else { return [] }
        if s.reviewMenu.handle(key) { return [] }
        let i = s.reviewMenu.selected
        if key == .char("w") || (key == .enter && i == data.plan.files.count) {
            s.writePhase = .writing
            Wizard.push(&s, .write)
            return [.write]
        }
        if key == .enter, let f = data.plan.files[safe: i] {
            s.overlay = .diff(title: f.path, view: diffView(f, data))
        }
        if key == .char("v") {
            s.overlay = .diff(title: data.switchHeadline == nil ? "Warnings, notes and check findings" : "Target switch, warnings, findings",
                              view: warningsView(data, check: s.reviewCheck, width: max(20, s.size.width - 4),
                                                 dropped: droppedSecretsNote(s)))
        }
        return []
    }

    /// Every note and warning, word-wrapped, for the `v` window.
    static func warningsView(_ data: ReviewData, check: ReviewCheck? = nil, width: Int, dropped: String? = nil) -> ScrollView {
        var lines: [ScrollView.Line] = []
        // Step lines of the switch advice (numbered, commands indented) keep their shape.
        for (k, f) in bundleFacts(data).enumerated() {
            let isStep = k > 0 && data.switchHeadline != nil && k <= data.switchSteps.count
            // A step's own indent (its commands are indented) is kept; continuations 2 more.
            let indent = String(repeating: " ", count: f.prefix { $0 == " " }.count)
            let first = (isStep ? "  " : "⚠ ") + indent
            let rest = String(repeating: " ", count: first.count + 2)
            for (j, l) in CharWidth.wrap(String(f.dropFirst(indent.count)), width: max(10, width - rest.count)).enumerated() {
                lines.append(.init((j == 0 ? first : rest) + l, style: isStep ? .plain : .warning))
            }
        }
        if !lines.isEmpty { lines.append(.init("")) }
        let items = (dropped.map { [("Note: " + $0, Style.warning)] } ?? []) + data.notes.map { ("Note: " + $0, Style.plain) }
            + data.plan.warnings.map { ($0, Style.warning) } + checkLines(check)
        if items.isEmpty {
            return ScrollView(lines: lines + [.init("No warnings.", style: .muted)] + (checkSummary(check).map { [.init($0, style: .muted)] } ?? []))
        }
        for (text, style) in items {
            for (k, l) in CharWidth.wrap(text, width: width - 2).enumerated() {
                lines.append(.init((k == 0 ? "⚠ " : "  ") + l, style: style))
            }
        }
        return ScrollView(lines: lines)
    }

    static func diffView(_ f: PlannedFile, _ data: ReviewData) -> ScrollView {
        if f.kind.isSecret {
            return ScrollView(lines: [.init("Secret files are never shown.", style: .muted),
                                      .init("\(f.path): \(f.action.rawValue), mode \(mode(f.mode)), owner \(owner(f.owner))")])
        }
        let new = String(decoding: f.contents, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch f.action {
        case .update:
            let old = String(decoding: data.currentContents[f.path] ?? [], as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return TextDiff.scrollView(old: old, new: new)
        case .create:
            return TextDiff.scrollView(old: [], new: new)
        case .unchanged, .keep:
            return ScrollView(lines: [.init("(unchanged)", style: .muted)] + new.map { .init("  " + $0) })
        }
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        switch s.review {
        case .preparing:
            b.write("Preparing the bundle…", x: rect.x, y: rect.y, style: .title)
        case .failed(let msg):
            b.write("The bundle cannot be prepared:", x: rect.x, y: rect.y, style: .error)
            var y = rect.y + 2
            for l in CharWidth.wrap(msg, width: rect.width).prefix(rect.height - 4) {
                b.write(l, x: rect.x, y: y); y += 1
            }
            b.write("Esc goes back to fix it; nothing has been written.", x: rect.x, y: y + 1, style: .muted)
        case .ready(let data):
            renderReady(s, data, into: &b, rect: rect)
        }
    }

    /// Draws a prepared review: the counts, the file table (scrolled to the selection)
    /// with the write item last, then the switch summary, the dropped-secrets note and
    /// as many one-line warnings as fit.
    private static func renderReady(_ s: WizardState, _ data: ReviewData, into b: inout ScreenBuffer, rect: Rect) {
        let files = data.plan.files
        func count(_ a: FileAction) -> Int { files.filter { $0.action == a }.count }
        b.write("\(files.count) files for \(data.plan.target.displayName), \(data.plan.environment.rawValue)",
                x: rect.x, y: rect.y, style: .title, maxWidth: rect.width)
        b.write("\(count(.create)) create · \(count(.update)) update · \(count(.unchanged)) unchanged · \(count(.keep)) keep",
                x: rect.x, y: rect.y + 1, style: .muted, maxWidth: rect.width)
        let plain = data.notes.map { "Note: " + $0 } + data.plan.warnings
        let checkItems = checkLines(s.reviewCheck)
        let warnings = plain + checkItems.map(\.0)
        let dropped = wholeNotes(s, data, width: rect.width)
        // Fewer one-line warnings under a long switch summary (v reads them all), so
        // the file list keeps room.
        let warnRows = min(warnings.count, max(warnings.isEmpty ? 0 : 1, rect.height / 4 - dropped.count / 2)) + dropped.count
        let listTop = rect.y + 3
        let listHeight = rect.height - 3 - (warnRows > 0 ? warnRows + 1 : 0)
        let ownerWidth = renderTableHeader(s, data, into: &b, rect: rect, y: listTop - 1)
        let rows = max(1, listHeight)
        renderFileRows(s, files, into: &b, rect: rect, top: listTop, rows: rows, ownerWidth: ownerWidth)
        var y = listTop + rows + 1
        if !warnings.isEmpty || !dropped.isEmpty || !bundleFacts(data).isEmpty {
            let facts = bundleFacts(data).count + (droppedSecretsNote(s) == nil ? 0 : 1)
            let hint = "v: read all \(warnings.count + facts)"
            b.write(hint, x: rect.maxX - CharWidth.of(hint), y: y - 1, style: .muted)
        }
        for l in dropped where y < rect.maxY {
            b.write(l, x: rect.x, y: y, style: .warning, maxWidth: rect.width); y += 1
        }
        for (k, w) in warnings.prefix(warnRows - dropped.count).enumerated() where y < rect.maxY {
            // One line each: a longer one ends with `…` at a word boundary (v has it whole).
            b.write(WizardWording.oneLine("⚠ " + w, width: rect.width), x: rect.x, y: y,
                    style: k >= plain.count ? checkItems[k - plain.count].1 : .warning); y += 1
        }
    }

    /// The lines of the notes a review always shows whole, wrapped to `width` less 2
    /// (`⚠ ` first, continuations indented): the target switch summary, then the note on
    /// typed secrets the target does not use.
    private static func wholeNotes(_ s: WizardState, _ data: ReviewData, width: Int) -> [String] {
        (switchSummary(data).map { t in
            CharWidth.wrap(t, width: width - 2).enumerated().map { ($0.offset == 0 ? "⚠ " : "  ") + $0.element }
        } ?? []) + (droppedSecretsNote(s).map { note in
            CharWidth.wrap("Note: " + note, width: width - 2).enumerated().map { ($0.offset == 0 ? "⚠ " : "  ") + $0.element }
        } ?? [])
    }

    /// Draws the file table's header on row `y` (the owner column says when a chown is
    /// needed), and the `check` summary right-aligned on it. Returns the owner column's width.
    private static func renderTableHeader(_ s: WizardState, _ data: ReviewData, into b: inout ScreenBuffer, rect: Rect, y: Int) -> Int {
        let files = data.plan.files
        let chown = data.ownersNeedChown && files.contains { $0.owner != nil }
        let ownerHeader = chown ? "owner (chown needed)" : "owner"
        let ownerWidth = max(8, CharWidth.of(ownerHeader), files.map { CharWidth.of(owner($0.owner)) }.max() ?? 0) + 2
        b.write("  " + CharWidth.pad("action", to: 10) + CharWidth.pad("mode", to: 6) + CharWidth.pad(ownerHeader, to: ownerWidth) + "path",
                x: rect.x, y: y, style: .bold, maxWidth: rect.width)
        if let c = checkSummary(s.reviewCheck) {
            // `check` on the plan, right-aligned on the header row.
            let clean = if case .report(let r) = s.reviewCheck { r.findings.isEmpty } else { false }
            let x = max(rect.x + 44, rect.maxX - CharWidth.of(c))
            b.write(c, x: x, y: y, style: clean ? .success : .error, maxWidth: rect.maxX - x)
        }
        return ownerWidth
    }

    /// Draws `rows` rows of the file table from row `top`, scrolled so the selected line
    /// shows (the write item is the line after the last file), and, when not all fit,
    /// how many are above and below on the counts line.
    private static func renderFileRows(_ s: WizardState, _ files: [PlannedFile], into b: inout ScreenBuffer, rect: Rect,
                                       top listTop: Int, rows: Int, ownerWidth: Int) {
        let sel = s.reviewMenu.selected
        let first = max(0, sel - rows + 1)
        let hidden = (files.count + 1) - rows
        if hidden > 0 {
            let more = "(\(first) above, \(max(0, files.count + 1 - first - rows)) below; ↑↓ scroll)"
            b.write(more, x: rect.maxX - CharWidth.of(more), y: rect.y + 1, style: .muted)
        }
        for (row, i) in (first..<min(files.count + 1, first + rows)).enumerated() {
            let y = listTop + row
            let isSel = i == sel
            if i == files.count {
                b.write((isSel ? "▸ " : "  ") + writeItem, x: rect.x, y: y, style: isSel ? .focus : .bold)
                continue
            }
            let f = files[i]
            let actionStyle: Style = switch f.action {
            case .create: .success
            case .update: .warning
            case .unchanged, .keep: .muted
            }
            let x0 = b.write(isSel ? "▸ " : "  ", x: rect.x, y: y, style: isSel ? .focus : .plain)
            b.write(CharWidth.pad(f.action.rawValue, to: 10), x: x0, y: y, style: isSel ? actionStyle.reversed : actionStyle)
            let rest = CharWidth.pad(mode(f.mode), to: 6) + CharWidth.pad(owner(f.owner), to: ownerWidth) + f.path
            b.write(CharWidth.pad(rest, to: rect.width - 12), x: x0 + 10, y: y, style: isSel ? .focus : .plain,
                    maxWidth: rect.width - 12)
        }
    }
}

/// Step 9: writes through the same writer as `apply`, then the summary and the next command.
enum WriteScreen {
    static let help = """
    The bundle is written atomically: each file is staged, synced and renamed into place, \
    changed files are backed up first, secrets are 0600 in a 0700 directory. If you are not \
    root, run the chown commands shown so each container user can read its secrets.
    """

    static func written(_ s: inout WizardState, _ r: Result<WriteSummary, WizardFailure>) {
        switch r {
        case .success(let sum):
            s.writePhase = .done(sum)
            s.dirty = false
        case .failure(let e):
            s.writePhase = .failed(WizardWording.forWizard(e.message, fields: WizardWording.fieldNames(s)))
        }
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        if case .done = s.writePhase, key == .enter { return [.quit(status: 0)] }
        if case .failed = s.writePhase, key == .char("w") {
            // Retry: the plan is made again against the disk as it is now and shown for
            // review (what was reviewed may no longer hold); w there writes.
            s.step = s.history.popLast() ?? .review
            guard let answers = Wizard.answers(s) else { return [] }
            s.review = .preparing
            s.reviewMenu = Menu(items: [])
            s.notice = "Planned again after the failed write: check the plan, then w writes."
            return [.prepare(answers, typedSecrets: SecretsScreen.collect(s).1)]
        }
        return []
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        switch s.writePhase {
        case .writing:
            b.write("Writing the bundle to \(s.directory)…", x: rect.x, y: rect.y, style: .title, maxWidth: rect.width)
            if case .ready(let data) = s.review {
                b.write("\(data.plan.files.count) files: staging, syncing and renaming into place.", x: rect.x,
                        y: rect.y + 2, style: .muted)
            }
        case .failed(let msg):
            b.write("Writing failed; nothing on disk was lost or half-written.", x: rect.x, y: rect.y, style: .error)
            var y = rect.y + 2
            for l in CharWidth.wrap(msg, width: rect.width).prefix(rect.height - 7) { b.write(l, x: rect.x, y: y); y += 1 }
            y += 1
            let next = "Fix the cause, then press w: the bundle is planned again against the disk as it is now and shown for review before anything is written. Esc goes back to change answers; q quits and saves your answers (never a secret value) to a file named when you leave."
            for l in CharWidth.wrap(next, width: rect.width) where y < rect.maxY { b.write(l, x: rect.x, y: y, style: .bold); y += 1 }
        case .done(let sum):
            var y = rect.y
            b.write("✓ Bundle written to \(sum.directory)", x: rect.x, y: y, style: Style(bold: true, color: .success),
                    maxWidth: rect.width)
            y += 2
            let counts = "\(sum.written.count) written · \(sum.unchanged.count) unchanged · \(sum.kept.count) \(sum.kept.count == 1 ? "secret" : "secrets") kept · \(sum.backups.count) \(sum.backups.count == 1 ? "backup" : "backups")"
            b.write(counts, x: rect.x, y: y, maxWidth: rect.width)
            y += 1
            var lines: [(String, Style)] = []
            for bk in sum.backups { lines.append(("  backup: " + bk, .muted)) }
            for n in sum.notes {
                for (k, l) in CharWidth.wrap(n, width: rect.width - 4).enumerated() { lines.append(((k == 0 ? "" : "    ") + l, .plain)) }
            }
            if !sum.chownCommands.isEmpty {
                lines.append(("", .plain))
                lines.append(("Not running as root: give each container user its secrets with", .warning))
                for c in sum.chownCommands { lines.append(("  " + c, .plain)) }
            }
            let room = max(0, rect.maxY - y - 6)
            let shown = lines.count > room ? Array(lines.prefix(max(0, room - 1))) : lines
            for (t, st) in shown { b.write(t, x: rect.x, y: y, style: st, maxWidth: rect.width); y += 1 }
            if shown.count < lines.count {
                b.write("  … \(lines.count - shown.count) more lines, printed when you leave", x: rect.x, y: y, style: .muted)
                y += 1
            }
            y = max(y + 1, rect.maxY - 5)
            b.write("The full summary is printed when you leave (Enter).", x: rect.x, y: y, style: .muted)
            y += 1
            b.write("Next, from the bundle directory:", x: rect.x, y: y, style: .bold)
            b.write("  cd \(sum.directory)", x: rect.x, y: y + 1, maxWidth: rect.width)
            b.write("  " + sum.nextCommand, x: rect.x, y: y + 2, style: Style(bold: true, color: .accent), maxWidth: rect.width)
        }
    }
}
