//! Work over every enterprise, split across the machine's cores.

/// `f` over `items` in one chunk per core (at most 16), the chunks' results in order. A panic
/// in a chunk is a panic here: no chunk's results are dropped quietly.
pub(crate) fn on_every_core<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 16);
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items.chunks(chunk).map(|part| scope.spawn(move || f(part))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_their_order_and_cover_every_item() {
        let items: Vec<u32> = (0..1001).collect();
        let parts = on_every_core(&items, |part| part.to_vec());
        assert_eq!(parts.into_iter().flatten().collect::<Vec<_>>(), items);
        assert!(on_every_core(&[] as &[u32], <[u32]>::len).iter().all(|n| *n == 0));
    }
}
