//! What the scale benchmarks share: a deterministic generator, percentiles, a signed-in context.

// Each benchmark uses only some of these.
#![allow(dead_code)]

use tandem_app::{App, Ctx};

/// A small deterministic generator, so every run builds the same data.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % n as u64).unwrap()
    }
}

/// The value at rank `p` (0–1) of `sorted`.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// A signed-in context for the person with this email, as a request would carry it.
pub async fn ctx_of(app: &App, email: &str) -> Ctx {
    let token = tandem_app::auth::create_token_for_email(app, email, "bench").await.unwrap();
    let resolved = tandem_app::auth::resolve_token(app, &token.secret).await.unwrap().unwrap();
    Ctx { actor: resolved.actor, client_addr: None }
}
