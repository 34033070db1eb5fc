//! `serve --poll`: finds changes by reading the watched folders again and again, for a site in
//! a folder whose changes the system does not announce (one shared with a container or a
//! virtual machine: Docker, WSL, NFS). notify's own poller compares modification times to
//! the second, and missed a second save of a page within the same second; this one compares
//! them to the nanosecond, with each file's size.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use notify::event::{CreateKind, EventKind, ModifyKind, RemoveKind};
use notify::{Event, RecursiveMode};

/// What a file looked like when last read: a change to any of it is a change of the file.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    is_dir: bool,
}

/// Every path under a watched folder, as last read.
type Snapshot = HashMap<PathBuf, Stamp>;

/// The watched folders, each recursive or not, with what was in them.
type Watches = BTreeMap<PathBuf, (RecursiveMode, Snapshot)>;

/// Reads the watched folders on a thread of its own, and sends a notify event for each path
/// made, changed or removed since the last read. Stops when dropped.
pub struct Poller {
    watches: Arc<Mutex<Watches>>,
    stop: Arc<AtomicBool>,
}

impl Poller {
    /// Reads the folders at least `every` apart, and never spends more than a fifth of the
    /// time reading (a wiki of 100,000 pages takes a while to read: it is read less often).
    pub fn new(events: Sender<notify::Result<Event>>, every: Duration) -> std::io::Result<Poller> {
        let watches: Arc<Mutex<Watches>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (shared, stopped) = (Arc::clone(&watches), Arc::clone(&stop));
        std::thread::Builder::new()
            .name("opsbook-poll".into())
            .spawn(move || {
                let mut pause = every;
                loop {
                    std::thread::sleep(pause);
                    if stopped.load(Ordering::Relaxed) {
                        return;
                    }
                    let started = Instant::now();
                    let mut watches = shared.lock().unwrap_or_else(|e| e.into_inner());
                    for (folder, (mode, before)) in watches.iter_mut() {
                        let now = read(folder, *mode);
                        for event in differences(before, &now) {
                            if events.send(Ok(event)).is_err() {
                                return;
                            }
                        }
                        *before = now;
                    }
                    drop(watches);
                    pause = every.max(started.elapsed() * 4);
                }
            })?;
        Ok(Poller { watches, stop })
    }

    /// Reads `path` now, and from now on at every round.
    pub fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        if !path.exists() {
            return Err(notify::Error::path_not_found().add_path(path.to_path_buf()));
        }
        let snapshot = read(path, mode);
        self.lock().insert(path.to_path_buf(), (mode, snapshot));
        Ok(())
    }

    /// Stops reading `path`.
    pub fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self.lock().remove(path) {
            Some(_) => Ok(()),
            None => Err(notify::Error::watch_not_found()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Watches> {
        self.watches.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What is in `folder` (itself included), and below it when `mode` is recursive. Links are
/// not followed: their targets are watched on their own, as with the system's notifications.
fn read(folder: &Path, mode: RecursiveMode) -> Snapshot {
    let depth = match mode {
        RecursiveMode::Recursive => usize::MAX,
        RecursiveMode::NonRecursive => 1,
    };
    walkdir::WalkDir::new(folder)
        .max_depth(depth)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let metadata = entry.metadata().ok()?;
            let stamp = Stamp {
                modified: metadata.modified().ok(),
                len: metadata.len(),
                is_dir: metadata.is_dir(),
            };
            Some((entry.into_path(), stamp))
        })
        .collect()
}

/// The events that take `before` to `now`, in no particular order.
fn differences(before: &Snapshot, now: &Snapshot) -> Vec<Event> {
    let mut events = Vec::new();
    for (path, stamp) in now {
        let kind = match before.get(path) {
            None => EventKind::Create(CreateKind::Any),
            // A folder's time changes with what is made or removed in it, each of which is
            // an event of its own: the folder's was one more (a folder `ignore:` leaves out,
            // made, rebuilt the site through its parent's change).
            Some(old) if old.is_dir && stamp.is_dir => continue,
            Some(old) if old != stamp => EventKind::Modify(ModifyKind::Any),
            Some(_) => continue,
        };
        events.push(Event::new(kind).add_path(path.clone()));
    }
    for path in before.keys().filter(|p| !now.contains_key(*p)) {
        events.push(Event::new(EventKind::Remove(RemoveKind::Any)).add_path(path.clone()));
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_save_within_the_second_is_a_change() {
        let stamp = |nanos: u32, len: u64| Stamp {
            modified: Some(SystemTime::UNIX_EPOCH + Duration::new(1_800_000_000, nanos)),
            len,
            is_dir: false,
        };
        let page = PathBuf::from("/site/content/a.md");
        let before: Snapshot = [(page.clone(), stamp(100, 10))].into();
        let kinds = |now: &Snapshot| -> Vec<EventKind> {
            differences(&before, now)
                .into_iter()
                .map(|e| e.kind)
                .collect()
        };
        assert_eq!(
            kinds(&[(page.clone(), stamp(200, 10))].into()),
            [EventKind::Modify(ModifyKind::Any)]
        );
        assert_eq!(
            kinds(&[(page.clone(), stamp(100, 11))].into()),
            [EventKind::Modify(ModifyKind::Any)]
        );
        assert!(kinds(&before).is_empty());
        assert_eq!(
            kinds(&Snapshot::new()),
            [EventKind::Remove(RemoveKind::Any)]
        );
        // A folder's own change of time is no event: what changed in it is.
        let folder = PathBuf::from("/site/content");
        let dir = |nanos: u32| Stamp {
            is_dir: true,
            ..stamp(nanos, 4096)
        };
        let with_folder: Snapshot =
            [(folder.clone(), dir(1)), (page.clone(), stamp(100, 10))].into();
        assert!(
            differences(
                &with_folder,
                &[(folder, dir(2)), (page.clone(), stamp(100, 10))].into()
            )
            .is_empty()
        );
        let other = PathBuf::from("/site/content/b.md");
        assert_eq!(
            kinds(&[(page, stamp(100, 10)), (other, stamp(5, 1))].into()),
            [EventKind::Create(CreateKind::Any)]
        );
    }
}
