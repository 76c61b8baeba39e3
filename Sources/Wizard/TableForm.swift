import DeployKit

/// Forms made from `AnswersTables`: a section's wizard fields (ids are full YAML paths) and
/// the section read back from them through the table's own rules.
enum TableForm {
    /// The wizard's fields of `table` (the entries with a wizard spec) at `path`: the
    /// value of `model`, else the default (a required field: the suggestion), else empty.
    static func fields<M>(_ table: AnswersTable<M>, _ path: String, from model: M?,
                          shownIf gate: (id: String, index: Int)? = nil) -> [FormField] {
        var entries = table.fields.filter { $0.wizard != nil && $0.kind != .section }
        if gate != nil { entries = entries.filter(\.isRequired) + entries.filter { !$0.isRequired } }
        return entries.compactMap { entry -> FormField? in
            guard let w = entry.wizard else { return nil }
            let id = "\(path).\(entry.key)"
            let fallback = entry.isRequired ? w.suggestion ?? "" : entry.text(of: table.blank) ?? w.suggestion ?? ""
            let value = model.map { entry.text(of: $0) ?? "" } ?? fallback
            var field = w.options.isEmpty ? FormField.text(id, w.label, value, help: w.help)
                : FormField.choice(id, w.label, w.options, index: w.values.firstIndex(of: value) ?? 0, help: w.help)
            field.visibleIf = gate
            return field
        }
    }

    /// `table`'s section as the form `d` describes it, onto `base` (fields the form does
    /// not hold, and refused ones, keep `base`'s value), and the problems by field id.
    static func read<M>(_ table: AnswersTable<M>, _ path: String, _ d: Form, onto base: M,
                        _ context: RuleContext) -> (M, [String: String]) {
        table.apply({ key in
            guard let i = d.index(of: "\(path).\(key)") else { return nil }
            switch d.fields[i].kind {
            case .text(let t): return t.text
            case .choice(_, let index): return table.field(key)?.wizard?.values[safe: index]
            case .secret: return nil
            }
        }, onto: base, path: path, context: context)
    }
}
