//! The binary in a pseudo-terminal, as a user starts it: the first screen
//! holds the text, and a window resized at any moment of start-up ends up
//! drawn at its new size (a resize arriving before the app listened for it
//! used to leave the screen blank or stale until the next key).
#![cfg(target_os = "linux")]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A program running in a new pseudo-terminal, as its controlling terminal.
struct Pty {
    master: OwnedFd,
    child: Child,
    output: Vec<u8>,
    dir: tempfile::TempDir,
}

fn winsize(cols: u16, rows: u16) -> libc::winsize {
    libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

impl Pty {
    fn start(cols: u16, rows: u16) -> io::Result<Pty> {
        Pty::start_in(tempfile::tempdir()?, cols, rows, &[])
    }

    /// Starts the program with `args`, its home and directories in `dir`.
    fn start_in(dir: tempfile::TempDir, cols: u16, rows: u16, args: &[&str]) -> io::Result<Pty> {
        let (mut master, mut slave) = (0, 0);
        let size = winsize(cols, rows);
        // SAFETY: openpty writes two descriptors; the name and termios
        // pointers may be null.
        let r = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                &size,
            )
        };
        if r != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: both descriptors were just opened and are owned here.
        let (master, slave) =
            unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_liseuse"));
        cmd.args(args)
            .env_clear()
            .env("TERM", "xterm-256color")
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("XDG_CACHE_HOME", dir.path().join("cache"))
            .env("LISEUSE_CACHE_DIR", dir.path().join("cache"))
            .env("LISEUSE_CONFIG", dir.path().join("config.toml"))
            .env("LISEUSE_DATA_DIR", dir.path().join("data"))
            .stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn()?;
        Ok(Pty {
            master,
            child,
            output: Vec::new(),
            dir,
        })
    }

    /// Changes the window size; the kernel signals the program.
    fn resize(&self, cols: u16, rows: u16) -> io::Result<()> {
        let size = winsize(cols, rows);
        // SAFETY: TIOCSWINSZ reads a winsize.
        if unsafe { libc::ioctl(self.master.as_raw_fd(), libc::TIOCSWINSZ, &size) } < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Reads output until none came for `quiet` (or `limit` passed).
    fn read_until_quiet(&mut self, quiet: Duration, limit: Duration) {
        let end = Instant::now() + limit;
        let mut buf = [0u8; 65536];
        while Instant::now() < end {
            let mut fds = libc::pollfd {
                fd: self.master.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            };
            let wait = i32::try_from(quiet.as_millis()).unwrap_or(i32::MAX);
            // SAFETY: one valid pollfd.
            let ready = unsafe { libc::poll(&mut fds, 1, wait) };
            if ready <= 0 {
                return;
            }
            // SAFETY: reads into a buffer of the given length.
            let n =
                unsafe { libc::read(self.master.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            let Ok(n) = usize::try_from(n) else { return };
            if n == 0 {
                return;
            }
            self.output.extend_from_slice(&buf[..n]);
        }
    }

    fn send(&self, bytes: &[u8]) {
        // SAFETY: writes from a buffer of the given length.
        unsafe { libc::write(self.master.as_raw_fd(), bytes.as_ptr().cast(), bytes.len()) };
    }

    /// Quits with `q`, killing the program if it does not leave.
    fn quit(self) {
        drop(self.quit_keeping());
    }

    /// Like [`Pty::quit`], handing back the program's directory (removed
    /// when dropped) to look at what it left.
    fn quit_keeping(mut self) -> tempfile::TempDir {
        self.send(b"q");
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            self.read_until_quiet(Duration::from_millis(20), Duration::from_millis(100));
            if let Ok(Some(_)) = self.child.try_wait() {
                return self.dir;
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.dir
    }

    /// The screen the output draws on a terminal of this size.
    fn screen(&self, cols: u16, rows: u16) -> vt100::Parser {
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
        let mut parser = vt100::Parser::new(size(rows), size(cols), 0);
        parser.process(&self.output);
        parser
    }
}

/// What a finished frame of the reader shows: the text's first words, and
/// the status line on the bottom row.
fn check_frame(parser: &vt100::Parser, cols: u16, rows: u16) -> Result<(), String> {
    let screen = parser.screen();
    let lines: Vec<String> = screen.rows(0, cols).collect();
    let all = lines.join("\n");
    if !all.contains("Un message de Durev") {
        return Err(format!("the text is not on screen:\n{all}"));
    }
    if lines.last().is_none_or(|l| l.trim().is_empty()) {
        return Err(format!("the bottom row is empty at {cols}×{rows}:\n{all}"));
    }
    Ok(())
}

#[test]
fn first_screen_holds_the_text() {
    let mut pty = Pty::start(100, 30).expect("starts in a pty");
    pty.read_until_quiet(Duration::from_millis(400), Duration::from_secs(20));
    let parser = pty.screen(100, 30);
    let result = check_frame(&parser, 100, 30);
    pty.quit();
    result.unwrap_or_else(|e| panic!("{e}"));
}

/// The blank-screen race: a resize delivered at every moment of start-up,
/// from right after the fork to well after the first frame.
#[test]
fn a_resize_during_start_up_is_drawn() {
    let delays_us = [
        0, 500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000, 12_000, 15_000,
        20_000, 40_000,
    ];
    let runs: Vec<_> = delays_us
        .into_iter()
        .map(|delay| {
            std::thread::spawn(move || -> Result<(), String> {
                let mut pty = Pty::start(100, 30).map_err(|e| e.to_string())?;
                std::thread::sleep(Duration::from_micros(delay));
                pty.resize(120, 40).map_err(|e| e.to_string())?;
                pty.read_until_quiet(Duration::from_millis(500), Duration::from_secs(20));
                let parser = pty.screen(120, 40);
                let result = check_frame(&parser, 120, 40);
                pty.quit();
                result.map_err(|e| format!("resize after {delay} µs: {e}"))
            })
        })
        .collect();
    let failures: Vec<String> = runs
        .into_iter()
        .filter_map(|r| r.join().unwrap_or_else(|_| Err("panicked".into())).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A pack opened for the first time is compiled into the cache once its
/// first screen is out.
#[test]
fn a_first_open_caches_the_pack_after_its_first_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("p.toml");
    std::fs::write(&pack, include_str!("../data/durov-2024-09.toml")).expect("written");
    let cache = dir.path().join("cache");
    let args = ["--pack", pack.to_str().expect("UTF-8 path")];
    let mut pty = Pty::start_in(dir, 100, 30, &args).expect("starts in a pty");
    pty.read_until_quiet(Duration::from_millis(400), Duration::from_secs(20));
    let result = check_frame(&pty.screen(100, 30), 100, 30);
    let end = Instant::now() + Duration::from_secs(10);
    let entries = || {
        walk(&cache)
            .into_iter()
            .filter(|f| std::fs::metadata(f).is_ok_and(|m| m.len() > 0))
            .count()
    };
    while entries() == 0 && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(20));
    }
    let cached = entries();
    pty.quit();
    result.unwrap_or_else(|e| panic!("{e}"));
    assert!(cached > 0, "nothing was cached");
}

/// A learner who quits as soon as a long pack's first open is on screen
/// still finds it compiled: quitting waits for the cache to be written
/// (it used to leave a half-written file behind and compile again).
#[test]
fn quitting_at_once_leaves_a_first_open_cached() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("long.toml");
    std::fs::write(&pack, long_pack(600_000)).expect("written");
    let cache = dir.path().join("cache");
    let args = ["--pack", pack.to_str().expect("UTF-8 path")];
    let mut pty = Pty::start_in(dir, 100, 30, &args).expect("starts in a pty");
    let end = Instant::now() + Duration::from_secs(60);
    while check_frame(&pty.screen(100, 30), 100, 30).is_err() && Instant::now() < end {
        pty.read_until_quiet(Duration::from_millis(5), Duration::from_millis(50));
    }
    check_frame(&pty.screen(100, 30), 100, 30).unwrap_or_else(|e| panic!("{e}"));
    let _dir = pty.quit_keeping();
    let files = walk(&cache);
    let name = |f: &std::path::PathBuf| {
        f.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    assert!(
        files.iter().any(|f| name(f).ends_with(".pack")),
        "not cached: {files:?}"
    );
    assert!(
        !files.iter().any(|f| name(f).starts_with('.')),
        "a file left half-written: {files:?}"
    );
}

/// The statement's pack with its text repeated to `len` bytes or more.
fn long_pack(len: usize) -> String {
    let source = include_str!("../data/durov-2024-09.toml");
    let body = source
        .split("body = '''")
        .nth(1)
        .and_then(|rest| rest.split("'''").next())
        .expect("the statement's text");
    let mut text = String::from(body);
    while text.len() < len {
        text.push_str("\n\n");
        text.push_str(body);
    }
    source.replacen(body, &text, 1)
}

/// A long pack opened for the first time shows its beginning before the
/// rest is read, then its glossary once compiled, the text still on
/// screen.
#[test]
fn a_long_pack_opened_first_fills_its_side_pane_once_compiled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("long.toml");
    std::fs::write(&pack, long_pack(600_000)).expect("written");
    let args = ["--pack", pack.to_str().expect("UTF-8 path")];
    let mut pty = Pty::start_in(dir, 100, 30, &args).expect("starts in a pty");
    let end = Instant::now() + Duration::from_secs(60);
    let entries = |pty: &Pty| pty.screen(100, 30).screen().contents().contains(" entries");
    while !entries(&pty) && Instant::now() < end {
        pty.read_until_quiet(Duration::from_millis(20), Duration::from_millis(100));
    }
    let screen = pty.screen(100, 30).screen().contents();
    pty.quit();
    assert!(screen.contains(" entries"), "{screen}");
    assert!(screen.contains("Merci à tous"), "{screen}");
    assert!(!screen.contains("indexing the pack"), "{screen}");
}

/// A long pack opened for the first time shows its beginning before it is
/// checked; one that turns out not to open takes the interface down and
/// says why, as any pack that does not open: every problem with its place,
/// exit status 1, the terminal given back.
#[test]
fn a_faulty_long_pack_is_told_after_its_first_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let faulty = long_pack(600_000).replacen("[[glossary]]\nid = ", "[[glossary]]\nidd = ", 1);
    let pack = dir.path().join("long.toml");
    std::fs::write(&pack, faulty).expect("written");
    let args = ["--pack", pack.to_str().expect("UTF-8 path")];
    let mut pty = Pty::start_in(dir, 100, 30, &args).expect("starts in a pty");
    let end = Instant::now() + Duration::from_secs(60);
    let mut status = None;
    while status.is_none() && Instant::now() < end {
        pty.read_until_quiet(Duration::from_millis(20), Duration::from_millis(100));
        status = pty.child.try_wait().ok().flatten();
    }
    pty.read_until_quiet(Duration::from_millis(50), Duration::from_millis(500));
    let output = String::from_utf8_lossy(&pty.output).into_owned();
    let status = status.expect("the program ended");
    assert_eq!(status.code(), Some(1), "{output}");
    // The beginning was on screen first, then the alternate screen left.
    let shown = output.find("Merci à tous").expect("the text was shown");
    let left = output
        .rfind("\x1b[?1049l")
        .expect("the terminal was given back");
    assert!(shown < left);
    let told = &output[left..];
    assert!(told.contains("long.toml:"), "{told}");
    assert!(told.contains("idd"), "{told}");
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    read.flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
