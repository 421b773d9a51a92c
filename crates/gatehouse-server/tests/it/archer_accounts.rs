//! Archer's account methods (SPEC §5.3) over SOAP 1.1, SOAP 1.2, HTTP-POST and HTTP-GET on both
//! backends: `CreateUserEx`, `CreateUserExWithPassword` (user names generated from the person's
//! names), `UpdateUserEx` (profile and domain) and `UpdateUserName`, each success read back over
//! REST and each documented fault.

use gatehouse_core::user::AuthLevel;
use serde_json::{json, Value};

use crate::archer::{account_doc, call, domain_user, fault, field, rest_user, ALL};
use crate::both;
use crate::soap_archer::{ACCESS, GENERAL};
use crate::support::TestApp;

/// A call's fields, as the tests build and change them.
type Fields = Vec<(&'static str, String)>;

const PW: &str = "Passw0rd!";
const NEW_PW: &str = "Zoë#Passw0rd1";

async fn accounts_on_every_binding(app: TestApp) {
    let root = app.root_token().await;
    let outsider = app.create_user_in("outsider", PW, AuthLevel::MailboxUser, 2, 7).await.to_string();
    let plain = app.create_user("plainuser", PW, AuthLevel::MailboxUser).await;
    for (i, b) in ALL.into_iter().enumerate() {
        let domain = format!("Acct{i}");
        let lower = domain.to_lowercase();
        domain_user(&app, &format!("{lower}\\admin"), AuthLevel::NetworkAdmin).await;
        let creds =
            [("userName", "admin"), ("instanceName", "Default"), ("password", PW), ("usersDomain", &domain)];
        let token = call(&app, b, GENERAL, "CreateDomainUserSessionFromInstance", &creds).await.unwrap();
        let t = token.as_str();

        // Created with a password, named first.last under the domain; the profile is stored.
        let person = |last: &'static str| {
            vec![
                ("sessionToken", t.to_string()),
                ("firstName", "Zoë".to_string()),
                ("middleName", "Q".to_string()),
                ("lastName", last.to_string()),
                ("companyName", "Engines <&> Co".to_string()),
                ("title", "Analyst".to_string()),
                ("securityParameter", "5".to_string()),
                ("address", "1 Main St".to_string()),
                ("userDomain", domain.clone()),
                ("timeZone", "Eastern Standard Time".to_string()),
                ("locale", "en-US".to_string()),
            ]
        };
        let with_pw = |last: &'static str| {
            let mut f = person(last);
            f.push(("password", NEW_PW.to_string()));
            f
        };
        let made =
            call(&app, b, ACCESS, "CreateUserExWithPassword", &pairs(&with_pw("O'Brien"))).await.unwrap();
        let id: i64 = made.parse().unwrap();
        let user = rest_user(&app, &root, id).await;
        assert_eq!(user["login"], json!(format!("{lower}\\zoë.obrien")), "{b:?}");
        for (k, v) in [
            ("firstName", json!("Zoë")),
            ("lastName", json!("O'Brien")),
            ("middleName", json!("Q")),
            ("company", json!("Engines <&> Co")),
            ("title", json!("Analyst")),
            ("address", json!("1 Main St")),
            ("timeZone", json!("Eastern Standard Time")),
            ("locale", json!("en-US")),
            ("email", json!("")),
            ("networkId", json!(1)),
            ("authLevel", json!("MailboxUser")),
        ] {
            assert_eq!(user[k], v, "{k} {b:?}");
        }
        let login = [
            ("userName", "zoë.obrien"),
            ("instanceName", "Default"),
            ("password", NEW_PW),
            ("usersDomain", &domain),
        ];
        assert_eq!(
            call(&app, b, GENERAL, "CreateDomainUserSessionFromInstance", &login).await.unwrap().len(),
            32
        );
        let doc = account_doc(
            &call(&app, b, ACCESS, "GetUser", &[("sessionToken", t), ("userId", &made)]).await.unwrap(),
        );
        assert_eq!(
            (field(&doc, "Company"), field(&doc, "TimeZone")),
            ("Engines <&> Co", "Eastern Standard Time")
        );

        // The same person again gets the next free name.
        let second =
            call(&app, b, ACCESS, "CreateUserExWithPassword", &pairs(&with_pw("O'Brien"))).await.unwrap();
        let second_login = rest_user(&app, &root, second.parse().unwrap()).await["login"].clone();
        assert_eq!(second_login, json!(format!("{lower}\\zoë.obrien2")));

        // Created without a password: it cannot log in until ChangePassword sets one.
        let nopw = call(&app, b, ACCESS, "CreateUserEx", &pairs(&person("Nopass"))).await.unwrap();
        let nopw_login = format!("{lower}\\zoë.nopass");
        assert_eq!(rest_user(&app, &root, nopw.parse().unwrap()).await["login"], json!(nopw_login));
        app.login_resp(&nopw_login, NEW_PW).await.assert_error(401, "InvalidCredentials");
        let set = [("sessionToken", t), ("userId", nopw.as_str()), ("password", NEW_PW)];
        assert_eq!(call(&app, b, ACCESS, "ChangePassword", &set).await.as_deref(), Ok("1"));
        app.login(&nopw_login, NEW_PW).await;

        // Faults: each names what is wrong, and nothing is created.
        let count_before = app.core.count_users(&app.caller(&root).await, Default::default()).await.unwrap();
        let refused: Vec<(Fields, &str, &str)> = vec![
            (replace(with_pw("Weak"), "password", "weak"), "InvalidParameter", "password"),
            (replace(with_pw("Zone"), "timeZone", "Mars/Olympus"), "InvalidParameter", "timeZone"),
            (replace(with_pw("Tag"), "locale", "english"), "InvalidParameter", "locale"),
            (without(with_pw("Nameless"), "lastName"), "InvalidParameter", "lastName"),
            (replace(with_pw("Domain"), "userDomain", "a\\b"), "InvalidParameter", "usersDomain"),
        ];
        for (f, detail, text) in refused {
            fault(&call(&app, b, ACCESS, "CreateUserExWithPassword", &pairs(&f)).await, detail, text);
        }
        let caller = app.caller(&root).await;
        assert_eq!(app.core.count_users(&caller, Default::default()).await.unwrap(), count_before);
        let plain_token = call(
            &app,
            b,
            GENERAL,
            "CreateUserSessionFromInstance",
            &[("userName", "plainuser"), ("instanceName", "Default"), ("password", PW)],
        )
        .await
        .unwrap();
        let by_plain = replace(with_pw("Denied"), "sessionToken", &plain_token);
        fault(
            &call(&app, b, ACCESS, "CreateUserExWithPassword", &pairs(&by_plain)).await,
            "Authorization",
            "not an administrator",
        );

        // UpdateUserEx: what is sent is set (empty clears), what is left out is kept, and an
        // empty userDomain moves the login out of its domain.
        let update = [
            ("sessionToken", t),
            ("userId", second.as_str()),
            ("firstName", "Ann"),
            ("companyName", ""),
            ("timeZone", "Europe/Paris"),
            ("userDomain", ""),
        ];
        assert_eq!(call(&app, b, ACCESS, "UpdateUserEx", &update).await.as_deref(), Ok("1"));
        let after = rest_user(&app, &root, second.parse().unwrap()).await;
        assert_eq!(after["firstName"], json!("Ann"));
        assert_eq!(after["company"], Value::Null);
        assert_eq!(after["timeZone"], json!("Europe/Paris"));
        assert_eq!(after["title"], json!("Analyst"), "left out: kept");
        assert_eq!(after["login"], json!("zoë.obrien2"), "out of its domain");
        let back = [("sessionToken", t), ("userId", second.as_str()), ("userDomain", domain.as_str())];
        assert_eq!(call(&app, b, ACCESS, "UpdateUserEx", &back).await.as_deref(), Ok("1"));
        assert_eq!(rest_user(&app, &root, second.parse().unwrap()).await["login"], second_login);
        let bad_locale = [("sessionToken", t), ("userId", second.as_str()), ("locale", "xx_YY")];
        fault(&call(&app, b, ACCESS, "UpdateUserEx", &bad_locale).await, "InvalidParameter", "locale");
        let far = [("sessionToken", t), ("userId", outsider.as_str()), ("firstName", "X")];
        fault(&call(&app, b, ACCESS, "UpdateUserEx", &far).await, "ObjectNotFound", "not found");

        // UpdateUserName: 1 when renamed, 0 when unchanged; a taken name is refused.
        let new_name = format!("renamed{i}");
        let rename = [("sessionToken", t), ("userId", made.as_str()), ("userName", new_name.as_str())];
        assert_eq!(call(&app, b, ACCESS, "UpdateUserName", &rename).await.as_deref(), Ok("1"));
        assert_eq!(rest_user(&app, &root, id).await["login"], json!(new_name));
        assert_eq!(call(&app, b, ACCESS, "UpdateUserName", &rename).await.as_deref(), Ok("0"));
        let taken = [("sessionToken", t), ("userId", made.as_str()), ("username", "PlainUser")];
        fault(&call(&app, b, ACCESS, "UpdateUserName", &taken).await, "InvalidParameter", "taken");
        let pid = plain.to_string();
        let own = [("sessionToken", plain_token.as_str()), ("userId", pid.as_str()), ("userName", "myself")];
        fault(&call(&app, b, ACCESS, "UpdateUserName", &own).await, "Authorization", "not an administrator");
        app.login(&new_name, NEW_PW).await;
    }
}
both!(accounts_on_every_binding);

fn replace(mut fields: Fields, name: &str, value: &str) -> Fields {
    for (k, v) in &mut fields {
        if *k == name {
            *v = value.to_string();
        }
    }
    fields
}

fn without(fields: Fields, name: &str) -> Fields {
    fields.into_iter().filter(|(k, _)| *k != name).collect()
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
