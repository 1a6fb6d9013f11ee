//! Compiles the built-in pack at build time, so that a normal start parses
//! no TOML and derives nothing: the pack's TOML is checked for syntax here
//! (a broken built-in pack fails the build with its line and column), then
//! tokenized, matched and anchored by the library's own modules (included
//! below), and written out in the compiled-pack format with the strings'
//! contents apart, which the binary embeds and reads back in microseconds. Semantic validation of the
//! built-in pack runs in `cargo test` (the compiled study must equal the
//! one loaded, cleaned and validated from the TOML) and in `liseuse check`.
//!
//! Lemma matching needs the lexicon, which the build does not load: should
//! an entry of the built-in pack ever leave out its forms, an empty file is
//! written and the binary loads the pack from its TOML at start instead.
#![allow(dead_code, unused_imports)]

use std::path::Path;

// The library modules the derivation needs, at the paths they have in the
// library, so that they compile here unchanged.
#[path = "src/binary.rs"]
pub mod binary;
#[path = "src/study/compiled.rs"]
pub mod compiled;
#[path = "src/pack/defaults.rs"]
pub mod defaults;
#[path = "src/study/derive.rs"]
pub mod derive;
#[path = "src/lexicon/tag.rs"]
pub mod lexicon_tag;
#[path = "src/text/matching.rs"]
pub mod matching;
#[path = "src/pack/model.rs"]
pub mod model;
#[path = "src/text/normalize.rs"]
pub mod normalize;
#[path = "src/text/quote.rs"]
pub mod quote;
#[path = "src/pack/strings.rs"]
pub mod strings;
#[path = "src/text/tokenize.rs"]
pub mod tokenize;

mod pack {
    pub use super::model::*;
    pub use super::strings::{Str, Strs};
    pub use super::{defaults, strings};
}
mod text {
    pub use super::{matching, normalize, quote, tokenize};
}

/// Where each module comes from, to rebuild when any changes.
const SOURCES: [&str; 12] = [
    "src/binary.rs",
    "src/lexicon/tag.rs",
    "src/pack/defaults.rs",
    "src/pack/model.rs",
    "src/pack/strings.rs",
    "src/text/matching.rs",
    "src/text/normalize.rs",
    "src/text/quote.rs",
    "src/text/tokenize.rs",
    "src/study/compiled.rs",
    "src/study/derive.rs",
    "build.rs",
];

const PACK: &str = "data/durov-2024-09.toml";

fn main() {
    order_functions();
    lexicon_tables();
    println!("cargo::rerun-if-changed={PACK}");
    for source in SOURCES {
        println!("cargo::rerun-if-changed={source}");
    }
    let source = match std::fs::read_to_string(PACK) {
        Ok(s) => s,
        Err(e) => fail(&format!("{PACK}: cannot read the built-in pack: {e}")),
    };
    let mut pack: model::Pack = match toml::from_str(&source) {
        Ok(p) => p,
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |s| line_column(&source, s.start));
            fail(&format!("{PACK}:{line}:{column}: {}", e.message()))
        }
    };
    let (compiled, strings) = if pack.glossary.iter().any(|e| e.forms.is_empty()) {
        println!(
            "cargo::warning={PACK}: an entry leaves out its forms; the built-in pack is loaded from its TOML at start"
        );
        (Vec::new(), String::new())
    } else {
        defaults::fill_ids(&mut pack);
        let (derived, _) = derive::derive(&mut pack, &|_| {});
        let entries = pack.glossary.len();
        match compiled::encode_apart(&pack, derived.view(), &vec![false; entries], &[]) {
            Some(written) => written,
            None => fail(&format!("{PACK}: the text is too large to compile")),
        }
    };
    let Some(out) = std::env::var_os("OUT_DIR") else {
        fail("OUT_DIR is not set");
    };
    // The strings' contents apart, embedded as a `str`: checked once,
    // by the compiler (see src/binary.rs).
    for (name, contents) in [
        ("builtin-pack.bin", compiled.as_slice()),
        ("builtin-strings.txt", strings.as_bytes()),
    ] {
        let target = Path::new(&out).join(name);
        if let Err(e) = std::fs::write(&target, contents) {
            fail(&format!("cannot write {}: {e}", target.display()));
        }
    }
}

const PATTERNS: &str = "data/lexicon/patterns.txt";
const TAGS: &str = "data/lexicon/tags.txt";

/// Writes the lexicon's tables (`src/lexicon/mod.rs` includes them): where
/// each line of `patterns.txt` starts (and its length), and each line of
/// `tags.txt` parsed and packed in a word. A start then parses none of the
/// lexicon's 1,000 tags and allocates nothing for them.
fn lexicon_tables() {
    use std::fmt::Write;
    let read = |path: &str| {
        println!("cargo::rerun-if-changed={path}");
        std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")))
    };
    let (patterns, tags) = (read(PATTERNS), read(TAGS));
    let starts: Vec<u32> = std::iter::once(0)
        .chain(
            patterns
                .match_indices('\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        )
        .collect();
    let mut out = format!("static PATTERN_STARTS: [u32; {}] = [", starts.len());
    for start in &starts {
        let _ = write!(out, "{start},");
    }
    let packed: Vec<u64> = tags
        .lines()
        .enumerate()
        .map(
            |(i, line)| match lexicon_tag::Packed::new(&lexicon_tag::Tag::parse(line)) {
                Some(p) => p.0,
                None => fail(&format!(
                    "{TAGS}:{}: the tag does not fit in a packed tag",
                    i + 1
                )),
            },
        )
        .collect();
    let _ = write!(out, "];\nstatic TAG_BITS: [u64; {}] = [", packed.len());
    for bits in &packed {
        let _ = write!(out, "{bits:#x},");
    }
    out.push_str("];\n");
    let Some(dir) = std::env::var_os("OUT_DIR") else {
        fail("OUT_DIR is not set");
    };
    let target = Path::new(&dir).join("lexicon-tables.rs");
    if let Err(e) = std::fs::write(&target, out) {
        fail(&format!("cannot write {}: {e}", target.display()));
    }
}

/// The functions a start runs, listed by `scripts/start_order.py`.
const ORDER: &str = "link/start-order.txt";

/// Has LLD place the functions a start runs together at the start of the
/// code: the kernel maps 64 KB around each page of code touched, so that
/// with them spread over the binary nearly all of it was resident by the
/// first frame (2.2 MB; 0.6 MB in order). Only what LLD takes is passed,
/// and only where it is known to link: release builds for x86-64 Linux
/// with Rust's own LLD (the default from Rust 1.90) and no linker chosen.
/// Names from another toolchain or profile match nothing: the layout is
/// then the linker's own.
fn order_functions() {
    println!("cargo::rerun-if-changed={ORDER}");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let own_lld = var("TARGET") == "x86_64-unknown-linux-gnu"
        && var("PROFILE") == "release"
        && std::env::var_os("RUSTC_LINKER").is_none()
        && !var("CARGO_ENCODED_RUSTFLAGS").contains("link")
        && rustc_minor().is_some_and(|minor| minor >= 90);
    let list = Path::new(&var("CARGO_MANIFEST_DIR")).join(ORDER);
    let Some(list) = list.to_str().filter(|p| !p.contains(',')) else {
        return;
    };
    if own_lld && Path::new(list).is_file() {
        println!("cargo::rustc-link-arg-bin=liseuse=-Wl,--symbol-ordering-file={list}");
        println!("cargo::rustc-link-arg-bin=liseuse=-Wl,--no-warn-symbol-ordering");
    }
    // Relative relocations packed (DT_RELR): the table the loader reads at
    // every start goes from 70 KB to about 1 KB, and fewer of its pages and
    // of those around it are resident. The C library reads it from version
    // 2.36; only where the program is built for the system it is built on,
    // and that system has it (the binary then asks for it by version).
    if own_lld && var("HOST") == var("TARGET") && host_glibc().is_some_and(|v| v >= (2, 36)) {
        println!("cargo::rustc-link-arg-bin=liseuse=-Wl,-z,pack-relative-relocs");
    }
    if own_lld {
        static_unwinder();
    }
}

/// Links the unwinder (`_Unwind_*`, which Rust's standard library calls for
/// panics and backtraces) from GCC's static `libgcc_eh.a` rather than the
/// shared `libgcc_s.so.1`, as `cc -static-libgcc` does for C programs: one
/// shared library fewer for the loader to find, map and relocate at every
/// start (about 38,000 instructions, and 100 KB resident). Only when the C
/// compiler knows where that archive is; otherwise the shared library is
/// linked as before.
fn static_unwinder() {
    let Ok(out) = std::process::Command::new("cc")
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    let Ok(path) = String::from_utf8(out.stdout) else {
        return;
    };
    // A compiler that does not know the file prints its name back.
    let path = Path::new(path.trim());
    if !path.is_absolute() || !path.is_file() {
        return;
    }
    let Some(dir) = path.parent().and_then(|d| d.to_str()) else {
        return;
    };
    println!("cargo::rustc-link-search=native={dir}");
    println!("cargo::rustc-link-lib=static:-bundle=gcc_eh");
}

/// The version of the C library the build runs with, if it is glibc.
fn host_glibc() -> Option<(u32, u32)> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn gnu_get_libc_version() -> *const std::ffi::c_char;
        }
        // SAFETY: glibc returns a static, NUL-terminated string.
        let version = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) };
        let mut parts = version.to_str().ok()?.split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        Some((major, minor))
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    None
}

/// The compiler's minor version (`rustc 1.95.0 (…)`: 95).
fn rustc_minor() -> Option<u32> {
    let rustc = std::env::var_os("RUSTC")?;
    let out = std::process::Command::new(rustc).arg("-V").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace()
        .nth(1)?
        .split('.')
        .nth(1)?
        .parse()
        .ok()
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
