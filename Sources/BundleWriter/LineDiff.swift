/// A line diff (Myers' O(ND) shortest edit script) and its unified-format rendering, for
/// `apply --dry-run`. Output is what `diff -u` prints and `patch` applies; never used on
/// secret files.
public enum LineDiff {
    /// One line of an edit script.
    public enum Edit: Equatable, Sendable {
        case same(String), delete(String), insert(String)
    }

    /// Splits bytes into lines, each without its `\n`; `missingNewline` tells whether the
    /// last line had none.
    static func lines(_ text: String) -> (lines: [String], missingNewline: Bool) {
        if text.isEmpty { return ([], false) }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" {
            parts.removeLast()
            return (parts, false)
        }
        return (parts, true)
    }

    /// The shortest edit script turning `a` into `b` (Myers 1986, forward greedy with a
    /// trace for backtracking).
    public static func edits(_ a: [String], _ b: [String]) -> [Edit] {
        let n = a.count, m = b.count
        let max = n + m
        if max == 0 { return [] }
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        let off = max + 1
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[off + k - 1] < v[off + k + 1]) {
                    x = v[off + k + 1]
                } else {
                    x = v[off + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[off + k] = x
                if x >= n && y >= m { trace.append(v); break outer }
            }
        }
        // Backtrack.
        var x = n, y = m
        var out: [Edit] = []
        for d in stride(from: trace.count - 2, through: 0, by: -1) {
            let vd = trace[d]
            let k = x - y
            let prevK: Int
            if k == -d || (k != d && vd[off + k - 1] < vd[off + k + 1]) {
                prevK = k + 1
            } else {
                prevK = k - 1
            }
            let prevX = d == 0 ? 0 : vd[off + prevK]
            let prevY = prevX - prevK
            while x > prevX && y > prevY {
                out.append(.same(a[x - 1])); x -= 1; y -= 1
            }
            if d > 0 {
                if x == prevX { out.append(.insert(b[y - 1])); y -= 1 } else { out.append(.delete(a[x - 1])); x -= 1 }
            }
        }
        while x > 0 && y > 0 { out.append(.same(a[x - 1])); x -= 1; y -= 1 }
        return out.reversed()
    }

    /// A unified diff of `old` -> `new` with `context` lines around each change, headed
    /// `--- oldName` / `+++ newName`; empty when the texts are equal.
    public static func unified(old: String, new: String, oldName: String, newName: String,
                               context: Int = 3) -> String {
        if old == new { return "" }
        let (a, aMissing) = lines(old)
        let (b, bMissing) = lines(new)
        let script = edits(a, b)
        // Index each edit with its line numbers in a and b.
        struct Row { var edit: Edit; var ai: Int; var bi: Int }
        var rows: [Row] = []
        var ai = 0, bi = 0
        for e in script {
            rows.append(Row(edit: e, ai: ai, bi: bi))
            switch e {
            case .same: ai += 1; bi += 1
            case .delete: ai += 1
            case .insert: bi += 1
            }
        }
        // A common line that ends the file on one side only without a newline is really a
        // change (of its line break): show it as delete + insert, as `diff -u` does.
        var fixed: [Row] = []
        for r in rows {
            if case .same(let s) = r.edit {
                let aEnd = r.ai == a.count - 1 && aMissing
                let bEnd = r.bi == b.count - 1 && bMissing
                if aEnd != bEnd {
                    fixed.append(Row(edit: .delete(s), ai: r.ai, bi: r.bi))
                    fixed.append(Row(edit: .insert(s), ai: r.ai + 1, bi: r.bi))
                    continue
                }
            }
            fixed.append(r)
        }
        rows = fixed
        let changed = rows.indices.filter { if case .same = rows[$0].edit { return false }; return true }
        guard !changed.isEmpty else { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        var i = 0
        while i < changed.count {
            var start = max(0, changed[i] - context)
            var end = min(rows.count - 1, changed[i] + context)
            var j = i + 1
            while j < changed.count && changed[j] - context <= end + 1 {
                end = min(rows.count - 1, changed[j] + context)
                j += 1
            }
            start = max(0, start)
            let hunk = rows[start...end]
            let aStart = hunk.first!.ai, bStart = hunk.first!.bi
            var aLen = 0, bLen = 0
            for r in hunk {
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
            out += "@@ -\(range(aStart, aLen)) +\(range(bStart, bLen)) @@\n"
            for r in hunk {
                switch r.edit {
                case .same(let s):
                    out += " \(s)\n"
                    if r.ai == a.count - 1 && aMissing && r.bi == b.count - 1 && bMissing {
                        out += "\\ No newline at end of file\n"
                    }
                case .delete(let s):
                    out += "-\(s)\n"
                    if r.ai == a.count - 1 && aMissing { out += "\\ No newline at end of file\n" }
                case .insert(let s):
                    out += "+\(s)\n"
                    if r.bi == b.count - 1 && bMissing { out += "\\ No newline at end of file\n" }
                }
            }
            i = j
        }
        return out
    }
}
