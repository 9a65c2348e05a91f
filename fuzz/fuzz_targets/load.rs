//! What every loader target checks: loading never panics, and an error's every line
//! names its file and holds nothing a terminal would act on.

use demarche::load::{Format, Loader};

pub fn check(data: &[u8], format: Format, name: &str) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Small blocks and two workers, so the parallel readers cut the input many ways.
    let loader = Loader::new().block(256).workers(2);
    if let Err(error) = loader.text(text, name, format) {
        for line in error.lines() {
            assert!(line.starts_with(name), "{line:?}");
            assert!(
                !line.chars().any(demarche::text::is_unsafe_char),
                "{line:?}"
            );
        }
    }
}
