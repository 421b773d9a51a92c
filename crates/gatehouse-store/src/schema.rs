//! The tables of both migration trees, written by hand (one file for both backends).
//!
//! Types are the ones SQLite and PostgreSQL map alike: `BigInt` ids, `Text`, `Bool`,
//! `Integer` and `Timestamp` (UTC without zone). A store test compares the two trees.

diesel::table! {
    users (id) {
        id -> BigInt,
        login -> Text,
        email -> Text,
        first_name -> Text,
        last_name -> Text,
        network_id -> BigInt,
        mailbox_id -> BigInt,
        auth_level -> Text,
        status -> Text,
        created -> Timestamp,
        modified -> Timestamp,
        last_login -> Nullable<Timestamp>,
        password_hash -> Nullable<Text>,
        force_password_change -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        is_bot -> Bool,
        is_primary_owner -> Bool,
        epoch_web -> BigInt,
        epoch_mobile -> BigInt,
        epoch_desktop -> BigInt,
        epoch_api -> BigInt,
        logins_in_flight -> Integer,
        in_flight_since -> Nullable<Timestamp>,
        login_skeleton -> Nullable<Text>,
        max_sessions -> Nullable<Integer>,
        session_duration_secs -> Nullable<BigInt>,
        desktop_app_browser_quit -> Nullable<Bool>,
        expires_at -> Nullable<Timestamp>,
        profile -> Nullable<Text>,
        recovery_question -> Nullable<Text>,
        recovery_answer_hash -> Nullable<Text>,
    }
}

diesel::table! {
    login_failures (name_hash) {
        name_hash -> Text,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        logins_in_flight -> Integer,
        in_flight_since -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> BigInt,
        client_kind -> Text,
        created -> Timestamp,
        last_seen -> Timestamp,
        expires_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        ip -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        secret_hash -> Nullable<Text>,
        epoch -> BigInt,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        user_id -> BigInt,
        key_hash -> Text,
        created -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_user_id -> Nullable<BigInt>,
        target_user_id -> Nullable<BigInt>,
        action -> Text,
        front_end -> Text,
        outcome -> Text,
        ip -> Nullable<Text>,
        session_id -> Nullable<Text>,
        detail -> Nullable<Text>,
    }
}

diesel::table! {
    settings (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(api_keys -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    api_keys,
    audit_events,
    settings,
    login_failures
);
