/// A line diff (the standard library's shortest edit script) and its unified-format
/// rendering, for `apply --dry-run`. Output is what `diff -u` prints and `patch` applies;
/// never used on secret files.
public enum LineDiff {
    /// One line of an edit script.
    public enum Edit: Equatable, Sendable {
        case same(String), delete(String), insert(String)
    }

    /// The shortest edit script turning `a` into `b`: the standard library's
    /// `difference(from:)` (a minimal diff), walked in order with each change's deletions
    /// before its insertions, as `diff -u` prints them.
    public static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        var removed = Set<Int>(), inserted = Set<Int>()
        for c in b.difference(from: a) {
            switch c {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var out: [Edit] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                out.append(.delete(a[i])); i += 1
            } else if j < b.count, inserted.contains(j) {
                out.append(.insert(b[j])); j += 1
            } else {
                out.append(.same(a[i])); i += 1; j += 1
            }
        }
        return out
    }

    /// A unified diff of `old` -> `new` with `context` lines around each change, headed
    /// `--- oldName` / `+++ newName`; empty when the texts are equal.
    public static func unified(old: String, new: String, oldName: String, newName: String,
                               context: Int = 3) -> String {
        if old == new { return "" }
        let a = File(old), b = File(new)
        let rows = numberedRows(edits(a.lines, b.lines), a, b)
        let changed = rows.indices.filter { if case .same = rows[$0].edit { return false }; return true }
        guard !changed.isEmpty else { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var i = 0
        while i < changed.count {
            let start = max(0, changed[i] - context)
            var end = min(rows.count - 1, changed[i] + context)
            var j = i + 1
            while j < changed.count && changed[j] - context <= end + 1 {
                end = min(rows.count - 1, changed[j] + context)
                j += 1
            }
            out += hunk(rows[start...end], a, b)
            i = j
        }
        return out
    }

    /// One side of a diff: its lines, each without its `\n`, and whether the last one had none.
    struct File {
        var lines: [String]
        var missingNewline = false
        init(_ text: String) {
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() } else { missingNewline = !text.isEmpty }
        }
        /// True when line `index` (0-based) is the last one and has no `\n`.
        func endsWithoutNewline(at index: Int) -> Bool { missingNewline && index == lines.count - 1 }
    }

    /// An edit with the 0-based line numbers in old (`ai`) and new (`bi`) it starts at.
    struct Row { var edit: Edit; var ai: Int; var bi: Int }

    /// Numbers each edit with its lines in `a` and `b`. A common line that ends the file on
    /// one side only without a newline is really a change (of its line break): it becomes a
    /// delete and an insert, as `diff -u` shows it.
    static func numberedRows(_ script: [Edit], _ a: File, _ b: File) -> [Row] {
        var rows: [Row] = []
        var ai = 0, bi = 0
        for e in script {
            switch e {
            case .same(let s) where a.endsWithoutNewline(at: ai) != b.endsWithoutNewline(at: bi):
                rows.append(Row(edit: .delete(s), ai: ai, bi: bi))
                rows.append(Row(edit: .insert(s), ai: ai + 1, bi: bi))
            default:
                rows.append(Row(edit: e, ai: ai, bi: bi))
            }
            switch e {
            case .same: ai += 1; bi += 1
            case .delete: ai += 1
            case .insert: bi += 1
            }
        }
        return rows
    }

    /// One `@@ -a,n +b,m @@` hunk and its lines, with `\ No newline at end of file` after a
    /// last line that has none.
    static func hunk(_ rows: ArraySlice<Row>, _ a: File, _ b: File) -> String {
        var aLen = 0, bLen = 0
        for r in rows {
            switch r.edit {
            case .same: aLen += 1; bLen += 1
            case .delete: aLen += 1
            case .insert: bLen += 1
            }
        }
        func range(_ s: Int, _ l: Int) -> String {
            if l == 1 { return "\(s + 1)" }
            return "\(l == 0 ? s : s + 1),\(l)"
        }
        let noNewline = "\\ No newline at end of file\n"
        var out = "@@ -\(range(rows.first!.ai, aLen)) +\(range(rows.first!.bi, bLen)) @@\n"
        for r in rows {
            switch r.edit {
            case .same(let s):
                out += " \(s)\n"
                if a.endsWithoutNewline(at: r.ai) && b.endsWithoutNewline(at: r.bi) { out += noNewline }
            case .delete(let s):
                out += "-\(s)\n"
                if a.endsWithoutNewline(at: r.ai) { out += noNewline }
            case .insert(let s):
                out += "+\(s)\n"
                if b.endsWithoutNewline(at: r.bi) { out += noNewline }
            }
        }
        return out
    }
}
