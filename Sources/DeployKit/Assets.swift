/// Read-only access to the data files under `assets/`, embedded into the binary at build
/// time by `EmbedAssetsPlugin` (so a release binary copied alone still works).
///
/// Paths are relative to `assets/`, with `/` separators, e.g. `"pricing.yaml"` or
/// `"examples/aws.yaml"`.
public enum Assets {
    /// Every embedded asset path, sorted.
    public static var paths: [String] { EmbeddedAssetData.files.keys.sorted() }

    /// The UTF-8 text of one asset, or `nil` when no asset has that path.
    public static func text(_ path: String) -> String? { EmbeddedAssetData.files[path] }

    /// The UTF-8 text of an asset that the program cannot work without.
    ///
    /// A missing required asset is a build defect, not an operator error, so this traps
    /// with the path named (a test asserts every required asset exists).
    public static func required(_ path: String) -> String {
        guard let text = EmbeddedAssetData.files[path] else {
            preconditionFailure("asset \(path) is not embedded; is it under assets/?")
        }
        return text
    }

    /// An embedded data file of ours, read by `read` (its typed reader over `YAMLFields`).
    ///
    /// The one failure behaviour of our own YAML assets: one that does not read is a build
    /// defect, not an operator error, so this traps naming the asset and the reader's error
    /// (which names the key's path). `AssetsTests.everyEmbeddedDataFileReads` reads each of
    /// them, so such a defect fails the test suite before it reaches a binary.
    static func load<T>(_ path: String, _ read: (String) throws -> T) -> T {
        do { return try read(required(path)) } catch {
            preconditionFailure("assets/\(path) does not read: \(error)")
        }
    }
}
