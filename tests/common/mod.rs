//! What every test that starts the binary needs: a temporary data folder
//! and config path, so that neither the developer's own progress nor their
//! config.toml can change a result.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary, with `LISEUSE_DATA_DIR` and `LISEUSE_CONFIG` in a fresh
/// temporary folder (the config file itself absent: the defaults apply),
/// and the platform's config and data folders moved there too.
pub struct Liseuse {
    pub home: tempfile::TempDir,
}

impl Liseuse {
    pub fn new() -> Liseuse {
        Liseuse {
            home: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    pub fn config_path(&self) -> PathBuf {
        self.home.path().join("config.toml")
    }

    /// A command ready to run, isolated from the machine's own settings.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_liseuse"));
        cmd.args(args)
            .env("LISEUSE_DATA_DIR", self.data_dir())
            .env("LISEUSE_CONFIG", self.config_path())
            .env("XDG_CONFIG_HOME", self.home.path().join("xdg-config"))
            .env("XDG_DATA_HOME", self.home.path().join("xdg-data"))
            .env("XDG_CACHE_HOME", self.home.path().join("xdg-cache"))
            .env("HOME", self.home.path())
            .env_remove("NO_COLOR");
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }

    /// Writes `contents` to `name` in the temporary folder; returns its path.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.home.path().join(name);
        write(&path, contents);
        path
    }
}

pub fn write(path: &Path, contents: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("folder");
    }
    std::fs::write(path, contents).expect("write");
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
