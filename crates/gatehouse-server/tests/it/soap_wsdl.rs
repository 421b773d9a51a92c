//! `GET` on the endpoint: the WSDL (`?WSDL` in any case) addressed as the client called it or at
//! the configured public URL, the HTML operation list, and wrong methods.

use gatehouse_server::config::Settings;
use gatehouse_store::testing::TestDb;
use reqwest::StatusCode;

use crate::both;
use crate::soap_support::{SoapResp, ECGRIDOS};
use crate::support::TestApp;

const OPERATIONS: [&str; 8] =
    ["Login", "Logout", "Version", "WhoAmI", "UserInfo", "UserReset", "UserPassword", "UserUpdate"];

async fn get(app: &TestApp, path_and_query: &str) -> SoapResp {
    app.soap_send(app.client.get(format!("{}{path_and_query}", app.base))).await
}

async fn wsdl_is_served_for_any_case_of_the_query_and_path(app: TestApp) {
    for (path, query) in [(ECGRIDOS, "WSDL"), (ECGRIDOS, "wsdl"), ("/V4.1/Prod/ecgridos.asmx", "Wsdl")] {
        let resp = get(&app, &format!("{path}?{query}")).await;
        assert_eq!(resp.status, StatusCode::OK);
        assert_eq!(resp.content_type, "text/xml; charset=utf-8");
        let wsdl = &resp.body;
        assert!(wsdl.starts_with(r#"<?xml version="1.0" encoding="utf-8"?><wsdl:definitions "#));
        assert!(wsdl.contains(r#"targetNamespace="https://os.ecgrid.io/""#));
        assert!(wsdl.contains(
            r#"<s:schema elementFormDefault="qualified" targetNamespace="https://os.ecgrid.io/">"#
        ));
        let address = format!("{}{path}", app.base);
        for (port, kind) in
            [("ECGridOSSoap", "soap"), ("ECGridOSSoap12", "soap12"), ("ECGridOSHttpPost", "http")]
        {
            let expected = format!(
                r#"<wsdl:port name="{port}" binding="tns:{port}"><{kind}:address location="{address}"/></wsdl:port>"#
            );
            assert!(wsdl.contains(&expected), "missing {expected}");
        }
        for op in OPERATIONS {
            let action = format!(r#"soapAction="https://os.ecgrid.io/{op}" style="document""#);
            assert_eq!(wsdl.matches(&action).count(), 2, "{op} in the SOAP 1.1 and 1.2 bindings");
        }
        for ty in ["UserIDInfo", "SessionInfo"] {
            assert!(wsdl.contains(&format!(r#"<s:complexType name="{ty}">"#)), "{ty}");
        }
        for ty in ["AuthLevel", "Status"] {
            assert!(
                wsdl.contains(&format!(r#"<s:simpleType name="{ty}"><s:restriction base="s:string">"#)),
                "{ty}"
            );
        }
    }
}
both!(wsdl_is_served_for_any_case_of_the_query_and_path);

async fn the_configured_public_url_is_the_wsdl_address(db: TestDb) {
    let settings =
        Settings { public_url: Some("https://gatehouse.example.com/".into()), ..Settings::default() };
    let app = TestApp::start(db, settings).await;
    let resp = get(&app, &format!("{}?wsdl", ECGRIDOS.to_lowercase())).await;
    assert!(
        resp.body
            .contains(r#"<soap:address location="https://gatehouse.example.com/v4.1/prod/ECGridOS.asmx"/>"#),
        "{}",
        resp.body
    );
}

#[actix_web::test]
async fn public_url_sqlite() {
    the_configured_public_url_is_the_wsdl_address(TestDb::sqlite()).await
}

async fn a_plain_get_lists_the_operations_in_html(app: TestApp) {
    let resp = get(&app, ECGRIDOS).await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(resp.content_type, "text/html; charset=utf-8");
    assert!(resp.body.contains(&format!(r#"<a href="{}{ECGRIDOS}?WSDL">"#, app.base)), "{}", resp.body);
    for op in OPERATIONS {
        assert!(resp.body.contains(&format!(r#"<li><a href="?op={op}"><b>{op}</b></a>("#)), "{op}");
    }
    assert!(resp.body.contains(
        r#"<li><a href="?op=UserReset"><b>UserReset</b></a>(string SessionID, int UserID) → boolean"#
    ));
    let put = app.soap_send(app.client.put(format!("{}{ECGRIDOS}", app.base))).await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(put.headers["allow"], "GET, POST");
}
both!(a_plain_get_lists_the_operations_in_html);

async fn each_contract_has_its_wsdl_and_op_pages_with_samples_for_every_binding(app: TestApp) {
    for (query, service, result) in [
        ("contract=seed", "ECGridOS", "<UserUpdateResult><UserID>int</UserID><Login>string</Login>"),
        ("contract=build472", "ECGridOS_x0020_API_x0020_v4", "<UserUpdateResult>boolean</UserUpdateResult>"),
    ] {
        let wsdl = get(&app, &format!("{ECGRIDOS}?WSDL&{query}")).await;
        assert_eq!(wsdl.status, StatusCode::OK);
        assert!(wsdl.body.contains(&format!(r#"<wsdl:service name="{service}">"#)), "{query}");
        let page = get(&app, &format!("{ECGRIDOS}?op=UserUpdate&{query}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.content_type.starts_with("text/html"));
        for heading in [
            "SOAP 1.1 request",
            "SOAP 1.1 response",
            "SOAP 1.2 request",
            "SOAP 1.2 response",
            "HTTP-POST request",
            "HTTP-POST response",
            "HTTP-GET request",
            "HTTP-GET response",
        ] {
            assert!(page.body.contains(&format!("<h2>{heading}")), "{query}: {heading}");
        }
        let unescaped =
            page.body.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        assert!(unescaped.contains(result), "{query}: {unescaped}");
        assert!(unescaped.contains("SOAPAction: \"https://os.ecgrid.io/UserUpdate\""));
        assert!(unescaped.contains("GET ") && unescaped.contains("/UserUpdate?SessionID=string&UserID=int"));
    }
    // The default is the seeds' contract; the service page names the bindings and both WSDLs.
    let default = get(&app, &format!("{ECGRIDOS}?wsdl")).await;
    assert!(default.body.contains(r#"<wsdl:service name="ECGridOS">"#));
    let page = get(&app, ECGRIDOS).await;
    assert!(page.body.contains("Bindings: SOAP 1.1, SOAP 1.2, HTTP-POST, HTTP-GET"), "{}", page.body);
    assert!(page.body.contains("contract=build472") && page.body.contains("?op=UserUpdate"));
    let unknown = get(&app, &format!("{ECGRIDOS}?WSDL&contract=build999")).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("contract=seed or contract=build472"));
}
both!(each_contract_has_its_wsdl_and_op_pages_with_samples_for_every_binding);
