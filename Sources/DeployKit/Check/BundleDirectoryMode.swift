/// Whether a bundle directory's permission bits let other local users replace the files
/// `docker compose` (run as root) reads: `docker-compose.yml`, the overlays, `.env`, the
/// `Caddyfile`. Shared by `apply` (refuses / warns), `doctor` and `check --dir` (findings). Pure.
public enum BundleDirectoryMode {
    /// Permission bits as four octal digits, e.g. `0777`, `1777`.
    public static func octal(_ mode: UInt16) -> String {
        let s = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// The finding for directory `path` with permission bits `mode` (`st_mode & 0o7777`):
    /// an error (rule `bundle-dir-writable`) when others may write (`o+w`, sticky bit or not:
    /// anyone may create a file there before `apply` does), a warning when only its group may
    /// write (`g+w`), `nil` otherwise. The message names the path and its mode; the fix gives
    /// the `chmod` command.
    public static func finding(path: String, mode: UInt16) -> Finding? {
        let shown = octal(mode)
        let quoted = shellWord(path)
        if mode & 0o002 != 0 && mode & 0o1000 != 0 {
            // /tmp, /var/tmp: shared on purpose; tightening them would break every other user.
            return Finding(rule: .bundleDirWritable, severity: .error, location: nil, service: nil,
                           message: "\(path): the bundle directory is a shared directory every local user may create files in (mode \(shown), sticky, like /tmp): anyone could put their own docker-compose.yml, .env or Caddyfile there first, which root then runs with `docker compose`",
                           fix: "do not chmod a shared directory; use one of its own: `mkdir -m 0755 /opt/freshtrack-pro` and pass --dir /opt/freshtrack-pro (or `chmod o-w`/`chmod 0755` a directory you created)")
        }
        if mode & 0o002 != 0 {
            return Finding(rule: .bundleDirWritable, severity: .error, location: nil, service: nil,
                           message: "\(path): the bundle directory is writable by every local user (mode \(shown)): anyone could replace docker-compose.yml, .env or the Caddyfile, which root then runs with `docker compose`",
                           fix: "check its contents, then `chmod o-w \(quoted)` (or `chmod 0755 \(quoted)`), or use a directory only root (or the deploy user) can write, e.g. /opt/freshtrack-pro")
        }
        if mode & 0o020 != 0 {
            return Finding(rule: .bundleDirWritable, severity: .warning, location: nil, service: nil,
                           message: "\(path): the bundle directory is writable by its group (mode \(shown)): every member could replace docker-compose.yml, .env or the Caddyfile, which root then runs",
                           fix: "`chmod g-w \(quoted)` (or `chmod 0755 \(quoted)`) unless every member of the group may administer this deployment")
        }
        return nil
    }

    static func shellWord(_ s: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+=,-")
        if !s.isEmpty && s.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingAll("'", with: "'\\''") + "'"
    }
}
