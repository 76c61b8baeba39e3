/// SplitMix64 (Steele, Lea and Flood 2014): a tiny seeded generator, so the "random" values
/// and kill moments of the property tests are the same on every run.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's whole state; `next()` advances it.
    public var state: UInt64
    /// Starts from `state` as the seed.
    public init(state: UInt64) { self.state = state }
    /// Starts from `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 pseudo-random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
