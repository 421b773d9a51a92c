//! `TestApp`: a real server on 127.0.0.1:0 with its own database, cheap hashing and a manual clock.

use std::sync::Arc;

use actix_web::dev::ServerHandle;
use chrono::{TimeZone, Utc};
use gatehouse_core::clock::ManualClock;
use gatehouse_core::user::AuthLevel;
use gatehouse_core::Core;
use gatehouse_server::app;
use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

pub const ROOT_LOGIN: &str = "root";
pub const ROOT_PASSWORD: &str = "Root#pass1";

/// Run one async test body on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name($crate::support::TestApp::sqlite().await).await
            }
            #[actix_web::test]
            #[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
            async fn postgres() {
                if let Some(app) = $crate::support::TestApp::postgres().await {
                    super::$name(app).await
                }
            }
        }
    };
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub core: Core,
    pub db_url: String,
    handle: ServerHandle,
    _db: TestDb,
}

/// A response: status, headers, JSON body (or `Value::Null` when not JSON).
pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Resp {
    /// Assert the error envelope with this status and code; returns the message.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) -> String {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text);
        assert_eq!(self.body["success"], json!(false), "body: {}", self.text);
        assert_eq!(self.body["data"], Value::Null, "body: {}", self.text);
        assert_eq!(self.body["errorCode"], json!(code), "body: {}", self.text);
        let msg = self.body["message"].as_str().unwrap_or_default().to_string();
        assert!(!msg.is_empty(), "an error names its reason: {}", self.text);
        msg
    }

    /// Assert a success envelope; returns `data`.
    #[track_caller]
    pub fn assert_ok(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.text);
        assert_eq!(self.body["success"], json!(true), "body: {}", self.text);
        assert_eq!(self.body["errorCode"], json!(""), "body: {}", self.text);
        self.body["data"].clone()
    }
}

impl TestApp {
    pub async fn sqlite() -> Self {
        Self::start(TestDb::sqlite(), Settings::default()).await
    }

    pub async fn postgres() -> Option<Self> {
        Some(Self::start(TestDb::postgres()?, Settings::default()).await)
    }

    /// Start with extra settings layered over the test defaults.
    pub async fn start(db: TestDb, extra: Settings) -> Self {
        let settings = Settings {
            listen: Some("127.0.0.1:0".into()),
            database_url: Some(db.url.clone()),
            db_pool_size: Some(4),
            bootstrap_login: Some(ROOT_LOGIN.into()),
            bootstrap_password: Some(ROOT_PASSWORD.into()),
            argon2_memory_kib: Some(8),
            argon2_iterations: Some(1),
            rate_limit: Some(extra.rate_limit.clone().unwrap_or_else(|| "off".into())),
            ..extra
        };
        let config = settings.validate().unwrap();
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap());
        let running = app::build_with_clock(config, Arc::new(clock.clone())).await.unwrap();
        let base = format!("http://{}", running.addr);
        actix_web::rt::spawn(running.server);
        TestApp {
            base,
            client: reqwest::Client::new(),
            clock,
            core: running.core,
            db_url: db.url.clone(),
            handle: running.handle,
            _db: db,
        }
    }

    /// Send a request with an optional bearer token and JSON body.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Resp {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Self::read(req.send().await.unwrap()).await
    }

    /// Send a prepared request.
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Resp {
        Self::read(req.send().await.unwrap()).await
    }

    async fn read(resp: reqwest::Response) -> Resp {
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp { status, headers, body, text }
    }

    pub async fn login_resp(&self, login: &str, password: &str) -> Resp {
        self.call(Method::POST, "/v2/auth/login", None, Some(json!({"login": login, "password": password})))
            .await
    }

    /// Log in and return the token, asserting success.
    pub async fn login(&self, login: &str, password: &str) -> String {
        let data = self.login_resp(login, password).await.assert_ok();
        data["token"].as_str().unwrap().to_string()
    }

    pub async fn root_token(&self) -> String {
        self.login(ROOT_LOGIN, ROOT_PASSWORD).await
    }

    /// Create a user in network 1, mailbox 100 through the core as the local operator; returns its id.
    pub async fn create_user(&self, login: &str, password: &str, level: AuthLevel) -> i64 {
        self.create_user_in(login, password, level, 1, 100).await
    }

    /// Create a user in the given network and mailbox; returns its id.
    pub async fn create_user_in(
        &self,
        login: &str,
        password: &str,
        level: AuthLevel,
        net: i64,
        mbx: i64,
    ) -> i64 {
        let req = gatehouse_core::service::NewUserRequest {
            login: gatehouse_core::service::NewLogin::Given(login.into()),
            password: Some(gatehouse_core::secret::Password::new(password)),
            password_later: false,
            email: Some(format!("{login}@example.com")),
            first_name: "Test".into(),
            last_name: "User".into(),
            network_id: Some(net),
            mailbox_id: Some(mbx),
            auth_level: Some(level),
            is_bot: false,
            profile: Default::default(),
            recovery: None,
        };
        self.core.provision_user(req, &gatehouse_core::RequestContext::cli()).await.unwrap().id.0
    }

    /// A caller acting as `token`'s user, for core calls that have no endpoint yet.
    pub async fn caller(&self, token: &str) -> gatehouse_core::Caller {
        let session = self.call(Method::POST, "/v2/auth/session", Some(token), None).await.assert_ok();
        let sid = gatehouse_core::session::SessionId(session["sessionId"].as_str().unwrap().into());
        self.core
            .authenticate(gatehouse_core::Credential::SessionId(sid), gatehouse_core::RequestContext::cli())
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        actix_web::rt::spawn(async move { handle.stop(false).await });
    }
}

/// Make every later store call that touches sessions fail under a running app, by renaming
/// the table: authentication, login and refresh then meet a store error (an internal error).
pub fn break_sessions_table(url: &str) {
    use diesel::{Connection, RunQueryDsl};
    let sql = "ALTER TABLE sessions RENAME TO sessions_gone";
    if let Some(path) = url.strip_prefix("sqlite://") {
        let mut conn = diesel::SqliteConnection::establish(path).unwrap();
        diesel::sql_query(sql).execute(&mut conn).unwrap();
    } else {
        let mut conn = diesel::PgConnection::establish(url).unwrap();
        diesel::sql_query(sql).execute(&mut conn).unwrap();
    }
}
