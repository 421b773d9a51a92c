//! The SOAP work of one ECGridOS call without the core (SPEC §5.1): read the envelope, find
//! the operation in the table, decode its arguments, and write the response envelope.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::user::{AuthLevel, User};
use gatehouse_soap::args::Args;
use gatehouse_soap::ecgridos::{types::user_id_info, SERVICE};
use gatehouse_soap::envelope::{read_envelope, writer};
use gatehouse_soap::schema::Contract;
use gatehouse_soap::schema::Value;
use gatehouse_soap::version::{SoapVersion, SOAP11_ENV, SOAP12_ENV};

fn request(env: &str, op: &str, params: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{env}"><soap:Body><{op} xmlns="https://os.ecgrid.io/">{params}</{op}></soap:Body></soap:Envelope>"#
    )
    .into_bytes()
}

/// Decode, dispatch, decode arguments, encode `result`: what the endpoint does around the core.
fn round_trip(body: &[u8], version: SoapVersion, result: &Value) -> String {
    let req = read_envelope(body, version, Some(version)).unwrap();
    let op = SERVICE.operation(&req.namespace, &req.operation).unwrap();
    let form = op.chosen(&req.params, Contract::Seed);
    let args = Args::decode(form.params, &req.params).unwrap();
    black_box(&args);
    writer::response(req.version, &SERVICE, op, &form, result).unwrap()
}

fn envelope(c: &mut Criterion) {
    let session = "<SessionID>0f8fad5b-d9cb-469f-a165-70867728950e</SessionID>";
    let reset11 = request(SOAP11_ENV, "UserReset", &format!("{session}<UserID>1042</UserID>"));
    let reset12 = request(SOAP12_ENV, "UserReset", &format!("{session}<UserID>1042</UserID>"));
    let update = request(
        SOAP11_ENV,
        "UserUpdate",
        &format!("{session}<UserID>1042</UserID><FirstName>John</FirstName><LastName>Smith &amp; Sons</LastName><Email>j@example.com</Email>"),
    );
    let at = Utc.with_ymd_and_hms(2024, 3, 15, 10, 22, 0).unwrap();
    let user = User {
        email: "j@example.com".into(),
        first_name: "John".into(),
        last_name: "Smith & Sons".into(),
        mailbox_id: 101,
        auth_level: AuthLevel::MailboxAdmin,
        ..gatehouse_core::testing::user(1042, "jsmith", at)
    };
    let info = user_id_info(&user, at, 0);
    let mut group = c.benchmark_group("soap_envelope");
    group.bench_function("UserReset 1.1 decode+encode", |b| {
        b.iter(|| round_trip(black_box(&reset11), SoapVersion::V11, &Value::Bool(true)))
    });
    group.bench_function("UserReset 1.2 decode+encode", |b| {
        b.iter(|| round_trip(black_box(&reset12), SoapVersion::V12, &Value::Bool(true)))
    });
    group.bench_function("UserUpdate 1.1 decode+encode UserIDInfo", |b| {
        b.iter(|| round_trip(black_box(&update), SoapVersion::V11, &info))
    });
    group.finish();
}

criterion_group!(benches, envelope);
criterion_main!(benches);
