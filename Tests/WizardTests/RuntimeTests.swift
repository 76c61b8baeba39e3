import DeployKit
import TerminalUI
import Testing
@testable import Wizard

/// A terminal that replays scripted events and records every frame.
final class FakeTerminal: TerminalDevice {
    var size: Size
    var events: [Event]
    var frames: [ScreenBuffer] = []

    init(size: Size, events: [Event]) {
        self.size = size
        self.events = events
    }

    func nextEvent() -> Event? {
        guard !events.isEmpty else { return nil }
        let e = events.removeFirst()
        if case .resize(let s) = e { size = s }
        return e
    }

    func present(_ buffer: ScreenBuffer) { frames.append(buffer) }
}

@Suite struct RuntimeTests {
    func keys(_ s: String) -> [Event] { s.map { .key(.char($0)) } }

    @Test func walksToTheWriteStepPerformingEffectsAndExitsWithTheQuitStatus() {
        var events: [Event] = [.key(.enter), .key(.enter), .key(.enter), .key(.enter), .key(.enter)]
        // details (self-hosted or whatever was recommended): fill via typing
        events += keys("1.1.0") + [.key(.tab)] + keys("track.freshtrack.io") + [.key(.tab)] + keys("ops@freshtrack.io")
        let term = FakeTerminal(size: size80, events: events)
        var performed: [Effect] = []
        let status = WizardRuntime.run(terminal: term, start: Wizard.start(directory: "/srv/ft", size: size80)) { e in
            performed.append(e)
            if e == .loadPrevious { return [.previousLoaded(.success(nil))] }
            return []
        }
        #expect(status == 1)   // input ended before the end
        #expect(performed.first == .loadPrevious)
        #expect(term.frames.first?.contains("Set up FreshTrack Pro") == true)
        #expect(term.frames.last?.contains("track.freshtrack.io") == true)
    }

    @Test func aResizeRelaysOutTheSameState() {
        let term = FakeTerminal(size: size80, events: [.key(.enter), .resize(size120), .resize(Size(width: 50, height: 10)),
                                                          .resize(size80)])
        _ = WizardRuntime.run(terminal: term, start: Wizard.start(directory: "/d", size: size80)) { _ in [] }
        let sizes = term.frames.map(\.size)
        #expect(sizes.contains(size120))
        #expect(term.frames.contains { $0.contains("Make the window at least 80x24.") })
        #expect(term.frames.last?.size == size80)
        #expect(term.frames.last?.contains("Which environment") == true)
    }

    @Test func ctrlCAsksThenQuitsWith130() {
        let term = FakeTerminal(size: size80, events: [.key(.enter), .key(.ctrl("c")), .key(.char("y")), .key(.enter)])
        let status = WizardRuntime.run(terminal: term, start: Wizard.start(directory: "/d", size: size80)) { _ in [] }
        #expect(status == 130)
        #expect(term.frames.last?.contains("Quit without writing?") == true)
    }

    @Test func sigtermEndsTheLoopAt143() {
        let term = FakeTerminal(size: size80, events: [.key(.enter), .terminate, .key(.enter)])
        let status = WizardRuntime.run(terminal: term, start: Wizard.start(directory: "/d", size: size80)) { _ in [] }
        #expect(status == 143)
        #expect(term.events == [.key(.enter)])
    }

    @Test func theWriteScreenIsPresentedBeforeTheWriteIsPerformed() {
        // Reach the review with a prepared plan, then write.
        var s = walk(to: .review)
        send(&s, [.prepared(.success(samplePlan(.selfhosted)))])
        let term = FakeTerminal(size: size80, events: [.key(.char("w")), .key(.enter)])
        var framesAtWrite = -1
        let status = WizardRuntime.run(terminal: term, start: (s, [])) { e in
            if e == .write {
                framesAtWrite = term.frames.count
                #expect(term.frames.last?.contains("Writing the bundle") == true)
                return [.written(.success(sampleSummary()))]
            }
            return []
        }
        #expect(framesAtWrite > 0)
        #expect(status == 0)
        #expect(term.frames.last?.contains("Bundle written to /srv/freshtrack") == true)
    }
}
