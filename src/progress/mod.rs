//! Progress: saved review state, the review log and question scores.

pub mod lenient;
pub mod merge;
pub mod model;
pub mod store;

use std::ffi::OsString;
use std::path::PathBuf;

pub use merge::merge;
pub use model::*;
pub use store::{LoadOutcome, SaveError, SaveOutcome, Store, write_copy};

/// Where progress is kept: `--data-dir`, else `LISEUSE_DATA_DIR` (read by the
/// caller, so this stays testable), else the platform's data directory.
pub fn data_dir(override_dir: Option<PathBuf>, env_value: Option<OsString>) -> Option<PathBuf> {
    override_dir
        .filter(|d| !d.as_os_str().is_empty())
        .or_else(|| env_value.filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| {
            directories::ProjectDirs::from("", "", "liseuse").map(|p| p.data_dir().to_path_buf())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_prefers_flag_then_env_then_platform() {
        let flag = Some(PathBuf::from("flag"));
        let env = Some(OsString::from("env"));
        assert_eq!(data_dir(flag.clone(), env.clone()), flag);
        assert_eq!(data_dir(None, env), Some(PathBuf::from("env")));
        // An empty variable counts as unset.
        let platform = data_dir(None, Some(OsString::new()));
        assert_eq!(platform, data_dir(None, None));
        if let Some(dir) = platform {
            assert!(dir.to_string_lossy().contains("liseuse"));
        }
    }
}
