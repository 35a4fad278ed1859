//! Prints the scenario text that `scenario_structured` builds from each input
//! file (a crash artifact or a corpus entry), decoded as the target decodes it:
//!
//!     cargo run --example structured_text -- artifacts/scenario_structured/crash-...
//!
//! Save the output under `tests/fuzz_regressions/` to keep a crash as a test.

use arbitrary::{Arbitrary, Unstructured};
use opsim_fuzz::structured::{Input, scenario_text};

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        match Input::arbitrary_take_rest(Unstructured::new(&bytes)).map(|i| scenario_text(&i)) {
            Ok(Some(text)) => print!("{text}"),
            Ok(None) => eprintln!("{path}: the edits give a table TOML cannot write"),
            Err(e) => eprintln!("{path}: not an input of this target: {e}"),
        }
    }
}
