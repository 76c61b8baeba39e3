import DeployKit
import Foundation

/// The answers every engine-tier stack is applied from: the shipped examples' shape, with
/// a `.test` domain, Pebble as the ACME directory and the provider secrets as `file:`
/// sources under the stack's `provider/` directory.
enum EngineAnswers {
    static let domain = "track.freshtrack.test"
    static let acmeDirectory = "https://acme.freshtrack.test:14000/dir"
    static let doDatabaseHost = "db-postgresql-nyc3-41235-do-user-1234567-0.b.db.ondigitalocean.com"
    static let doDatabasePort = 25060
    static let spacesRegion = "nyc3", spacesBucket = "freshtrack-files"
    static let awsRegion = "us-east-1", awsAccount = "123456789012"
    static let rdsEndpoint = "freshtrack.c9akciq32xyz.us-east-1.rds.amazonaws.com"
    static let elastiCacheEndpoint = "freshtrack.abc123.ng.0001.use1.cache.amazonaws.com"
    static let s3Bucket = "freshtrack-files-prod"
    static let version = "1.1.0"
    /// The stand-in backend image `scripts/standin-images` builds.
    static let backendImage = "freshtrack-backend:\(version)"
    /// What `compose.aws.yaml` runs: the image in the account's ECR registry.
    static let ecrBackendImage = "\(awsAccount).dkr.ecr.\(awsRegion).amazonaws.com/freshtrack-backend:\(version)"

    /// The answers file for `stack` (its target, environment and provider directory).
    static func yaml(for stack: Stack, target: Target? = nil) -> String {
        let provider = stack.root + "/provider"
        var sources = ["do_database_password", "spaces_access_key", "spaces_secret_key", "rds_password"]
        if stack.elastiCacheAuth { sources.append("elasticache_auth_token") }
        return """
            version: 1
            environment: \(stack.environment.rawValue)
            needs:
              users: 300
              budget_usd_per_month: 400
              compliance: none
              traffic: steady
              multi_region: false
            target: \((target ?? stack.target).rawValue)
            app:
              version: "\(version)"
              domain: \(domain)
              acme_email: ops@freshtrack.test
              acme_ca: \(acmeDirectory)
            digitalocean:
              database_host: \(doDatabaseHost)
              database_port: \(doDatabasePort)
              database_name: freshtrack
              database_user: doadmin
              spaces_region: \(spacesRegion)
              spaces_bucket: \(spacesBucket)
            aws:
              region: \(awsRegion)
              account_id: "\(awsAccount)"
              rds_endpoint: \(rdsEndpoint)
              database_name: freshtrack
              database_user: freshtrack
              elasticache_endpoint: \(elastiCacheEndpoint)
              s3_bucket: \(s3Bucket)
            secrets:
              dir: secrets
              sources:
            \(sources.map { "    \($0): file:\(provider)/\($0).txt" }.joined(separator: "\n"))

            """
    }
}

/// The test-only Compose file added after the bundle's files (never part of a bundle).
struct EngineOverlay {
    let stack: Stack

    /// The host names the stand-ins answer under with TLS; one certificate covers them all.
    static let tlsHosts = [
        "acme.freshtrack.test", EngineAnswers.doDatabaseHost,
        "\(EngineAnswers.spacesRegion).digitaloceanspaces.com",
        "\(EngineAnswers.spacesBucket).\(EngineAnswers.spacesRegion).digitaloceanspaces.com",
        EngineAnswers.rdsEndpoint, EngineAnswers.elastiCacheEndpoint,
        "s3.\(EngineAnswers.awsRegion).amazonaws.com",
        "\(EngineAnswers.s3Bucket).s3.\(EngineAnswers.awsRegion).amazonaws.com",
    ]

    /// Pebble (Let's Encrypt's test CA) listening on 14000 (ACME) and 15000 (management,
    /// where its issuing root is fetched), validating on the standard ports 80 and 443.
    static let pebbleConfiguration = """
        {"pebble": {"listenAddress": "0.0.0.0:14000", "managementListenAddress": "0.0.0.0:15000",
          "certificate": "/standin/tls/server.crt", "privateKey": "/standin/tls/server.key",
          "httpPort": 80, "tlsPort": 443, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
        """

    var runsCaddy: Bool { BundleLayout.runsCaddy(target: stack.target, environment: stack.environment) }
    var mount: String { "[\"\(stack.standin):/standin:ro\"]" }

    /// The whole file.
    var yaml: String {
        var services = [tester]
        if stack.environment == .dev {
            services += ["backend", "postgres", "redis", "minio"].map { "  \($0):\n    ports: !reset []" }
        } else {
            // The bundle's MinIO trusts the test CA too (its client copies objects to Spaces).
            services.append("  minio:\n    environment:\n      SSL_CERT_FILE: /standin/tls/ca.crt\n    volumes: \(mount)")
            switch stack.target {
            case .selfhosted: break
            case .digitalocean: services += digitalOcean
            case .aws: services += aws
            }
        }
        if runsCaddy { services += caddy }
        services += stack.extraServices
        return """
            # Test-only: internal network, no published ports, stand-ins of managed services.
            networks:
              default:
                internal: true
            services:
            \(services.joined(separator: "\n"))

            """
    }

    var tester: String {
        """
          tester:
            image: \(Engine.testerImage)
            volumes: ["\(stack.standin):/standin:ro", "\(stack.bundle):\(stack.bundle)"]
        """
    }

    var caddy: [String] {
        ["""
          caddy:
            ports: !reset []
            environment:
              SSL_CERT_FILE: /standin/tls/ca.crt
            volumes: \(mount)
            networks:
              default:
                aliases: [\(EngineAnswers.domain)]
        """, """
          pebble:
            image: \(Engine.pebbleImage)
            command: ["pebble", "-config", "/standin/pebble.json"]
            environment:
              PEBBLE_VA_NOSLEEP: "1"
              PEBBLE_WFE_NONCEREJECT: "0"
            volumes: \(mount)
            networks:
              default:
                aliases: [acme.freshtrack.test]
        """]
    }

    /// A PostgreSQL stand-in with TLS under a managed host name.
    func managedPostgres(_ name: String, host: String, port: Int, user: String, password: String) -> String {
        """
          \(name):
            image: postgres:15.14-alpine
            command: ["-c", "ssl=on", "-c", "ssl_cert_file=/standin/tls/server.crt", "-c", "ssl_key_file=/standin/tls/server.key", "-p", "\(port)"]
            environment:
              POSTGRES_USER: \(user)
              POSTGRES_DB: freshtrack
              POSTGRES_PASSWORD_FILE: /standin/secrets/\(password).txt
            volumes: \(mount)
            networks:
              default:
                aliases: [\(host)]
        """
    }

    /// An S3 stand-in with TLS on 443 under `domain` (and `bucket.domain`), whose root
    /// credentials are the key pair the bundle (or the instance role) uses.
    func objectStore(_ name: String, domain: String, bucket: String, accessKey: String, secretKey: String) -> String {
        """
          \(name):
            image: \(Self.image("minio/minio"))
            command: ["server", "/data"]
            environment:
              MINIO_ROOT_USER: \(stack.provided[accessKey] ?? "")
              MINIO_ROOT_PASSWORD_FILE: /standin/secrets/\(secretKey).txt
              S3_STANDIN_DOMAINS: \(domain)
              S3_STANDIN_TLS_CERT: /standin/tls/server.crt
              S3_STANDIN_TLS_KEY: /standin/tls/server.key
              S3_STANDIN_TLS_PORT: "443"
            volumes: \(mount)
            networks:
              default:
                aliases: [\(domain), \(bucket).\(domain)]
        """
    }

    /// The backend and worker trust the test CA (and, on AWS, get the instance role's keys).
    func app(_ extra: [String: String] = [:]) -> [String] {
        let env = ["AWS_CA_BUNDLE": "/standin/tls/ca.crt"].merging(extra) { $1 }
        let lines = env.keys.sorted().map { "      \($0): \"\(env[$0]!)\"" }.joined(separator: "\n")
        return ["backend", "worker"].map { service in
            """
              \(service):
            \(service == "backend" ? "    ports: !reset []\n" : "")    environment:
            \(lines)
                volumes: \(mount)
            """
        }
    }

    var digitalOcean: [String] {
        [managedPostgres("managed-postgres", host: EngineAnswers.doDatabaseHost, port: EngineAnswers.doDatabasePort,
                         user: "doadmin", password: "do_database_password"),
         objectStore("spaces", domain: "\(EngineAnswers.spacesRegion).digitaloceanspaces.com",
                     bucket: EngineAnswers.spacesBucket, accessKey: "spaces_access_key", secretKey: "spaces_secret_key")]
            + app()
    }

    var aws: [String] {
        let redis: String
        if stack.elastiCacheAuth {
            redis = """
                command: ["sh", "-c", "printf 'requirepass \\"%s\\"\\\\n' \\"$$(cat /standin/secrets/elasticache_auth_token.txt)\\" > /tmp/r.conf && exec redis-server /tmp/r.conf --port 0 --tls-port 6379 --tls-cert-file /standin/tls/server.crt --tls-key-file /standin/tls/server.key --tls-auth-clients no --protected-mode no"]
            """
        } else {
            redis = "    command: [\"redis-server\", \"--protected-mode\", \"no\"]"
        }
        return [managedPostgres("rds", host: EngineAnswers.rdsEndpoint, port: 5432, user: "freshtrack", password: "rds_password"),
                """
                  elasticache:
                    image: \(Self.image("redis"))
                    user: "0:0"
                \(redis)
                    volumes: \(mount)
                    networks:
                      default:
                        aliases: [\(EngineAnswers.elastiCacheEndpoint)]
                """,
                objectStore("s3", domain: "s3.\(EngineAnswers.awsRegion).amazonaws.com", bucket: EngineAnswers.s3Bucket,
                            accessKey: "aws_access_key_id", secretKey: "aws_secret_access_key")]
            + app(["AWS_ACCESS_KEY_ID": stack.provided["aws_access_key_id"] ?? "",
                   "AWS_SECRET_ACCESS_KEY": stack.provided["aws_secret_access_key"] ?? ""])
    }

    /// The pinned tag of `repository` in the base compose file (the bundle's one declaration).
    static func image(_ repository: String) -> String {
        let base = Assets.required("compose/docker-compose.yml")
        let line = base.split(separator: "\n").first { String($0).trimmed.hasPrefix("image: \(repository):") }
        return line.map { String(String($0).trimmed.dropFirst("image: ".count)) } ?? "\(repository):missing-from-docker-compose.yml"
    }
}
