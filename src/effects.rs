//! Carrying out what `update` asks for: the only place the interface
//! reads or writes progress. Results go back to the app as actions.

use liseuse::progress::{Progress, Store};

use crate::app::{Action, App, Effect, Outcome};

/// Reads the learner's progress for a pack, or starts afresh; the notice
/// says what went wrong, if anything.
pub fn load_progress(store: Option<&Store>, pack_id: &str, now: i64) -> (Progress, Option<String>) {
    match store {
        Some(s) => {
            let outcome = s.load(pack_id, now);
            (outcome.progress, outcome.notice)
        }
        None => (
            Progress::new(pack_id),
            Some("No data directory: progress will not be saved".to_string()),
        ),
    }
}

/// Carries out one effect that needs no terminal; the result, if any, is
/// an action for `update`. `Effect::Suspend` is the event loop's own.
pub fn perform(effect: &Effect, app: &App, store: Option<&Store>, now: i64) -> Option<Action> {
    match effect {
        Effect::SaveProgress => {
            let store = store?;
            Some(Action::Done(
                match store.save_merged(&app.saved.progress, now) {
                    Ok(outcome) => Outcome::Saved {
                        progress: Box::new(outcome.progress),
                        notice: outcome.notice,
                    },
                    Err(e) => Outcome::SaveFailed(e.to_string()),
                },
            ))
        }
        Effect::WriteElsewhere => {
            let dirs: Vec<std::path::PathBuf> = directories::UserDirs::new()
                .map(|u| u.home_dir().to_path_buf())
                .into_iter()
                .chain([std::env::temp_dir()])
                .collect();
            let target = store?.path_for(&app.saved.progress.pack_id);
            let written = liseuse::progress::write_copy(&app.saved.progress, &dirs, now)
                .map(|path| (path, target));
            Some(Action::Done(Outcome::WrittenElsewhere(written)))
        }
        Effect::ListPacks => {
            let rows = match store {
                Some(store) => crate::commands::pack_rows(store, now, app.saved.utc_offset),
                None => Vec::new(),
            };
            Some(Action::Done(Outcome::Packs(rows)))
        }
        // The event loop's own, or the worker's (see `crate::worker`).
        Effect::OpenPack { .. }
        | Effect::Suspend
        | Effect::Define { .. }
        | Effect::Pronounce { .. }
        | Effect::Speak { .. } => None,
    }
}

/// Runs `update` and every effect it asks for until nothing is left,
/// without a terminal, as the event loop does: for tests.
#[cfg(test)]
pub fn run(app: &mut App, action: Action, store: Option<&Store>, now: i64) {
    let mut queue = vec![action];
    while let Some(action) = queue.pop() {
        for effect in app.update(action, now) {
            if let Some(next) = perform(&effect, app, store, now) {
                queue.push(next);
            }
        }
    }
}
