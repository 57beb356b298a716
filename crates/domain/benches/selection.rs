//! Selection into order-based classes at the size the issue names: 10,000 applicants over 200
//! classes, on one core.
//!
//! `cargo bench -p tandem-domain --bench selection` — prints the median and worst of 20 runs.
//! Each applicant lists five classes, skewed towards popular ones (so popular classes overflow
//! and students are displaced, the expensive case); every class ranks everyone who applied.

use std::hint::black_box;
use std::time::Instant;
use tandem_domain::talent::selection::{Applicant, Rankings, Seat, select};

/// A small deterministic generator (xorshift), so every run selects the same instance.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let (classes, students, seats_each) = (200_i64, 10_000_i64, 30_u32);
    let mut rng = Rng(0x2026_1125);
    let seats: Vec<Seat> = (0..classes).map(|c| Seat { class_id: c, capacity: seats_each }).collect();
    let mut applicants = Vec::with_capacity(students as usize);
    let mut rankings = Rankings::new();
    for s in 0..students {
        let mut preferences = Vec::with_capacity(5);
        while preferences.len() < 5 {
            // Squaring a uniform draw favours low class numbers: the popular classes.
            let u = (rng.next() % 1_000) as f64 / 1_000.0;
            let class = ((u * u) * classes as f64) as i64;
            if !preferences.contains(&class) {
                preferences.push(class);
            }
        }
        for c in &preferences {
            rankings.insert((*c, s), (rng.next() % 100_000) as u32);
        }
        applicants.push(Applicant { student_id: s, preferences });
    }
    let mut times = Vec::new();
    let mut placed = 0;
    for _ in 0..20 {
        let start = Instant::now();
        let result = select(black_box(&seats), black_box(&applicants), black_box(&rankings));
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        placed = result.rosters.values().map(Vec::len).sum::<usize>();
        black_box(result.explanations.len());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "selection of {students} applicants over {classes} classes ({} seats), one thread: median {:.1} ms, worst {:.1} ms; {placed} placed",
        classes * i64::from(seats_each),
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
