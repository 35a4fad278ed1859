//! Arbitrary bytes as a scenario file: lossy UTF-8, then parse, check, compile,
//! render the errors or the inputs table, and run a few iterations.
//! Seeds: fuzz/seeds/ (the shipped scenarios and mutants of them).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    opsim_fuzz::exercise(&text);
});
