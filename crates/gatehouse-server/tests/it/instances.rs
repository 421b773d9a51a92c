//! Several gatehouse processes on one PostgreSQL database (SPEC §4.4): a revocation on one
//! instance makes the credential fail on the other on its very next request.

use gatehouse_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::process::{gatehouse_with_root, serve};
use crate::support::{ROOT_LOGIN, ROOT_PASSWORD};

const ROUNDS: usize = 25;

struct Instance {
    base: String,
    client: reqwest::Client,
}

impl Instance {
    async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut req = self.client.post(format!("{}{path}", self.base)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        (resp.status(), resp.json().await.unwrap())
    }

    async fn me(&self, token: &str) -> StatusCode {
        let resp =
            self.client.get(format!("{}/v2/users/me", self.base)).bearer_auth(token).send().await.unwrap();
        resp.status()
    }

    async fn login(&self, login: &str, password: &str) -> String {
        let (status, body) =
            self.post("/v2/auth/login", None, json!({"login": login, "password": password})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["data"]["token"].as_str().unwrap().to_string()
    }
}

#[actix_web::test]
#[cfg_attr(not(gatehouse_pg), ignore = "PostgreSQL: set GATEHOUSE_TEST_PG_URL to run it")]
async fn a_revocation_on_one_instance_is_seen_by_the_other_on_the_very_next_request() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let start = || gatehouse_with_root(Some(&db.url));
    // Both start together: migrations and bootstrap must tolerate the race.
    let ((_a, base_a, _), (_b, base_b, _)) =
        futures_util::future::join(serve(start(), dir.path()), serve(start(), dir.path())).await;
    let a = Instance { base: base_a, client: reqwest::Client::new() };
    let b = Instance { base: base_b, client: reqwest::Client::new() };
    let root = a.login(ROOT_LOGIN, ROOT_PASSWORD).await;
    let (status, made) = a
        .post(
            "/v2/users",
            Some(&root),
            json!({"login": "roamer", "password": "Roamer#pw1", "email": "roamer@example.com"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{made}");
    let id = made["data"]["userId"].as_i64().unwrap();

    for round in 0..ROUNDS {
        // Reset on A, next request on B.
        let token = b.login("roamer", "Roamer#pw1").await;
        assert_eq!(b.me(&token).await, StatusCode::OK, "round {round}");
        let (status, _) = a.post(&format!("/v2/users/reset/{id}"), Some(&root), json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(b.me(&token).await, StatusCode::UNAUTHORIZED, "B served a token A reset (round {round})");

        // Logout on B, next request on A.
        let token = a.login("roamer", "Roamer#pw1").await;
        assert_eq!(b.me(&token).await, StatusCode::OK, "round {round}");
        let (status, _) = b.post("/v2/auth/logout", Some(&token), json!({})).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            a.me(&token).await,
            StatusCode::UNAUTHORIZED,
            "A served a token B logged out (round {round})"
        );
    }

    // Terminate on A ends a session and an API key on B.
    let token = b.login("roamer", "Roamer#pw1").await;
    let (_, key) = b.post(&format!("/v2/users/key-generate/{id}"), Some(&root), json!({})).await;
    let key = key["data"].as_str().unwrap().to_string();
    let with_key = || b.client.get(format!("{}/v2/users/me", b.base)).header("X-API-Key", &key);
    assert_eq!(with_key().send().await.unwrap().status(), StatusCode::OK);
    let resp = a.client.delete(format!("{}/v2/users/{id}", a.base)).bearer_auth(&root).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(b.me(&token).await, StatusCode::FORBIDDEN);
    assert_eq!(with_key().send().await.unwrap().status(), StatusCode::FORBIDDEN);
}
