//! The week an item's page shows: seven local days from today (moved by whole weeks), one row
//! per booking slot of the opening hours (30 minutes, say), each cell free, mine (held by the
//! reader's own booking), taken (by someone else's), closed (a blackout) or past.

use super::{LOCAL_OFFSET_SECS, Policy};

const DAY: i64 = 86_400;
/// How far the page may move from this week, either way.
pub const MAX_WEEKS_AWAY: i64 = 52;

/// What a cell of the grid shows, most decisive first: a blackout shuts the slot whatever else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    Closed,
    /// Held by one of the reader's own bookings (waiting or approved).
    Mine,
    Taken,
    Past,
    Free,
}

impl CellState {
    pub fn code(self) -> &'static str {
        match self {
            CellState::Closed => "closed",
            CellState::Mine => "mine",
            CellState::Taken => "taken",
            CellState::Past => "past",
            CellState::Free => "free",
        }
    }
}

/// One slot of the opening hours across the seven days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekRow {
    /// Minutes after local midnight at which the slot starts.
    pub minute: i64,
    pub cells: [CellState; 7],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekGrid {
    /// How many weeks from this one, clamped to ±[`MAX_WEEKS_AWAY`].
    pub offset: i64,
    /// The instant the first day starts (local midnight), and `start + 7 days` where the grid ends.
    pub start: i64,
    pub end: i64,
    /// The length of a row, in minutes (the item's slot).
    pub slot_minutes: i64,
    pub rows: Vec<WeekRow>,
}

/// The window `[start, end)` of the week `offset` weeks from the one starting today (local time).
pub fn window(now: i64, offset: i64) -> (i64, i64) {
    let today = (now + LOCAL_OFFSET_SECS).div_euclid(DAY) * DAY - LOCAL_OFFSET_SECS;
    let start = today + offset.clamp(-MAX_WEEKS_AWAY, MAX_WEEKS_AWAY) * 7 * DAY;
    (start, start + 7 * DAY)
}

/// What holds an item during the week on show, as `[start, end)` instants.
#[derive(Debug, Clone, Default)]
pub struct Holds<'a> {
    /// The reader's own bookings.
    pub mine: &'a [(i64, i64)],
    /// Everyone else's.
    pub taken: &'a [(i64, i64)],
    /// Blackouts.
    pub closed: &'a [(i64, i64)],
}

/// The grid of the week `offset` weeks away, one row per slot of the item's policy.
pub fn grid(now: i64, offset: i64, policy: &Policy, holds: &Holds) -> WeekGrid {
    let offset = offset.clamp(-MAX_WEEKS_AWAY, MAX_WEEKS_AWAY);
    let (start, end) = window(now, offset);
    let slot_minutes = policy.slot_minutes.clamp(5, 24 * 60);
    let slot = slot_minutes * 60;
    let overlaps = |spans: &[(i64, i64)], from: i64| spans.iter().any(|(a, b)| *a < from + slot && *b > from);
    let rows = (policy.open_from_minute..policy.open_to_minute)
        .step_by(usize::try_from(slot_minutes).unwrap_or(30))
        .map(|minute| {
            let cells = std::array::from_fn(|day| {
                let from = start + day as i64 * DAY + minute * 60;
                if overlaps(holds.closed, from) {
                    CellState::Closed
                } else if overlaps(holds.mine, from) {
                    CellState::Mine
                } else if overlaps(holds.taken, from) {
                    CellState::Taken
                } else if from < now {
                    CellState::Past
                } else {
                    CellState::Free
                }
            });
            WeekRow { minute, cells }
        })
        .collect();
    WeekGrid { offset, start, end, slot_minutes, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sharing::ApprovalMode;

    fn policy(open_from_minute: i64, open_to_minute: i64) -> Policy {
        Policy {
            approval: ApprovalMode::Automatic,
            requires_authorisation: false,
            slot_minutes: 30,
            min_minutes: 30,
            max_minutes: 240,
            max_days_ahead: 30,
            open_from_minute,
            open_to_minute,
            cancel_minutes_before: 0,
        }
    }

    // 2026-12-07 10:30 China time.
    const NOW: i64 = 1_796_610_600;

    #[test]
    fn the_week_starts_at_local_midnight_today_and_moves_by_whole_weeks() {
        let (start, end) = window(NOW, 0);
        assert_eq!((start + LOCAL_OFFSET_SECS) % DAY, 0);
        assert!(start <= NOW && NOW < start + DAY);
        assert_eq!(end - start, 7 * DAY);
        assert_eq!(window(NOW, 2).0, start + 14 * DAY);
        assert_eq!(window(NOW, 400).0, start + MAX_WEEKS_AWAY * 7 * DAY);
    }

    const HOUR: i64 = 3_600;

    #[test]
    fn cells_show_closed_over_mine_over_taken_over_past_over_free_per_slot() {
        let (start, _) = window(NOW, 0);
        let at = |day: i64, hour: i64| start + day * DAY + hour * HOUR;
        let taken = [(at(1, 9), at(1, 10) + 30 * 60)];
        let mine = [(at(3, 10), at(3, 11))];
        let closed = [(at(2, 8), at(2, 12)), (at(1, 9), at(1, 10))];
        let holds = Holds { mine: &mine, taken: &taken, closed: &closed };
        let g = grid(NOW, 0, &policy(8 * 60, 12 * 60), &holds);
        assert_eq!(g.rows.len(), 8, "half-hour rows from 08:00 to 12:00");
        assert_eq!((g.rows[0].minute, g.rows[1].minute, g.slot_minutes), (8 * 60, 8 * 60 + 30, 30));
        let cell =
            |hour: i64, half: i64, day: usize| g.rows[usize::try_from((hour - 8) * 2 + half).unwrap()].cells[day];
        assert_eq!(cell(10, 0, 0), CellState::Past, "today before 10:30");
        assert_eq!(cell(10, 1, 0), CellState::Free, "today from 10:30");
        assert_eq!(cell(9, 0, 1), CellState::Closed, "a blackout wins over a booking");
        assert_eq!(cell(10, 0, 1), CellState::Taken);
        assert_eq!(cell(10, 1, 1), CellState::Free, "the booking ends at 10:30");
        assert_eq!(
            (cell(10, 0, 3), cell(10, 1, 3), cell(11, 0, 3)),
            (CellState::Mine, CellState::Mine, CellState::Free)
        );
        assert!((0..8).all(|r| g.rows[r].cells[2] == CellState::Closed));
    }
}
