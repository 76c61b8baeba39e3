/// Parses the embedded data files ahead of need, so a command can do it on a second CPU
/// while its main thread parses arguments and reads the answers file.
///
/// Every value touched here is a memo of a pure function over an embedded asset (a
/// `static let`, or the lock-guarded compose-asset cache), so calling this from another
/// thread only moves work earlier: a main thread that needs a value still being computed
/// waits for it (Swift's once-initialisation), and never sees a different value. A
/// malformed asset traps exactly as it would on first use (a build defect the tests catch).
public enum Warmup {
    /// Parses, in the order a typical `apply` needs them: the region lists (answers
    /// checks), the base compose file, the decision matrix and price list (the
    /// recommendation), the image-user table, and the ECS and App Platform facts. (The
    /// overlays are left to the planner: which ones a bundle uses depends on the answers,
    /// and parsing them all here made `apply` slower in `scripts/bench`.) About 3 ms of CPU
    /// on the bench machine.
    public static func embeddedData() {
        _ = FieldRules.awsRegions
        _ = try? BundleLayout.assetNode("docker-compose.yml")
        _ = DecisionMatrix.embedded
        _ = PriceList.embedded
        _ = ImageUsers.table
        _ = FargateSizes.rows
        _ = ECSContainerFacts.shared
        _ = AppPlatformFacts.shared
    }
}
