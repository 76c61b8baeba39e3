import Foundation
import PackagePlugin

/// Embeds every regular, non-hidden file under the package's `assets/` directory into the
/// target as `EmbeddedAssetData.files` (path relative to `assets/` -> UTF-8 text).
@main
struct EmbedAssetsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appendingPathComponent("assets")
        var relative: [String] = []
        var inputs: [URL] = []
        let keys: [URLResourceKey] = [.isRegularFileKey]
        if let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        {
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: Set(keys)).isRegularFile) == true else { continue }
                let rel = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
                relative.append(rel)
                inputs.append(url)
            }
        }
        relative.sort()
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedAssets.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(relative.count) assets into \(target.name)",
                executable: try context.tool(named: "embed-assets").url,
                arguments: [output.path, root.path] + relative,
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
