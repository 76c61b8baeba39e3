/// Field rules of `digitalocean.platform` and `digitalocean.app_platform:`, in `FieldRules`'
/// shape, shared by `AnswersCodec.decode`, `AppPlatformSettings.validate` and the wizard.
extension FieldRules {
    /// `digitalocean.platform`: `droplet` (the hybrid, default) or `app_platform`.
    public static func digitalOceanPlatform(_ text: String) -> Result<DigitalOceanPlatform, FieldProblem> {
        oneOf(text, DigitalOceanPlatform.allCases.map { ($0.rawValue, $0) })
    }

    /// `digitalocean.app_platform.app_name`: 2-32 lowercase letters, digits or hyphens.
    public static func appPlatformAppName(_ text: String) -> Result<String, FieldProblem> {
        AppPlatformRules.isAppName(text) ? .success(text)
            : .failure(FieldProblem("must be 2-32 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen"))
    }

    /// `digitalocean.app_platform.region`: an App Platform region slug (`assets/do/app-platform.yaml`).
    public static func appPlatformRegion(_ text: String) -> Result<String, FieldProblem> {
        let regions = AppPlatformFacts.shared.regions
        if regions.contains(text) { return .success(text) }
        var message = "is not an App Platform region"
        if let s = suggestion(for: text, among: regions) { message += "; did you mean `\(s)`?" }
        return .failure(FieldProblem(message + " Allowed: \(regions.joined(separator: ", "))"))
    }

    /// `digitalocean.app_platform.registry_type`: `DOCR`, `DOCKER_HUB` or `GHCR`.
    public static func appPlatformRegistryType(_ text: String) -> Result<AppPlatformRegistryType, FieldProblem> {
        oneOf(text, AppPlatformRegistryType.allCases.map { ($0.rawValue, $0) })
    }

    /// `digitalocean.app_platform.registry`: a Docker Hub namespace or GitHub owner, lowercase.
    public static func registryNamespace(_ text: String) -> Result<String, FieldProblem> {
        AppPlatformRules.isRegistryNamespace(text) ? .success(text)
            : .failure(FieldProblem("must be a lowercase namespace of 2-255 characters: letters, digits and single '.', '_' or '-' between them"))
    }

    /// `digitalocean.app_platform.repository`: a lowercase repository path.
    public static func imageRepository(_ text: String) -> Result<String, FieldProblem> {
        AppPlatformRules.isRepository(text) ? .success(text)
            : .failure(FieldProblem("must be a lowercase repository path: letters, digits and single '.', '_', '-' or '/' between them"))
    }

    /// `digitalocean.app_platform.instance_size` / `worker_instance_size`: an instance size slug.
    public static func appPlatformInstanceSize(_ text: String) -> Result<String, FieldProblem> {
        let slugs = AppPlatformFacts.shared.sizes.map(\.slug)
        if slugs.contains(text) { return .success(text) }
        var message = "is not an App Platform instance size"
        if let s = suggestion(for: text, among: slugs) { message += "; did you mean `\(s)`?" }
        return .failure(FieldProblem(message + " Allowed: \(slugs.joined(separator: ", "))"))
    }

    /// `digitalocean.app_platform.instance_count` / `worker_instance_count`: 1-250, and 1 for a
    /// single-instance size (the 0.5 GB and "fixed" shared sizes).
    public static func appPlatformInstanceCount(_ text: String, size: String?) -> Result<Int, FieldProblem> {
        wholeNumber(text, in: 1...250, rule: "must be a whole number from 1 to 250").flatMap { n in
            if n != 1, let size, AppPlatformFacts.shared.sizes.first(where: { $0.slug == size })?.singleInstanceOnly == true {
                return .failure(FieldProblem("must be 1: instance size \(size) runs a single instance only"))
            }
            return .success(n)
        }
    }

    /// `digitalocean.app_platform.database_cluster` / `cache_cluster`: a managed database cluster name.
    public static func databaseClusterName(_ text: String) -> Result<String, FieldProblem> {
        AppPlatformRules.isClusterName(text) ? .success(text)
            : .failure(FieldProblem("must be a database cluster name: 3-63 lowercase letters, digits or hyphens, starting with a letter"))
    }
}
