//! Four vector lanes: four Xoshiro256++ generators side by side, table
//! look-ups for four lanes at once (AVX2), and which build of the lane
//! samplers the CPU runs ([`build`]). The lane samplers
//! ([`super::lognormal`], [`super::poisson`]) stand on them.

use rand::{Rng, SeedableRng};
use rand_xoshiro::SplitMix64;

/// Draws per step.
pub const LANES: usize = 4;

/// For each lane's index i (its low 8 bits), the pair `table[i stride]`,
/// `table[i stride + 1]`: a vector of first elements and one of second elements.
/// Four 16-byte loads: cheaper than two gathers on the CPUs measured.
///
/// # Safety
/// The CPU must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
pub unsafe fn pairs_avx2(
    table: &[f64],
    stride: usize,
    index: std::arch::x86_64::__m256i,
) -> (std::arch::x86_64::__m256d, std::arch::x86_64::__m256d) {
    use std::arch::x86_64::*;
    let (low, high) = (
        _mm256_castsi256_si128(index),
        _mm256_extracti128_si256(index, 1),
    );
    let indices = [
        _mm_cvtsi128_si64(low),
        _mm_extract_epi64(low, 1),
        _mm_cvtsi128_si64(high),
        _mm_extract_epi64(high, 1),
    ];
    let [p0, p1, p2, p3] = indices.map(|i| {
        let at = (i & 255) as usize * stride;
        let pair = &table[at..at + 2];
        // SAFETY: `pair` holds the two f64 the load reads.
        unsafe { _mm_loadu_pd(pair.as_ptr()) }
    });
    let a = _mm256_insertf128_pd(_mm256_castpd128_pd256(p0), p2, 1);
    let b = _mm256_insertf128_pd(_mm256_castpd128_pd256(p1), p3, 1);
    (_mm256_unpacklo_pd(a, b), _mm256_unpackhi_pd(a, b))
}

/// Which build of the lane samplers the CPU runs: their AVX2 intrinsics
/// compiled with AVX-512 F and VL as well (the same operations on 256-bit
/// vectors, in fewer instructions and with 32 vector registers), the AVX2
/// intrinsics alone, or plain Rust. All give the same bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    Avx512,
    Avx2,
    Portable,
}

/// The build for this CPU (the standard library detects its features once and
/// caches the answer).
#[inline(always)]
pub fn build() -> Build {
    if !has_avx2() {
        return Build::Portable;
    }
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") && has!("avx512vl") {
            return Build::Avx512;
        }
    }
    Build::Avx2
}

/// Whether the CPU has AVX2, as every build but the portable one needs: one
/// look-up of the cached answer, cheap enough to ask per call.
#[inline(always)]
pub fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// For tests of a vector build: whether this CPU lacks what `needed` runs on
/// (AVX2; for `Avx512`, AVX-512 F and VL as well), saying so when it does, so
/// that the test can skip.
#[cfg(all(test, target_arch = "x86_64"))]
pub(crate) fn lacks(needed: Build) -> bool {
    let has = match needed {
        Build::Portable => true,
        Build::Avx2 => has_avx2(),
        Build::Avx512 => build() == Build::Avx512,
    };
    if !has {
        eprintln!("skipped: this CPU cannot run the {needed:?} build");
    }
    !has
}

/// Four Xoshiro256++ generators side by side: `state[word][lane]`.
#[derive(Debug, Clone)]
pub struct XoshiroLanes {
    state: [[u64; LANES]; 4],
}

impl XoshiroLanes {
    /// Lane l's state is SplitMix64 outputs 4l + 1 ..= 4l + 4 from `seed`: lane 0
    /// is `Xoshiro256PlusPlus::seed_from_u64(seed)`.
    pub fn new(seed: u64) -> XoshiroLanes {
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
    pub fn next_outputs(&mut self) -> [u64; LANES] {
        let [s0, s1, s2, s3] = &mut self.state;
        let mut out = [0; LANES];
        for l in 0..LANES {
            out[l] = s0[l]
                .wrapping_add(s3[l])
                .rotate_left(23)
                .wrapping_add(s0[l]);
            let t = s1[l] << 17;
            s2[l] ^= s0[l];
            s3[l] ^= s1[l];
            s1[l] ^= s2[l];
            s0[l] ^= s3[l];
            s2[l] ^= t;
            s3[l] = s3[l].rotate_left(45);
        }
        out
    }

    /// [`XoshiroLanes::next_outputs`] with AVX2 intrinsics (rotations by two shifts).
    ///
    /// # Safety
    /// The CPU must have AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    #[inline]
    pub unsafe fn next_avx2(&mut self) -> std::arch::x86_64::__m256i {
        use std::arch::x86_64::*;
        let words: [*mut __m256i; 4] = std::array::from_fn(|w| self.state[w].as_mut_ptr().cast());
        // SAFETY: each word is an array of four u64, 32 bytes.
        let [mut s0, mut s1, mut s2, mut s3] = words.map(|p| unsafe { _mm256_loadu_si256(p) });
        let sum = _mm256_add_epi64(s0, s3);
        let rotated_sum = _mm256_or_si256(_mm256_slli_epi64(sum, 23), _mm256_srli_epi64(sum, 41));
        let out = _mm256_add_epi64(rotated_sum, s0);
        let t = _mm256_slli_epi64(s1, 17);
        s2 = _mm256_xor_si256(s2, s0);
        s3 = _mm256_xor_si256(s3, s1);
        s1 = _mm256_xor_si256(s1, s2);
        s0 = _mm256_xor_si256(s0, s3);
        s2 = _mm256_xor_si256(s2, t);
        s3 = _mm256_or_si256(_mm256_slli_epi64(s3, 45), _mm256_srli_epi64(s3, 19));
        for (p, s) in words.into_iter().zip([s0, s1, s2, s3]) {
            // SAFETY: as for the loads.
            unsafe { _mm256_storeu_si256(p, s) };
        }
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
    fn avx2_lanes_give_the_same_outputs() {
        if lacks(Build::Avx2) {
            return;
        }
        let mut plain = XoshiroLanes::new(5);
        let mut avx2 = plain.clone();
        for _ in 0..100 {
            let mut out = [0u64; LANES];
            // SAFETY: the CPU has AVX2; `out` holds four u64.
            unsafe {
                let v = avx2.next_avx2();
                std::arch::x86_64::_mm256_storeu_si256(out.as_mut_ptr().cast(), v);
            }
            assert_eq!(out, plain.next_outputs());
        }
    }
}
