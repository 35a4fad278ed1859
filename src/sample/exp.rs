//! A fast, exact-to-within-one-ulp `exp` in pure Rust, for the sampler's hot path
//! (one call per lognormal draw: about 1,500 per bench-40 iteration).
//!
//! Pure integer and IEEE-754 double arithmetic, no FMA and no platform library, so
//! the result is the same bit pattern on every machine. Its fast range is written
//! once over the lane types of [`super::simd`] ([`exp_in_fast_range_lanes`]), for
//! one draw and for four lanes at once; a test checks they give the same bits.
//!
//! Method: write x = (256 e + j) ln2/256 + r with integers e, j (0 <= j < 256) and
//! |r| <= ln2/512, so exp(x) = 2^e * 2^(j/256) * exp(r). 2^(j/256) comes from a
//! table held as a double and a relative tail (hi (1 + tail), generated with
//! 60-digit decimal arithmetic and checked by a test that squares each entry eight
//! times back to 2^j), exp(r) - 1 from its degree-5 Taylor polynomial (truncation below
//! 1e-20 relative), and 2^e is put into the exponent bits. Outside |x| <= 708
//! (overflow, subnormal results, NaN) it defers to `libm::exp`.
//!
//! Accuracy: within 1 ulp of `libm::exp` (itself within 1 ulp of the true value)
//! over the whole range; `tests` checks 2 million arguments.

use super::simd::{Lanes, Scalar};

/// 256 / ln 2.
const N_OVER_LN2: f64 = 369.3299304675746;
/// ln 2 / 256 in two parts: `HI` has 29 significant bits, so `k * HI` is exact for
/// every |k| < 2^24 (|x| <= 708 gives |k| < 2^18).
const LN2_OVER_N_HI: f64 = 0.0027076061742263846;
const LN2_OVER_N_LO: f64 = -1.6409824502660487e-13;
/// 1.5 x 2^52: adding it rounds a double of magnitude below 2^51 to an integer.
const ROUND_SHIFT: f64 = 6_755_399_441_055_744.0;
/// Largest |x| handled by the fast path: results stay normal doubles.
pub(crate) const FAST_LIMIT: f64 = 708.0;

/// e^x, within 1 ulp of `libm::exp`, bit-identical on every machine.
#[inline]
pub(crate) fn exp(x: f64) -> f64 {
    if in_fast_range(x) {
        exp_in_fast_range(x)
    } else {
        libm::exp(x)
    }
}

/// True when [`exp_in_fast_range`] gives e^x (false for NaN too).
#[inline(always)]
pub(crate) fn in_fast_range(x: f64) -> bool {
    x.abs() <= FAST_LIMIT
}

/// e^x for `x` with [`in_fast_range`] true, by branch-free arithmetic and one
/// table look-up. For any other `x` the result is meaningless (but no panic).
#[inline(always)]
pub(crate) fn exp_in_fast_range(x: f64) -> f64 {
    exp_in_fast_range_lanes(Scalar, x)
}

/// [`exp_in_fast_range`] of every lane of `x`: the same operations in the same
/// order on any lane type, so the same bits.
#[inline(always)]
pub(crate) fn exp_in_fast_range_lanes<S: Lanes>(s: S, x: S::F) -> S::F {
    let c = |v| s.f(v);
    // k = round(x 256 / ln 2), exactly: as a double, and as an integer read from
    // the low bits of the shifted sum (k + 1.5 x 2^52 has k in its mantissa).
    let shifted = s.add(s.mul(x, c(N_OVER_LN2)), c(ROUND_SHIFT));
    let k_float = s.sub(shifted, c(ROUND_SHIFT));
    let k = s.sub_u(s.bits_of(shifted), s.u(ROUND_SHIFT.to_bits()));
    let r = s.sub(
        s.sub(x, s.mul(k_float, c(LN2_OVER_N_HI))),
        s.mul(k_float, c(LN2_OVER_N_LO)),
    );
    // exp(r) - 1, by pairs of terms (shorter dependency chains than Horner).
    let r2 = s.mul(r, r);
    let low = s.add(r, s.mul(r2, s.add(c(0.5), s.mul(r, c(1.0 / 6.0)))));
    let high = s.mul(
        s.mul(r2, r2),
        s.add(c(1.0 / 24.0), s.mul(r, c(1.0 / 120.0))),
    );
    let expm1_r = s.add(low, high);
    // 2^e 2^(j/256) built in the exponent bits (a normal double for |x| <= 708):
    // bits 8..19 of k moved to 52..63; then times (1 + tail)(1 + expm1_r), less
    // the product of the two small terms (below 2^-62).
    let (hi, tail) = s.pairs(EXP2_TABLE.as_flattened(), 2, k);
    let exponent = s.shl_u::<52>(s.shr_u::<8>(k));
    let scale = s.f64_of(s.add_u(s.bits_of(hi), exponent));
    s.add(scale, s.mul(scale, s.add(tail, expm1_r)))
}

/// The table in memory, for the lanes' look-ups.
static EXP2_TABLE: [[f64; 2]; 256] = {
    let mut out = [[0.0; 2]; 256];
    let mut j = 0;
    while j < 256 {
        out[j] = [
            f64::from_bits(EXP2_J_OVER_256[j][0]),
            f64::from_bits(EXP2_J_OVER_256[j][1]),
        ];
        j += 1;
    }
    out
};

/// 2^(j/256) for j = 0..256 as the bit patterns of [hi, tail]: hi is the double
/// nearest 2^(j/256), and hi (1 + tail) is within 2^-106 relative of it.
pub(crate) const EXP2_J_OVER_256: [[u64; 2]; 256] = [
    [0x3ff0000000000000, 0x0000000000000000], // 2^(0/256)
    [0x3ff00b1afa5abcbf, 0xbc84e82fc61851ac], // 2^(1/256)
    [0x3ff0163da9fb3335, 0x3c9b3b4f1a88bf6e], // 2^(2/256)
    [0x3ff02168143b0281, 0xbc82985dd8521d32], // 2^(3/256)
    [0x3ff02c9a3e778061, 0xbc7160139cd8dc5d], // 2^(4/256)
    [0x3ff037d42e11bbcc, 0x3c651e617061bfbd], // 2^(5/256)
    [0x3ff04315e86e7f85, 0xbc905e7a108766d1], // 2^(6/256)
    [0x3ff04e5f72f654b1, 0x3c845fad437fa426], // 2^(7/256)
    [0x3ff059b0d3158574, 0x3c8cd2523567f613], // 2^(8/256)
    [0x3ff0650a0e3c1f89, 0xbc954529642b232f], // 2^(9/256)
    [0x3ff0706b29ddf6de, 0xbc8bce8023f98efa], // 2^(10/256)
    [0x3ff07bd42b72a836, 0x3c8293708ef5c32e], // 2^(11/256)
    [0x3ff0874518759bc8, 0x3c60f74e61e6c861], // 2^(12/256)
    [0x3ff092bdf66607e0, 0xbc95b9280905b2a4], // 2^(13/256)
    [0x3ff09e3ecac6f383, 0x3c90a3e45b33d399], // 2^(14/256)
    [0x3ff0a9c79b1f3919, 0x3c84f31f32c4b7e7], // 2^(15/256)
    [0x3ff0b5586cf9890f, 0x3c979aa65d837b6d], // 2^(16/256)
    [0x3ff0c0f145e46c85, 0x3c9407fb30d06420], // 2^(17/256)
    [0x3ff0cc922b7247f7, 0x3c8eb51a92fdeffc], // 2^(18/256)
    [0x3ff0d83b23395dec, 0xbc9a5d04b3b9911b], // 2^(19/256)
    [0x3ff0e3ec32d3d1a2, 0x3c3ebe3d702f9cd1], // 2^(20/256)
    [0x3ff0efa55fdfa9c5, 0xbc937a01f0739546], // 2^(21/256)
    [0x3ff0fb66affed31b, 0xbc6a033489906e0b], // 2^(22/256)
    [0x3ff1073028d7233e, 0x3c8b8268b04ef0a5], // 2^(23/256)
    [0x3ff11301d0125b51, 0xbc9556522a2fbd0e], // 2^(24/256)
    [0x3ff11edbab5e2ab6, 0xbc9ac46e44a2ebcc], // 2^(25/256)
    [0x3ff12abdc06c31cc, 0xbc5080ef8c4eea55], // 2^(26/256)
    [0x3ff136a814f204ab, 0xbc65704e90c9f860], // 2^(27/256)
    [0x3ff1429aaea92de0, 0xbc91c923b9d5f416], // 2^(28/256)
    [0x3ff14e95934f312e, 0xbc897cea57e46280], // 2^(29/256)
    [0x3ff15a98c8a58e51, 0x3c80d3e3e95c55af], // 2^(30/256)
    [0x3ff166a45471c3c2, 0x3c56f01429e2b9d2], // 2^(31/256)
    [0x3ff172b83c7d517b, 0xbc801b15eaa59348], // 2^(32/256)
    [0x3ff17ed48695bbc0, 0x3c6e653b2459034b], // 2^(33/256)
    [0x3ff18af9388c8dea, 0xbc8f1ff055de323d], // 2^(34/256)
    [0x3ff1972658375d2f, 0x3c92cc7ea345b7dc], // 2^(35/256)
    [0x3ff1a35beb6fcb75, 0x3c8b898c3f1353bf], // 2^(36/256)
    [0x3ff1af99f8138a1c, 0x3c957bfb2876ea9e], // 2^(37/256)
    [0x3ff1bbe084045cd4, 0xbc96d99c7611eb26], // 2^(38/256)
    [0x3ff1c82f95281c6b, 0x3c8cdc1873af2155], // 2^(39/256)
    [0x3ff1d4873168b9aa, 0x3c9aecf73e3a2f60], // 2^(40/256)
    [0x3ff1e0e75eb44027, 0xbc9493684653a131], // 2^(41/256)
    [0x3ff1ed5022fcd91d, 0xbc8fe782cb86389d], // 2^(42/256)
    [0x3ff1f9c18438ce4d, 0xbc98e2899077520a], // 2^(43/256)
    [0x3ff2063b88628cd6, 0x3c8a6f4144a6c38d], // 2^(44/256)
    [0x3ff212be3578a819, 0x3c9120fcd4f59273], // 2^(45/256)
    [0x3ff21f49917ddc96, 0x3c807a05b0e4047d], // 2^(46/256)
    [0x3ff22bdda27912d1, 0x3c89b788c188c9b8], // 2^(47/256)
    [0x3ff2387a6e756238, 0x3c968efde3a8a894], // 2^(48/256)
    [0x3ff2451ffb82140a, 0x3c877afbca90ef84], // 2^(49/256)
    [0x3ff251ce4fb2a63f, 0x3c875e18f274487d], // 2^(50/256)
    [0x3ff25e85711ece75, 0x3c91512f082876ee], // 2^(51/256)
    [0x3ff26b4565e27cdd, 0x3c80472b981fe7f2], // 2^(52/256)
    [0x3ff2780e341ddf29, 0x3c9a02f0c7d75ec6], // 2^(53/256)
    [0x3ff284dfe1f56381, 0xbc96b87b3f71085e], // 2^(54/256)
    [0x3ff291ba7591bb70, 0xbc803297e78260bf], // 2^(55/256)
    [0x3ff29e9df51fdee1, 0x3c82f7e16d09ab31], // 2^(56/256)
    [0x3ff2ab8a66d10f13, 0xbc95b77e5ccd9fbf], // 2^(57/256)
    [0x3ff2b87fd0dad990, 0xbc3d219b1a6fbffa], // 2^(58/256)
    [0x3ff2c57e39771b2f, 0xbc91e75c40b4251e], // 2^(59/256)
    [0x3ff2d285a6e4030b, 0x3c8b3782720c0ab4], // 2^(60/256)
    [0x3ff2df961f641589, 0x3c98a911f1f7785a], // 2^(61/256)
    [0x3ff2ecafa93e2f56, 0x3c6e149289cecb8f], // 2^(62/256)
    [0x3ff2f9d24abd886b, 0xbc61e7c998db7dbb], // 2^(63/256)
    [0x3ff306fe0a31b715, 0x3c834d754db0abb6], // 2^(64/256)
    [0x3ff31432edeeb2fd, 0x3c85425c11faadf4], // 2^(65/256)
    [0x3ff32170fc4cd831, 0x3c864201e2ac744c], // 2^(66/256)
    [0x3ff32eb83ba8ea32, 0xbc979517a03e2847], // 2^(67/256)
    [0x3ff33c08b26416ff, 0x3c8fdd395dd3f84a], // 2^(68/256)
    [0x3ff3496266e3fa2d, 0xbc800e2a46da4bee], // 2^(69/256)
    [0x3ff356c55f929ff1, 0xbc86a3803b8e5b04], // 2^(70/256)
    [0x3ff36431a2de883b, 0xbc87430803972b34], // 2^(71/256)
    [0x3ff371a7373aa9cb, 0xbc924aedcc4b5068], // 2^(72/256)
    [0x3ff37f26231e754a, 0xbc954de30ae02d94], // 2^(73/256)
    [0x3ff38cae6d05d866, 0xbc9907f81b512d8e], // 2^(74/256)
    [0x3ff39a401b7140ef, 0xbc94f2487e1c03ec], // 2^(75/256)
    [0x3ff3a7db34e59ff7, 0xbc71d1e83e9436d2], // 2^(76/256)
    [0x3ff3b57fbfec6cf4, 0x3c914a5432fcb2f4], // 2^(77/256)
    [0x3ff3c32dc313a8e5, 0xbc991919b3ce1b15], // 2^(78/256)
    [0x3ff3d0e544ede173, 0x3c79c3bba5562a2f], // 2^(79/256)
    [0x3ff3dea64c123422, 0x3c859f48a72a4c6d], // 2^(80/256)
    [0x3ff3ec70df1c5175, 0xbc85a71612e21658], // 2^(81/256)
    [0x3ff3fa4504ac801c, 0xbc9312607a28698a], // 2^(82/256)
    [0x3ff40822c367a024, 0x3c86421f6f1d24d6], // 2^(83/256)
    [0x3ff4160a21f72e2a, 0xbc58a78f4817895b], // 2^(84/256)
    [0x3ff423fb2709468a, 0xbc9348a6815fce65], // 2^(85/256)
    [0x3ff431f5d950a897, 0xbc7c2c9b67499a1b], // 2^(86/256)
    [0x3ff43ffa3f84b9d4, 0x3c835c43984d9871], // 2^(87/256)
    [0x3ff44e086061892d, 0x3c4363ed60c2ac11], // 2^(88/256)
    [0x3ff45c2042a7d232, 0xbc632afc8d9473a0], // 2^(89/256)
    [0x3ff46a41ed1d0057, 0x3c9666093b0664ef], // 2^(90/256)
    [0x3ff4786d668b3237, 0xbc95fc5e44de020e], // 2^(91/256)
    [0x3ff486a2b5c13cd0, 0x3c6ecce1daa10379], // 2^(92/256)
    [0x3ff494e1e192aed2, 0xbc7ea0148327c42f], // 2^(93/256)
    [0x3ff4a32af0d7d3de, 0x3c93ff8e3f0f1230], // 2^(94/256)
    [0x3ff4b17dea6db7d7, 0xbc7a843ad1a88022], // 2^(95/256)
    [0x3ff4bfdad5362a27, 0x3c7690cebb7aafb0], // 2^(96/256)
    [0x3ff4ce41b817c114, 0x3c892ca3bf144e63], // 2^(97/256)
    [0x3ff4dcb299fddd0d, 0x3c931dbdeb54e077], // 2^(98/256)
    [0x3ff4eb2d81d8abff, 0xbc902c99b04aa8b0], // 2^(99/256)
    [0x3ff4f9b2769d2ca7, 0xbc8f94340071a38e], // 2^(100/256)
    [0x3ff508417f4531ee, 0x3c73e34f67e67118], // 2^(101/256)
    [0x3ff516daa2cf6642, 0xbc87deccdc93a349], // 2^(102/256)
    [0x3ff5257de83f4eef, 0xbc75a3b1197ba0f0], // 2^(103/256)
    [0x3ff5342b569d4f82, 0xbc78dec6bd0f385f], // 2^(104/256)
    [0x3ff542e2f4f6ad27, 0x3c81bd2888075068], // 2^(105/256)
    [0x3ff551a4ca5d920f, 0xbc861246ec7b5cf6], // 2^(106/256)
    [0x3ff56070dde910d2, 0xbc896be8ae89ef8f], // 2^(107/256)
    [0x3ff56f4736b527da, 0x3c93350518fdd78e], // 2^(108/256)
    [0x3ff57e27dbe2c4cf, 0xbc88e6ac90348602], // 2^(109/256)
    [0x3ff58d12d497c7fd, 0x3c7b98b72f8a9b05], // 2^(110/256)
    [0x3ff59c0827ff07cc, 0xbc91af7f1365c3ac], // 2^(111/256)
    [0x3ff5ab07dd485429, 0x3c9063e1e21c5409], // 2^(112/256)
    [0x3ff5ba11fba87a03, 0xbc943a3540d1898a], // 2^(113/256)
    [0x3ff5c9268a5946b7, 0x3c34c7855019c6ea], // 2^(114/256)
    [0x3ff5d84590998b93, 0xbc951f58ddaa8090], // 2^(115/256)
    [0x3ff5e76f15ad2148, 0x3c9432e62b64c035], // 2^(116/256)
    [0x3ff5f6a320dceb71, 0xbc82e1648e50a17c], // 2^(117/256)
    [0x3ff605e1b976dc09, 0xbc8ce44a6199769f], // 2^(118/256)
    [0x3ff6152ae6cdf6f4, 0x3c95f30eda98a575], // 2^(119/256)
    [0x3ff6247eb03a5585, 0xbc8c33c53bef4da8], // 2^(120/256)
    [0x3ff633dd1d1929fd, 0x3c917ecda8a72159], // 2^(121/256)
    [0x3ff6434634ccc320, 0xbc845378892be9ae], // 2^(122/256)
    [0x3ff652b9febc8fb7, 0xbc9345f3cee1ae6e], // 2^(123/256)
    [0x3ff6623882552225, 0xbc93cedd78565858], // 2^(124/256)
    [0x3ff671c1c70833f6, 0xbc85c33fdf910406], // 2^(125/256)
    [0x3ff68155d44ca973, 0x3c5710aa807e1964], // 2^(126/256)
    [0x3ff690f4b19e9538, 0x3c81079ab5789604], // 2^(127/256)
    [0x3ff6a09e667f3bcd, 0xbc93b3efbf5e2228], // 2^(128/256)
    [0x3ff6b052fa75173e, 0x3c727df161cd7778], // 2^(129/256)
    [0x3ff6c012750bdabf, 0xbc6a12ad8734b982], // 2^(130/256)
    [0x3ff6cfdcddd47645, 0x3c93f9924a05b767], // 2^(131/256)
    [0x3ff6dfb23c651a2f, 0xbc6367efb86da9ee], // 2^(132/256)
    [0x3ff6ef9298593ae5, 0xbc87557939a8b5ef], // 2^(133/256)
    [0x3ff6ff7df9519484, 0xbc80dc3d54e08851], // 2^(134/256)
    [0x3ff70f7466f42e87, 0x3c51ed2f56fa9d1a], // 2^(135/256)
    [0x3ff71f75e8ec5f74, 0xbc781f647e5a3ecf], // 2^(136/256)
    [0x3ff72f8286ead08a, 0xbc88e67a9006c909], // 2^(137/256)
    [0x3ff73f9a48a58174, 0xbc86ee4ac08b7db0], // 2^(138/256)
    [0x3ff74fbd35d7cbfd, 0x3c86597566977ac8], // 2^(139/256)
    [0x3ff75feb564267c9, 0xbc8619321e55e68a], // 2^(140/256)
    [0x3ff77024b1ab6e09, 0x3c92c0b7028a5c3a], // 2^(141/256)
    [0x3ff780694fde5d3f, 0x3c909ccb5e09d4d3], // 2^(142/256)
    [0x3ff790b938ac1cf6, 0x3c8a30faf49cc78c], // 2^(143/256)
    [0x3ff7a11473eb0187, 0xbc7b32dcb94da51d], // 2^(144/256)
    [0x3ff7b17b0976cfdb, 0xbc92dad3519d7b5b], // 2^(145/256)
    [0x3ff7c1ed0130c132, 0x3c94ecfd5467c06b], // 2^(146/256)
    [0x3ff7d26a62ff86f0, 0x3c87d51410fd15c2], // 2^(147/256)
    [0x3ff7e2f336cf4e62, 0x3c65ebe1abd66c55], // 2^(148/256)
    [0x3ff7f3878491c491, 0xbc760a3629969871], // 2^(149/256)
    [0x3ff80427543e1a12, 0xbc88a1c52fb3cf42], // 2^(150/256)
    [0x3ff814d2add106d9, 0x3c8b18c6e3fdef5d], // 2^(151/256)
    [0x3ff82589994cce13, 0xbc9369b6f13b3734], // 2^(152/256)
    [0x3ff8364c1eb941f7, 0x3c90ec1ddcb1390a], // 2^(153/256)
    [0x3ff8471a4623c7ad, 0xbc805e843a19ff1e], // 2^(154/256)
    [0x3ff857f4179f5b21, 0xbc522cea4f3afa1e], // 2^(155/256)
    [0x3ff868d99b4492ed, 0xbc94d450d872576e], // 2^(156/256)
    [0x3ff879cad931a436, 0x3c7c88549b958471], // 2^(157/256)
    [0x3ff88ac7d98a6699, 0x3c90ad675b0e8a00], // 2^(158/256)
    [0x3ff89bd0a478580f, 0x3c931143962f7877], // 2^(159/256)
    [0x3ff8ace5422aa0db, 0x3c8db72fc1f0eab4], // 2^(160/256)
    [0x3ff8be05bad61778, 0x3c93e9e96f112479], // 2^(161/256)
    [0x3ff8cf3216b5448c, 0xbc65b6609cc5e7ff], // 2^(162/256)
    [0x3ff8e06a5e0866d9, 0xbc8dac42a4a38df0], // 2^(163/256)
    [0x3ff8f1ae99157736, 0x3c7bf68359f35f44], // 2^(164/256)
    [0x3ff902fed0282c8a, 0x3c8b99dd98b1ed84], // 2^(165/256)
    [0x3ff9145b0b91ffc6, 0xbc93091fa71e3d83], // 2^(166/256)
    [0x3ff925c353aa2fe2, 0xbc7885ad50cbb750], // 2^(167/256)
    [0x3ff93737b0cdc5e5, 0xbc5da9b88b6c1e29], // 2^(168/256)
    [0x3ff948b82b5f98e5, 0xbc82d5e85f3e0301], // 2^(169/256)
    [0x3ff95a44cbc8520f, 0xbc6c23f97c90b959], // 2^(170/256)
    [0x3ff96bdd9a7670b3, 0xbc51669428996971], // 2^(171/256)
    [0x3ff97d829fde4e50, 0xbc92434322f4f9aa], // 2^(172/256)
    [0x3ff98f33e47a22a2, 0x3c71f2b2c1c4c014], // 2^(173/256)
    [0x3ff9a0f170ca07ba, 0xbc85ca6cd7668e4b], // 2^(174/256)
    [0x3ff9b2bb4d53fe0d, 0xbc9294f304f166b6], // 2^(175/256)
    [0x3ff9c49182a3f090, 0x3c71affc2b91ce27], // 2^(176/256)
    [0x3ff9d674194bb8d5, 0xbc8a1e58414c07d3], // 2^(177/256)
    [0x3ff9e86319e32323, 0x3c6dd235e10a73bb], // 2^(178/256)
    [0x3ff9fa5e8d07f29e, 0xbc79740b58a20091], // 2^(179/256)
    [0x3ffa0c667b5de565, 0xbc87c50422622263], // 2^(180/256)
    [0x3ffa1e7aed8eb8bb, 0x3c9165830a2b96c2], // 2^(181/256)
    [0x3ffa309bec4a2d33, 0x3c8b1c86e3e231d5], // 2^(182/256)
    [0x3ffa42c980460ad8, 0xbc903d5cbe27874b], // 2^(183/256)
    [0x3ffa5503b23e255d, 0xbc91bbd1d3bcbb15], // 2^(184/256)
    [0x3ffa674a8af46052, 0x3c5986178980fce0], // 2^(185/256)
    [0x3ffa799e1330b358, 0x3c90cc319cee31d2], // 2^(186/256)
    [0x3ffa8bfe53c12e59, 0xbc89472975b1f2a5], // 2^(187/256)
    [0x3ffa9e6b5579fdbf, 0x3c8469846e735ab3], // 2^(188/256)
    [0x3ffab0e521356eba, 0x3c7d8157a34b7e7f], // 2^(189/256)
    [0x3ffac36bbfd3f37a, 0xbc82dfcd978e9db4], // 2^(190/256)
    [0x3ffad5ff3a3c2774, 0x3c8c8a4e231ebb7d], // 2^(191/256)
    [0x3ffae89f995ad3ad, 0x3c8c1a7792cb3387], // 2^(192/256)
    [0x3ffafb4ce622f2ff, 0xbc888c8d11a142e5], // 2^(193/256)
    [0x3ffb0e07298db666, 0xbc907b8f4ad1d9fa], // 2^(194/256)
    [0x3ffb20ce6c9a8952, 0x3c889c2ea41433c7], // 2^(195/256)
    [0x3ffb33a2b84f15fb, 0xbc55c3d956dcaeba], // 2^(196/256)
    [0x3ffb468415b749b1, 0xbc7274aedac8ff80], // 2^(197/256)
    [0x3ffb59728de5593a, 0xbc90a40e3da6f640], // 2^(198/256)
    [0x3ffb6c6e29f1c52a, 0x3c85c620ce76df06], // 2^(199/256)
    [0x3ffb7f76f2fb5e47, 0xbc68d6f438ad9334], // 2^(200/256)
    [0x3ffb928cf22749e4, 0xbc8fda52e1b51e41], // 2^(201/256)
    [0x3ffba5b030a1064a, 0xbc91eee26b588a35], // 2^(202/256)
    [0x3ffbb8e0b79a6f1f, 0xbc32141a7b3e2cd8], // 2^(203/256)
    [0x3ffbcc1e904bc1d2, 0x3c74ffd70a5fddcd], // 2^(204/256)
    [0x3ffbdf69c3f3a207, 0xbc302899507554e5], // 2^(205/256)
    [0x3ffbf2c25bd71e09, 0xbc91bdfbfa9298ac], // 2^(206/256)
    [0x3ffc06286141b33d, 0xbc80dda2d4c0010c], // 2^(207/256)
    [0x3ffc199bdd85529c, 0x3c736eae30af0cb3], // 2^(208/256)
    [0x3ffc2d1cd9fa652c, 0xbc8a007daadf8d68], // 2^(209/256)
    [0x3ffc40ab5fffd07a, 0x3c8ee3325c9ffd94], // 2^(210/256)
    [0x3ffc544778fafb22, 0x3c836909391181d3], // 2^(211/256)
    [0x3ffc67f12e57d14b, 0x3c84e08fd10959ac], // 2^(212/256)
    [0x3ffc7ba88988c933, 0xbc811cd7dbdf9547], // 2^(213/256)
    [0x3ffc8f6d9406e7b5, 0x3c63cdaf384e1a67], // 2^(214/256)
    [0x3ffca3405751c4db, 0xbc7ac28b7bef6621], // 2^(215/256)
    [0x3ffcb720dcef9069, 0x3c676b2c6c921968], // 2^(216/256)
    [0x3ffccb0f2e6d1675, 0xbc7030587207b9e1], // 2^(217/256)
    [0x3ffcdf0b555dc3fa, 0xbc808a1883ccb5d2], // 2^(218/256)
    [0x3ffcf3155b5bab74, 0xbc8cc734592af7fc], // 2^(219/256)
    [0x3ffd072d4a07897c, 0xbc8fad5d3ffffa6f], // 2^(220/256)
    [0x3ffd1b532b08c968, 0x3c87752a44f587e8], // 2^(221/256)
    [0x3ffd2f87080d89f2, 0xbc900dae3875a949], // 2^(222/256)
    [0x3ffd43c8eacaa1d6, 0x3c85b66fefeef52e], // 2^(223/256)
    [0x3ffd5818dcfba487, 0x3c74a385a63d07a7], // 2^(224/256)
    [0x3ffd6c76e862e6d3, 0x3c5159d9d908a96e], // 2^(225/256)
    [0x3ffd80e316c98398, 0xbc82919e2040220f], // 2^(226/256)
    [0x3ffd955d71ff6075, 0x3c8c254d16117a68], // 2^(227/256)
    [0x3ffda9e603db3285, 0x3c8e5a50d5c192ac], // 2^(228/256)
    [0x3ffdbe7cd63a8315, 0xbc8d8c329fbd0e03], // 2^(229/256)
    [0x3ffdd321f301b460, 0x3c843a59ac016b4b], // 2^(230/256)
    [0x3ffde7d5641c0658, 0xbc8ea6e6fbd5f2a6], // 2^(231/256)
    [0x3ffdfc97337b9b5f, 0xbc82d52107b43e1f], // 2^(232/256)
    [0x3ffe11676b197d17, 0xbc63e8e3eab2cbb4], // 2^(233/256)
    [0x3ffe264614f5a129, 0xbc892ab93b470dc9], // 2^(234/256)
    [0x3ffe3b333b16ee12, 0xbc8b7966cd0d2cd9], // 2^(235/256)
    [0x3ffe502ee78b3ff6, 0x3c74b604603a88d3], // 2^(236/256)
    [0x3ffe653924676d76, 0xbc776caa4c2ff1cf], // 2^(237/256)
    [0x3ffe7a51fbc74c83, 0x3c83c5ec519d7271], // 2^(238/256)
    [0x3ffe8f7977cdb740, 0xbc81d5fc525d9940], // 2^(239/256)
    [0x3ffea4afa2a490da, 0xbc8ff7128fd391f0], // 2^(240/256)
    [0x3ffeb9f4867cca6e, 0x3c855cd8aaea3d21], // 2^(241/256)
    [0x3ffecf482d8e67f1, 0xbc8dae98e223747d], // 2^(242/256)
    [0x3ffee4aaa2188510, 0x3c8269947c2bed4a], // 2^(243/256)
    [0x3ffefa1bee615a27, 0x3c8ec3bc41aa2008], // 2^(244/256)
    [0x3fff0f9c1cb6412a, 0xbc83b6137e9afe9e], // 2^(245/256)
    [0x3fff252b376bba97, 0x3c842b94c3a9eb32], // 2^(246/256)
    [0x3fff3ac948dd7274, 0xbc69fa74878ba7c7], // 2^(247/256)
    [0x3fff50765b6e4540, 0x3c8a64a931d185ee], // 2^(248/256)
    [0x3fff6632798844f8, 0x3c901f3a75ee0efe], // 2^(249/256)
    [0x3fff7bfdad9cbe14, 0xbc8e37bae43be3ed], // 2^(250/256)
    [0x3fff91d802243c89, 0xbc516a9ce6ed84fa], // 2^(251/256)
    [0x3fffa7c1819e90d8, 0x3c77893b4d91cd9d], // 2^(252/256)
    [0x3fffbdba3692d514, 0xbc699c7db2effc76], // 2^(253/256)
    [0x3fffd3c22b8f71f1, 0x3c5305c14160cc89], // 2^(254/256)
    [0x3fffe9d96b2a23d9, 0x3c64b458677f9840], // 2^(255/256)
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place between two finite doubles of one sign.
    fn ulps(a: f64, b: f64) -> u64 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn table_entries_raised_to_the_256th_give_powers_of_two() {
        for (j, [hi, lo]) in EXP2_J_OVER_256.iter().enumerate() {
            let hi_first = f64::from_bits(*hi);
            let (mut hi, mut lo) = (hi_first, hi_first * f64::from_bits(*lo));
            for _ in 0..8 {
                // Double-double square: exact product by FMA, then renormalise.
                let p = hi * hi;
                let e = hi.mul_add(hi, -p) + 2.0 * hi * lo;
                hi = p + e;
                lo = e - (hi - p);
            }
            let want = 2f64.powi(j as i32);
            let relative = ((hi - want) + lo).abs() / want;
            assert!(relative < 1e-28, "2^({j}/256): relative error {relative:e}");
        }
    }

    #[test]
    fn within_one_ulp_of_libm() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            crate::sample::rng::mix(state) as f64 / 2f64.powi(64)
        };
        let mut worst = 0;
        for (width, count) in [
            (1e-6, 200_000),
            (1.0, 400_000),
            (40.0, 600_000),
            (709.0, 800_000),
        ] {
            for _ in 0..count {
                let x = (2.0 * next() - 1.0) * width;
                let (fast, reference) = (exp(x), libm::exp(x));
                worst = worst.max(ulps(fast, reference));
                assert!(
                    ulps(fast, reference) <= 1,
                    "exp({x:e}) = {fast:e}, libm {reference:e}"
                );
            }
        }
        assert!(worst <= 1);
    }

    /// Four lanes of `S` give [`exp`]'s bits over the fast range.
    fn assert_lanes_give_the_same_bits<S: crate::sample::simd::Four>(s: S) {
        let mut x = -708.0;
        while x <= 708.0 {
            let args = [x, x * 0.5 + 1e-3, -x * 0.25, x / 708.0];
            let mut out = [0.0; 4];
            s.store(exp_in_fast_range_lanes(s, s.load(&args)), &mut out);
            for (a, o) in args.iter().zip(out) {
                assert_eq!(o.to_bits(), exp(*a).to_bits(), "exp({a})");
            }
            x += 0.000_713;
        }
    }

    #[test]
    fn portable_lanes_give_the_same_bits() {
        assert_lanes_give_the_same_bits(crate::sample::simd::Portable);
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx_lanes_give_the_same_bits() {
        if let Some(avx) = crate::sample::simd::Avx::<false>::here() {
            assert_lanes_give_the_same_bits(avx);
        }
    }

    #[test]
    fn edges_match_libm() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert_eq!(exp(1.0), std::f64::consts::E);
        for x in [1.0, -1.0, 708.0, -708.0, 1e-300, -1e-300] {
            assert!(ulps(exp(x), libm::exp(x)) <= 1, "exp({x})");
        }
        // Beyond the fast path: libm's own result.
        for x in [
            708.5,
            -708.5,
            709.7,
            709.8,
            -745.0,
            -746.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(exp(x).to_bits(), libm::exp(x).to_bits(), "exp({x})");
        }
        assert!(exp(f64::NAN).is_nan());
        // Every table boundary.
        for k in -261_000..261_000_i64 {
            let x = k as f64 * (std::f64::consts::LN_2 / 256.0);
            assert!(ulps(exp(x), libm::exp(x)) <= 1, "exp({x:e})");
        }
    }
}
