#![no_main]
//! The jsonl loader on any input.

use libfuzzer_sys::fuzz_target;

#[path = "load.rs"]
mod load;

fuzz_target!(|data: &[u8]| load::check(data, demarche::load::Format::JsonLines, "fuzz.jsonl"));
