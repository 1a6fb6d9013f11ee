//! A small deterministic generator for tests that draw random screens:
//! the same inputs on every run, without a dependency.

pub struct Dice(pub u64);

impl Dice {
    /// A number below `n` (a linear congruential step, high bits kept).
    pub fn roll(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}
