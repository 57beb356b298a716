//! Selection of students into order-based classes: a stable assignment that respects each
//! class's capacity, the students' order of preference and the classes' rankings of them.
//!
//! Students propose (deferred acceptance, Gale–Shapley with capacities), so the result is the
//! best stable assignment for every student and no student gains by hiding a preference. A
//! student ranked by a class but not admitted to it is told why: the class was full with
//! students it ranked higher, down to the last one admitted.

use std::collections::{BinaryHeap, HashMap};

/// A class on offer and how many students it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub class_id: i64,
    pub capacity: u32,
}

/// A student's applications, most wanted first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applicant {
    pub student_id: i64,
    pub preferences: Vec<i64>,
}

/// How a class ranks a student: lower is better. Students a class did not rank are not
/// acceptable to it. Equal ranks are broken by the order of `applicants` (earlier first), so
/// the outcome is deterministic.
pub type Rankings = HashMap<(i64, i64), u32>;

/// Why a student is not in a class they asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAdmitted {
    /// The class did not rank the student (not acceptable to it).
    NotRanked,
    /// The class filled with students it ranked higher; `last_admitted_rank` is the rank of the
    /// last student it took, `your_rank` the student's own.
    Full { last_admitted_rank: u32, your_rank: u32 },
    /// The class was listed but is not on offer.
    NoSuchClass,
}

/// The outcome for one student, with the reason for every class they preferred to the one
/// they got (or for every class, if they got none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub student_id: i64,
    pub assigned: Option<i64>,
    /// 1 for the first choice.
    pub choice_number: Option<usize>,
    pub passed_over: Vec<(i64, NotAdmitted)>,
}

/// The whole selection: each class's students (best ranked first) and each student's explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub rosters: HashMap<i64, Vec<i64>>,
    pub explanations: Vec<Explanation>,
}

/// A class's position on a student: its rank, then the student's place among applicants.
type Key = (u32, usize);

/// Runs the selection. Preferences naming a class twice keep the first mention.
pub fn select(seats: &[Seat], applicants: &[Applicant], rankings: &Rankings) -> Selection {
    let capacity: HashMap<i64, usize> = seats.iter().map(|s| (s.class_id, s.capacity as usize)).collect();
    let preferences: Vec<Vec<i64>> = applicants
        .iter()
        .map(|a| {
            let mut seen = Vec::with_capacity(a.preferences.len());
            for c in &a.preferences {
                if !seen.contains(c) {
                    seen.push(*c);
                }
            }
            seen
        })
        .collect();
    // Each class holds its tentative admits in a max-heap by key, so the worst is on top.
    let mut held: HashMap<i64, BinaryHeap<(Key, usize)>> = HashMap::with_capacity(seats.len());
    let mut next = vec![0usize; applicants.len()];
    let mut free: Vec<usize> = (0..applicants.len()).rev().collect();
    while let Some(i) = free.pop() {
        let student = applicants[i].student_id;
        let Some(&class) = preferences[i].get(next[i]) else { continue };
        next[i] += 1;
        let (Some(&cap), Some(&rank)) = (capacity.get(&class), rankings.get(&(class, student))) else {
            free.push(i);
            continue;
        };
        if cap == 0 {
            free.push(i);
            continue;
        }
        let heap = held.entry(class).or_default();
        let key = (rank, i);
        if heap.len() < cap {
            heap.push((key, i));
        } else if heap.peek().is_some_and(|(worst, _)| key < *worst) {
            if let Some((_, bumped)) = heap.pop() {
                free.push(bumped);
            }
            heap.push((key, i));
        } else {
            free.push(i);
        }
    }
    let mut assigned: Vec<Option<i64>> = vec![None; applicants.len()];
    let mut rosters: HashMap<i64, Vec<i64>> = HashMap::with_capacity(seats.len());
    let mut last_rank: HashMap<i64, u32> = HashMap::new();
    for (class, heap) in held {
        let admitted = heap.into_sorted_vec();
        if let Some(((rank, _), _)) = admitted.last() {
            last_rank.insert(class, *rank);
        }
        for (_, i) in &admitted {
            assigned[*i] = Some(class);
        }
        rosters.insert(class, admitted.into_iter().map(|(_, i)| applicants[i].student_id).collect());
    }
    let explanations = applicants
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let got = assigned[i];
            let position = got.and_then(|c| preferences[i].iter().position(|p| *p == c));
            let better = &preferences[i][..position.unwrap_or(preferences[i].len())];
            let passed_over = better
                .iter()
                .map(|class| {
                    let reason = match (capacity.get(class), rankings.get(&(*class, a.student_id))) {
                        (None, _) => NotAdmitted::NoSuchClass,
                        (Some(_), None) => NotAdmitted::NotRanked,
                        (Some(_), Some(rank)) => NotAdmitted::Full {
                            last_admitted_rank: last_rank.get(class).copied().unwrap_or(0),
                            your_rank: *rank,
                        },
                    };
                    (*class, reason)
                })
                .collect();
            Explanation { student_id: a.student_id, assigned: got, choice_number: position.map(|p| p + 1), passed_over }
        })
        .collect();
    Selection { rosters, explanations }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn applicant(id: i64, prefs: &[i64]) -> Applicant {
        Applicant { student_id: id, preferences: prefs.to_vec() }
    }

    #[test]
    fn a_higher_ranked_student_displaces_a_lower_one_and_everyone_is_told_why() {
        // Class 10 takes one; it ranks student 2 above student 1. Class 20 takes one and ranks both.
        let seats = [Seat { class_id: 10, capacity: 1 }, Seat { class_id: 20, capacity: 1 }];
        let applicants = [applicant(1, &[10, 20]), applicant(2, &[10]), applicant(3, &[20, 30])];
        let rankings: Rankings = HashMap::from([((10, 1), 2), ((10, 2), 1), ((20, 1), 1), ((20, 3), 2)]);
        let s = select(&seats, &applicants, &rankings);
        assert_eq!(s.rosters[&10], vec![2]);
        assert_eq!(s.rosters[&20], vec![1]);
        let e1 = &s.explanations[0];
        assert_eq!((e1.assigned, e1.choice_number), (Some(20), Some(2)));
        assert_eq!(e1.passed_over, vec![(10, NotAdmitted::Full { last_admitted_rank: 1, your_rank: 2 })]);
        let e3 = &s.explanations[2];
        assert_eq!(e3.assigned, None);
        assert_eq!(
            e3.passed_over,
            vec![(20, NotAdmitted::Full { last_admitted_rank: 1, your_rank: 2 }), (30, NotAdmitted::NoSuchClass)]
        );
    }

    #[test]
    fn unranked_students_are_not_admitted_even_to_empty_classes() {
        let seats = [Seat { class_id: 10, capacity: 5 }];
        let s = select(&seats, &[applicant(1, &[10])], &HashMap::new());
        assert!(s.rosters.get(&10).is_none_or(Vec::is_empty));
        assert_eq!(s.explanations[0].passed_over, vec![(10, NotAdmitted::NotRanked)]);
    }

    #[test]
    fn equal_ranks_go_to_the_earlier_applicant() {
        let seats = [Seat { class_id: 10, capacity: 1 }];
        let rankings: Rankings = HashMap::from([((10, 1), 1), ((10, 2), 1)]);
        let s = select(&seats, &[applicant(2, &[10]), applicant(1, &[10])], &rankings);
        assert_eq!(s.rosters[&10], vec![2]);
    }

    fn instance() -> impl Strategy<Value = (Vec<Seat>, Vec<Applicant>, Rankings)> {
        (1usize..6, 1usize..25).prop_flat_map(|(classes, students)| {
            let seats = proptest::collection::vec(0u32..4, classes);
            let prefs = proptest::collection::vec(proptest::collection::vec(0..classes as i64, 0..4), students);
            let ranks = proptest::collection::vec(proptest::option::of(0u32..10), classes * students);
            (seats, prefs, ranks).prop_map(move |(caps, prefs, ranks)| {
                let seats: Vec<Seat> =
                    caps.iter().enumerate().map(|(c, cap)| Seat { class_id: c as i64, capacity: *cap }).collect();
                let applicants: Vec<Applicant> = prefs
                    .into_iter()
                    .enumerate()
                    .map(|(s, p)| Applicant { student_id: s as i64 + 100, preferences: p })
                    .collect();
                let mut rankings = Rankings::new();
                for c in 0..classes {
                    for s in 0..students {
                        if let Some(r) = ranks[c * students + s] {
                            rankings.insert((c as i64, s as i64 + 100), r);
                        }
                    }
                }
                (seats, applicants, rankings)
            })
        })
    }

    proptest! {
        /// No class over capacity; each student in at most one class, one they asked for and
        /// that ranked them; and no blocking pair: no student prefers a class that ranked them
        /// and has a free seat or admitted someone it ranked lower.
        #[test]
        fn the_assignment_is_feasible_and_stable((seats, applicants, rankings) in instance()) {
            let s = select(&seats, &applicants, &rankings);
            let order: HashMap<i64, usize> = applicants.iter().enumerate().map(|(i, a)| (a.student_id, i)).collect();
            let mut placed = HashMap::new();
            for seat in &seats {
                let roster = s.rosters.get(&seat.class_id).cloned().unwrap_or_default();
                prop_assert!(roster.len() <= seat.capacity as usize);
                for student in roster {
                    prop_assert!(placed.insert(student, seat.class_id).is_none());
                    prop_assert!(rankings.contains_key(&(seat.class_id, student)));
                }
            }
            for (a, e) in applicants.iter().zip(&s.explanations) {
                prop_assert_eq!(placed.get(&a.student_id).copied(), e.assigned);
                if let Some(c) = e.assigned {
                    prop_assert!(a.preferences.contains(&c));
                }
                for (class, _) in &e.passed_over {
                    let Some(my_rank) = rankings.get(&(*class, a.student_id)) else { continue };
                    let Some(seat) = seats.iter().find(|x| x.class_id == *class) else { continue };
                    let roster = s.rosters.get(class).cloned().unwrap_or_default();
                    prop_assert!(roster.len() == seat.capacity as usize, "a preferred class with a free seat");
                    let me = (*my_rank, order[&a.student_id]);
                    for other in roster {
                        let them = (rankings[&(*class, other)], order[&other]);
                        prop_assert!(them < me, "class {} admitted a lower-ranked student", class);
                    }
                }
            }
        }
    }
}
