//! The only place that reads the system time; tests use [`FixedClock`].

use chrono::{DateTime, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    // The one reader of the system time (clippy.toml refuses it elsewhere).
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved.
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn at(epoch_secs: i64) -> Self {
        Self(Mutex::new(DateTime::from_timestamp(epoch_secs, 0).unwrap_or_default()))
    }

    pub fn advance(&self, secs: i64) {
        if let Ok(mut t) = self.0.lock() {
            *t += chrono::Duration::seconds(secs);
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|t| *t).unwrap_or_default()
    }
}
