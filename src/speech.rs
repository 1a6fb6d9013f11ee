//! Pronunciation with espeak-ng, when the learner has it: the IPA of a word
//! (`espeak-ng -q --ipa -v fr`) and speaking a word, sentence or paragraph
//! (`espeak-ng -v fr`). Always a child process, fed on its standard input
//! (a text starting with `-` is never read as an option); callers run it
//! off the interface thread. Without espeak-ng, the error says what to
//! install.

use std::io::Write;
use std::process::{Child, Command, Stdio};

/// What went wrong, in words a learner can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeechError {
    NotInstalled,
    Failed(String),
}

impl std::fmt::Display for SpeechError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpeechError::NotInstalled => f.write_str(
                "pronunciation needs espeak-ng: apt install espeak-ng (Debian, Ubuntu), \
                 brew install espeak-ng (macOS), or your system's package",
            ),
            SpeechError::Failed(why) => write!(f, "espeak-ng failed: {why}"),
        }
    }
}

/// Texts longer than this are cut before speaking (a paragraph is far less).
const MAX_TEXT: usize = 16 * 1024;

/// espeak-ng, or a stand-in program with the same options (tests).
#[derive(Debug, Clone)]
pub struct Espeak {
    program: String,
}

impl Default for Espeak {
    fn default() -> Self {
        Espeak {
            program: "espeak-ng".to_string(),
        }
    }
}

impl Espeak {
    pub fn with_program(program: &str) -> Espeak {
        Espeak {
            program: program.to_string(),
        }
    }

    fn spawn(&self, args: &[&str], text: &str, capture: bool) -> Result<Child, SpeechError> {
        let mut child = Command::new(&self.program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(if capture {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => SpeechError::NotInstalled,
                _ => SpeechError::Failed(e.to_string()),
            })?;
        let mut cut = text.len().min(MAX_TEXT);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(mut stdin) = child.stdin.take() {
            // A child that exits early closes the pipe: not an error here.
            let _ = stdin.write_all(&text.as_bytes()[..cut]);
        }
        Ok(child)
    }

    /// The IPA of a word or phrase (`tʁuvˈe`), cleaned for the terminal.
    pub fn ipa(&self, text: &str) -> Result<String, SpeechError> {
        let child = self.spawn(&["-q", "--ipa", "-v", "fr", "--stdin"], text, true)?;
        let out = child
            .wait_with_output()
            .map_err(|e| SpeechError::Failed(e.to_string()))?;
        if !out.status.success() {
            return Err(SpeechError::Failed(format!("exit status {}", out.status)));
        }
        Ok(tidy_ipa(&String::from_utf8_lossy(&out.stdout)))
    }

    /// Starts speaking; the caller may wait for or kill the child (a new
    /// request stops the one before).
    pub fn speak(&self, text: &str) -> Result<Child, SpeechError> {
        self.spawn(&["-v", "fr", "--stdin"], text, false)
    }
}

/// espeak-ng's IPA as shown: one line, cleaned for the terminal, without
/// the hyphen it puts after a clitic said as part of the next word (`de`
/// alone comes out as `dˈə-`).
fn tidy_ipa(raw: &str) -> String {
    let words: Vec<&str> = raw
        .split_whitespace()
        .map(|w| w.trim_end_matches('-'))
        .filter(|w| !w.is_empty())
        .collect();
    crate::pack::sanitize::clean(&words.join(" "), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_program_says_what_to_install() {
        let e = Espeak::with_program("liseuse-no-such-program");
        assert_eq!(e.ipa("trouver"), Err(SpeechError::NotInstalled));
        let err = e.speak("bonjour").err();
        assert_eq!(err, Some(SpeechError::NotInstalled));
        assert!(
            SpeechError::NotInstalled
                .to_string()
                .contains("apt install espeak-ng")
        );
    }

    #[test]
    fn ipa_drops_the_clitic_hyphen_and_joins_lines() {
        assert_eq!(tidy_ipa("dˈə-\n"), "dˈə");
        assert_eq!(tidy_ipa(" mɛsˈaʒ\n  abˈy \n"), "mɛsˈaʒ abˈy");
        assert_eq!(tidy_ipa("-\n"), "");
    }

    #[cfg(unix)]
    #[test]
    fn ipa_reads_the_program_output_and_cleans_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let fake = dir.path().join("fake-espeak");
        // Echoes its options and its input back, with an escape sequence.
        std::fs::write(
            &fake,
            "#!/bin/sh\nprintf ' %s' \"$@\"; printf ' \\033[2J'; cat\n",
        )
        .expect("script");
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let e = Espeak::with_program(&fake.display().to_string());
        let ipa = e.ipa("-v trouver").expect("runs");
        assert!(ipa.starts_with("-q --ipa -v fr --stdin"), "{ipa}");
        assert!(ipa.ends_with("-v trouver"), "the text came on stdin: {ipa}");
        assert!(!ipa.contains('\u{1b}'));
        let mut child = e.speak("bonjour").expect("starts");
        assert!(child.wait().expect("ends").success());
    }
}
