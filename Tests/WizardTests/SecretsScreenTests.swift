import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// What the secrets screen says: every message names its secret, a refused paste is shown
/// whole, labels and hints fit at 80x24.
@Suite struct SecretMessagesTests {

    /// Two secrets with a missing source file: each message names its own secret.
    @Test func fileProblemsNameTheirSecret() throws {
        var s = walk(to: .secrets, target: .digitalocean)
        for name in [SecretName.spacesAccessKey, .spacesSecretKey] {
            focus(&s, \.secrets, "secret.\(name.rawValue).path")
            replace(&s, "/tmp/ft/nope-\(name.rawValue).txt")
            send(&s, [.filesChecked(["/tmp/ft/nope-\(name.rawValue).txt": "no such file: /tmp/ft/nope-\(name.rawValue).txt"])])
        }
        focus(&s, \.secrets, "secrets.dir")
        let screen = screenWords(Wizard.view(s, size: size80))
        for name in [SecretName.spacesAccessKey, .spacesSecretKey] {
            #expect(screen.contains(wholeWords("✗ \(name.rawValue) file path: no such file: /tmp/ft/nope-\(name.rawValue).txt")),
                    "\(name)\n\(Wizard.view(s, size: size80).text)")
        }
        #expect(!screen.contains("✗ file path:"))
    }

    /// Short typed values: the warning names the secret, and says "(or generate)" only for a
    /// secret that can be generated.
    @Test func shortValueWarningsNameTheSecretAndOfferGenerateOnlyWhereItCan() throws {
        var s = walk(to: .secrets, target: .digitalocean)
        chooseSource(&s, .spacesAccessKey, SecretsScreen.typeIt)
        press(&s, .tab); type(&s, "abcdefgh")
        chooseSource(&s, .redisPassword, SecretsScreen.typeIt)
        press(&s, .tab); type(&s, "12345678")
        focus(&s, \.secrets, "secrets.dir")
        let screen = screenWords(Wizard.view(s, size: size80))
        #expect(screen.contains(wholeWords("⚠ spaces_access_key value: only 8 characters; 12 or more advised")),
                "\(Wizard.view(s, size: size80).text)")
        #expect(!screen.contains("spaces_access_key value: only 8 characters; 12 or more advised (or generate)"))
        #expect(screen.contains(wholeWords("⚠ redis_password value: only 8 characters; 12 or more advised (or generate)")),
                "\(Wizard.view(s, size: size80).text)")
        #expect(!screen.contains("⚠ value:"))
    }

    /// A refused paste names the secret it was meant for.
    @Test func refusedPasteNamesTheSecret() {
        var s = walk(to: .secrets, target: .digitalocean)
        chooseSource(&s, .spacesSecretKey, SecretsScreen.typeIt)
        press(&s, .tab)
        send(&s, [.event(.paste("abc\tdef"))])
        let screen = screenWords(Wizard.view(s, size: size80))
        #expect(screen.contains("spaces_secret_key value: not taken"), "\(Wizard.view(s, size: size80).text)")
    }

    @Test func aRefusedPasteIsShownWhole() {
        var s = walk(to: .secrets, target: .selfhosted)
        chooseSource(&s, .stackAuthSecret, SecretsScreen.typeIt)
        press(&s, .tab)
        send(&s, [.event(.paste("abc\tdef"))])
        let msg = "stack_auth_secret value: not taken: it holds a tab, line break or other control character (not allowed in a secret)."
        let screen = Wizard.view(s, size: size80)
        #expect(screenWords(screen).contains(wholeWords(msg)), "\n\(screen.text)")
    }

    /// Labels never touch their input; the secrets directory hint is not cut.
    @Test func secretsScreenLabelsAndHintFit() {
        var s = walk(to: .secrets, target: .aws)
        focus(&s, \.secrets, "secrets.dir")
        let text = screenLines(s).joined(separator: "\n")
        #expect(!text.contains("token(•)") && !text.contains("token( )"))
        #expect(text.contains("relative to the bundle."))
    }
}

/// A secret typed on the screen: control characters refused visibly, short values warned of,
/// MinIO's root password under 8 characters refused.
@Suite struct TypedSecretTests {
    /// Secrets screen with `name`'s source set to "type it", focused on its value.
    func typing(_ name: SecretName) -> WizardState {
        var s = walk(to: .secrets, target: .selfhosted)
        chooseTypeIt(&s, name)
        return s
    }

    func screen(_ s: WizardState) -> String { Wizard.view(s, size: size80).lines().joined(separator: "\n") }

    /// A pasted tab or line break is refused with a message, never silently removed.
    @Test func aPastedControlCharacterIsRefusedVisibly() {
        var s = typing(.stackAuthSecret)
        send(&s, [.event(.paste("abc\tdef-ghi-jkl"))])
        #expect(s.secrets.secret("secret.stack_auth_secret.value")?.count == 0)
        #expect(screen(s).contains("control character"))
        send(&s, [.event(.paste("line-one\n"))])
        #expect(s.secrets.secret("secret.stack_auth_secret.value")?.count == 0)
        send(&s, [.event(.paste("abcdef-ghi-jkl"))])
        #expect(s.secrets.secret("secret.stack_auth_secret.value")?.count == 14)
    }

    /// A short typed secret is warned about; MinIO's root password under 8 is an error.
    @Test func shortTypedSecretsAreWarnedAndMinIOsAreRefused() {
        var s = typing(.stackAuthSecret)
        type(&s, "x")
        #expect(screen(s).contains("only 1 characters; 12 or more advised"))
        var m = typing(.minioRootPassword)
        type(&m, "short")
        press(&m, .tab); type(&m, "short")
        press(&m, .enter)
        #expect(m.step == .secrets)
        #expect(SecretsScreen.error(m.secrets, "secret.minio_root_password.value")?.contains("under 8") == true)
    }
}

/// A secret read from a file: the path as typed (a `file:` prefix, relative paths) and the
/// file checked as you type.
@Suite struct SecretFilePathTests {
    func atPath() -> WizardState {
        var s = walk(to: .secrets, target: .aws)
        focus(&s, \.secrets, "secret.rds_password.path")
        return s
    }

    /// `file:` written into the path field is taken as the prefix, not doubled, and a
    /// relative path is saved absolute against the bundle directory shown.
    @Test func aLeadingFilePrefixIsStrippedAndRelativePathsAreSavedAbsolute() {
        var s = atPath()
        replace(&s, "file:/root/rds.txt")
        #expect(SecretsScreen.error(s, "secret.rds_password.path") == nil)
        #expect(Wizard.answers(s)?.secrets.sources[.rdsPassword] == .file("/root/rds.txt"))
        replace(&s, "keys/../keys/rds.txt")
        #expect(Wizard.answers(s)?.secrets.sources[.rdsPassword] == .file("/srv/freshtrack/keys/rds.txt"))
        replace(&s, "")
        let e = SecretsScreen.error(s, "secret.rds_password.path") ?? ""
        #expect(!e.contains("write file:"), "\(e)")
    }

    /// Typing asks the edge whether the file is readable; its answer shows beside the field
    /// and Enter stays on the screen.
    @Test func aMissingFileIsMarkedAsYouTypeAndBlocksEnter() {
        var s = atPath()
        press(&s, .ctrl("u"))
        let effects = type(&s, "/nonexistent/rds.txt")
        #expect(effects.last == .checkFiles(["/nonexistent/rds.txt"]))
        send(&s, [.filesChecked(["/nonexistent/rds.txt": "no such file: /nonexistent/rds.txt"])])
        let screen = Wizard.view(s, size: size80).lines().joined(separator: "\n")
        #expect(screen.contains("no such file"))
        press(&s, .enter)
        #expect(s.step == .secrets)
        send(&s, [.filesChecked(["/nonexistent/rds.txt": String?.none])])
        press(&s, .enter)
        #expect(s.step == .review)
    }
}

/// The secrets screen through `Wizard.update`: which secrets exist, kept ones, the directory
/// checked again, typed secrets confirmed and never in the answers, provided ones needing a source.
@Suite struct SecretsUpdateTests {
    @Test func validDetailsOpenTheSecretsAndAskWhichExist() {
        var s = walk(to: .details, target: .digitalocean)
        let effects = press(&s, .enter)
        #expect(s.step == .secrets)
        #expect(effects == [.checkSecrets(dir: "secrets", names: SecretsScreen.names(s))])
        #expect(SecretsScreen.names(s).contains(.doDatabasePassword))
    }

    @Test func existingSecretsAreShownAsKept() {
        var s = walk(to: .secrets, target: .selfhosted)
        send(&s, [.secretsChecked(dir: "secrets", existing: [.postgresPassword])])
        #expect(s.secrets.choice("secret.postgres_password.source") == SecretsScreen.kept)
        #expect(Wizard.view(s, size: size80).contains("kept (file exists)"))
        // A late answer for another directory is ignored.
        send(&s, [.secretsChecked(dir: "other", existing: [.redisPassword])])
        #expect(s.secrets.choice("secret.redis_password.source") == SecretsScreen.generate)
    }

    @Test func editingTheDirectoryChecksTheSecretsAgain() {
        var s = walk(to: .secrets)
        press(&s, .end)  // keep the pre-filled "secrets" and edit it
        let effects = type(&s, "2")
        #expect(effects.last == .checkSecrets(dir: "secrets2", names: SecretsScreen.names(s)))
    }

    @Test func typedSecretsNeedAMatchingConfirmationAndNeverReachTheAnswers() {
        var s = walk(to: .secrets, target: .selfhosted)
        focus(&s, \.secrets, "secret.stack_auth_secret.source")
        press(&s, .right, .right)   // type it
        press(&s, .tab); type(&s, "s3cret-Value")
        press(&s, .tab); type(&s, "s3cret-Valu")
        press(&s, .enter)
        #expect(s.step == .secrets)
        #expect(SecretsScreen.error(s.secrets, "secret.stack_auth_secret.confirm") == "does not match the value")
        let screen = Wizard.view(s, size: size80).text
        #expect(!screen.contains("s3cret"))
        focus(&s, \.secrets, "secret.stack_auth_secret.confirm")
        press(&s, .end)     // keep the value (selected on entering the field) and add to it
        type(&s, "e")
        let effects = press(&s, .enter)
        #expect(s.step == .review)
        guard case .prepare(let answers, let typed)? = effects.first else { Issue.record("no prepare effect"); return }
        #expect(typed[.stackAuthSecret] == SecretValue("s3cret-Value"))
        #expect(answers.secrets.sources[.stackAuthSecret] == nil)
        #expect(answers.secrets.sources[.postgresPassword] == .generate)
        #expect(!AnswersCodec.encode(answers).contains("s3cret"))
    }

    @Test func providedSecretsNeedASource() {
        var s = walk(to: .secrets, target: .aws)
        press(&s, .enter)
        #expect(s.step == .secrets)
        #expect(s.secrets.focusedField?.id == "secret.rds_password.path")
        replace(&s, "/root/rds.txt")
        let effects = press(&s, .enter)
        #expect(s.step == .review)
        guard case .prepare(let answers, _)? = effects.first else { Issue.record("no prepare effect"); return }
        #expect(answers.secrets.sources[.rdsPassword] == .file("/root/rds.txt"))
        #expect(answers.secrets.sources[.elasticacheAuthToken] == nil)
    }
}
