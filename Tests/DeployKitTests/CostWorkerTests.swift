import Foundation
import Testing
import TestSupport
import Yams
@testable import DeployKit

/// The worker the App Platform and ECS bundles deploy is priced, sized from what the bundle
/// renders; the seed's totals (which leave the worker out) are still shown and checked in
/// CostModelTests.

/// Public rates typed from the AWS Fargate page (us-east-1, Linux/x86), not read from
/// pricing.yaml: USD per vCPU-hour and per GB-hour.
private let vCPUHour = 0.04048
private let gbHour = 0.004445

private func item(_ option: CostOption, service: String) throws -> PriceList.Item {
    let o = try #require(PriceList.embedded.options.first { $0.option == option })
    return try #require(o.items.first { $0.deploys?.service == service }, "\(option) prices no \(service)")
}

@Test func theWorkerIsALineOfTheAppPlatformAndAWSBillsButNotOfTheSeeds() throws {
    let c = CostModel.compare(needs: nil)
    let app = try #require(c.cost(of: .digitaloceanAppPlatform))
    let appWorker = try #require(app.items.first { $0.name.contains("worker") })
    #expect(appWorker.monthlyUSD == 12 && appWorker.lowUSD == 12 && appWorker.highUSD == 12)
    #expect(!appWorker.inSeed && appWorker.seedUSD == 0)
    #expect(app.monthlyUSD == 47 + 12 && app.seedTotalUSD == 47 && app.lowUSD == 59)

    let aws = try #require(c.cost(of: .aws))
    let awsWorker = try #require(aws.items.first { $0.name.contains("worker") })
    let expected = (0.5 * vCPUHour + 1 * gbHour) * 730   // $18.02
    #expect(abs(awsWorker.monthlyUSD - expected) < 0.005, "worker \(awsWorker.monthlyUSD)")
    #expect(!awsWorker.inSeed && awsWorker.seedUSD == 0 && awsWorker.lowUSD == awsWorker.monthlyUSD)
    let backend = 2 * (1 * vCPUHour + 2 * gbHour) * 730
    #expect(abs(aws.monthlyUSD - (backend + expected + 70)) < 0.01, "aws \(aws.monthlyUSD)")
    #expect(aws.seedTotalUSD == 110)
    // The low end takes the seed's $40 for the backend tasks but never drops the worker.
    #expect(abs(aws.lowUSD - (40 + expected + 70)) < 0.01, "aws low \(aws.lowUSD)")

    // The hybrid and self-hosted run the worker on the Droplet / VM: no line of its own.
    for option in [CostOption.selfhosted, .digitalocean] {
        #expect(try #require(c.cost(of: option)).items.allSatisfy { $0.inSeed })
        #expect(!PriceList.embedded.options.first { $0.option == option }!.items.contains { $0.deploys?.service == "worker" })
    }
    #expect(c.assumptions.contains { $0.contains("worker") && $0.contains("same Compose stack") })
}

@Test func theWorkerIsOneInstanceWhateverTheUsersAndEnvironment() throws {
    for env in DeployEnvironment.allCases {
        for users in [1, 1000, 50_000] {
            for traffic in Traffic.allCases {
                let c = CostModel.compare(needs: Needs(users: users, budgetUSDPerMonth: 0, traffic: traffic), environment: env)
                for option in [CostOption.digitaloceanAppPlatform, .aws] {
                    let w = try #require(c.cost(of: option)?.items.first { $0.name.contains("worker") })
                    #expect(w.quantity == "1", "\(option) \(env) \(users) \(traffic): \(w.quantity)")
                }
            }
        }
    }
}

/// The priced Fargate sizes are the task definitions the bundle writes: for the ECS
/// defaults (ECSSettings) and for the shipped example, the worker's (and backend's) cpu and
/// memory, the hourly amounts priced (vCPU = cpu / 1024, GB = MiB / 1024) and the worker's
/// desiredCount.
@Test func thePricedFargateTasksAreTheTaskDefinitionsTheBundleWrites() throws {
    let worker = try item(.aws, service: "worker")
    let backend = try item(.aws, service: "backend")
    let example = try AnswersCodec.decode(Assets.required("examples/aws-ecs.yaml"))
    let defaults = ECSFixtures.answers()   // ECSFixtures.ecs leaves every size and count at its default
    for answers in [defaults, example] {
        let files = try ECSRenderer.files(for: answers)
        func json(_ path: String) throws -> [String: Any] {
            try ECSFixtures.jsonObject(try #require(files.first { $0.path == path }, "\(path) not rendered").contents)
        }
        for (role, priced) in [("worker", worker), ("backend", backend)] {
            let task = try json("aws/task-definition-\(role).json")
            let deploys = try #require(priced.deploys)
            #expect(task["cpu"] as? String == deploys.fargateCPU.map(String.init), "\(role) cpu")
            #expect(task["memory"] as? String == deploys.fargateMemoryMiB.map(String.init), "\(role) memory")
            let hourly = try #require(priced.price.perHour)
            let vcpu = try #require(hourly.first { $0.unit == "vCPU-hour" })
            let gb = try #require(hourly.first { $0.unit == "GB-hour" })
            #expect(vcpu.amount == Double(try #require(Int(task["cpu"] as? String ?? ""))) / 1024)
            #expect(gb.amount == Double(try #require(Int(task["memory"] as? String ?? ""))) / 1024)
            #expect(vcpu.usd == vCPUHour && gb.usd == gbHour)
        }
        let service = try json("aws/service-worker.json")
        #expect(service["desiredCount"] as? Int == worker.deploys?.count)
        #expect(worker.scale.kind == .fixed && worker.deploys?.count == 1)
    }
    #expect(worker.deploys?.fargateCPU == ECSSettings.defaultWorkerSize.cpu)
    #expect(worker.deploys?.fargateMemoryMiB == ECSSettings.defaultWorkerSize.memoryMiB)
    #expect(worker.deploys?.count == ECSSettings.defaultWorkerDesiredCount)
    #expect(backend.deploys?.fargateCPU == ECSSettings.defaultBackendSize.cpu)
    #expect(backend.deploys?.fargateMemoryMiB == ECSSettings.defaultBackendSize.memoryMiB)
}

/// The priced App Platform containers are do/app.yaml's: for the defaults
/// (AppPlatformSettings) and for the shipped example, the worker's instance_size_slug and
/// instance_count, and the backend service's size.
@Test func thePricedAppPlatformContainersAreTheAppSpecTheBundleWrites() throws {
    let worker = try item(.digitaloceanAppPlatform, service: "worker")
    let backend = try item(.digitaloceanAppPlatform, service: "backend")
    let example = try AnswersCodec.decode(Assets.required("examples/digitalocean-app-platform.yaml"))
    let defaults = AppPlatformFixtures.answers(AppPlatformSettings(databaseCluster: "freshtrack-pg", cacheCluster: "freshtrack-valkey"))
    for answers in [defaults, example] {
        let spec = try #require(try Yams.load(yaml: AppPlatformFixtures.appYAML(answers)) as? [String: Any])
        let workers = try #require(spec["workers"] as? [[String: Any]])
        #expect(workers.count == 1)
        let w = try #require(workers.first)
        #expect(w["name"] as? String == "worker")
        #expect(w["instance_size_slug"] as? String == worker.deploys?.appPlatformInstanceSize)
        #expect(w["instance_count"] as? Int == worker.deploys?.count)
        let services = try #require(spec["services"] as? [[String: Any]])
        #expect(services.map { $0["instance_size_slug"] as? String } == [backend.deploys?.appPlatformInstanceSize])
    }
    #expect(worker.scale.kind == .fixed && worker.deploys?.count == 1)
    #expect(worker.deploys?.appPlatformInstanceSize == AppPlatformSettings.defaultInstanceSize)
    // The worker's size costs what the backend container of the same size costs.
    #expect(worker.deploys?.appPlatformInstanceSize == backend.deploys?.appPlatformInstanceSize)
    #expect(worker.price.usdPerMonth == backend.price.usdPerMonth)
}
