//! What keeps the server responsive whatever it is sent: a token bucket on the
//! rate of API requests, one simulation at a time (each run uses every core),
//! and the rule that a newer run request from a page supersedes its older one
//! (the older run is stopped between chunks, or before it starts).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// API requests allowed per second, sustained.
pub(crate) const RATE_PER_SECOND: f64 = 100.0;

/// API requests allowed at once after a quiet spell.
pub(crate) const RATE_BURST: f64 = 200.0;

/// Pages whose run in flight is remembered, to be superseded.
pub(crate) const MAX_CLIENTS: usize = 256;

/// Longest page id, in bytes.
pub(crate) const MAX_CLIENT_BYTES: usize = 64;

fn locked<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A token bucket.
pub(crate) struct Rate {
    bucket: Mutex<(f64, Instant)>,
}

impl Rate {
    pub(crate) fn new() -> Rate {
        Rate {
            bucket: Mutex::new((RATE_BURST, Instant::now())),
        }
    }

    /// Whether one more request may go ahead now.
    pub(crate) fn allow(&self) -> bool {
        let mut b = locked(&self.bucket);
        let now = Instant::now();
        let refill = now.duration_since(b.1).as_secs_f64() * RATE_PER_SECOND;
        b.0 = (b.0 + refill).min(RATE_BURST);
        b.1 = now;
        if b.0 >= 1.0 {
            b.0 -= 1.0;
            true
        } else {
            false
        }
    }
}

/// One simulation at a time; a waiting request gives up when superseded.
pub(crate) struct Slot {
    busy: Mutex<bool>,
    freed: Condvar,
}

/// The slot, held: released when dropped.
pub(crate) struct Held<'a>(&'a Slot);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        *locked(&self.0.busy) = false;
        self.0.freed.notify_one();
    }
}

impl Slot {
    pub(crate) fn new() -> Slot {
        Slot {
            busy: Mutex::new(false),
            freed: Condvar::new(),
        }
    }

    /// Waits for the slot; None when `stop` is set first.
    pub(crate) fn acquire(&self, stop: &AtomicBool) -> Option<Held<'_>> {
        let mut busy = locked(&self.busy);
        while *busy {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            busy = self
                .freed
                .wait_timeout(busy, Duration::from_millis(5))
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        *busy = true;
        Some(Held(self))
    }
}

/// A page's run in flight: its number and its stop flag.
type InFlight = (u64, Arc<AtomicBool>);

/// Each page's run in flight, by the page's id, with a number to tell runs apart.
pub(crate) struct Latest {
    runs: Mutex<(u64, HashMap<String, InFlight>)>,
}

impl Latest {
    pub(crate) fn new() -> Latest {
        Latest {
            runs: Mutex::new((0, HashMap::new())),
        }
    }

    /// Registers a new run of page `client`, stopping its older run if any;
    /// returns the run's number and stop flag.
    pub(crate) fn start(&self, client: &str) -> (u64, Arc<AtomicBool>) {
        let mut guard = locked(&self.runs);
        let (counter, runs) = &mut *guard;
        *counter += 1;
        let stop = Arc::new(AtomicBool::new(false));
        if !runs.contains_key(client) && runs.len() >= MAX_CLIENTS {
            // Forget the oldest: its run then simply cannot be superseded.
            if let Some(oldest) = runs
                .iter()
                .min_by_key(|(_, (n, _))| *n)
                .map(|(k, _)| k.clone())
            {
                runs.remove(&oldest);
            }
        }
        if let Some((_, older)) = runs.insert(client.to_string(), (*counter, Arc::clone(&stop))) {
            older.store(true, Ordering::Relaxed);
        }
        (*counter, stop)
    }

    /// Forgets a finished run, unless a newer one of the page took its place.
    pub(crate) fn finish(&self, client: &str, number: u64) {
        let mut guard = locked(&self.runs);
        if guard.1.get(client).is_some_and(|(n, _)| *n == number) {
            guard.1.remove(client);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_run_stops_the_older_one_of_the_same_page_only() {
        let latest = Latest::new();
        let (a, stop_a) = latest.start("page-1");
        let (_, stop_other) = latest.start("page-2");
        let (b, stop_b) = latest.start("page-1");
        assert!(stop_a.load(Ordering::Relaxed));
        assert!(!stop_b.load(Ordering::Relaxed) && !stop_other.load(Ordering::Relaxed));
        latest.finish("page-1", a); // the older finishing does not forget the newer
        let (_, stop_c) = latest.start("page-1");
        assert!(stop_b.load(Ordering::Relaxed) && !stop_c.load(Ordering::Relaxed));
        assert!(b > a);
    }

    #[test]
    fn the_bucket_empties_and_says_no() {
        let rate = Rate::new();
        let allowed = (0..1000).filter(|_| rate.allow()).count();
        assert!(allowed >= RATE_BURST as usize && allowed < RATE_BURST as usize + 50);
    }

    #[test]
    fn a_superseded_wait_gives_up() {
        let slot = Slot::new();
        let held = slot.acquire(&AtomicBool::new(false));
        assert!(held.is_some());
        assert!(slot.acquire(&AtomicBool::new(true)).is_none());
        drop(held);
        assert!(slot.acquire(&AtomicBool::new(false)).is_some());
    }
}
