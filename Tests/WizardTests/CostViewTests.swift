import DeployKit
import TerminalUI
import Testing
@testable import Wizard

@Suite struct CostViewTests {
    let needs = Needs(users: 1_000, budgetUSDPerMonth: 100)

    @Test func leftRightChangeUsersAndQuitKeysClose() {
        var s = CostViewState(needs: needs, environment: .production)
        var quit: Int32?
        (s, quit) = CostView.update(s, .key(.right))
        #expect(s.users == 2_500 && quit == nil)
        (s, quit) = CostView.update(s, .key(.left))
        (s, quit) = CostView.update(s, .key(.left))
        #expect(s.users == 500)
        (s, quit) = CostView.update(s, .key(.char("r")))
        #expect(s.users == 1_000)
        #expect(CostView.update(s, .key(.char("q"))).1 == 0)
        #expect(CostView.update(s, .key(.ctrl("c"))).1 == 130)
        #expect(CostView.update(s, .terminate).1 == 143)
    }

    @Test func rendersTheComparisonAndRecomputesForTheUsersShown() {
        var s = CostViewState(needs: needs, environment: .production)
        let at1000 = CostView.view(s, size: size120)
        s.users = 25_000
        let at25000 = CostView.view(s, size: size120)
        #expect(at1000.contains("Monthly cost at 1000 users (your answer)"))
        #expect(at25000.contains("Monthly cost at 25000 users (your answer: 1000; r resets)"))
        #expect(at1000.lines().filter { $0.contains("Total") } != at25000.lines().filter { $0.contains("Total") })
        expectSnapshot(at1000, "costs-command")
        expectSnapshot(CostView.view(CostViewState(needs: needs, environment: .production), size: size80), "costs-command")
    }

    @Test func runsAgainstAFakeTerminal() {
        let term = FakeTerminal(size: size80, events: [.key(.right), .resize(Size(width: 70, height: 20)), .resize(size80), .key(.char("q"))])
        let status = CostView.run(terminal: term, needs: needs, environment: .staging)
        #expect(status == 0)
        #expect(term.frames.contains { $0.contains("Make the window at least 80x24.") })
        #expect(term.frames.last?.contains("2500 users") == true)
    }
}

/// `costs` on a terminal with no needs given shows the seed's reference sizing, never
/// "(your answer)"; with --users it is the operator's answer.
@Test func costViewHeadingSaysWhoseUsersFigureItIs() {
    let needs = Needs(users: 1000, budgetUSDPerMonth: 0)
    let reference = CostView.view(CostViewState(needs: needs, environment: .production, usersAnswered: false), size: size80)
        .lines().joined(separator: "\n")
    #expect(reference.contains("Monthly cost at 1000 users (the seed's reference sizing)"))
    #expect(!reference.contains("your answer"))
    let answered = CostView.view(CostViewState(needs: needs, environment: .production), size: size80)
        .lines().joined(separator: "\n")
    #expect(answered.contains("Monthly cost at 1000 users (your answer)"))
}
