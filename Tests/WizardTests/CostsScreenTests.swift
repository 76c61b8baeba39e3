import DeployKit
import Foundation
import TerminalUI
import Testing
@testable import Wizard

/// The costs screen at 80x24: every item scrolls into view with the totals kept, and
/// quantities are shown as `costs` prints them.
@Suite struct CostItemsScrollTests {
    func screen(_ s: WizardState) -> String { Wizard.view(s, size: size80).lines().joined(separator: "\n") }

    /// At 80x24 the items that do not fit scroll into view with Up/Down; the totals stay.
    @Test func everyCostItemCanBeScrolledIntoView() {
        var s = walk(to: .costs)
        var n = NeedsScreen.needs(s.needs)!
        n.users = s.costUsers
        let cmp = CostModel.compare(needs: n, environment: s.environment)
        var seen = Set<String>()
        for _ in 0..<20 {
            let text = screen(s)
            for o in cmp.options { for i in o.items where text.contains(String(i.name.prefix(16))) { seen.insert(i.name) } }
            #expect(text.contains("Total"))
            press(&s, .down)
        }
        let all = Set(cmp.options.flatMap { $0.items.map(\.name) })
        #expect(seen == all, "never shown: \(all.subtracting(seen))")
        #expect(screen(s).contains("0 below"))
    }

    /// Quantities are shown as `costs` prints them (e.g. Managed PostgreSQL 1 GB x4).
    @Test func quantitiesAreShown() {
        #expect(CostsScreen.quantityLabel("size x4") == "x4")
        #expect(CostsScreen.quantityLabel("2 x size x8") == "2 of x8")
        #expect(CostsScreen.quantityLabel("base size") == "")
        var s = walk(to: .costs)
        while s.costUsers < 5_000 { press(&s, .right) }
        #expect(screen(s).contains("Managed PostgreSQL 1 GB x"))
    }
}

/// The costs screen through `Wizard.update`: Left/Right change the users and the costs follow,
/// within the ladder's ends.
@Suite struct CostsUpdateTests {
    @Test func leftAndRightChangeUsersAndTheCostsRecompute() {
        var s = walk(to: .costs)
        #expect(s.costUsers == 750)
        let at750 = Wizard.view(s, size: size120).text
        press(&s, .right)
        #expect(s.costUsers == 1_000)
        press(&s, .right, .right)
        #expect(s.costUsers == 5_000)
        let at5000 = Wizard.view(s, size: size120).text
        #expect(at5000.contains("5000 users"))
        #expect(at750 != at5000.replacingOccurrences(of: "5000", with: "750"))
        press(&s, .char("r"))
        #expect(s.costUsers == 750)
        #expect(NeedsScreen.needs(s.needs)?.users == 750)   // the answer itself never changed
        press(&s, .left)
        #expect(s.costUsers == 500)
    }

    @Test func usersLadderStopsAtItsEnds() {
        #expect(CostsScreen.step(10, -1) == 10)
        #expect(CostsScreen.step(100_000, 1) == 100_000)
        #expect(CostsScreen.step(333, 1) == 500)
        #expect(CostsScreen.step(333, -1) == 250)
    }
}
