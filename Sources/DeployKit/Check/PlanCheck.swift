/// `check` over file names and texts already in memory: the planner's output (for the
/// wizard's review screen and the "our bundles are clean" test) or a directory read by the edge.
extension ComposeChecker {
    /// The combinations `check` looks at when no `-f` is given: `COMPOSE_FILE` from `.env`
    /// (split on `COMPOSE_PATH_SEPARATOR`, default `:`), else the base file
    /// (`docker-compose.yml`, `docker-compose.yaml`, `compose.yaml` or `compose.yml`) with each
    /// `compose.*.yaml` overlay one at a time (sorted), or the base alone.
    /// - Parameter fileNames: the names of the files in the bundle directory.
    /// - Returns: `nil` when there is neither `COMPOSE_FILE` nor a base file.
    public static func defaultCombinations(fileNames: [String], dotEnv: DotEnvFile?) -> [[String]]? {
        if let cf = dotEnv?.variables["COMPOSE_FILE"], !cf.isEmpty {
            let sep = dotEnv?.variables["COMPOSE_PATH_SEPARATOR"].flatMap(\.first) ?? ":"
            return [cf.split(separator: sep).map(String.init)]
        }
        let names = Set(fileNames)
        guard let base = ["docker-compose.yml", "docker-compose.yaml", "compose.yaml", "compose.yml"].first(where: names.contains) else {
            return nil
        }
        let overlays = fileNames.filter {
            $0.hasPrefix("compose.") && ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && $0 != base
        }.sorted()
        return overlays.isEmpty ? [[base]] : overlays.map { [base, $0] }
    }

    /// Checks a plan before anything is written: its compose files, `.env`, and its secret
    /// files' planned mode, owner, directory mode and bytes (never shown).
    /// - Throws: `CheckInputError` when a planned compose file is not valid YAML, or the plan has
    ///   no base compose file.
    public static func check(plan: Plan) throws(CheckInputError) -> CheckReport {
        @Sendable func norm(_ p: String) -> String { p.hasPrefix("./") ? String(p.dropFirst(2)) : p }
        var texts: [String: String] = [:]
        for f in plan.files where !f.kind.isSecret {
            texts[norm(f.path)] = String(decoding: f.contents, as: UTF8.self)
        }
        let dotEnvText = texts[".env"]
        let dotEnv = dotEnvText.map { DotEnvParser.parse($0, file: ".env") }
        let topLevel = texts.keys.filter { !$0.contains("/") }
        guard let combos = defaultCombinations(fileNames: topLevel, dotEnv: dotEnv) else {
            throw CheckInputError(file: "plan", reason: "the plan has no docker-compose.yml")
        }
        var facts: [String: SecretFileFacts] = [:]
        for f in plan.files where f.kind.isSecret {
            let path = norm(f.path)
            let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ""
            let dirMode = plan.directories.first { norm($0.path) == dir }?.mode ?? 0o700
            let last = f.contents.last
            facts[path] = SecretFileFacts(exists: true, isSymlink: false, mode: f.mode, uid: f.owner?.uid, gid: f.owner?.gid,
                                          directoryMode: dirMode, endsWithLineBreak: last == 0x0A || last == 0x0D)
        }
        let lookup = facts
        var findings: [Finding] = []
        for combo in combos {
            var sources: [ComposeSource] = []
            for name in combo {
                guard let t = texts[norm(name)] else {
                    throw CheckInputError(file: name, reason: "named by COMPOSE_FILE but not in the plan")
                }
                sources.append(ComposeSource(name: name, text: t))
            }
            let input = CheckInput(files: sources, dotEnv: dotEnvText.map { ComposeSource(name: ".env", text: $0) },
                                   environment: plan.environment,
                                   secretFacts: { lookup[norm($0)] ?? .missing })
            findings += try check(input)
        }
        return CheckReport(inputs: combos, findings: findings)
    }
}
