//! The terminal is given back on every way out, checked in a real
//! pseudo-terminal: each catchable signal, SIGTSTP and SIGCONT from
//! outside, no controlling terminal, output to a pipe, closed pipes and a
//! full device for the printing commands.
#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_liseuse");

/// Enters the alternate screen; leaves it.
const ALT_ON: &[u8] = b"\x1b[?1049h";
const ALT_OFF: &[u8] = b"\x1b[?1049l";
/// Mouse reporting off, cursor shown, bracketed paste off.
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";
const CURSOR_ON: &[u8] = b"\x1b[?25h";
const CURSOR_OFF: &[u8] = b"\x1b[?25l";
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const PASTE_ON: &[u8] = b"\x1b[?2004h";
const PASTE_OFF: &[u8] = b"\x1b[?2004l";

/// liseuse running in a pseudo-terminal of 80×24 that is its controlling
/// terminal, with everything it writes collected.
struct Pty {
    master: File,
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    _data: tempfile::TempDir,
}

fn openpty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: valid out-pointers; the name is not asked for.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            &size,
        )
    };
    assert_eq!(rc, 0, "openpty");
    // SAFETY: both descriptors were just opened and are owned here.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

impl Pty {
    fn spawn(args: &[&str]) -> Pty {
        Pty::spawn_with(args, true)
    }

    /// With `controlling` false, the terminal is not made the process's
    /// controlling terminal (as over `ssh host liseuse`).
    fn spawn_with(args: &[&str], controlling: bool) -> Pty {
        Pty::spawn_full(args, controlling, &[])
    }

    /// With more variables in the environment.
    fn spawn_env(args: &[&str], env: &[(&str, &str)]) -> Pty {
        Pty::spawn_full(args, true, env)
    }

    fn spawn_full(args: &[&str], controlling: bool, env: &[(&str, &str)]) -> Pty {
        let data = tempfile::tempdir().expect("temp dir");
        let (master, slave) = openpty();
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("LISEUSE_DATA_DIR", data.path())
            .env("LISEUSE_CONFIG", data.path().join("config.toml"))
            .env("TERM", "xterm-256color")
            .envs(env.iter().copied())
            .stdin(Stdio::from(slave.try_clone().expect("dup")))
            .stdout(Stdio::from(slave.try_clone().expect("dup")))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setsid() < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                if controlling && libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("liseuse starts");
        let master = File::from(master);
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = master.try_clone().expect("dup");
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("lock").extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            master,
            child,
            output,
            _data: data,
        }
    }

    fn len(&self) -> usize {
        self.output.lock().expect("lock").len()
    }

    fn since(&self, from: usize) -> Vec<u8> {
        self.output.lock().expect("lock")[from..].to_vec()
    }

    /// Waits until what was written from `from` on holds every one of
    /// `needles`.
    fn wait_for(&self, from: usize, needles: &[&[u8]], what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let out = self.since(from);
            if needles.iter().all(|n| contains(&out, n)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not seen in {:?}",
                String::from_utf8_lossy(&out)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Started: raw mode on and a frame drawn.
    fn wait_started(&self) {
        self.wait_for(
            0,
            &[ALT_ON, PASTE_ON, "Durov".as_bytes()],
            "the first frame",
        );
        self.wait_until(|p| p.raw(), "raw mode");
    }

    fn wait_until(&self, done: impl Fn(&Pty) -> bool, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !done(self) {
            assert!(Instant::now() < deadline, "{what}: timed out");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the terminal is in raw mode (no line editing, no echo).
    fn raw(&self) -> bool {
        // SAFETY: a zeroed termios is a valid out-parameter.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: the master is open; the pty's settings are read through it.
        let rc = unsafe { libc::tcgetattr(self.master.as_raw_fd(), &mut t) };
        assert_eq!(rc, 0, "tcgetattr");
        t.c_lflag & (libc::ICANON | libc::ECHO) == 0
    }

    fn signal(&self, signal: i32) {
        // SAFETY: sending a signal to our own child.
        let rc = unsafe { libc::kill(self.child.id() as i32, signal) };
        assert_eq!(rc, 0, "kill");
    }

    fn send(&mut self, bytes: &[u8]) {
        self.master.write_all(bytes).expect("write to the terminal");
    }

    /// The process state letter from /proc (`T` when stopped).
    fn state(&self) -> char {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // The state follows the parenthesised command name.
        stat.rsplit_once(") ")
            .and_then(|(_, rest)| rest.chars().next())
            .unwrap_or('?')
    }

    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Let the reader catch the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "liseuse did not exit; output: {:?}",
                    String::from_utf8_lossy(&self.since(0))
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// After the process is gone, everything it set is undone: the alternate
/// screen left, mouse reporting and bracketed paste off, the cursor shown,
/// line editing back.
fn assert_restored(pty: &Pty, from: usize, what: &str) {
    // The reader thread may still be catching up.
    pty.wait_for(from, &[ALT_OFF, CURSOR_ON], what);
    let out = pty.since(from);
    for (needle, name) in [
        (ALT_OFF, "alternate screen left"),
        (MOUSE_OFF, "mouse reporting off"),
        (PASTE_OFF, "bracketed paste off"),
        (CURSOR_ON, "cursor shown"),
    ] {
        assert!(
            contains(&out, needle),
            "{what}: {name} missing from {:?}",
            String::from_utf8_lossy(&out)
        );
    }
    assert!(!pty.raw(), "{what}: the terminal was left in raw mode");
    let text = String::from_utf8_lossy(&out);
    assert!(!text.contains("panicked"), "{what}: {text}");
    assert!(!text.contains("Failed"), "{what}: {text}");
}

#[test]
fn every_stopping_signal_restores_the_terminal_and_exits_128_plus_it() {
    let signals = [
        ("TERM", libc::SIGTERM),
        ("INT", libc::SIGINT),
        ("HUP", libc::SIGHUP),
        ("QUIT", libc::SIGQUIT),
        ("USR1", libc::SIGUSR1),
        ("USR2", libc::SIGUSR2),
        ("ALRM", libc::SIGALRM),
        ("PIPE", libc::SIGPIPE),
    ];
    // Started together, so the start-ups overlap.
    let mut ptys: Vec<Pty> = signals.iter().map(|_| Pty::spawn(&[])).collect();
    for ((name, signal), pty) in signals.iter().zip(&mut ptys) {
        pty.wait_started();
        let from = pty.len();
        pty.signal(*signal);
        let status = pty.wait_exit();
        assert_eq!(status.code(), Some(128 + signal), "SIG{name}: {status:?}");
        assert_restored(pty, from, &format!("SIG{name}"));
    }
}

/// Where `needle` last occurs in `haystack`.
fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A panic in the interface gives the terminal back before its message is
/// printed, and nothing written afterwards sets a mode again; the status
/// is Rust's for a panic (101). Drawing is made to panic by a trigger that
/// debug builds alone have (`LISEUSE_TEST_PANIC_AT_FRAME`): in the first
/// frame, while the set-up sequences still wait in the output buffer, and
/// in a later frame, after a key.
#[test]
fn a_panic_restores_the_terminal_and_says_so() {
    if !cfg!(debug_assertions) {
        return;
    }
    for (frame, key) in [("1", None), ("2", Some(b"j"))] {
        let what = format!("a panic in frame {frame}");
        let mut pty = Pty::spawn_env(&[], &[("LISEUSE_TEST_PANIC_AT_FRAME", frame)]);
        if let Some(key) = key {
            pty.wait_started();
            pty.send(key);
        }
        let status = pty.wait_exit();
        assert_eq!(status.code(), Some(101), "{what}: {status:?}");
        pty.wait_for(0, &[b"LISEUSE_TEST_PANIC_AT_FRAME"], &what);
        let out = pty.since(0);
        let text = String::from_utf8_lossy(&out);
        let told = rfind(&out, b"panicked").unwrap_or_else(|| panic!("{what}: {text:?}"));
        for (on, off, name) in [
            (ALT_ON, ALT_OFF, "alternate screen"),
            (MOUSE_ON, MOUSE_OFF, "mouse reporting"),
            (PASTE_ON, PASTE_OFF, "bracketed paste"),
            (CURSOR_OFF, CURSOR_ON, "hidden cursor"),
        ] {
            let undone =
                rfind(&out, off).unwrap_or_else(|| panic!("{what}: {name} never undone: {text:?}"));
            assert!(
                rfind(&out, on).is_none_or(|set| set < undone),
                "{what}: {name} set again after it was undone: {text:?}"
            );
            assert!(
                undone < told,
                "{what}: the message came before the {name} was undone: {text:?}"
            );
        }
        assert!(!pty.raw(), "{what}: the terminal was left in raw mode");
    }
}

/// A notice quoting a path (here the data folder's name holds a window
/// title sequence, a screen clear and a right-to-left override) reaches
/// the status line through the one sanitiser: none of it is sent raw.
#[test]
fn notices_in_the_status_line_are_sanitised() {
    let payload = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{202e}";
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join(payload);
    std::fs::create_dir_all(&data).expect("folder");
    std::fs::write(data.join("durov-2024-09.toml"), "not toml at all [").expect("write");
    let data = data.to_str().expect("utf-8");
    let mut pty = Pty::spawn_env(&[], &[("LISEUSE_DATA_DIR", data)]);
    pty.wait_started();
    pty.wait_for(0, &[b"PWNED"], "the notice");
    let out = pty.since(0);
    let text = String::from_utf8_lossy(&out);
    for raw in ["\u{1b}]0;PWNED", "\u{7}", "\u{202e}"] {
        assert!(!text.contains(raw), "{raw:?} sent raw: {text:?}");
    }
    pty.send(b"q");
    assert_eq!(pty.wait_exit().code(), Some(0));
}

#[test]
fn sigtstp_from_outside_gives_the_terminal_back_and_sigcont_redraws() {
    let mut pty = Pty::spawn(&[]);
    pty.wait_started();
    for round in 0..2 {
        let from = pty.len();
        pty.signal(libc::SIGTSTP);
        pty.wait_until(|p| p.state() == 'T', "stopped");
        let what = format!("round {round}: stopped by SIGTSTP");
        assert_restored(&pty, from, &what);

        let from = pty.len();
        pty.signal(libc::SIGCONT);
        pty.wait_for(from, &[ALT_ON, PASTE_ON, "Durov".as_bytes()], "redrawn");
        pty.wait_until(|p| p.raw(), "raw mode again");
        assert_ne!(pty.state(), 'T');
    }
    // The keys work again: q leaves normally.
    let from = pty.len();
    pty.send(b"q");
    let status = pty.wait_exit();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert_restored(&pty, from, "q after continuing");
}

/// Stopped by SIGSTOP (which cannot be caught) while the shell puts the
/// terminal back to line mode: on SIGCONT raw mode is set again.
#[test]
fn sigcont_after_an_uncatchable_stop_sets_raw_mode_again() {
    let mut pty = Pty::spawn(&[]);
    pty.wait_started();
    pty.signal(libc::SIGSTOP);
    pty.wait_until(|p| p.state() == 'T', "stopped");
    // What a shell does when a job stops.
    // SAFETY: a zeroed termios is a valid out-parameter; the master is open.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(pty.master.as_raw_fd(), &mut t), 0);
        t.c_lflag |= libc::ICANON | libc::ECHO;
        assert_eq!(
            libc::tcsetattr(pty.master.as_raw_fd(), libc::TCSANOW, &t),
            0
        );
    }
    assert!(!pty.raw());
    let from = pty.len();
    pty.signal(libc::SIGCONT);
    pty.wait_for(from, &["Durov".as_bytes()], "redrawn");
    pty.wait_until(|p| p.raw(), "raw mode again");
    pty.send(b"q");
    assert_eq!(pty.wait_exit().code(), Some(0));
}

#[test]
fn without_a_controlling_terminal_the_interface_says_so() {
    let mut pty = Pty::spawn_with(&[], false);
    let status = pty.wait_exit();
    assert_eq!(status.code(), Some(1), "{status:?}");
    let out = String::from_utf8_lossy(&pty.since(0)).into_owned();
    assert!(out.contains("needs a terminal"), "{out}");
    assert!(!contains(out.as_bytes(), ALT_ON), "{out:?}");
}

/// Runs the binary with stdout and stderr as given, no terminal at all.
fn run_plain(args: &[&str], stdout: Stdio, data: &Path) -> (ExitStatus, String) {
    let out = Command::new(BIN)
        .args(args)
        .env("LISEUSE_DATA_DIR", data)
        .env("LISEUSE_CONFIG", data.join("config.toml"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .process_group(0)
        .output()
        .expect("liseuse runs");
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn output_to_a_pipe_is_refused_by_the_interface_and_nothing_is_drawn() {
    let data = tempfile::tempdir().expect("temp dir");
    for args in [&[][..], &["quiz"]] {
        let out = Command::new(BIN)
            .args(args)
            .env("LISEUSE_DATA_DIR", data.path())
            .stdin(Stdio::null())
            .output()
            .expect("liseuse runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: drew into the pipe");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not one") && err.contains("export"), "{err}");
    }
}

#[test]
fn printing_commands_work_without_a_terminal() {
    let data = tempfile::tempdir().expect("temp dir");
    for args in [
        &["check"][..],
        &["stats"],
        &["stats", "--json"],
        &["export"],
        &["list"],
    ] {
        let (status, err) = run_plain(args, Stdio::piped(), data.path());
        assert!(status.success(), "{args:?}: {status:?} {err}");
    }
}

/// A closed pipe ends a printing command quietly: status 141 (or 0 when
/// everything fitted in the pipe first), nothing on stderr.
#[test]
fn printing_into_a_closed_pipe_ends_quietly() {
    let data = tempfile::tempdir().expect("temp dir");
    for args in [
        &["check"][..],
        &["stats"],
        &["stats", "--json"],
        &["export"],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .env("LISEUSE_DATA_DIR", data.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("liseuse runs");
        // Closed before anything is read, as `| head -c0` does.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("ends");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 141)),
            "{args:?}: {:?} {err}",
            out.status
        );
        assert!(out.status.signal().is_none(), "{args:?}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

/// Past a pipe's 64 KiB buffer, `export | head -1`: the pipe closes while
/// liseuse is still writing.
#[test]
fn a_long_export_into_head_ends_quietly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // A pack with a glossary big enough to export more than 64 KiB.
    let mut pack = String::from(
        "[pack]\nid = \"long\"\ntitle = \"Long\"\nauthor = \"x\"\ndate = \"2026-11-28\"\nlevel = \"A2\"\n\n[text]\nbody = '''\n",
    );
    for i in 0..2000 {
        pack.push_str(&format!("mot{i} "));
    }
    pack.push_str("\n'''\n");
    for i in 0..2000 {
        pack.push_str(&format!(
            "\n[[glossary]]\nid = \"m{i}\"\nterm = \"mot{i}\"\npos = \"noun\"\ngender = \"m\"\n\
             en = \"word number {i}, with a long English gloss to fill the pipe quickly\"\n\
             forms = [\"mot{i}\"]\nsentence = \"mot{i}\"\n"
        ));
    }
    let path = tmp.path().join("long.toml");
    std::fs::write(&path, pack).expect("write");
    let path = path.to_str().expect("utf-8");
    let mut child = Command::new(BIN)
        .args(["--pack", path, "export"])
        .env("LISEUSE_DATA_DIR", tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("liseuse runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 100];
    let n = stdout.read(&mut first).expect("read");
    assert!(n > 0, "nothing exported");
    drop(stdout);
    let out = child.wait_with_output().expect("ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{:?} {err}", out.status);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn printing_to_a_full_device_is_an_error_message_not_a_panic() {
    let data = tempfile::tempdir().expect("temp dir");
    for args in [
        &["check"][..],
        &["stats"],
        &["stats", "--json"],
        &["export"],
    ] {
        let full = File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let (status, err) = run_plain(args, Stdio::from(full), data.path());
        assert_eq!(status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("No space left"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// A 100 KB bracketed paste into the search goes in at once (cut to the
/// input's limit, with a notice), and Ctrl-C right after it is not held up.
#[test]
fn a_100_kb_bracketed_paste_goes_in_at_once_and_ctrl_c_follows() {
    let mut pty = Pty::spawn(&[]);
    pty.wait_started();
    let from = pty.len();
    pty.send(b"/");
    pty.wait_for(from, &[b"close search"], "the search is open");
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend("abus ".repeat(20_000).as_bytes());
    paste.extend(b"\x1b[201~");
    let from = pty.len();
    let start = Instant::now();
    pty.send(&paste);
    pty.wait_for(from, &[b"at most"], "the notice about the limit");
    pty.send(b"\x03");
    let status = pty.wait_exit();
    let took = start.elapsed();
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_restored(&pty, from, "after the paste");
}

/// A large pack opened for the first time takes a while before its first
/// screen: a line says so on the terminal (here at once, through a delay
/// debug builds alone let a test set) and is cleared before the interface
/// takes the screen.
#[test]
fn a_slow_first_open_says_what_is_happening() {
    if !cfg!(debug_assertions) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("long.toml");
    let sentence = "Le mois dernier, j'ai été interrogé par la police pendant quatre jours. ";
    let body = sentence.repeat(600_000 / sentence.len());
    std::fs::write(
        &pack,
        format!(
            "[pack]\nid = \"long\"\ntitle = \"Long\"\nauthor = \"A\"\ndate = \"2024\"\nsource = \"s\"\nlevel = \"B1\"\nlanguage = \"fr\"\n\n[text]\nbody = \"\"\"\n{body}\n\"\"\"\n"
        ),
    )
    .expect("written");
    let path = pack.to_str().expect("UTF-8 path");
    let mut pty = Pty::spawn_env(&["--pack", path], &[("LISEUSE_TEST_SLOW_NOTICE_MS", "0")]);
    pty.wait_for(0, &[ALT_ON, b"Long"], "the interface");
    let out = pty.since(0);
    let text = String::from_utf8_lossy(&out);
    let said = find(
        &out,
        b"Opening long.toml (0.6 MB): checking and indexing it",
    )
    .unwrap_or_else(|| panic!("no notice: {text:?}"));
    let cleared = find(&out[said..], b"\r\x1b[2K")
        .map(|at| said + at)
        .unwrap_or_else(|| panic!("the notice was not cleared: {text:?}"));
    let alt = find(&out, ALT_ON).expect("alternate screen");
    assert!(cleared < alt, "cleared after the interface began: {text:?}");
    pty.send(b"q");
    assert!(pty.wait_exit().success());
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
