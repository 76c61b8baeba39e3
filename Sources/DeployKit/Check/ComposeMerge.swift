/// Merges Compose files the way Docker Compose v2 does
/// (https://docs.docker.com/reference/compose-file/merge/):
/// mappings merge key by key; sequences append, except `command`, `entrypoint` and
/// `healthcheck.test` (replaced), `ports` (unique by host IP, published port, target and
/// protocol), `volumes`, `secrets` and `configs` (unique by target); `environment`,
/// `labels`, `depends_on`, ... written as lists are merged as mappings; `!reset` removes the
/// inherited value and `!override` replaces it. Cross-checked against `docker-compose config`
/// v2.40.3 in `CheckMergeOracleTests`.
public enum ComposeMerge {
    /// Merges `overlays` into `base`, in order.
    public static func merge(_ files: [ComposeNode]) -> ComposeNode? {
        var result: ComposeNode? = nil
        for f in files {
            let normalized = normalize(f, path: [])
            result = merge(result, normalized, path: [])
        }
        return result
    }

    /// Service keys whose list form (`KEY=VALUE` or names) is a mapping in disguise.
    static let listAsMapping: Set<String> = [
        "environment", "labels", "annotations", "extra_hosts", "sysctls", "depends_on", "networks",
        "links_map",
    ]
    static let replacedLists: Set<String> = ["command", "entrypoint"]
    static let byTarget: Set<String> = ["volumes", "secrets", "configs"]

    /// Turns list forms into mapping forms under `services.*`.
    static func normalize(_ node: ComposeNode, path: [String]) -> ComposeNode {
        var node = node
        if path.count == 3, path[0] == "services", let items = node.items {
            let key = path[2]
            if listAsMapping.contains(key) {
                var entries: [ComposeEntry] = []
                for item in items {
                    guard let t = item.text else { continue }
                    if key == "depends_on" || key == "networks" {
                        let value: ComposeNode
                        if key == "depends_on" {
                            value = ComposeNode(.mapping([
                                ComposeEntry(key: "condition", keyLocation: item.location,
                                             node: ComposeNode(.scalar(raw: "service_started", text: "service_started"),
                                                               at: item.location)),
                            ]), at: item.location)
                        } else {
                            value = ComposeNode(.null, at: item.location)
                        }
                        entries.append(ComposeEntry(key: t, keyLocation: item.location, node: value))
                    } else {
                        let sep: Character = key == "extra_hosts" && !t.contains("=") ? ":" : "="
                        let parts = t.split(separator: sep, maxSplits: 1, omittingEmptySubsequences: false)
                        let k = String(parts[0])
                        let v: ComposeNode = parts.count > 1
                            ? ComposeNode(.scalar(raw: String(parts[1]), text: String(parts[1])), at: item.location)
                            : ComposeNode(.null, at: item.location)
                        entries.removeAll { $0.key == k }
                        entries.append(ComposeEntry(key: k, keyLocation: item.location, node: v))
                    }
                }
                node.value = .mapping(entries)
                node.writtenAsList = true
                return node
            }
        }
        if let entries = node.entries {
            node.value = .mapping(entries.map {
                var e = $0
                e.node = normalize($0.node, path: path + [$0.key])
                return e
            })
        }
        return node
    }

    static func merge(_ base: ComposeNode?, _ over: ComposeNode, path: [String]) -> ComposeNode? {
        if over.tag == .reset { return nil }
        if over.tag == .override {
            var o = over
            o.tag = nil
            return o
        }
        guard let base else { return stripTags(over) }
        switch (base.value, over.value) {
        case (.mapping(let b), .mapping(let o)):
            var entries = b
            for e in o {
                if let idx = entries.firstIndex(where: { $0.key == e.key }) {
                    // Compose v2.40 ignores `KEY: !reset` when the inherited mapping was a list.
                    if base.writtenAsList && e.node.tag == .reset { continue }
                    if let m = merge(entries[idx].node, e.node, path: path + [e.key]) {
                        entries[idx].node = m
                    } else {
                        entries.remove(at: idx)
                    }
                } else if let m = merge(nil, e.node, path: path + [e.key]) {
                    entries.append(ComposeEntry(key: e.key, keyLocation: e.keyLocation, node: m))
                }
            }
            var out = base
            out.value = .mapping(entries)
            return out
        case (.sequence(let b), .sequence(let o)):
            let key = path.last ?? ""
            let inService = path.count == 3 && path[0] == "services"
            if inService && replacedLists.contains(key) { return over }
            if path.count == 4 && path[0] == "services" && path[2] == "healthcheck" && key == "test" { return over }
            var items = b
            if inService && key == "ports" {
                for p in o {
                    let k = PortBinding.parse(p).map { $0.identity }
                    if items.contains(where: { PortBinding.parse($0).map { $0.identity } == k }) { continue }
                    items.append(p)
                }
            } else if inService && byTarget.contains(key) {
                for v in o {
                    let t = mountTarget(v, kind: key)
                    if let idx = items.firstIndex(where: { mountTarget($0, kind: key) == t }) {
                        items[idx] = v
                    } else {
                        items.append(v)
                    }
                }
            } else {
                items += o
            }
            var out = base
            out.value = .sequence(items)
            return out
        default:
            return stripTags(over)
        }
    }

    static func stripTags(_ node: ComposeNode) -> ComposeNode? {
        if node.tag == .reset { return nil }
        var n = node
        n.tag = nil
        if let entries = n.entries {
            n.value = .mapping(entries.compactMap { e in
                guard let c = stripTags(e.node) else { return nil }
                var e = e
                e.node = c
                return e
            })
        }
        return n
    }

    /// The container path a volume, secret or config entry mounts at.
    static func mountTarget(_ node: ComposeNode, kind: String) -> String {
        if let t = node["target"]?.text {
            if kind == "volumes" { return t }
            return t.hasPrefix("/") ? t : "/run/secrets/" + t
        }
        if kind != "volumes" {
            let src = node["source"]?.text ?? node.text ?? ""
            return (kind == "configs" ? "/" : "/run/secrets/") + src
        }
        guard let t = node.text else { return "" }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 { return parts[0] }
        return parts[1]
    }
}

/// A published port after Compose's short or long syntax.
public struct PortBinding: Sendable, Hashable {
    /// Host interface; `nil` or empty means every interface.
    public var hostIP: String?
    /// Host port (or range); `nil` when Docker picks one (still published on every interface).
    public var published: String?
    /// Container port (or range).
    public var target: String
    public var proto: String

    /// What Compose uses to decide that two bindings are the same.
    public var identity: String { "\(hostIP ?? "")|\(published ?? "")|\(target)|\(proto)" }

    /// True when the port is reachable on every interface, not only loopback or one address.
    public var isPublicInterface: Bool {
        guard let ip = hostIP, !ip.isEmpty else { return true }
        return ["0.0.0.0", "::", "[::]"].contains(ip)
    }

    /// Parses `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]` or the long mapping form.
    public static func parse(_ node: ComposeNode) -> PortBinding? {
        if node.entries != nil {
            guard let target = node["target"]?.text else { return nil }
            return PortBinding(hostIP: node["host_ip"]?.text, published: node["published"]?.text,
                               target: target, proto: node["protocol"]?.text ?? "tcp")
        }
        guard let text = node.text else { return nil }
        return parse(text)
    }

    public static func parse(_ text: String) -> PortBinding? {
        var s = Substring(text)
        var proto = "tcp"
        if let slash = s.lastIndex(of: "/") {
            proto = String(s[s.index(after: slash)...])
            s = s[..<slash]
        }
        var hostIP: String? = nil
        if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            hostIP = String(s[s.index(after: s.startIndex)..<close])
            s = s[s.index(after: close)...].dropFirst()
        }
        var parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.isEmpty { return nil }
        if hostIP == nil && parts.count == 3 { hostIP = parts.removeFirst() }
        if parts.count == 1 { return PortBinding(hostIP: hostIP, published: nil, target: parts[0], proto: proto) }
        if parts.count == 2 {
            return PortBinding(hostIP: hostIP, published: parts[0].isEmpty ? nil : parts[0], target: parts[1], proto: proto)
        }
        return nil
    }
}
