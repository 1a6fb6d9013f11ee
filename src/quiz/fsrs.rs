//! The FSRS-6 memory model (Free Spaced Repetition Scheduler) with its
//! published default parameters: how a card's stability and difficulty
//! change with an answer, and the interval after which recall falls to the
//! desired retention. Scheduling needs only these few formulas; the `fsrs`
//! crate also trains parameters, and brought a numeric array library, a
//! thread pool and a random number generator into every build for it.
//!
//! Stability is in days: the time after which recall probability falls to
//! 90%. Difficulty runs from 1 to 10. Arithmetic is in `f32`, in the same
//! order as the reference implementation, so intervals agree with it.
//!
//! `exp` and `pow` are computed in `f64` by the `libm` crate (Rust, no C
//! maths library for every start to load and map) and rounded to `f32`:
//! correctly rounded but in rare cases, like the C library's `expf` and
//! `powf` (the two differ in about one input in 1,600, by one unit in the
//! last place).

/// FSRS-6's default parameters, w0 to w20.
const W: [f32; 21] = [
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
    0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
];

const S_MIN: f32 = 0.001;
const S_MAX: f32 = 36_500.0;
const D_MIN: f32 = 1.0;
const D_MAX: f32 = 10.0;

fn expf(x: f32) -> f32 {
    libm::exp(f64::from(x)) as f32
}

fn powf(x: f32, y: f32) -> f32 {
    libm::pow(f64::from(x), f64::from(y)) as f32
}

/// What the model knows of a card's memory.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Memory {
    pub stability: f32,
    pub difficulty: f32,
}

/// The memory after each answer, Again, Hard, Good, Easy; `None` if the
/// state given cannot be computed with (not finite).
pub fn next_states(memory: Option<Memory>, days_elapsed: u32) -> Option<[Memory; 4]> {
    let states = [1.0, 2.0, 3.0, 4.0].map(|rating| match memory {
        Some(m) => step(m, days_elapsed as f32, rating),
        None => first(rating),
    });
    states
        .iter()
        .all(|m| m.stability.is_finite() && m.difficulty.is_finite())
        .then_some(states)
}

/// Days until recall probability falls to `retention`, for `stability`.
pub fn interval(stability: f32, retention: f32) -> f32 {
    let (decay, factor) = curve();
    stability / factor * (powf(retention, 1.0 / decay) - 1.0)
}

/// The forgetting curve's exponent and the factor that puts 90% recall at
/// `t = stability`.
fn curve() -> (f32, f32) {
    let decay = -W[20];
    (decay, expf(0.9f32.ln() / decay) - 1.0)
}

/// Probability of recall `t` days after a review, for `stability`.
fn retrievability(t: f32, stability: f32) -> f32 {
    let (decay, factor) = curve();
    powf(t / stability * factor + 1.0, decay)
}

/// A card's first answer (`rating` 1–4).
fn first(rating: f32) -> Memory {
    Memory {
        stability: initial_stability(rating).clamp(S_MIN, S_MAX),
        difficulty: initial_difficulty(rating).clamp(D_MIN, D_MAX),
    }
}

fn initial_stability(rating: f32) -> f32 {
    W[(rating as usize).clamp(1, 4) - 1]
}

fn initial_difficulty(rating: f32) -> f32 {
    W[4] - expf(W[5] * (rating - 1.0)) + 1.0
}

/// A later answer, `days` after the previous one (0: the same day).
fn step(memory: Memory, days: f32, rating: f32) -> Memory {
    let s = memory.stability.clamp(S_MIN, S_MAX);
    let d = memory.difficulty.clamp(D_MIN, D_MAX);
    let stability = if days == 0.0 {
        same_day(s, rating)
    } else if rating == 1.0 {
        after_lapse(s, d, retrievability(days, s))
    } else {
        after_recall(s, d, retrievability(days, s), rating)
    };
    // Harder answers raise difficulty, less so near the top; it drifts
    // back a little towards that of a first Easy.
    let damped = d + (10.0 - d) * (-W[6] * (rating - 3.0)) / 9.0;
    let difficulty = (W[7] * (initial_difficulty(4.0) - damped) + damped).clamp(D_MIN, D_MAX);
    Memory {
        stability: stability.clamp(S_MIN, S_MAX),
        difficulty,
    }
}

/// Stability after a successful recall (`rating` 2–4) at retrievability `r`.
fn after_recall(s: f32, d: f32, r: f32, rating: f32) -> f32 {
    let hard_penalty = if rating == 2.0 { W[15] } else { 1.0 };
    let easy_bonus = if rating == 4.0 { W[16] } else { 1.0 };
    s * (expf(W[8])
        * (11.0 - d)
        * powf(s, -W[9])
        * (expf((1.0 - r) * W[10]) - 1.0)
        * hard_penalty
        * easy_bonus
        + 1.0)
}

/// Stability after forgetting, never above what a same-day lapse leaves.
fn after_lapse(s: f32, d: f32, r: f32) -> f32 {
    let forgotten =
        W[11] * powf(d, -W[12]) * (powf(s + 1.0, W[13]) - 1.0) * expf((1.0 - r) * W[14]);
    forgotten.min(s / expf(W[17] * W[18]))
}

/// Stability after an answer on the day of the previous one: a recall
/// never lowers it.
fn same_day(s: f32, rating: f32) -> f32 {
    let growth = expf(W[17] * (rating - 3.0 + W[18])) * powf(s, -W[19]);
    s * if rating >= 2.0 {
        growth.max(1.0)
    } else {
        growth
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(stability: f32, difficulty: f32) -> Memory {
        Memory {
            stability,
            difficulty,
        }
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() <= 1e-4 * b.abs().max(1.0)
    }

    /// A memory, days since the last answer, and the (stability,
    /// difficulty) after Again, Hard, Good and Easy.
    type Case = (Option<Memory>, u32, [(f32, f32); 4]);

    /// Values given by the reference implementation (the `fsrs` crate,
    /// 6.6.2, default parameters) for the same inputs.
    #[test]
    fn agrees_with_the_reference_implementation() {
        let cases: [Case; 7] = [
            (
                None,
                0,
                [
                    (0.212, 6.4133),
                    (1.2931, 5.1121707),
                    (2.3065, 2.118104),
                    (8.2956, 1.0),
                ],
            ),
            (
                Some(m(0.212, 6.4133)),
                0,
                [
                    (0.08335672, 8.806304),
                    (0.212, 7.60421),
                    (0.24668919, 6.402115),
                    (0.42438, 5.2000203),
                ],
            ),
            (
                Some(m(2.3065, 2.1181)),
                1,
                [
                    (0.57129914, 7.3945007),
                    (5.318794, 4.752856),
                    (7.315302, 2.11121),
                    (11.687486, 1.0),
                ],
            ),
            (
                Some(m(2.3065, 2.1181)),
                3,
                [
                    (0.6368507, 7.3945007),
                    (9.234878, 4.752856),
                    (13.826916, 2.11121),
                    (23.883087, 1.0),
                ],
            ),
            (
                Some(m(10.0, 5.0)),
                12,
                [
                    (1.4221525, 8.341763),
                    (25.048695, 6.6659956),
                    (35.02277, 4.990228),
                    (56.865143, 3.3144615),
                ],
            ),
            (
                Some(m(50.0, 9.5)),
                200,
                [
                    (3.351399, 9.820882),
                    (78.94485, 9.653305),
                    (98.129105, 9.485728),
                    (140.141, 9.318151),
                ],
            ),
            (
                Some(m(0.5, 1.0)),
                0,
                [
                    (0.18580416, 7.0269895),
                    (0.5, 4.0106087),
                    (0.5498762, 1.0),
                    (0.94595337, 1.0),
                ],
            ),
        ];
        for (memory, days, expected) in cases {
            let got = next_states(memory, days).expect("finite");
            for (g, (s, d)) in got.iter().zip(expected) {
                assert!(
                    close(g.stability, s) && close(g.difficulty, d),
                    "{memory:?} after {days} days: {g:?}, expected ({s}, {d})"
                );
            }
        }
        for (stability, retention, days) in [
            (1.0, 0.9, 1.0),
            (2.3065, 0.9, 2.3065),
            (10.0, 0.85, 19.064249),
            (100.0, 0.95, 40.25587),
            (0.212, 0.7, 1.9690366),
        ] {
            assert!(
                close(interval(stability, retention), days),
                "{stability} at {retention}: {}",
                interval(stability, retention)
            );
        }
    }

    #[test]
    fn a_state_that_is_not_finite_gives_none() {
        assert_eq!(next_states(Some(m(f32::NAN, 5.0)), 3), None);
        assert!(
            next_states(Some(m(f32::INFINITY, 5.0)), 3)
                .is_some_and(|s| s.iter().all(|m| m.stability <= S_MAX))
        );
    }
}
