// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "freshtrack-deploy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "freshtrack-deploy", targets: ["freshtrack-deploy"]),
        .library(name: "DeployKit", targets: ["DeployKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // Build-time tool + plugin that embed every file under assets/ into DeployKit,
        // so a release binary copied alone to /usr/local/bin still has its data.
        .executableTarget(name: "embed-assets", path: "Sources/embed-assets"),
        .plugin(
            name: "EmbedAssetsPlugin",
            capability: .buildTool(),
            dependencies: ["embed-assets"],
            path: "Sources/EmbedAssetsPlugin"
        ),
        // Pure core: answers, recommendation, costs, rendering, plan. No I/O.
        .target(
            name: "DeployKit",
            dependencies: [.product(name: "Yams", package: "Yams")],
            plugins: ["EmbedAssetsPlugin"]
        ),
        // The only code that writes to disk.
        .target(name: "BundleWriter", dependencies: ["DeployKit"]),
        // Pure terminal model: cells, screen buffer, keys, widgets.
        .target(name: "TerminalUI", dependencies: ["CWcwidth"]),
        // libc's wcwidth, for TerminalUI's character widths.
        .target(name: "CWcwidth"),
        // Elm-style wizard: state, messages, update, view.
        .target(name: "Wizard", dependencies: ["DeployKit", "TerminalUI"]),
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The only importer of CNcursesw.
        .target(name: "CursesTerminal", dependencies: ["CNcursesw", "TerminalUI"]),
        // Host probes for `doctor` and the on-disk facts `check` needs (stat, sockets,
        // DNS, TCP/TLS handshakes, /proc). Effects only; decisions stay in DeployKit.
        .target(name: "HostProbe", dependencies: ["DeployKit", "COpenSSL"]),
        // OpenSSL's headers (libssl-dev) for the types and constants of doctor's TLS handshakes;
        // nothing is linked: HostProbe loads libssl.so.3 with dlopen when a TLS probe first runs.
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        // What each subcommand does once its arguments are read: the wizard's effect engine
        // and the text of the apply, dry-run, rotate, check and doctor reports.
        .target(name: "DeployCommands", dependencies: ["DeployKit", "BundleWriter", "Wizard", "HostProbe"]),
        .executableTarget(
            name: "freshtrack-deploy",
            dependencies: [
                "DeployKit", "BundleWriter", "Wizard", "CursesTerminal", "TerminalUI", "HostProbe", "DeployCommands",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Test-only library: the one copy of the helpers every test target shares (running a
        // subprocess, the real docker-compose / caddy / botocore oracles, temp directories,
        // the built binaries, the fault helper's sample plan). Never a dependency of a product.
        .target(name: "TestSupport", dependencies: ["DeployKit"], path: "Tests/TestSupport"),
        // Unit tests, one target per module. DeployKitTests also checks what the core renders
        // with the real tools (docker compose, caddy, botocore, shellcheck, the deploy scripts
        // against fake aws/doctl).
        .testTarget(name: "DeployKitTests", dependencies: ["DeployKit", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BundleWriterTests", dependencies: ["BundleWriter", "DeployKit", "TestSupport", "bundle-fault-helper"]),
        // Test-only executable: writes a hand-built plan and SIGKILLs itself at a chosen
        // step, or holds a bundle's lock, for the fault-injection and multi-process cases of
        // BundleWriterTests and CLITests.
        .executableTarget(name: "bundle-fault-helper", dependencies: ["BundleWriter", "DeployKit", "TestSupport"],
                          path: "Tests/BundleFaultHelper"),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TestSupport"]),
        .testTarget(name: "WizardTests", dependencies: ["Wizard", "TerminalUI", "DeployKit"], exclude: ["Snapshots"]),
        // The wizard end to end: the built binary in a pseudo-terminal (scripts/wizard-pty.py).
        .testTarget(name: "EndToEndTests", dependencies: ["DeployKit", "TestSupport"]),
        .testTarget(name: "DeployCommandsTests", dependencies: ["DeployCommands", "BundleWriter", "DeployKit", "TestSupport"]),
        .testTarget(name: "HostProbeTests", dependencies: ["HostProbe", "DeployKit", "TestSupport"]),
        // Every command run as an operator runs it: the built `freshtrack-deploy` binary
        // (apply, rotate, check, doctor, costs, recommend) on real temporary directories.
        .testTarget(name: "CLITests", dependencies: ["DeployKit", "BundleWriter", "TestSupport", "bundle-fault-helper"]),
        // The engine tier: bundles applied by the real binary and run on the real Docker
        // Engine with stand-in images built offline (scripts/standin-images).
        .testTarget(name: "EngineTests", dependencies: ["DeployKit", "TestSupport"]),
    ]
)
