//! Failed sign-ins counted in memory, per account and per client address.

use std::collections::HashMap;
use std::sync::Mutex;

/// Counts failed sign-ins per account and per client address in a sliding window, in memory.
/// A restart forgets the counts, which only ever makes the limit more lenient.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Vec<i64>>>,
}

impl LoginThrottle {
    /// Seconds until `key` may try again, if it is over `limit` failures in the window.
    pub(crate) fn blocked_for(&self, key: &str, limit: usize, window: i64, now: i64) -> Option<i64> {
        let mut map = self.failures.lock().ok()?;
        let times = map.get_mut(key)?;
        times.retain(|t| *t > now - window);
        if times.len() >= limit { times.first().map(|first| first + window - now) } else { None }
    }

    pub(crate) fn fail(&self, key: String, now: i64) {
        if let Ok(mut map) = self.failures.lock() {
            if map.len() > 100_000 {
                map.clear();
            }
            map.entry(key).or_default().push(now);
        }
    }

    pub(crate) fn clear(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
        }
    }
}
