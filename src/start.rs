//! The program's entry point on Linux with glibc, in place of the standard
//! library's: `main` is called by the C library directly.
//!
//! The standard library's start reads `/proc/self/maps` (to know where
//! the main thread's stack ends, for its stack-overflow message) and sets
//! up a signal stack; a C program does neither. A program that prints one
//! line took 0.07–0.1 ms less from exec to exit without it (`perf stat`,
//! 200 runs), out of the statement's 1.7–2.2 ms to its first frame.
//!
//! What of that start the program relies on is done here: standard streams
//! that are closed are opened on `/dev/null`, `SIGPIPE` is ignored (a
//! closed pipe is an error, not death), a panic ends the process with
//! status 101 after its message (the panic hook restores the terminal
//! first, as before), and what standard output holds is written before the
//! end. What is lost is the message of a stack overflow: the process ends
//! on `SIGSEGV` without it. Arguments and the environment are read as
//! before (the standard library takes them from the C library's start on
//! this platform).

use std::ffi::c_int;
use std::process::ExitCode;

/// Called by the C library's start, as a C program's `main` (the test
/// harness has its own).
#[cfg(not(test))]
#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const std::ffi::c_char) -> c_int {
    open_closed_streams();
    // SAFETY: sets a signal's disposition, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let status = std::panic::catch_unwind(crate::liseuse_main).map_or(101, status_of);
    let _ = std::io::Write::flush(&mut std::io::stdout());
    status
}

/// The number an [`ExitCode`] stands for (the standard library keeps it
/// private): the one of 0–255 it equals.
fn status_of(code: ExitCode) -> c_int {
    (0..=u8::MAX)
        .find(|&n| ExitCode::from(n) == code)
        .map_or(1, c_int::from)
}

/// Standard input, output or error closed at start are opened on
/// `/dev/null`, so that no file the program opens takes their number.
#[cfg_attr(test, allow(dead_code))]
fn open_closed_streams() {
    let mut streams = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    // SAFETY: `poll` reads and writes the three entries given; `open`
    // takes a NUL-terminated path. Nothing else is touched.
    unsafe {
        if libc::poll(streams.as_mut_ptr(), 3, 0) < 0 {
            return;
        }
        for stream in streams {
            if stream.revents & libc::POLLNVAL != 0 {
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_read_back_as_their_numbers() {
        assert_eq!(status_of(ExitCode::SUCCESS), 0);
        assert_eq!(status_of(ExitCode::FAILURE), 1);
        for n in [2, 101, 130, 143, 255] {
            assert_eq!(status_of(ExitCode::from(n)), c_int::from(n));
        }
    }
}
