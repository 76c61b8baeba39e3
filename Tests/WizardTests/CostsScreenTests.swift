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
