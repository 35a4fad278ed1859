//! The one room for SIMD: the lane types every vector kernel is written over,
//! the choice of build for this CPU, and all of the crate's `unsafe`.
//!
//! A kernel (the `exp`, the ziggurat's candidates, the Xoshiro256++ step, the
//! lognormal fill, the Poisson searches, reading the lanes' running totals) is
//! written once, generic over a lane type: [`Scalar`] (one lane, an `f64`),
//! [`Portable`] (four lanes as arrays, each operation [`Scalar`]'s lane by lane)
//! and, on x86-64, [`Avx`] (four lanes in one AVX2 register). Every lane type
//! does the same IEEE-754 operations in the same order (no FMA), so a kernel
//! gives the same bits whatever it runs on; tests compare them.
//!
//! The build is chosen once by whoever starts the work ([`Build::detect`]: the
//! engine's context, once per run) and entered through [`Build::run`]: the
//! [`Kernel`], monomorphised for the build's lane type, runs inside a function
//! compiled with the build's CPU features, into which the lane operations
//! (`#[inline(always)]`, each one intrinsic) are inlined. Code below the entry
//! that is kept out of line is a kernel of its own, entered in the same lanes
//! with [`Four::vectorize`].
//! An [`Avx`] token is made only after the CPU was found to have its features,
//! which is what makes its operations safe. Were an operation left out of line
//! all the same, the bits would not change, only the speed: `.ci/check-inlining`
//! fails when the release binary holds any intrinsic as a function of its own.
//!
//! The AVX-512 build is the AVX2 lane type compiled with AVX-512 F and VL as
//! well: the same operations on 256-bit vectors, which the compiler encodes in
//! fewer instructions (a 64-bit rotation in one, three-way logic) and with 32
//! vector registers, room for more Poisson searches side by side.

/// Lanes of the four-lane types.
pub(crate) const LANES: usize = 4;

/// The same operation on every lane. `F` holds an `f64` per lane, `U` a `u64`
/// per lane, `M` a comparison's result per lane.
pub(crate) trait Lanes: Copy {
    type F: Copy;
    type U: Copy;
    type M: Copy;

    /// `x` in every lane.
    fn f(self, x: f64) -> Self::F;
    fn u(self, x: u64) -> Self::U;

    fn add(self, a: Self::F, b: Self::F) -> Self::F;
    fn sub(self, a: Self::F, b: Self::F) -> Self::F;
    fn mul(self, a: Self::F, b: Self::F) -> Self::F;
    /// |a|: the sign bit cleared.
    fn abs(self, a: Self::F) -> Self::F;
    /// `a` where a > b, else `b` (so `b` where either is NaN).
    fn max(self, a: Self::F, b: Self::F) -> Self::F;
    /// Ordered comparisons: false where either is NaN.
    fn lt(self, a: Self::F, b: Self::F) -> Self::M;
    fn le(self, a: Self::F, b: Self::F) -> Self::M;
    fn ge(self, a: Self::F, b: Self::F) -> Self::M;

    /// Wrapping addition and subtraction, bitwise or and xor, shifts by `N` bits.
    fn add_u(self, a: Self::U, b: Self::U) -> Self::U;
    fn sub_u(self, a: Self::U, b: Self::U) -> Self::U;
    fn or_u(self, a: Self::U, b: Self::U) -> Self::U;
    fn xor_u(self, a: Self::U, b: Self::U) -> Self::U;
    fn shl_u<const N: i32>(self, a: Self::U) -> Self::U;
    fn shr_u<const N: i32>(self, a: Self::U) -> Self::U;

    /// The bits of an `f64` as a `u64`, and back.
    fn bits_of(self, a: Self::F) -> Self::U;
    fn f64_of(self, a: Self::U) -> Self::F;

    /// For each lane's index i (its low 8 bits), `table[i stride]` and
    /// `table[i stride + 1]`.
    fn pairs(self, table: &[f64], stride: usize, index: Self::U) -> (Self::F, Self::F);
}

/// Four lanes: loads and stores of arrays, masks as bits, and the readings of
/// running totals kept lane by lane.
pub(crate) trait Four: Lanes {
    /// Whether 32 vector registers hold the kernels' working values (AVX-512),
    /// not 16.
    const WIDE_REGISTERS: bool;

    /// Runs `kernel` on these lanes, compiled with their CPU features: for code
    /// kept out of line below a [`Build::run`].
    fn vectorize<K: Kernel>(self, kernel: K) -> K::Output;

    fn load(self, a: &[f64; LANES]) -> Self::F;
    fn store(self, v: Self::F, to: &mut [f64; LANES]);
    fn load_u(self, a: &[u64; LANES]) -> Self::U;
    fn store_u(self, v: Self::U, to: &mut [u64; LANES]);

    /// Bit l set where lane l is true.
    fn bitmask(self, m: Self::M) -> u32;
    fn or_m(self, a: Self::M, b: Self::M) -> Self::M;
    /// `k` plus one in the lanes where `m` is true.
    fn count(self, k: Self::U, m: Self::M) -> Self::U;

    /// Each lane's running total before draw `k` of rows of running totals
    /// (flattened, draw i in lane i mod 4 of row i / 4 + 1): lane l's is
    /// element k + ((l - k) mod 4), the four elements from k rotated.
    fn totals_before(self, totals: &[f64], k: usize) -> Self::F;
    /// The lanes' totals at the end less those at the start, added as
    /// (d0 + d1) + (d2 + d3).
    fn difference(self, end: Self::F, start: Self::F) -> f64;
}

/// Work to run on a build's lane type ([`Build::run`]). Its `run` is inlined
/// into the function compiled with the build's features: implementations mark
/// it `#[inline(always)]`.
pub(crate) trait Kernel {
    type Output;
    fn run<S: Four>(self, lanes: S) -> Self::Output;
}

/// One lane, plain Rust: the kernels' single-draw form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scalar;

impl Lanes for Scalar {
    type F = f64;
    type U = u64;
    type M = bool;

    #[inline(always)]
    fn f(self, x: f64) -> f64 {
        x
    }
    #[inline(always)]
    fn u(self, x: u64) -> u64 {
        x
    }
    #[inline(always)]
    fn add(self, a: f64, b: f64) -> f64 {
        a + b
    }
    #[inline(always)]
    fn sub(self, a: f64, b: f64) -> f64 {
        a - b
    }
    #[inline(always)]
    fn mul(self, a: f64, b: f64) -> f64 {
        a * b
    }
    #[inline(always)]
    fn abs(self, a: f64) -> f64 {
        a.abs()
    }
    #[inline(always)]
    fn max(self, a: f64, b: f64) -> f64 {
        if a > b { a } else { b }
    }
    #[inline(always)]
    fn lt(self, a: f64, b: f64) -> bool {
        a < b
    }
    #[inline(always)]
    fn le(self, a: f64, b: f64) -> bool {
        a <= b
    }
    #[inline(always)]
    fn ge(self, a: f64, b: f64) -> bool {
        a >= b
    }
    #[inline(always)]
    fn add_u(self, a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }
    #[inline(always)]
    fn sub_u(self, a: u64, b: u64) -> u64 {
        a.wrapping_sub(b)
    }
    #[inline(always)]
    fn or_u(self, a: u64, b: u64) -> u64 {
        a | b
    }
    #[inline(always)]
    fn xor_u(self, a: u64, b: u64) -> u64 {
        a ^ b
    }
    #[inline(always)]
    fn shl_u<const N: i32>(self, a: u64) -> u64 {
        a << N
    }
    #[inline(always)]
    fn shr_u<const N: i32>(self, a: u64) -> u64 {
        a >> N
    }
    #[inline(always)]
    fn bits_of(self, a: f64) -> u64 {
        a.to_bits()
    }
    #[inline(always)]
    fn f64_of(self, a: u64) -> f64 {
        f64::from_bits(a)
    }
    #[inline(always)]
    fn pairs(self, table: &[f64], stride: usize, index: u64) -> (f64, f64) {
        let at = (index & 255) as usize * stride;
        (table[at], table[at + 1])
    }
}

/// Four lanes as arrays, each operation [`Scalar`]'s lane by lane: the build
/// for CPUs without AVX2, and the reference the others are tested against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Portable;

/// [`Scalar`]'s operation `op` on each lane of `a` and `b`.
#[inline(always)]
fn each<A: Copy, B: Copy, T>(a: [A; LANES], b: [B; LANES], op: impl Fn(A, B) -> T) -> [T; LANES] {
    std::array::from_fn(|l| op(a[l], b[l]))
}

impl Lanes for Portable {
    type F = [f64; LANES];
    type U = [u64; LANES];
    type M = [bool; LANES];

    #[inline(always)]
    fn f(self, x: f64) -> Self::F {
        [x; LANES]
    }
    #[inline(always)]
    fn u(self, x: u64) -> Self::U {
        [x; LANES]
    }
    #[inline(always)]
    fn add(self, a: Self::F, b: Self::F) -> Self::F {
        each(a, b, |a, b| Scalar.add(a, b))
    }
    #[inline(always)]
    fn sub(self, a: Self::F, b: Self::F) -> Self::F {
        each(a, b, |a, b| Scalar.sub(a, b))
    }
    #[inline(always)]
    fn mul(self, a: Self::F, b: Self::F) -> Self::F {
        each(a, b, |a, b| Scalar.mul(a, b))
    }
    #[inline(always)]
    fn abs(self, a: Self::F) -> Self::F {
        a.map(|a| Scalar.abs(a))
    }
    #[inline(always)]
    fn max(self, a: Self::F, b: Self::F) -> Self::F {
        each(a, b, |a, b| Scalar.max(a, b))
    }
    #[inline(always)]
    fn lt(self, a: Self::F, b: Self::F) -> Self::M {
        each(a, b, |a, b| Scalar.lt(a, b))
    }
    #[inline(always)]
    fn le(self, a: Self::F, b: Self::F) -> Self::M {
        each(a, b, |a, b| Scalar.le(a, b))
    }
    #[inline(always)]
    fn ge(self, a: Self::F, b: Self::F) -> Self::M {
        each(a, b, |a, b| Scalar.ge(a, b))
    }
    #[inline(always)]
    fn add_u(self, a: Self::U, b: Self::U) -> Self::U {
        each(a, b, |a, b| Scalar.add_u(a, b))
    }
    #[inline(always)]
    fn sub_u(self, a: Self::U, b: Self::U) -> Self::U {
        each(a, b, |a, b| Scalar.sub_u(a, b))
    }
    #[inline(always)]
    fn or_u(self, a: Self::U, b: Self::U) -> Self::U {
        each(a, b, |a, b| Scalar.or_u(a, b))
    }
    #[inline(always)]
    fn xor_u(self, a: Self::U, b: Self::U) -> Self::U {
        each(a, b, |a, b| Scalar.xor_u(a, b))
    }
    #[inline(always)]
    fn shl_u<const N: i32>(self, a: Self::U) -> Self::U {
        a.map(|a| Scalar.shl_u::<N>(a))
    }
    #[inline(always)]
    fn shr_u<const N: i32>(self, a: Self::U) -> Self::U {
        a.map(|a| Scalar.shr_u::<N>(a))
    }
    #[inline(always)]
    fn bits_of(self, a: Self::F) -> Self::U {
        a.map(f64::to_bits)
    }
    #[inline(always)]
    fn f64_of(self, a: Self::U) -> Self::F {
        a.map(f64::from_bits)
    }
    #[inline(always)]
    fn pairs(self, table: &[f64], stride: usize, index: Self::U) -> (Self::F, Self::F) {
        let pairs = index.map(|i| Scalar.pairs(table, stride, i));
        (pairs.map(|p| p.0), pairs.map(|p| p.1))
    }
}

impl Four for Portable {
    const WIDE_REGISTERS: bool = false;

    #[inline(always)]
    fn vectorize<K: Kernel>(self, kernel: K) -> K::Output {
        kernel.run(self)
    }

    #[inline(always)]
    fn load(self, a: &[f64; LANES]) -> Self::F {
        *a
    }
    #[inline(always)]
    fn store(self, v: Self::F, to: &mut [f64; LANES]) {
        *to = v;
    }
    #[inline(always)]
    fn load_u(self, a: &[u64; LANES]) -> Self::U {
        *a
    }
    #[inline(always)]
    fn store_u(self, v: Self::U, to: &mut [u64; LANES]) {
        *to = v;
    }
    #[inline(always)]
    fn bitmask(self, m: Self::M) -> u32 {
        (0..LANES).fold(0, |bits, l| bits | u32::from(m[l]) << l)
    }
    #[inline(always)]
    fn or_m(self, a: Self::M, b: Self::M) -> Self::M {
        each(a, b, |a, b| a | b)
    }
    #[inline(always)]
    fn count(self, k: Self::U, m: Self::M) -> Self::U {
        each(k, m, |k, m| k + u64::from(m))
    }
    #[inline(always)]
    fn totals_before(self, totals: &[f64], k: usize) -> Self::F {
        let four: &[f64; LANES] = totals[k..k + LANES].try_into().expect("four totals");
        std::array::from_fn(|l| four[l.wrapping_sub(k) % LANES])
    }
    #[inline(always)]
    fn difference(self, end: Self::F, start: Self::F) -> f64 {
        let d = self.sub(end, start);
        (d[0] + d[1]) + (d[2] + d[3])
    }
}

/// Which build of the kernels runs: AVX-512 (F and VL), AVX2 or portable.
/// Made only by [`Build::detect`] or as [`Build::PORTABLE`], so a build is
/// always one this CPU runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Build(Kind);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Build {
    /// Plain Rust, on any CPU.
    pub(crate) const PORTABLE: Build = Build(Kind::Portable);

    /// The fastest build this CPU runs (the standard library detects its
    /// features once and caches the answer).
    pub(crate) fn detect() -> Build {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            if has!("avx2") {
                if has!("avx512f") && has!("avx512vl") {
                    return Build(Kind::Avx512);
                }
                return Build(Kind::Avx2);
            }
        }
        Build::PORTABLE
    }

    /// Every build this CPU runs, the portable one first: for tests that
    /// compare them.
    #[cfg(test)]
    pub(crate) fn all_here() -> Vec<Build> {
        let mut builds = vec![Build::PORTABLE];
        #[cfg(target_arch = "x86_64")]
        {
            let best = Build::detect();
            if best != Build::PORTABLE {
                builds.push(Build(Kind::Avx2));
            }
            if best == Build(Kind::Avx512) {
                builds.push(best);
            }
        }
        builds
    }

    /// Runs `kernel` on this build's lanes, compiled with its CPU features.
    #[inline]
    pub(crate) fn run<K: Kernel>(self, kernel: K) -> K::Output {
        match self.0 {
            Kind::Portable => kernel.run(Portable),
            #[cfg(target_arch = "x86_64")]
            Kind::Avx2 => Avx::<false>(()).vectorize(kernel),
            #[cfg(target_arch = "x86_64")]
            Kind::Avx512 => Avx::<true>(()).vectorize(kernel),
        }
    }
}

#[cfg(target_arch = "x86_64")]
pub(crate) use x86::Avx;

/// The AVX2 lane type. Every operation is one intrinsic (or a few), run in an
/// `unsafe` block whose one condition, that the CPU has AVX2 (and, for
/// `Avx<true>`, AVX-512 F and VL), holds because an `Avx` is made only by
/// [`Build::run`] for a build [`Build::detect`] found (or, in tests, by
/// [`Avx::here`]). Pointers passed are to arrays of the four values read or
/// written.
#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::{Four, Kernel, LANES, Lanes};

    /// Four lanes in one AVX2 register; with `AVX512`, compiled with AVX-512
    /// F and VL as well.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Avx<const AVX512: bool>(pub(super) ());

    impl<const AVX512: bool> Avx<AVX512> {
        /// The lane type, if this CPU has its features: for tests, which run
        /// its operations out of line (the same bits, slowly).
        #[cfg(test)]
        pub(crate) fn here() -> Option<Avx<AVX512>> {
            let build = super::Build::detect();
            let has = if AVX512 {
                build == super::Build(super::Kind::Avx512)
            } else {
                build != super::Build::PORTABLE
            };
            if !has {
                eprintln!("skipped: this CPU cannot run Avx<{AVX512}>");
            }
            has.then_some(Avx(()))
        }
    }

    /// `kernel` run on AVX2 lanes, compiled for AVX2: its `run`, and the lane
    /// operations it calls, are inlined here.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn run_avx2<K: Kernel>(kernel: K) -> K::Output {
        kernel.run(Avx::<false>(()))
    }

    /// [`run_avx2`] on the lanes compiled with AVX-512 F and VL as well.
    #[target_feature(enable = "avx2,avx512f,avx512vl")]
    #[inline]
    fn run_avx512<K: Kernel>(kernel: K) -> K::Output {
        kernel.run(Avx::<true>(()))
    }

    /// For each k mod 4, the 32-bit indices that move element (l - k) mod 4 of
    /// four f64 to lane l.
    static ROTATIONS: [[i32; 8]; LANES] = {
        let mut table = [[0; 8]; LANES];
        let mut k = 0;
        while k < LANES {
            let mut l = 0;
            while l < LANES {
                let element = ((l + LANES - k) % LANES) as i32;
                table[k][2 * l] = 2 * element;
                table[k][2 * l + 1] = 2 * element + 1;
                l += 1;
            }
            k += 1;
        }
        table
    };

    impl<const AVX512: bool> Lanes for Avx<AVX512> {
        type F = __m256d;
        type U = __m256i;
        type M = __m256d;

        #[inline(always)]
        fn f(self, x: f64) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_set1_pd(x) }
        }
        #[inline(always)]
        fn u(self, x: u64) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_set1_epi64x(x as i64) }
        }
        #[inline(always)]
        fn add(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_add_pd(a, b) }
        }
        #[inline(always)]
        fn sub(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_sub_pd(a, b) }
        }
        #[inline(always)]
        fn mul(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_mul_pd(a, b) }
        }
        #[inline(always)]
        fn abs(self, a: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_andnot_pd(_mm256_set1_pd(-0.0), a) }
        }
        #[inline(always)]
        fn max(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_max_pd(a, b) }
        }
        #[inline(always)]
        fn lt(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_cmp_pd::<_CMP_LT_OQ>(a, b) }
        }
        #[inline(always)]
        fn le(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_cmp_pd::<_CMP_LE_OQ>(a, b) }
        }
        #[inline(always)]
        fn ge(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_cmp_pd::<_CMP_GE_OQ>(a, b) }
        }
        #[inline(always)]
        fn add_u(self, a: __m256i, b: __m256i) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_add_epi64(a, b) }
        }
        #[inline(always)]
        fn sub_u(self, a: __m256i, b: __m256i) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_sub_epi64(a, b) }
        }
        #[inline(always)]
        fn or_u(self, a: __m256i, b: __m256i) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_or_si256(a, b) }
        }
        #[inline(always)]
        fn xor_u(self, a: __m256i, b: __m256i) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_xor_si256(a, b) }
        }
        #[inline(always)]
        fn shl_u<const N: i32>(self, a: __m256i) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_slli_epi64::<N>(a) }
        }
        #[inline(always)]
        fn shr_u<const N: i32>(self, a: __m256i) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_srli_epi64::<N>(a) }
        }
        #[inline(always)]
        fn bits_of(self, a: __m256d) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_castpd_si256(a) }
        }
        #[inline(always)]
        fn f64_of(self, a: __m256i) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_castsi256_pd(a) }
        }
        /// Four 16-byte loads: cheaper than two gathers on the CPUs measured.
        #[inline(always)]
        fn pairs(self, table: &[f64], stride: usize, index: __m256i) -> (__m256d, __m256d) {
            // SAFETY: see `Avx`; each load reads the two f64 of `pair`.
            unsafe {
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
                    _mm_loadu_pd(pair.as_ptr())
                });
                let a = _mm256_insertf128_pd(_mm256_castpd128_pd256(p0), p2, 1);
                let b = _mm256_insertf128_pd(_mm256_castpd128_pd256(p1), p3, 1);
                (_mm256_unpacklo_pd(a, b), _mm256_unpackhi_pd(a, b))
            }
        }
    }

    impl<const AVX512: bool> Four for Avx<AVX512> {
        const WIDE_REGISTERS: bool = AVX512;

        #[inline(always)]
        fn vectorize<K: Kernel>(self, kernel: K) -> K::Output {
            // SAFETY: see `Avx`.
            unsafe {
                if AVX512 {
                    run_avx512(kernel)
                } else {
                    run_avx2(kernel)
                }
            }
        }

        #[inline(always)]
        fn load(self, a: &[f64; LANES]) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_loadu_pd(a.as_ptr()) }
        }
        #[inline(always)]
        fn store(self, v: __m256d, to: &mut [f64; LANES]) {
            // SAFETY: see `Avx`.
            unsafe { _mm256_storeu_pd(to.as_mut_ptr(), v) }
        }
        #[inline(always)]
        fn load_u(self, a: &[u64; LANES]) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_loadu_si256(a.as_ptr().cast()) }
        }
        #[inline(always)]
        fn store_u(self, v: __m256i, to: &mut [u64; LANES]) {
            // SAFETY: see `Avx`.
            unsafe { _mm256_storeu_si256(to.as_mut_ptr().cast(), v) }
        }
        #[inline(always)]
        fn bitmask(self, m: __m256d) -> u32 {
            // SAFETY: see `Avx`.
            unsafe { _mm256_movemask_pd(m) as u32 }
        }
        #[inline(always)]
        fn or_m(self, a: __m256d, b: __m256d) -> __m256d {
            // SAFETY: see `Avx`.
            unsafe { _mm256_or_pd(a, b) }
        }
        /// The mask is -1 where true: subtracted, it counts.
        #[inline(always)]
        fn count(self, k: __m256i, m: __m256d) -> __m256i {
            // SAFETY: see `Avx`.
            unsafe { _mm256_sub_epi64(k, _mm256_castpd_si256(m)) }
        }
        /// One permutation of the four totals from k.
        #[inline(always)]
        fn totals_before(self, totals: &[f64], k: usize) -> __m256d {
            let four = &totals[k..k + LANES];
            // SAFETY: see `Avx`; the load reads the four f64 of `four`.
            unsafe {
                let values = _mm256_loadu_ps(four.as_ptr().cast());
                let rotation = _mm256_loadu_si256(ROTATIONS[k % LANES].as_ptr().cast());
                _mm256_castps_pd(_mm256_permutevar8x32_ps(values, rotation))
            }
        }
        #[inline(always)]
        fn difference(self, end: __m256d, start: __m256d) -> f64 {
            // SAFETY: see `Avx`.
            unsafe {
                let d = _mm256_sub_pd(end, start);
                // (d0 + d1, d0 + d1, d2 + d3, d2 + d3)
                let pairs = _mm256_hadd_pd(d, d);
                let (low, high) = (
                    _mm256_castpd256_pd128(pairs),
                    _mm256_extractf128_pd::<1>(pairs),
                );
                _mm_cvtsd_f64(_mm_add_sd(low, high))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builds_here_start_with_the_portable_one_and_end_with_the_detected_one() {
        let builds = Build::all_here();
        assert_eq!(builds[0], Build::PORTABLE);
        assert_eq!(*builds.last().expect("one build at least"), Build::detect());
    }

    #[test]
    fn portable_masks_and_counts_are_lane_by_lane() {
        let m = [true, false, true, true];
        assert_eq!(Portable.bitmask(m), 0b1101);
        assert_eq!(Portable.count([1, 2, 3, 4], m), [2, 2, 4, 5]);
    }
}
