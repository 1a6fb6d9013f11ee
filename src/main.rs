//! The `liseuse` binary: command line, terminal and event loop. The state
//! lives in `app`, drawing in `ui`, the domain in the library.

mod app;
mod bench;
mod cli;
mod clock;
mod commands;
mod effects;
mod terminal;
mod ui;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use ratatui::crossterm::event;

use app::{Action, App, Effect, Start};
use cli::{Cli, Command};
use clock::Clock;
use liseuse::progress::Store;
use liseuse::study::Study;
use ui::theme::Theme;

/// How often a failed save is tried again while the app is idle.
const SAVE_RETRY: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        None | Some(Command::Read) => open(&cli)
            .and_then(|study| run(study, store(&cli), clock(&cli), false, cli.first_frame_only)),
        Some(Command::Quiz) => open(&cli)
            .and_then(|study| run(study, store(&cli), clock(&cli), true, cli.first_frame_only)),
        Some(Command::Check { files }) => return commands::check(files),
        Some(Command::Export { format }) => open(&cli).map(|s| commands::export(&s, *format)),
        Some(Command::Stats { json }) => {
            open(&cli).and_then(|s| commands::stats(&s, store(&cli), clock(&cli), *json))
        }
        Some(Command::Bench) => bench::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Loads the pack named on the command line, or the built-in one.
fn open(cli: &Cli) -> Result<Study, String> {
    match &cli.pack {
        Some(path) => Study::open_cached(path, pack_cache(cli).as_ref()),
        None => Study::builtin(),
    }
    .map_err(|e| e.to_string())
}

/// Compiled packs: `LISEUSE_CACHE_DIR`, inside a chosen data directory, or
/// the platform's cache directory.
fn pack_cache(cli: &Cli) -> Option<liseuse::cache::PackCache> {
    let chosen = cli.data_dir.clone().or_else(|| {
        std::env::var_os("LISEUSE_DATA_DIR")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    });
    liseuse::cache::cache_dir(std::env::var_os("LISEUSE_CACHE_DIR"), chosen)
        .map(|dir| liseuse::cache::PackCache::new(&dir))
}

/// Where progress is kept: `--data-dir`, `LISEUSE_DATA_DIR`, or the
/// platform's data directory.
fn store(cli: &Cli) -> Option<Store> {
    liseuse::progress::data_dir(cli.data_dir.clone(), std::env::var_os("LISEUSE_DATA_DIR"))
        .map(Store::new)
}

fn clock(cli: &Cli) -> Clock {
    cli.now.map_or(Clock::System, Clock::Fixed)
}

fn run(
    study: Study,
    store: Option<Store>,
    clock: Clock,
    quiz: bool,
    first_frame_only: bool,
) -> Result<(), String> {
    let finished = Arc::new(AtomicBool::new(false));
    let stop = terminal::stop_flag(Arc::clone(&finished))
        .map_err(|e| format!("cannot watch signals: {e}"))?;
    let mut term = terminal::enter().map_err(|e| format!("cannot start the terminal: {e}"))?;
    let result = event_loop(
        &mut term,
        study,
        store,
        clock,
        quiz,
        first_frame_only,
        &stop,
    );
    terminal::leave();
    finished.store(true, Ordering::Relaxed);
    result.map_err(|e| format!("terminal error: {e}"))
}

fn event_loop(
    term: &mut terminal::Term,
    study: Study,
    store: Option<Store>,
    clock: Clock,
    quiz: bool,
    first_frame_only: bool,
    stop: &std::sync::atomic::AtomicBool,
) -> std::io::Result<()> {
    let size = term.size()?;
    let now = clock.now();
    let (progress, notice) = effects::load_progress(store.as_ref(), &study.pack.pack.id, now);
    let start = Start {
        progress,
        persist: store.is_some(),
        notice,
        keymap: app::keys::Keymap::default(),
        now,
        utc_offset: clock.utc_offset(),
    };
    let mut app = App::new(study, start, size.width, size.height);
    let theme = Theme::from_env();
    if first_frame_only {
        term.draw(|frame| ui::draw(frame, &app, theme))?;
        return Ok(());
    }
    if quiz {
        // `liseuse quiz`: the quiz takes most of the screen.
        for action in [Action::Zoom, Action::SelectTab(app::Tab::Quiz)] {
            run_effects(term, &mut app, action, store.as_ref(), clock)?;
        }
    }
    let mut dirty = true;
    let mut last_retry = Instant::now();
    while !app.quit && !terminal::stopped(stop) {
        if dirty {
            term.draw(|frame| ui::draw(frame, &app, theme))?;
            dirty = false;
        }
        if !event::poll(Duration::from_millis(200))? {
            if app.saved.unsaved && last_retry.elapsed() >= SAVE_RETRY {
                last_retry = Instant::now();
                run_effects(term, &mut app, Action::Tick, store.as_ref(), clock)?;
                dirty = true;
            }
            continue;
        }
        let event = event::read()?;
        if let Some(action) = app.action_for(&event) {
            run_effects(term, &mut app, action, store.as_ref(), clock)?;
            dirty = true;
        }
    }
    Ok(())
}

/// Updates the app with an action and carries out the effects it returns,
/// feeding their results back, until none is left.
fn run_effects(
    term: &mut terminal::Term,
    app: &mut App,
    action: Action,
    store: Option<&Store>,
    clock: Clock,
) -> std::io::Result<()> {
    let mut queue = vec![action];
    while let Some(action) = queue.pop() {
        for effect in app.update(action, clock.now()) {
            match effect {
                Effect::Suspend => terminal::suspend(term)?,
                other => {
                    if let Some(next) = effects::perform(&other, app, store, clock.now()) {
                        queue.push(next);
                    }
                }
            }
        }
    }
    Ok(())
}
