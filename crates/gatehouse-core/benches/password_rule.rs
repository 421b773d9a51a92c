//! The password rule (SPEC §3.3) on typical, failing and maximum-length candidates.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::policy::password::{PasswordPolicy, MAX_PASSWORD_CHARS};

fn password_rule(c: &mut Criterion) {
    let policy = PasswordPolicy::default();
    let long: String = "Aa1!".repeat(MAX_PASSWORD_CHARS / 4);
    let mut group = c.benchmark_group("password_rule");
    group.bench_function("valid, 15 chars", |b| b.iter(|| policy.check(black_box("Bench#Pass1word"))));
    group.bench_function("breaks every class rule", |b| b.iter(|| policy.check(black_box("       "))));
    group.bench_function("valid, 1024 chars", |b| b.iter(|| policy.check(black_box(long.as_str()))));
    group.finish();
}

criterion_group!(benches, password_rule);
criterion_main!(benches);
