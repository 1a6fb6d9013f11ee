//! The `liseuse` binary: command line, terminal and event loop. The state
//! lives in `app`, drawing in `ui`, the domain in the library.
// On Linux with glibc the entry point is `start::main` (see there why).
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

mod app;
mod cli;
mod clock;
mod commands;
mod effects;
mod inbox;
mod indexing;
mod new_command;
mod output;
mod slow_notice;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod start;
mod terminal;
#[cfg(test)]
mod test_dice;
mod ui;
mod user_config;
mod worker;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use app::{Action, App, Effect, Start};
use cli::{Cli, Command};
use clock::Clock;
use inbox::{Inbox, Wake};
use indexing::Indexing;
use liseuse::progress::Store;
use liseuse::study::Study;
use liseuse::study::{ToCache, Whole, WholeRead};

/// How often a failed save is tried again while the app is idle.
const SAVE_RETRY: Duration = Duration::from_secs(5);
/// How often a text being indexed is looked at, for its progress.
const INDEXING_LOOK: Duration = Duration::from_millis(50);
/// Packs from this size on may take long enough to open, the first time,
/// to say so while they do (see [`slow_notice`]).
const SLOW_FROM: u64 = 512 * 1024;
/// The longest time events are handled before a frame goes out.
const BATCH_LIMIT: Duration = Duration::from_millis(50);

#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() -> ExitCode {
    liseuse_main()
}

/// The program, from the command line to its exit status.
fn liseuse_main() -> ExitCode {
    reuse_freed_memory();
    let cli = Cli::read();
    let result = match &cli.command {
        None | Some(Command::Read) | Some(Command::Quiz) => {
            let quiz = matches!(cli.command, Some(Command::Quiz));
            // A bad pack is reported first, then a missing terminal.
            let ran = open_to_read(&cli).and_then(|opened| {
                terminal::check_available()?;
                let config = user_config::load(user_config::locate(cli.config.clone()).as_ref());
                // More than one pack and none named: ask which.
                let offer_picker = cli.command.is_none()
                    && cli.pack.is_none()
                    && store(&cli)
                        .is_some_and(|s| liseuse::library::Library::new(&s.dir).count() > 1);
                run(
                    opened,
                    store(&cli),
                    clock(&cli),
                    (quiz, offer_picker),
                    config,
                )
            });
            match ran {
                // Ended by a signal: the conventional status.
                Ok(Some(signal)) => return ExitCode::from((128 + signal).clamp(0, 255) as u8),
                Ok(None) => Ok(()),
                Err(e) => Err(e),
            }
        }
        Some(Command::Check { files }) => {
            return commands::check(files, cli.pack.as_deref(), store(&cli).as_ref());
        }
        Some(Command::Add { file }) => commands::add(file, store(&cli).as_ref()),
        Some(Command::List) => commands::list(store(&cli).as_ref(), clock(&cli)),
        Some(Command::Export { format }) => {
            open(&cli, false).map(|s| commands::export(&with_learner_words(s, &cli), *format))
        }
        Some(Command::Stats { json }) => open(&cli, false).and_then(|s| {
            let study = user_config::load(user_config::locate(cli.config.clone()).as_ref()).study;
            commands::stats(&s, store(&cli), clock(&cli), *json, study)
        }),
        Some(Command::Config { default }) => {
            return user_config::command(cli.config.clone(), *default);
        }
        Some(Command::New(args)) => new_command::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{}", liseuse::pack::sanitize::clean(&message, true));
            ExitCode::FAILURE
        }
    }
}

/// Loads the pack named on the command line (a file or a library id), or
/// the built-in one; `claim` ties its progress to its text.
fn open(cli: &Cli, claim: bool) -> Result<Study, String> {
    let store = store(cli);
    commands::open(
        cli.pack.as_deref(),
        cli.pack_id.as_deref(),
        store.as_ref(),
        pack_cache(cli).as_ref(),
        clock(cli).now(),
        claim,
    )
}

/// The study with the learner's own words for its pack joined.
fn with_learner_words(study: Study, cli: &Cli) -> Study {
    let id = study.pack.pack.id.clone();
    let (progress, _) = effects::load_progress(store(cli).as_ref(), &id, clock(cli).now());
    liseuse::personal::with_words(study, &progress.words)
}

/// Like [`open`], for reading: a long text already compiled opens on its
/// beginning, and the pack comes back to be indexed whole in the background.
fn open_to_read(cli: &Cli) -> Result<Opened, String> {
    let store = store(cli);
    let cache = pack_cache(cli);
    // Only a large file can take long enough to need a word, and not when
    // compiled already (starting the notice's thread would then be most of
    // the wait).
    let _notice = cli
        .pack
        .as_deref()
        .and_then(|path| Some((path, std::fs::metadata(path).ok()?.len())))
        .filter(|&(_, bytes)| bytes >= SLOW_FROM)
        .filter(|&(path, _)| cache.as_ref().is_none_or(|c| !c.holds(path)))
        .map(|(path, bytes)| slow_notice::SlowNotice::start(slow_notice::opening(path, bytes)));
    commands::open_previewing(
        cli.pack.as_deref(),
        cli.pack_id.as_deref(),
        store.as_ref(),
        cache.as_ref(),
        clock(cli).now(),
        true,
        true,
    )
}

/// Buffers up to 1 MB come from the heap, not each from a mapping of its
/// own returned when let go: a cached pack's head is read into two and
/// one let go before the first frame, and what is made after reuses its
/// pages instead of new ones (a fresh page costs about a microsecond:
/// 690 page faults became 637 before the cached 1 MB text's first frame).
/// Larger buffers (a long text's) are still mapped and returned. glibc
/// only.
fn reuse_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: sets one of the C allocator's tunables, first thing (no
    // other thread exists yet); no memory is read or written.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
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

/// A pack as opened to read: the study, the whole of a long text to read
/// in the background, a pack compiled now to cache once on screen.
type Opened = (Study, Option<Whole>, Option<ToCache>);

/// Runs the interface; `Some(signal)` if a signal ended it.
fn run(
    opened: Opened,
    store: Option<Store>,
    clock: Clock,
    (quiz, offer_picker): (bool, bool),
    config: user_config::InForce,
) -> Result<Option<i32>, String> {
    let problems = config.problems.clone();
    let mut inbox = Inbox::new();
    let signalled = inbox.sender();
    let watch = terminal::Watch::start(move || {
        let _ = signalled.send(Wake::Signal);
    })
    .map_err(|e| format!("cannot watch signals: {e}"))?;
    let mut term = terminal::enter().map_err(|e| format!("cannot start the terminal: {e}"))?;
    let opening = Opening {
        quiz,
        offer_picker,
        config,
    };
    let result = event_loop(&mut term, opened, store, clock, opening, &watch, &mut inbox);
    let _ = std::io::Write::flush(term.backend_mut());
    terminal::leave();
    watch.finish();
    let ended = result.map_err(|e| format!("terminal error: {e}"))?;
    if let Some(caching) = ended.caching
        && ended.signal.is_none()
    {
        wait_for_cache(&caching);
    }
    for message in [ended.unsaved, ended.farewell].into_iter().flatten() {
        eprintln!(
            "liseuse: {}",
            liseuse::pack::sanitize::clean(&message, false)
        );
    }
    for problem in problems {
        eprintln!("{problem}");
    }
    match ended.refused {
        Some(problems) => Err(problems),
        None => Ok(ended.signal),
    }
}

/// How the interface opens: the quiz first or not, the pack picker first
/// or not, and the config in force.
struct Opening {
    quiz: bool,
    /// Open the pack picker first: the learner has more than one pack and
    /// named none.
    offer_picker: bool,
    config: user_config::InForce,
}

/// How the event loop ended, for after the terminal is restored.
#[derive(Default)]
struct Ended {
    /// The signal that stopped it.
    signal: Option<i32>,
    /// Why answers were left unsaved, to say on the way out.
    unsaved: Option<String>,
    /// What the app asked to say on the way out.
    farewell: Option<String>,
    /// A pack compiled on opening, being written to the cache.
    caching: Option<std::thread::JoinHandle<std::io::Result<()>>>,
    /// A pack opened for the first time that turned out not to open: its
    /// problems.
    refused: Option<String>,
}

/// How long quitting waits for a pack compiled on opening to be cached
/// (a 10 MB text takes about half a second): a learner who quits at once
/// still finds it compiled the next time.
const CACHE_WAIT: Duration = Duration::from_secs(3);

/// Waits, the terminal already restored, for the cache to be written, at
/// most [`CACHE_WAIT`].
fn wait_for_cache(caching: &std::thread::JoinHandle<std::io::Result<()>>) {
    let deadline = Instant::now() + CACHE_WAIT;
    while !caching.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Draws the first frame, then acts on whatever wakes it (see [`Inbox`])
/// until the app quits. Only what the first frame needs is done before it.
fn event_loop(
    term: &mut terminal::Term,
    (study, whole, to_cache): Opened,
    store: Option<Store>,
    clock: Clock,
    opening: Opening,
    watch: &terminal::Watch,
    inbox: &mut Inbox,
) -> std::io::Result<Ended> {
    let Opening {
        quiz,
        offer_picker,
        config,
    } = opening;
    let mut ended = Ended::default();
    let size = term.size()?;
    let problems = user_config::notice(&config.problems);
    let mut to_cache = to_cache;
    let mut app = new_app(
        study,
        store.as_ref(),
        clock,
        &config,
        problems,
        (size.width, size.height),
        &mut to_cache,
    );
    tie_to_text(&mut app, whole.as_ref());
    app.opening = whole.as_ref().is_some_and(Whole::is_compiling);
    // A long text's preview is on screen while the whole is read, from
    // once the first frame is out (not to compete with it).
    app.reader.indexing = whole.as_ref().map(|_| 0);
    let results = inbox.sender();
    let mut worker = worker::Worker::new(
        config.dictionaries.clone(),
        Box::new(move |outcome| results.send(Wake::Result(outcome)).is_ok()),
    );
    let theme = config.theme;
    if quiz {
        // `liseuse quiz`: the quiz takes most of the screen.
        for action in [Action::Zoom, Action::SelectTab(app::Tab::Quiz)] {
            run_effects(term, &mut app, action, store.as_ref(), clock, &mut worker)?;
        }
    } else if offer_picker {
        run_effects(
            term,
            &mut app,
            Action::OpenPicker,
            store.as_ref(),
            clock,
            &mut worker,
        )?;
    }
    term.draw(|frame| ui::render(frame, &app, theme))?;
    // What the first frame did not need: the whole of a long text, reading
    // keys, the worker (which opens the lexicon).
    let mut whole = whole;
    // A pack compiled now is cached by the thread compiling it.
    ended.caching = whole.as_mut().and_then(Whole::take_caching);
    let mut indexing = whole.map(|whole| Indexing::start(whole, app.saved.progress.words.clone()));
    watch.listen();
    inbox.read_terminal();
    worker.warm_up();
    worker.dispatch();
    // A pack compiled on opening is cached once it is on screen.
    if let Some(to_cache) = to_cache {
        ended.caching = to_cache.write(&app.study);
    }
    let mut dirty = false;
    let mut last_retry = Instant::now();
    while !app.quit {
        if let Some(signal) = watch.stop_signal() {
            ended.signal = Some(signal);
            ended.unsaved = last_save(&mut app, store.as_ref(), clock);
            break;
        }
        if watch.take_suspend() {
            terminal::suspend(term)?;
            watch.take_resumed();
            resized(term, &mut app, store.as_ref(), clock, &mut worker)?;
            dirty = true;
        }
        if watch.take_resumed() {
            terminal::resume(term)?;
            resized(term, &mut app, store.as_ref(), clock, &mut worker)?;
            dirty = true;
        }
        if let Some(job) = &indexing {
            let failed = match job.finished() {
                Ok(Some(WholeRead::Refused(problems))) => {
                    // A first open found the pack does not open: told
                    // once the terminal is given back.
                    ended.unsaved = last_save(&mut app, store.as_ref(), clock);
                    ended.refused = Some(problems);
                    break;
                }
                Ok(Some(whole)) => {
                    let reopened = matches!(whole, WholeRead::Opened(_));
                    let finished = app.finish_indexing(whole, clock.now());
                    if finished && reopened {
                        let action = Action::Reopened;
                        run_effects(term, &mut app, action, store.as_ref(), clock, &mut worker)?;
                    }
                    !finished
                }
                Ok(None) => {
                    if app.reader.indexing != Some(job.percent()) {
                        app.reader.indexing = Some(job.percent());
                        dirty = true;
                    }
                    false
                }
                Err(()) => true,
            };
            if failed {
                app.reader.indexing = None;
                app.opening = false;
                app.notice = Some("indexing the text failed: only its beginning is shown".into());
            }
            if app.reader.indexing.is_none() {
                indexing = None;
                dirty = true;
            }
        }
        if dirty {
            term.draw(|frame| ui::render(frame, &app, theme))?;
            dirty = false;
        }
        // Lookups the frame asked for start once it is out.
        worker.dispatch();
        // Asleep until something comes; while a text is indexed, its
        // progress is looked at now and then, and a failed save is tried
        // again after a while.
        let timeout = if indexing.is_some() {
            Some(INDEXING_LOOK)
        } else if app.saved.unsaved {
            Some(SAVE_RETRY.saturating_sub(last_retry.elapsed()))
        } else {
            None
        };
        // Once the text is indexed, estimated row counts (a long text's
        // scrollbar) are made exact a slice at a time while nothing waits.
        let refining = indexing.is_none() && app.reader.rows.is_estimated();
        let timeout = if refining {
            Some(Duration::ZERO)
        } else {
            timeout
        };
        let Some(first) = inbox.wait(timeout) else {
            if refining && !app.refine_rows() {
                dirty = true;
            }
            if app.saved.unsaved && last_retry.elapsed() >= SAVE_RETRY {
                last_retry = Instant::now();
                run_effects(
                    term,
                    &mut app,
                    Action::Tick,
                    store.as_ref(),
                    clock,
                    &mut worker,
                )?;
                dirty = true;
            }
            continue;
        };
        // Everything already waiting is handled before the next frame, so
        // keys typed during a long paste or a slow frame never queue up
        // behind drawing; a bound keeps the screen alive meanwhile. A window
        // being dragged sends a burst of sizes: only the last is laid out.
        let batch = Instant::now();
        let mut resize = None;
        let mut next = Some(first);
        while let Some(wake) = next {
            let events = match wake {
                Wake::Input(event @ Event::Resize(..)) => {
                    resize = Some(event);
                    Vec::new()
                }
                Wake::Input(event) => resize.take().into_iter().chain([event]).collect(),
                Wake::InputFailed(e) => return Err(e),
                Wake::Result(outcome) => {
                    worker.answered(&outcome);
                    let action = Action::Done(outcome);
                    run_effects(term, &mut app, action, store.as_ref(), clock, &mut worker)?;
                    dirty = true;
                    Vec::new()
                }
                // Looked at the top of the loop.
                Wake::Signal => Vec::new(),
            };
            for event in events {
                if let Some(action) = app.action_for(&event) {
                    let chosen =
                        run_effects(term, &mut app, action, store.as_ref(), clock, &mut worker)?;
                    if let Some(id) = chosen {
                        switch_pack(&mut app, &id, store.as_ref(), clock, &config);
                        indexing = None;
                    }
                    dirty = true;
                }
            }
            if app.quit || watch.stop_signal().is_some() || batch.elapsed() > BATCH_LIMIT {
                break;
            }
            next = inbox.ready();
        }
        if let Some(event) = resize
            && let Some(action) = app.action_for(&event)
        {
            run_effects(term, &mut app, action, store.as_ref(), clock, &mut worker)?;
            dirty = true;
        }
    }
    ended.farewell = app.farewell.take();
    Ok(ended)
}

/// An app on `study` with the learner's progress and settings, as it
/// starts and as it is after choosing another pack. A pack `to_cache` is
/// cached now if the learner's words join it (the cache holds the file's
/// pack, not theirs), else left to cache later.
fn new_app(
    study: Study,
    store: Option<&Store>,
    clock: Clock,
    config: &user_config::InForce,
    extra_notice: Option<String>,
    (width, height): (u16, u16),
    to_cache: &mut Option<ToCache>,
) -> App {
    let now = clock.now();
    let (mut progress, notice) = effects::load_progress(store, &study.pack.pack.id, now);
    // The config's study settings win over the progress file's.
    config.study.apply_to(&mut progress.settings);
    // The learner's own words join the glossary (nothing to do without:
    // asked once, as it looks at every entry).
    let study = if liseuse::personal::may_join(&study, &progress.words) {
        if let Some(to_cache) = to_cache.take() {
            to_cache.write(&study);
        }
        liseuse::personal::with_words(study, &progress.words)
    } else {
        study
    };
    let start = Start {
        progress,
        persist: store.is_some(),
        notice: notice.or(extra_notice),
        keymap: config.keymap.clone(),
        now,
        utc_offset: clock.utc_offset(),
        stats_later: true,
    };
    App::new(study, start, width, height)
}

/// A pack never studied has no progress file, and none is written on
/// opening it: its progress is tied to its text (`whole`, or the study's)
/// here, and the first save writes both.
fn tie_to_text(app: &mut App, whole: Option<&Whole>) {
    if !liseuse::library::is_tied(&app.saved.progress) {
        let hash = whole.map_or_else(
            || liseuse::library::text_hash(app.study.text()),
            Whole::text_hash,
        );
        liseuse::library::tie(&mut app.saved.progress, hash);
    }
}

/// The picker chose another pack: save what is not saved, open the pack
/// as `--pack ID` does, and study it in place of the one open. A pack
/// that cannot be opened (or answers that cannot be saved) leave
/// everything as it was, with the reason on the status line.
fn switch_pack(
    app: &mut App,
    id: &str,
    store: Option<&Store>,
    clock: Clock,
    config: &user_config::InForce,
) {
    if app.saved.unsaved && app.saved.persist {
        if let Some(done) = effects::perform(&Effect::SaveProgress, app, store, clock.now()) {
            app.update(done, clock.now());
        }
        if app.saved.unsaved {
            return;
        }
    }
    let opened = commands::open(
        Some(std::path::Path::new(id)),
        None,
        store,
        None,
        clock.now(),
        true,
    );
    match opened {
        Ok(study) => {
            let size = (app.screen.area.width, app.screen.area.height);
            *app = new_app(study, store, clock, config, None, size, &mut None);
            tie_to_text(app, None);
        }
        Err(message) => app.notice = Some(message),
    }
}

/// A stopping signal came: one last try at saving what is not on disk.
/// `Some(why)` when answers are left unsaved.
fn last_save(app: &mut App, store: Option<&Store>, clock: Clock) -> Option<String> {
    if !(app.saved.unsaved && app.saved.persist) {
        return None;
    }
    let store = store?.clone().with_lock_wait(Duration::from_secs(1));
    match store.save_merged(&app.saved.progress, clock.now()) {
        Ok(_) => None,
        Err(e) => Some(format!("some answers could not be saved: {e}")),
    }
}

/// After the terminal was given back: the window may have another size.
fn resized(
    term: &mut terminal::Term,
    app: &mut App,
    store: Option<&Store>,
    clock: Clock,
    worker: &mut worker::Worker,
) -> std::io::Result<()> {
    let size = term.size()?;
    run_effects(
        term,
        app,
        Action::Resize(size.width, size.height),
        store,
        clock,
        worker,
    )
    .map(|_| ())
}

/// Updates the app with an action and carries out the effects it returns,
/// feeding their results back, until none is left.
fn run_effects(
    term: &mut terminal::Term,
    app: &mut App,
    action: Action,
    store: Option<&Store>,
    clock: Clock,
    worker: &mut worker::Worker,
) -> std::io::Result<Option<String>> {
    let mut queue = vec![action];
    let mut chosen = None;
    while let Some(action) = queue.pop() {
        for effect in app.update(action, clock.now()) {
            match effect {
                Effect::Suspend => terminal::suspend(term)?,
                Effect::OpenPack { id } => chosen = Some(id),
                slow if worker::Worker::takes(&slow) => worker.submit(slow),
                other => {
                    if let Some(next) = effects::perform(&other, app, store, clock.now()) {
                        queue.push(next);
                    }
                }
            }
        }
    }
    Ok(chosen)
}
