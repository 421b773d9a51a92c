//! Property-based fuzzing of the REST and Web API input parsers (issue #8): the Web API argument
//! decoder (form, multipart, JSON, text, any content type), token parsing and user ids never
//! panic and always answer with a documented error code.
//! `PROPTEST_CASES=100000 cargo test -p gatehouse-rest --test fuzz_inputs` runs it at length.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use actix_web::test::TestRequest;
use chrono::{TimeZone, Utc};
use gatehouse_rest::jwt::JwtKeys;
use gatehouse_rest::webapi::args::{decode, parse_user_id};
use proptest::prelude::*;

const SLACK_CODES: &[&str] = &[
    "invalid_arguments",
    "invalid_arg_name",
    "invalid_array_arg",
    "invalid_charset",
    "invalid_form_data",
    "invalid_post_type",
    "missing_post_type",
    "request_timeout",
];

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("application/x-www-form-urlencoded".to_string())),
        Just(Some("application/x-www-form-urlencoded; charset=iso-8859-1".to_string())),
        Just(Some("application/json".to_string())),
        Just(Some("application/json; charset=utf-16".to_string())),
        Just(Some("multipart/form-data; boundary=XyZ".to_string())),
        Just(Some("multipart/form-data".to_string())),
        Just(Some("text/plain; charset=utf-8".to_string())),
        "[a-z/;= -]{0,30}".prop_map(Some),
    ]
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        "[a-z_\\[\\]%0-9A-F=&+]{0,80}".prop_map(String::into_bytes),
        "\\{(\"[a-z_]{0,6}\": ?(\"[^\"]{0,6}\"|[0-9]{1,3}|true|null|\\[\\]|\\{\\}|\\[\"a\",1\\]),? ?){0,5}\\}"
            .prop_map(String::into_bytes),
        Just(b"--XyZ\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\nW1\r\n--XyZ--\r\n".to_vec()),
        Just(b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nW1\r\n--XyZ".to_vec()),
    ]
}

proptest! {
    #[test]
    fn the_web_api_decoder_answers_every_input_with_args_or_a_documented_error(
        ct in content_type(),
        query in "[a-z_=&%0-9\\[\\]]{0,40}",
        body in body(),
        limit in 16usize..1024,
    ) {
        let outcome = actix_web::rt::System::new().block_on(async move {
            let mut req = TestRequest::post().uri(&format!("/api/auth.test?{query}"));
            if let Some(ct) = ct {
                req = req.insert_header(("content-type", ct));
            }
            let (req, mut payload) = req.set_payload(body).to_http_parts();
            decode(&req, &mut payload, limit).await.map(|_| ()).map_err(|e| e.code())
        });
        if let Err(code) = outcome {
            prop_assert!(SLACK_CODES.contains(&code), "undocumented code {code}");
        }
    }

    #[test]
    fn any_token_text_is_refused_without_panicking(token in "\\PC{0,200}", dots in "[A-Za-z0-9_-]{0,40}\\.[A-Za-z0-9_-]{0,40}\\.[A-Za-z0-9_-]{0,40}") {
        let keys = JwtKeys::hs256(b"fuzzing secret");
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        prop_assert!(keys.verify(&token, now).is_err());
        prop_assert!(keys.verify(&dots, now).is_err());
    }

    #[test]
    fn user_ids_parse_only_from_the_three_forms(raw in "\\PC{0,24}") {
        if let Ok(id) = parse_user_id(&raw) {
            let digits = raw.trim_start_matches(['W', 'U']);
            prop_assert_eq!(digits.parse::<i64>().ok(), Some(id.0));
            prop_assert!(id.0 > 0);
        }
    }
}
