//! Four Xoshiro256++ generators side by side, the lane samplers' source of
//! bits ([`super::lognormal`], [`super::poisson`]); their step is written once
//! over the lane types of [`super::simd`].

use rand::{Rng, SeedableRng};
use rand_xoshiro::SplitMix64;

pub(crate) use super::simd::LANES;
use super::simd::{Four, Portable};

/// Four Xoshiro256++ generators side by side: `state[word][lane]`.
#[derive(Debug, Clone)]
pub(crate) struct XoshiroLanes {
    state: [[u64; LANES]; 4],
}

impl XoshiroLanes {
    /// Lane l's state is SplitMix64 outputs 4l + 1 ..= 4l + 4 from `seed`: lane 0
    /// is `Xoshiro256PlusPlus::seed_from_u64(seed)`.
    pub(crate) fn new(seed: u64) -> XoshiroLanes {
        let mut splitmix = SplitMix64::seed_from_u64(seed);
        let mut state = [[0; LANES]; 4];
        for lane in 0..LANES {
            for word in &mut state {
                word[lane] = splitmix.next_u64();
            }
        }
        XoshiroLanes { state }
    }

    /// The next output of every lane (Blackman and Vigna's xoshiro256++).
    #[inline(always)]
    pub(crate) fn next_outputs(&mut self) -> [u64; LANES] {
        let mut out = [0; LANES];
        Portable.store_u(self.step(Portable), &mut out);
        out
    }

    /// [`XoshiroLanes::next_outputs`] in the lanes of `S`.
    #[inline(always)]
    pub(crate) fn step<S: Four>(&mut self, s: S) -> S::U {
        let mut state = self.load(s);
        let out = Self::advance(s, &mut state);
        self.store(s, state);
        out
    }

    /// The generators' state in the lanes of `S`, for a run of steps
    /// ([`XoshiroLanes::advance`]) kept in registers; [`XoshiroLanes::store`]
    /// puts it back.
    #[inline(always)]
    pub(crate) fn load<S: Four>(&self, s: S) -> [S::U; 4] {
        self.state.each_ref().map(|word| s.load_u(word))
    }

    #[inline(always)]
    pub(crate) fn store<S: Four>(&mut self, s: S, state: [S::U; 4]) {
        for (word, v) in self.state.iter_mut().zip(state) {
            s.store_u(v, word);
        }
    }

    /// One step of every lane of `state` (rotations by two shifts): its
    /// outputs.
    #[inline(always)]
    pub(crate) fn advance<S: Four>(s: S, state: &mut [S::U; 4]) -> S::U {
        let [mut s0, mut s1, mut s2, mut s3] = *state;
        let sum = s.add_u(s0, s3);
        let rotated_sum = s.or_u(s.shl_u::<23>(sum), s.shr_u::<41>(sum));
        let out = s.add_u(rotated_sum, s0);
        let t = s.shl_u::<17>(s1);
        s2 = s.xor_u(s2, s0);
        s3 = s.xor_u(s3, s1);
        s1 = s.xor_u(s1, s2);
        s0 = s.xor_u(s0, s3);
        s2 = s.xor_u(s2, t);
        s3 = s.or_u(s.shl_u::<45>(s3), s.shr_u::<19>(s3));
        *state = [s0, s1, s2, s3];
        out
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_xoshiro::Xoshiro256PlusPlus;

    use super::*;

    #[test]
    fn each_lane_is_xoshiro256_plus_plus_and_lane_0_is_seed_from_u64() {
        let mut lanes = XoshiroLanes::new(42);
        let mut reference: Vec<Xoshiro256PlusPlus> = (0..LANES)
            .map(|l| {
                let mut seed = [0u8; 32];
                for (w, chunk) in seed.chunks_mut(8).enumerate() {
                    chunk.copy_from_slice(&lanes.state[w][l].to_le_bytes());
                }
                Xoshiro256PlusPlus::from_seed(seed)
            })
            .collect();
        let mut lane_0 = Xoshiro256PlusPlus::seed_from_u64(42);
        for _ in 0..1000 {
            let out = lanes.next_outputs();
            assert_eq!(out[0], lane_0.next_u64());
            for l in 0..LANES {
                assert_eq!(out[l], reference[l].next_u64());
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx_lanes_give_the_same_outputs() {
        use crate::sample::simd::Avx;
        let Some(avx) = Avx::<false>::here() else {
            return;
        };
        let mut plain = XoshiroLanes::new(5);
        let mut vector = plain.clone();
        for _ in 0..100 {
            let mut out = [0u64; LANES];
            avx.store_u(vector.step(avx), &mut out);
            assert_eq!(out, plain.next_outputs());
        }
    }
}
