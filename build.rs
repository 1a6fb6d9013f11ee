//! Compiles the built-in pack at build time, so that a normal start parses
//! no TOML: the pack's TOML is checked for syntax here (a broken built-in
//! pack fails the build with its line and column) and written out as
//! compact JSON, which the binary embeds and deserializes in a fraction of
//! the time. Semantic validation of the built-in pack runs in `cargo test`
//! (the compiled form must equal the pack parsed, cleaned and validated
//! from its TOML) and in `liseuse check`.

use std::path::Path;

const PACK: &str = "data/durov-2024-09.toml";

fn main() {
    println!("cargo::rerun-if-changed={PACK}");
    println!("cargo::rerun-if-changed=build.rs");
    let source = match std::fs::read_to_string(PACK) {
        Ok(s) => s,
        Err(e) => fail(&format!("{PACK}: cannot read the built-in pack: {e}")),
    };
    let table: toml::Table = match source.parse() {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |s| line_column(&source, s.start));
            fail(&format!("{PACK}:{line}:{column}: {}", e.message()))
        }
    };
    let json = match serde_json::to_string(&table) {
        Ok(j) => j,
        Err(e) => fail(&format!("{PACK}: cannot compile the built-in pack: {e}")),
    };
    let Some(out) = std::env::var_os("OUT_DIR") else {
        fail("OUT_DIR is not set");
    };
    let target = Path::new(&out).join("builtin-pack.json");
    if let Err(e) = std::fs::write(&target, json) {
        fail(&format!("cannot write {}: {e}", target.display()));
    }
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn fail(message: &str) -> ! {
    eprintln!("{message}");
    std::process::exit(1);
}
