//! Layering, defaults, redaction and refusals of the one `Config`.

use super::*;
use gatehouse_core::hasher::HashParams;

#[test]
fn the_file_fills_only_what_flags_and_environment_left_unset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gatehouse.toml");
    std::fs::write(&path, "listen = \"127.0.0.1:9999\"\nlockout_threshold = 7\nlog_format = \"json\"\n")
        .unwrap();
    let given = Settings { lockout_threshold: Some(3), ..Settings::default() };
    let cfg = given.layered(Some(&path)).unwrap().validate().unwrap();
    assert_eq!(cfg.listen.to_string(), "127.0.0.1:9999");
    assert_eq!(cfg.core.lockout.threshold, 3);
    assert_eq!(cfg.log_format, LogFormat::Json);
}

#[test]
fn defaults_match_the_spec_and_bad_values_name_their_variable() {
    let cfg = Settings::default().validate().unwrap();
    assert_eq!(cfg.listen.to_string(), DEFAULT_LISTEN);
    assert_eq!(cfg.database_url.0, "sqlite://gatehouse.db");
    assert_eq!(cfg.core.hash, HashParams::default());
    assert!(cfg.rate_limit);
    let err = Settings { rate_limit: Some("maybe".into()), ..Settings::default() }.validate().unwrap_err();
    assert!(err.to_string().contains("GATEHOUSE_RATE_LIMIT"), "{err}");
    let err = Settings { listen: Some("nowhere".into()), ..Settings::default() }.validate().unwrap_err();
    assert!(err.to_string().contains("GATEHOUSE_LISTEN"), "{err}");
}

#[test]
fn secrets_are_redacted_when_the_config_is_printed() {
    let cfg = Settings {
        jwt_secret: Some("topsecretvalue-0123456789abcdef-xyz".into()),
        bootstrap_login: Some("root".into()),
        bootstrap_password: Some("Hunter2!pw".into()),
        ..Settings::default()
    }
    .validate()
    .unwrap();
    let printed = format!("{cfg:?}");
    assert!(
        !printed.contains("topsecretvalue-0123456789abcdef-xyz") && !printed.contains("Hunter2!pw"),
        "{printed}"
    );
}

#[test]
fn configuration_that_weakens_security_is_refused_naming_its_variable() {
    let secret = |s: &str| Settings { jwt_secret: Some(s.into()), ..Settings::default() };
    let life = |idle: i64, max: i64| Settings {
        session_idle_secs: Some(idle),
        session_max_secs: Some(max),
        ..Settings::default()
    };
    // (case, settings, the variable the refusal names; None: accepted)
    let cases = [
        ("empty JWT secret", secret(""), Some("GATEHOUSE_JWT_SECRET")),
        ("31-byte JWT secret", secret(&"k".repeat(31)), Some("GATEHOUSE_JWT_SECRET")),
        ("32-byte JWT secret", secret(&"k".repeat(32)), None),
        ("31 bytes in 8 characters", secret("ééééééééééééééék"), Some("GATEHOUSE_JWT_SECRET")),
        ("idle above the lifetime", life(43201, 43200), Some("GATEHOUSE_SESSION_IDLE_SECS")),
        (
            "idle above the default lifetime",
            life(50000, DEFAULT_SESSION_MAX_SECS),
            Some("GATEHOUSE_SESSION_IDLE_SECS"),
        ),
        ("idle equal to the lifetime", life(600, 600), None),
        ("idle below the lifetime", life(60, 600), None),
    ];
    for (case, settings, refused) in cases {
        let given = settings.jwt_secret.clone().unwrap_or_default();
        match (settings.validate(), refused) {
            (Ok(_), None) => {}
            (Ok(_), Some(var)) => panic!("{case}: accepted, expected a refusal naming {var}"),
            (Err(e), None) => panic!("{case}: refused: {e}"),
            (Err(e), Some(var)) => {
                let msg = e.to_string();
                assert!(msg.starts_with(&format!("{var}: ")), "{case}: {msg}");
                assert!(
                    given.len() < 4 || !msg.contains(&given),
                    "{case}: the message shows the secret: {msg}"
                );
            }
        }
    }
}
