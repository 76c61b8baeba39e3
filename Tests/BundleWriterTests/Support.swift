import DeployKit
import Foundation
import TestSupport
@testable import BundleWriter

// The file-tree helpers (snapshot, readText, statOf, makeTempDir, run) and the fault
// helper's LockHolder are TestSupport's (FileTree.swift, FaultHelper.swift).

/// The sample plan of `variant` prepared for `dir` (the plan `bundle-fault-helper` writes).
func prepared(_ dir: String, variant: Int) -> PreparedBundle {
    PreparedBundle(directory: dir, answers: sampleAnswers(), plan: samplePlan(variant: variant))
}

/// 2026-11-27T10:15:00Z plus `seconds`.
func testDate(_ seconds: Int = 0) -> Date { Date(timeIntervalSince1970: 1_795_774_500 + Double(seconds)) }
