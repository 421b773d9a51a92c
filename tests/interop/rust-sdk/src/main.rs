//! The SDK flow of issue #17 with the progenitor-generated client: login, create a user,
//! update it, set a weak password (refused, its `errorCode` read as the generated enum), set a
//! good one, reset its sessions, read the audit trail. Exits non-zero on any surprise.

progenitor::generate_api!(spec = "../../../openapi/openapi-3.0.json", interface = Builder);

use types::ErrorCode;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (base, login, password) = (&args[1], &args[2], &args[3]);
    let anon = Client::new(base);
    let token = anon
        .login()
        .body(types::LoginBody::builder().login(login.clone()).password(password.clone()))
        .send()
        .await
        .expect("login")
        .into_inner()
        .data
        .token;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, format!("Bearer {token}").parse().expect("header"));
    let http = reqwest::Client::builder().default_headers(headers).build().expect("client");
    let api = Client::new_with_client(base, http);

    let created = api
        .create_user()
        .body(
            types::CreateUserBody::builder()
                .login("rustsdk".to_string())
                .password(Some("Passw0rd!".to_string()))
                .email("rustsdk@example.com".to_string())
                .network_id(Some(1))
                .mailbox_id(Some(100))
                .auth_level(Some(types::AuthLevel::MailboxUser)),
        )
        .send()
        .await
        .expect("create")
        .into_inner()
        .data;
    let id = created.user_id;
    let updated = api
        .update_user()
        .body(types::UpdateUserBody::builder().user_id(id).first_name(Some("Ferris".parse().expect("a valid name"))))
        .send()
        .await
        .expect("update")
        .into_inner()
        .data;
    assert_eq!(updated.first_name, "Ferris");

    let weak = api
        .set_password()
        .body(types::SetPasswordBody::builder().user_id(id).new_password("weak".to_string()))
        .send()
        .await;
    match weak {
        Err(progenitor_client::Error::ErrorResponse(e)) => {
            assert_eq!(e.status().as_u16(), 400);
            assert_eq!(e.into_inner().error_code, ErrorCode::InvalidParameter);
        }
        other => panic!("a weak password was not refused: {other:?}"),
    }
    api.set_password()
        .body(types::SetPasswordBody::builder().user_id(id).new_password("N3w#Passw0rd".to_string()))
        .send()
        .await
        .expect("set password");
    assert!(api.reset_sessions().id(id).send().await.expect("reset").into_inner().data);
    let trail = api.list_audit().user_id(id).send().await.expect("audit").into_inner().data;
    let actions: Vec<String> = trail.iter().map(|e| e.action.clone()).collect();
    for wanted in ["user.create", "user.update", "password.set", "session.reset"] {
        assert!(actions.iter().any(|a| a == wanted), "{wanted} missing from {actions:?}");
    }
    println!("rust sdk flow ok: user {id}, {} audit events", trail.len());
}
