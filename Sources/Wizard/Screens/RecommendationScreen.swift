import DeployKit
import TerminalUI

/// Step 4: the ranking, why, conflicts, and the decision matrix with deciding rows marked.
enum RecommendationScreen {
    static let help = """
    The recommender scores the three targets against your needs using the seed's trade-off \
    matrix. Up/Down select a target to see its reasons; Enter chooses it (the recommended one \
    is marked ★). Tab switches between the reasons and the matrix on small windows. Reasons     and conflicts are shown whole: when they do not all fit, a line says how many are left     and v reads them all.
    """

    /// Computes the recommendation for the current needs and selects the chosen (or
    /// recommended) target.
    static func enter(_ s: inout WizardState) {
        let rec = recommendation(s)
        s.recommended = rec?.recommended
        let order = ranking(s, rec)
        s.recommendationMenu = Menu(items: order.map(\.rawValue))
        let want = s.chosenTarget ?? rec?.recommended ?? .selfhosted
        s.recommendationMenu.select(order.firstIndex(of: want) ?? 0)
    }

    static func recommendation(_ s: WizardState) -> Recommendation? {
        guard let needs = NeedsScreen.needs(s.needs) else { return nil }
        return Recommender.recommend(needs)
    }

    static func ranking(_ s: WizardState, _ rec: Recommendation?) -> [Target] {
        let ranked = rec?.ranking.map(\.target) ?? []
        return ranked.count == Target.allCases.count ? ranked : ranked + Target.allCases.filter { !ranked.contains($0) }
    }

    static func selectedTarget(_ s: WizardState) -> Target {
        Target(rawValue: s.recommendationMenu.items[safe: s.recommendationMenu.selected] ?? "") ?? .selfhosted
    }

    static func update(_ s: inout WizardState, _ key: Key) -> [Effect] {
        if s.recommendationMenu.handle(key) { return [] }
        switch key {
        case .tab, .backTab: s.recommendationShowsMatrix.toggle()
        case .char("v"):
            // Every reason, note and conflict of the selected target, whole, scrollable.
            let t = selectedTarget(s)
            s.overlay = .diff(title: "Why \(t.displayName)",
                              view: ScrollView(lines: why(recommendation(s), t, width: max(20, s.size.width - 4))))
        case .enter:
            s.chosenTarget = selectedTarget(s)
            CostsScreen.enter(&s)
            Wizard.push(&s, .costs)
        default: break
        }
        return []
    }

    static func render(_ s: WizardState, into b: inout ScreenBuffer, rect: Rect) {
        let rec = recommendation(s)
        var y = rect.y
        b.write("Recommended deployment target", x: rect.x, y: y, style: .title)
        y += 2
        let order = ranking(s, rec)
        for (i, t) in order.enumerated() {
            let ranked = rec?.ranking.first { $0.target == t }
            let sel = i == s.recommendationMenu.selected
            var line = (sel ? "▸ " : "  ") + "\(i + 1). " + CharWidth.pad(t.displayName, to: 36)
            if let r = ranked { line += CharWidth.padLeft("score \(r.score)", to: 10) }
            if t == rec?.recommended { line += "  ★ recommended" }
            b.write(line, x: rect.x, y: y, style: sel ? .focus : (t == rec?.recommended ? .bold : .plain), maxWidth: rect.width)
            y += 1
        }
        y += 1
        // Every cell whole: word-wrapped inside its column (never cut with "…").
        let matrix = matrixTable(rec).wrappedLines(width: rect.width)
        let blocks = whyBlocks(rec, selectedTarget(s), width: rect.width)
        let whyLines = blocks.flatMap(\.lines)
        let roomForBoth = rect.maxY - y >= whyLines.count + 1 + matrix.lines.count
        if roomForBoth || !s.recommendationShowsMatrix {
            // Whole reasons, notes and conflicts only, in their order; when they do not all
            // fit, the heading and reasons come first, then conflicts, then notes (each kind
            // from its start), and the last line counts those left out and names the keys.
            let room = roomForBoth ? whyLines.count : rect.maxY - 1 - y
            let shown = fitting(blocks, room: room)
            for l in blocks.indices.filter(shown.contains).flatMap({ blocks[$0].lines }) {
                b.write(l.text, x: rect.x, y: y, style: l.style, maxWidth: rect.width); y += 1
            }
            if !roomForBoth {
                let left = blocks.indices.filter { !shown.contains($0) }.map { blocks[$0] }
                let conflicts = left.filter(\.isConflict).count
                var last = "Tab: show the decision matrix"
                if !left.isEmpty {
                    let c = conflicts == 0 ? "" : ", \(conflicts) ⚠ conflict\(conflicts == 1 ? "" : "s")"
                    last = "(\(left.count) more\(c): v reads them all) · " + last
                }
                b.write(last, x: rect.x, y: rect.maxY - 1, style: left.isEmpty ? .muted : Style(bold: true, color: .warning),
                        maxWidth: rect.width)
                return
            }
            y += 1
        }
        // Whole rows only; when the window is too short, say how many rows are left out.
        let room = rect.maxY - y
        var shown = matrix.lines.count
        if shown > room {
            shown = matrix.rowStarts.last { $0 <= room - 1 } ?? 0
            let left = matrix.rowStarts.filter { $0 >= shown }.count
            b.write("(\(left) more matrix row\(left == 1 ? "" : "s"): make the window taller)", x: rect.x, y: y + room - 1,
                    style: .muted, maxWidth: rect.width)
        }
        for (k, l) in matrix.lines.prefix(shown).enumerated() {
            b.write(l.text, x: rect.x, y: y + k, style: l.style, maxWidth: rect.width)
        }
    }

    /// One message of the reasons section, wrapped: the heading, a reason, a note or a
    /// conflict. Shown whole or not at all.
    struct WhyBlock {
        var lines: [ScrollView.Line]
        var isConflict = false
    }

    /// Indices of the blocks shown in `room` lines: the heading and reasons, then the
    /// conflicts, then the notes, each kind in order up to its first block that does not fit.
    static func fitting(_ blocks: [WhyBlock], room: Int) -> Set<Int> {
        let isNote: (WhyBlock) -> Bool = { $0.lines.first?.text.hasPrefix("ℹ ") == true }
        let kinds: [(WhyBlock) -> Bool] = [{ !$0.isConflict && !isNote($0) }, \.isConflict, isNote]
        var used = 0
        var shown = Set<Int>()
        for kind in kinds {
            for i in blocks.indices where kind(blocks[i]) {
                guard used + blocks[i].lines.count <= room else { break }
                used += blocks[i].lines.count
                shown.insert(i)
            }
        }
        return shown
    }

    /// The reasons section as lines wrapped to `width` (see `whyBlocks`).
    static func why(_ rec: Recommendation?, _ t: Target, width: Int) -> [ScrollView.Line] {
        whyBlocks(rec, t, width: width).flatMap(\.lines)
    }

    /// The heading "Why <target>:", each reason with its points, the notes on how the
    /// target runs, then the recommendation's conflicts with their alternatives; each
    /// wrapped to `width` cells.
    static func whyBlocks(_ rec: Recommendation?, _ t: Target, width: Int) -> [WhyBlock] {
        guard let rec else { return [WhyBlock(lines: [.init("Enter valid needs to get a recommendation.", style: .muted)])] }
        var out: [WhyBlock] = [WhyBlock(lines: [.init("Why \(t.displayName):", style: .bold)])]
        let reasons = rec.ranking.first { $0.target == t }?.reasons ?? []
        if reasons.isEmpty { out[0].lines.append(.init("  (no reasons given)", style: .muted)) }
        for r in reasons {
            let pts = r.points >= 0 ? "+\(r.points)" : "\(r.points)"
            out.append(WhyBlock(lines: CharWidth.wrap(r.text, width: width - 7).enumerated().map { k, l in
                .init((k == 0 ? "  " + CharWidth.padLeft(pts, to: 3) + "  " : "       ") + l,
                      style: r.points >= 0 ? .plain : Style(color: .warning))
            }))
        }
        for note in runsAsNotes(t, reasons: reasons.map(\.text)) {
            out.append(WhyBlock(lines: CharWidth.wrap(note, width: width - 2).enumerated().map { k, l in
                .init((k == 0 ? "ℹ " : "  ") + l, style: .muted)
            }))
        }
        for c in rec.conflicts {
            let alt = c.alternatives.isEmpty ? "" : " Alternatives: " + c.alternatives.joined(separator: "; ")
            let text = c.text.hasSuffix(".") || alt.isEmpty ? c.text : c.text + "."
            out.append(WhyBlock(lines: CharWidth.wrap(text + alt, width: width - 2).enumerated().map { k, l in
                .init((k == 0 ? "⚠ " : "  ") + l, style: .warning)
            }, isConflict: true))
        }
        return out
    }

    /// How the highlighted target can run, where the details screen offers a choice:
    /// DigitalOcean's two platforms; for AWS, when the reasons speak of scaling or several
    /// regions, what Compose on one EC2 instance does not do and what ECS adds.
    static func runsAsNotes(_ t: Target, reasons: [String]) -> [String] {
        switch t {
        case .digitalocean:
            return ["Runs as the Droplet hybrid (Compose on a Droplet, the default) or on App Platform: " +
                    "chosen with \"Runs on\" on the details screen."]
        case .aws:
            let text = reasons.joined(separator: " ").lowercased()
            guard text.contains("scal") || text.contains("region") else { return [] }
            return ["Compose on one EC2 instance neither auto-scales nor spans regions; \"Also ECS on Fargate\" " +
                    "on the details screen adds auto-scaling (one region)."]
        case .selfhosted:
            return []
        }
    }

    /// The seed's trade-off matrix (`assets/decision-matrix.yaml`), the rows that decided
    /// the recommendation highlighted.
    static func matrixTable(_ rec: Recommendation?) -> Table {
        let m = DecisionMatrix.embedded
        let deciding = Set(rec?.decidingCriteria ?? [])
        var hi = Set<Int>()
        for (i, r) in m.rows.enumerated() where deciding.contains(r.criterion) { hi.insert(i) }
        return Table(headers: [m.criteriaHeader] + m.columns.map(\.header),
                     rows: m.rows.map { r in [r.criterion] + m.columns.map { r.cell(for: $0.target) } },
                     highlighted: hi)
    }
}
