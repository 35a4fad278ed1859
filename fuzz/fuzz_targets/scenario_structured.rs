//! Structure-aware fuzzing: a shipped scenario edited as a TOML table
//! (`opsim_fuzz::structured` lists the edits), written back as TOML, then loaded
//! and run like `scenario_bytes` does. Most edits keep the file syntactically
//! valid, so the fuzzer spends its time in the checks and the engine rather than
//! in the TOML parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opsim_fuzz::structured::{Input, scenario_text};

fuzz_target!(|input: Input| {
    if let Some(text) = scenario_text(&input) {
        opsim_fuzz::exercise(&text);
    }
});
