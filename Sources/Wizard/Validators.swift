// Field checks the wizard runs as the operator types.
// replace with FieldRules.x when it lands: these stand-ins follow the contracts' doc
// comments; once DeployKit's FieldRules exists, each function below delegates to it so the
// wizard's messages equal apply's.

enum Rules {
    static func integer(_ s: String, min lo: Int) -> String? {
        guard let v = Int(s.trimmingCharacters(in: " ")) else {
            return s.isEmpty ? "required: a whole number >= \(lo)" : "must be a whole number >= \(lo)"
        }
        return v < lo ? "must be a whole number >= \(lo)" : nil
    }

    static func version(_ s: String) -> String? {
        if s.isEmpty { return "required: an image tag such as 1.1.0" }
        if s == "latest" { return "must be an exact tag, not latest" }
        if !s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) || s.count > 128 {
            return "must be letters, digits, . _ - (at most 128)"
        }
        return nil
    }

    static func hostname(_ s: String, needsDot: Bool = true) -> String? {
        if s.isEmpty { return "required: a DNS name" }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        let ok = s.count <= 253 && labels.allSatisfy { l in
            !l.isEmpty && l.count <= 63 && l.first != "-" && l.last != "-"
                && l.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        if !ok { return "must be a DNS name (letters, digits, -, dots)" }
        if needsDot && labels.count < 2 { return "must be a full DNS name, e.g. app.example.com" }
        return nil
    }

    static func endpoint(_ s: String) -> String? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2 {
            if let e = hostname(String(parts[0])) { return e }
            return port(String(parts[1])).map { _ in "port after : must be 1-65535" }
        }
        return hostname(s)
    }

    static func email(_ s: String) -> String? {
        if s.isEmpty { return "required: an e-mail address" }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(" "), hostname(String(parts[1])) == nil else {
            return "must be an e-mail address, e.g. ops@example.com"
        }
        return nil
    }

    static func port(_ s: String) -> String? {
        guard let v = Int(s), (1...65535).contains(v) else { return "must be a port 1-65535" }
        return nil
    }

    static func identifier(_ s: String) -> String? {
        if s.isEmpty { return "required" }
        guard let f = s.first, f.isASCII, f.isLetter || f == "_", s.count <= 63,
              s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return "must be letters, digits, _ (start with a letter)"
        }
        return nil
    }

    static func spacesRegion(_ s: String) -> String? {
        let ok = s.count == 4 && s.prefix(3).allSatisfy { $0.isASCII && $0.isLowercase } && s.last!.isNumber
        return ok ? nil : "must be a region slug such as nyc3, fra1"
    }

    static func bucket(_ s: String) -> String? {
        let ok = (3...63).contains(s.count)
            && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }
            && s.first.map { $0.isLowercase || $0.isNumber } == true
            && s.last.map { $0.isLowercase || $0.isNumber } == true
        return ok ? nil : "must be 3-63 of a-z 0-9 . - (start/end alphanumeric)"
    }

    static func awsRegion(_ s: String) -> String? {
        let parts = s.split(separator: "-")
        let ok = parts.count >= 3 && parts.count <= 4 && parts.first!.count == 2
            && parts.last!.allSatisfy(\.isNumber) && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        return ok ? nil : "must be a region code such as us-east-1"
    }

    static func accountID(_ s: String) -> String? {
        s.count == 12 && s.allSatisfy({ $0.isASCII && $0.isNumber }) ? nil : "must be exactly 12 digits"
    }

    static func path(_ s: String) -> String? {
        s.trimmingCharacters(in: " ").isEmpty ? "required: a file path" : nil
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
