//! Authentication under concurrency. The core answers the credential lookups of concurrent
//! requests with one database read; every request must still get the answer for its own
//! credential, from REST and ECGridOS alike (GUID API keys among ECGridOS session ids), and see
//! every revocation made before it was sent.

use futures_util::future::join_all;
use gatehouse_core::apikey::KeyForm;
use gatehouse_core::user::{AuthLevel, UserId};
use reqwest::Method;

use crate::both;
use crate::soap_support::V;
use crate::support::TestApp;

const USERS: usize = 6;
const PW: &str = "Crowd#pw1";

/// One credential of user `n`, and whether it must still work.
#[derive(Clone)]
enum Cred {
    Jwt(usize, String, bool),
    ApiKey(usize, String, bool),
    SoapSession(usize, String, bool),
}

/// Send one request with `cred`; the login it authenticated as, or the refusal's error code.
async fn who(app: &TestApp, cred: &Cred) -> Result<String, String> {
    match cred {
        Cred::Jwt(_, token, _) => {
            let resp = app.call(Method::POST, "/v2/auth/session", Some(token), None).await;
            match resp.status.as_u16() {
                200 => Ok(resp.assert_ok()["login"].as_str().unwrap().to_string()),
                _ => Err(resp.assert_error(401, "InvalidSession")),
            }
        }
        Cred::ApiKey(_, key, _) => {
            let req = app.client.post(format!("{}/v2/auth/session", app.base)).header("X-API-Key", key);
            let resp = app.send(req).await;
            match resp.status.as_u16() {
                200 => Ok(resp.assert_ok()["login"].as_str().unwrap().to_string()),
                _ => Err(resp.assert_error(401, "InvalidAPIKey")),
            }
        }
        Cred::SoapSession(_, sid, _) => {
            let resp = app.soap_call(V::S11, "WhoAmI", &[("SessionID", sid)]).await;
            match resp.text("LoginName") {
                Some(login) => Ok(login),
                None => Err(resp.assert_fault(V::S11, "soap:Client", Some("Authentication"))),
            }
        }
    }
}

async fn concurrent_requests_each_get_the_answer_for_their_own_credential(app: TestApp) {
    let root = app.caller(&app.root_token().await).await;
    let (mut creds, mut ids) = (Vec::new(), Vec::new());
    for n in 0..USERS {
        let login = format!("crowd{n}");
        let id = app.create_user(&login, PW, AuthLevel::MailboxUser).await;
        ids.push(id);
        // Odd users hold GUID keys, which also travel as an ECGridOS SessionID.
        let form = if n % 2 == 1 { KeyForm::Guid } else { KeyForm::Prefixed };
        let key = app.core.generate_api_key(&root, UserId(id), form).await.unwrap().expose().to_string();
        creds.push(Cred::Jwt(n, app.login(&login, PW).await, true));
        creds.push(Cred::ApiKey(n, key.clone(), true));
        creds.push(Cred::SoapSession(n, app.soap_login(V::S11, &login, PW).await, true));
        if form == KeyForm::Guid {
            creds.push(Cred::SoapSession(n, key, true));
        }
    }
    // Revoke some of each kind: a logged-out JWT, a replaced API key, a reset user's sessions.
    let Cred::Jwt(_, token, live) = &mut creds[0] else { unreachable!() };
    app.call(Method::POST, "/v2/auth/logout", Some(token), None).await.assert_ok();
    *live = false;
    let newer =
        app.core.generate_api_key(&root, UserId(ids[1]), KeyForm::Guid).await.unwrap().expose().to_string();
    let Cred::ApiKey(1, _, live) = &mut creds[4] else { unreachable!() };
    *live = false;
    let Cred::SoapSession(1, _, live) = &mut creds[6] else { unreachable!() };
    *live = false;
    creds.push(Cred::ApiKey(1, newer.clone(), true));
    creds.push(Cred::SoapSession(1, newer, true));
    app.call(Method::POST, &format!("/v2/users/reset/{}", ids[2]), Some(&app.root_token().await), None)
        .await
        .assert_ok();
    for cred in &mut creds {
        if let Cred::Jwt(2, _, live) | Cred::SoapSession(2, _, live) = cred {
            *live = false;
        }
    }
    creds.push(Cred::Jwt(0, "not-a-token".into(), false));
    creds.push(Cred::ApiKey(0, "ghk_unknown".into(), false));
    creds.push(Cred::SoapSession(0, "00000000-0000-0000-0000-000000000000".into(), false));

    // Every credential three times over, all in flight at once, in an interleaved order.
    let flight: Vec<Cred> =
        (0..3).flat_map(|round| creds.iter().skip(round).chain(&creds).take(creds.len())).cloned().collect();
    let answers = join_all(flight.iter().map(|cred| who(&app, cred))).await;
    for (cred, answer) in flight.iter().zip(answers) {
        let (Cred::Jwt(n, _, live) | Cred::ApiKey(n, _, live) | Cred::SoapSession(n, _, live)) = cred;
        if *live {
            assert_eq!(answer, Ok(format!("crowd{n}")));
        } else {
            assert!(answer.is_err(), "a revoked or unknown credential was accepted: {answer:?}");
        }
    }
}
both!(concurrent_requests_each_get_the_answer_for_their_own_credential);
