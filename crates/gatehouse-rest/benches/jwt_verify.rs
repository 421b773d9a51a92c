//! REST token verification (signature, pinned algorithm, issuer, expiry): the work every
//! JWT-authenticated request does before its session lookup (SPEC §3.5).
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::session::{ClientKind, Session, SessionId};
use gatehouse_core::user::UserId;
use gatehouse_rest::jwt::JwtKeys;

fn jwt_verify(c: &mut Criterion) {
    let keys = JwtKeys::hs256(b"a benchmark secret of a realistic length, 48 bytes");
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let session = Session {
        id: SessionId::generate(),
        user_id: UserId(1042),
        kind: ClientKind::Web,
        created: now,
        last_seen: now,
        expires_at: now + Duration::hours(12),
        revoked_at: None,
        epoch: 0,
        ip: Some("127.0.0.1".into()),
        user_agent: None,
    };
    let token = keys.issue(&session, now, now + Duration::hours(1)).unwrap();
    let mut forged = token.clone();
    forged.pop();
    forged.push(if token.ends_with('A') { 'B' } else { 'A' });
    let mut group = c.benchmark_group("jwt");
    group.bench_function("verify valid HS256", |b| b.iter(|| keys.verify(black_box(&token), now).unwrap()));
    group.bench_function("reject tampered token", |b| {
        b.iter(|| keys.verify(black_box(&forged), now).is_err())
    });
    group.bench_function("issue HS256", |b| b.iter(|| keys.issue(black_box(&session), now, now).unwrap()));
    group.finish();
}

criterion_group!(benches, jwt_verify);
criterion_main!(benches);
