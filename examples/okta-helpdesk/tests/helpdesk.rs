//! The help-desk flows against the local Okta server over real loopback sockets: role
//! assignment, scopes, rate limits, streaming, error mapping, token refresh, `Content-Length: 0`
//! and the token endpoint's `private_key_jwt` checks.

use std::collections::HashSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use okta_actions::client::{VendorConfig, VendorConnector};
use okta_actions::contracts::ErrorType;
use okta_helpdesk::connection::{
    api_token_mapping, api_token_tenant, service_app_mapping, service_app_tenant,
};
use okta_helpdesk::demo_key::{PRIVATE_KEY_PEM, PUBLIC_KEY_PEM};
use okta_helpdesk::flows::{
    self, AdminRole, FlowError, GroupRef, ListUsers, NewUser, ProfileUpdate, RecoveryMethod,
    RoleAssignment, SupportRoleOutcome, UserRef, UserStatus, scopes,
};
use okta_helpdesk::okta_server::{OktaServer, OktaServerBuilder};
use okta_helpdesk::{OktaConnection, scenario};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const APP: &str = "0oahelpdesktest0000";
const API_TOKEN: &str = "00ssws-test-token";

/// Every test is bounded in time.
const TEST_TIMEOUT: Duration = Duration::from_secs(30);

async fn bounded<F: std::future::Future>(test: F) -> F::Output {
    tokio::time::timeout(TEST_TIMEOUT, test)
        .await
        .expect("the test took too long")
}

/// Small backoff delays and a 10 s retry budget.
fn fast_config() -> VendorConfig {
    VendorConfig::default()
        .with_retry_base_delay(Duration::from_millis(10))
        .with_retry_max_delay(Duration::from_millis(200))
        .with_retry_max_elapsed(Duration::from_secs(10))
        .with_timeout(Duration::from_secs(5))
}

/// An org whose test app is granted every scope, with an API token and a Support group.
fn org() -> OktaServerBuilder {
    OktaServer::builder()
        .service_app(APP, PUBLIC_KEY_PEM, &scopes::ALL)
        .api_token(API_TOKEN)
        .group("Support", "Help desk staff")
}

/// A service-app connection requesting `requested` scopes.
fn connect(okta: &OktaServer, requested: &[&str]) -> OktaConnection {
    let mapping = service_app_mapping(okta.base_url(), requested).expect("mapping");
    let connector = VendorConnector::new(mapping, fast_config());
    OktaConnection::connect(
        &connector,
        &service_app_tenant(APP, PRIVATE_KEY_PEM, "test"),
    )
    .expect("connect")
}

/// The statuses the test app's requests `method path` got, in order.
fn app_statuses(okta: &OktaServer, method: &str, path: &str) -> Vec<u16> {
    okta.requests()
        .iter()
        .filter(|r| r.method == method && r.path == path && r.principal.as_deref() == Some(APP))
        .map(|r| r.status)
        .collect()
}

/// An `SSWS` call made outside the SDK (another integration sharing the org's rate limits).
async fn ssws(
    okta: &OktaServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", okta.base_url()))
        .header("Authorization", format!("SSWS {API_TOKEN}"));
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("ssws request")
}

fn new_user(name: &str) -> NewUser {
    let login = format!("{name}@example.com");
    NewUser::new(name, "Tester", &login, &login)
}

#[tokio::test]
async fn a_support_user_gets_help_desk_admin_exactly_once_and_others_get_none() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let conn = connect(&okta, &scopes::ALL);
        let ada = flows::create_user(&conn, &new_user("ada").role("Support"))
            .await
            .unwrap();
        let grace = flows::create_user(&conn, &new_user("grace").role("Engineering"))
            .await
            .unwrap();

        let outcome = flows::support_role_on_user_created(&conn, &ada.id)
            .await
            .unwrap();
        let SupportRoleOutcome::Support {
            assignment: RoleAssignment::Assigned(role),
            ..
        } = outcome
        else {
            panic!("expected an assignment, got {outcome:?}");
        };
        assert_eq!(role.role_type, "HELP_DESK_ADMIN");
        assert_eq!(okta.roles_of(&ada.id), ["HELP_DESK_ADMIN"]);
        let ada_roles = format!("/api/v1/users/{}/roles", ada.id);
        assert_eq!(app_statuses(&okta, "POST", &ada_roles), [201]);

        let outcome = flows::support_role_on_user_created(&conn, &grace.id)
            .await
            .unwrap();
        assert!(matches!(outcome, SupportRoleOutcome::NotSupport { .. }));
        assert!(okta.roles_of(&grace.id).is_empty());
        let grace_roles = format!("/api/v1/users/{}/roles", grace.id);
        assert_eq!(
            okta.count("POST", &grace_roles),
            0,
            "no role request for Grace"
        );

        // The event is delivered again: one more POST, answered 409 E0000090, nothing changes.
        let again = flows::support_role_on_user_created(&conn, &ada.id)
            .await
            .unwrap();
        let SupportRoleOutcome::Support {
            assignment: RoleAssignment::AlreadyAssigned { error_code, .. },
            ..
        } = again
        else {
            panic!("expected AlreadyAssigned, got {again:?}");
        };
        assert_eq!(error_code, "E0000090");
        assert_eq!(app_statuses(&okta, "POST", &ada_roles), [201, 409]);
        assert_eq!(okta.roles_of(&ada.id), ["HELP_DESK_ADMIN"]);
        let listed = flows::list_admin_roles(&conn, &ada.id).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert!(
            flows::list_admin_roles(&conn, &grace.id)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn a_missing_scope_fails_before_any_request_is_sent() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let user = okta.seed_users(1, "scoped").remove(0);
        let conn = connect(&okta, &[scopes::USERS_READ, scopes::USERS_MANAGE]);

        let err = flows::support_role_on_user_created(&conn, &user)
            .await
            .unwrap_err();
        assert_eq!(err.missing_scopes(), ["okta.roles.manage"]);
        assert!(err.to_string().contains("okta.roles.manage"), "{err}");
        let err = flows::assign_admin_role(&conn, &user, AdminRole::HelpDeskAdmin)
            .await
            .unwrap_err();
        assert_eq!(err.missing_scopes(), ["okta.roles.manage"]);
        let err = flows::add_user_to_group(&conn, "00g", &user)
            .await
            .unwrap_err();
        assert_eq!(err.missing_scopes(), ["okta.groups.manage"]);
        assert!(okta.requests().is_empty(), "{:?}", okta.requests());
        assert_eq!(okta.tokens_issued(), 0, "not even a token was requested");

        // Without the flow's check, Okta itself refuses: 403 E0000006.
        let err = conn
            .client()
            .post(&format!("/api/v1/users/{user}/roles"))
            .json(&json!({"type": "HELP_DESK_ADMIN"}))
            .send_json::<Value>()
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), err.http_status()),
            (Some("E0000006"), Some(403))
        );
        assert!(okta.roles_of(&user).is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_rate_limited_get_is_retried_after_the_reset_and_succeeds() {
    bounded(async {
        let okta = org()
            .rate_limit_window(Duration::from_secs(2))
            .rate_limit("GET /api/v1/users/{id}", 2)
            .start()
            .await
            .unwrap();
        let user = okta.seed_users(1, "limited").remove(0);
        let conn = connect(&okta, &scopes::ALL);
        let path = format!("/api/v1/users/{user}");
        // Another caller spends the endpoint's bucket.
        for _ in 0..2 {
            assert_eq!(
                ssws(&okta, reqwest::Method::GET, &path, None)
                    .await
                    .status(),
                200
            );
        }
        let refused = ssws(&okta, reqwest::Method::GET, &path, None).await;
        assert_eq!(refused.status(), 429);
        assert_eq!(refused.headers()["x-rate-limit-remaining"], "0");
        let reset: u64 = refused.headers()["x-rate-limit-reset"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(
            refused.json::<Value>().await.unwrap()["errorCode"],
            "E0000047"
        );

        let found = flows::lookup_user(&conn, &user).await.unwrap();
        assert_eq!(found.map(|u| u.id), Some(user.clone()));
        assert_eq!(app_statuses(&okta, "GET", &path), [429, 200]);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(now >= reset, "the retry came before X-Rate-Limit-Reset");
    })
    .await;
}

#[tokio::test]
async fn a_rate_limited_post_is_not_repeated() {
    bounded(async {
        let okta = org()
            .rate_limit_window(Duration::from_secs(2))
            .rate_limit("POST /api/v1/users", 1)
            .start()
            .await
            .unwrap();
        let conn = connect(&okta, &scopes::ALL);
        let body = json!({"profile": {"login": "first@example.com", "email": "first@example.com",
                                      "firstName": "First", "lastName": "Caller"}});
        let created = ssws(&okta, reqwest::Method::POST, "/api/v1/users", Some(body)).await;
        assert_eq!(created.status(), 200);

        let err = flows::create_user(&conn, &new_user("second"))
            .await
            .unwrap_err();
        assert_eq!(err.error_code(), Some("E0000047"), "{err}");
        assert_eq!(err.http_status(), Some(429));
        assert_eq!(err.error_type(), ErrorType::RateLimitExceeded);
        assert!(err.not_repeated(), "{err}");
        assert!(err.to_string().contains("not repeated"), "{err}");
        assert_eq!(app_statuses(&okta, "POST", "/api/v1/users"), [429]);
        assert!(okta.user("second@example.com").is_none());
    })
    .await;
}

#[tokio::test]
async fn streaming_1234_users_over_link_pages_returns_each_exactly_once() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let seeded = okta.seed_users(1234, "many");
        let conn = connect(&okta, &[scopes::USERS_READ]);
        let summary = flows::list_users(&conn, &ListUsers::default(), Vec::new(), |ids, user| {
            ids.push(user.id)
        })
        .await
        .unwrap();
        assert_eq!(summary.records_streamed, 1234);
        assert_eq!(summary.state.len(), 1234);
        let unique: HashSet<&String> = summary.state.iter().collect();
        assert_eq!(unique.len(), 1234, "a user was streamed twice");
        assert_eq!(unique, seeded.iter().collect::<HashSet<_>>());
        let pages: Vec<_> = okta
            .requests()
            .into_iter()
            .filter(|r| r.path == "/api/v1/users")
            .collect();
        assert_eq!(pages.len(), 7, "ceil(1234 / 200) pages");
        assert!(pages[1..].iter().all(|page| {
            page.query
                .as_deref()
                .is_some_and(|q| q.contains("after=") && q.contains("limit=200"))
        }));

        // A search and a record limit are honoured too.
        let limited = flows::list_users(
            &conn,
            &ListUsers {
                page_limit: 50,
                record_limit: Some(120),
                search: Some("profile.login sw \"many1\"".to_owned()),
            },
            0,
            |count, user| {
                assert!(user.profile.login.starts_with("many1"));
                *count += 1;
            },
        )
        .await
        .unwrap();
        assert_eq!((limited.records_streamed, limited.state), (120, 120));
    })
    .await;
}

#[tokio::test]
async fn okta_error_bodies_map_to_errors_naming_the_error_code() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let conn = connect(&okta, &scopes::ALL);
        let ada = flows::create_user(&conn, &new_user("ada")).await.unwrap();

        let duplicate = flows::create_user(&conn, &new_user("ada"))
            .await
            .unwrap_err();
        assert_eq!(
            (duplicate.error_code(), duplicate.http_status()),
            (Some("E0000001"), Some(400))
        );
        let text = duplicate.to_string();
        assert!(
            text.contains("E0000001") && text.contains("already exists"),
            "{text}"
        );
        assert!(!duplicate.not_repeated(), "a 400 is a plain refusal");

        let missing =
            flows::update_user_profile(&conn, "00unknown", &ProfileUpdate::new().set("title", "x"))
                .await
                .unwrap_err();
        assert_eq!(missing.error_code(), Some("E0000007"));
        assert_eq!(missing.error_type(), ErrorType::ResourceNotFound);
        assert!(missing.to_string().contains("E0000007"), "{missing}");

        let active = flows::activate_user(&conn, &ada.id, true)
            .await
            .unwrap_err();
        assert_eq!(active.error_code(), Some("E0000016"), "{active}");

        // forgot_password needs an ACTIVE user with a password; Ada is PROVISIONED.
        let wrong = flows::recover_password(
            &conn,
            UserRef::Id(&ada.id),
            RecoveryMethod::ForgotPassword,
            true,
        )
        .await
        .unwrap_err();
        assert_eq!(wrong.error_code(), Some("E0000038"), "{wrong}");

        let unknown_role_holder =
            flows::assign_admin_role(&conn, "00unobody", AdminRole::HelpDeskAdmin)
                .await
                .unwrap_err();
        assert_eq!(unknown_role_holder.error_code(), Some("E0000007"));

        // A lookup treats E0000007 as "no such user".
        assert!(
            flows::lookup_user(&conn, "nobody@example.com")
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            flows::lookup_group(&conn, GroupRef::Id("00gnope"))
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}

#[tokio::test]
async fn an_expired_token_is_refreshed_and_the_call_succeeds_once() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let user = okta.seed_users(1, "refresh").remove(0);
        let conn = connect(&okta, &scopes::ALL);
        let path = format!("/api/v1/users/{user}");
        assert!(flows::lookup_user(&conn, &user).await.unwrap().is_some());
        assert_eq!(okta.tokens_issued(), 1);

        okta.expire_tokens();
        assert!(flows::lookup_user(&conn, &user).await.unwrap().is_some());
        assert_eq!(okta.tokens_issued(), 2);
        assert_eq!(app_statuses(&okta, "GET", &path), [200, 401, 200]);

        // A POST refused for its expired token was not applied, so it is sent again once.
        okta.expire_tokens();
        let created = flows::create_user(&conn, &new_user("late")).await.unwrap();
        assert_eq!(app_statuses(&okta, "POST", "/api/v1/users"), [401, 200]);
        assert_eq!(okta.tokens_issued(), 3);
        assert_eq!(
            okta.user("late@example.com")
                .and_then(|u| u["id"].as_str().map(str::to_owned)),
            Some(created.id)
        );
    })
    .await;
}

#[tokio::test]
async fn body_less_posts_and_puts_send_content_length_zero() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let conn = connect(&okta, &scopes::ALL);
        let linus = flows::create_user(&conn, &new_user("linus").staged())
            .await
            .unwrap();
        assert_eq!(linus.status, UserStatus::Staged);
        let activation = flows::activate_user(&conn, &linus.id, false).await.unwrap();
        assert!(activation.activation_url.is_some());
        let group = okta.group_id("Support").unwrap();
        flows::add_user_to_group(&conn, &group, &linus.id)
            .await
            .unwrap();

        let sent: Vec<_> = okta
            .requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/lifecycle/activate") || r.method == "PUT")
            .map(|r| (r.method, r.content_length, r.status))
            .collect();
        assert_eq!(
            sent,
            [
                ("POST".to_owned(), Some("0".to_owned()), 200),
                ("PUT".to_owned(), Some("0".to_owned()), 204)
            ]
        );

        // The server does answer 411 to a POST without Content-Length.
        let address = okta.base_url().trim_start_matches("http://").to_owned();
        let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
        let request = format!(
            "POST /api/v1/users/{}/lifecycle/deactivate HTTP/1.1\r\nHost: {address}\r\n\
             Authorization: SSWS {API_TOKEN}\r\nConnection: close\r\n\r\n",
            linus.id
        );
        socket.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        socket.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 411"), "{answer}");
        assert_eq!(
            okta.user(&linus.id).unwrap()["status"],
            "PROVISIONED",
            "the refused deactivation did nothing"
        );
    })
    .await;
}

#[tokio::test]
async fn the_connector_steps_of_seed_004_and_a_password_recovery() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let seeded = okta.seed_users(1, "active").remove(0);
        let conn = connect(&okta, &scopes::ALL);
        let user = flows::create_user(&conn, &new_user("mary").staged().attribute("title", "Dev"))
            .await
            .unwrap();
        let updated = flows::update_user_profile(
            &conn,
            &user.id,
            &ProfileUpdate::new().set("department", "IT").clear("title"),
        )
        .await
        .unwrap();
        assert_eq!(updated.profile.other.get("department"), Some(&json!("IT")));
        assert!(!updated.profile.other.contains_key("title"));
        assert_eq!(
            updated.profile.first_name.as_deref(),
            Some("mary"),
            "untouched"
        );

        let by_name = flows::lookup_group(&conn, GroupRef::Name("support"))
            .await
            .unwrap()
            .expect("the Support group, found case-insensitively");
        assert_eq!(by_name.profile.name, "Support");
        let by_id = flows::lookup_group(&conn, GroupRef::Id(&by_name.id))
            .await
            .unwrap();
        assert_eq!(by_id, Some(by_name.clone()));
        assert!(
            flows::lookup_group(&conn, GroupRef::Name("Nope"))
                .await
                .unwrap()
                .is_none()
        );

        flows::add_user_to_group(&conn, &by_name.id, &user.id)
            .await
            .unwrap();
        flows::add_user_to_group(&conn, &by_name.id, &user.id)
            .await
            .unwrap();
        assert_eq!(okta.members_of(&by_name.id), vec![user.id.clone()]);
        flows::remove_user_from_group(&conn, &by_name.id, &user.id)
            .await
            .unwrap();
        assert!(okta.members_of(&by_name.id).is_empty());

        let found = flows::lookup_user(&conn, "mary@example.com")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, user.id);
        flows::activate_user(&conn, &user.id, true).await.unwrap();
        flows::deactivate_user(&conn, &user.id).await.unwrap();
        let found = flows::lookup_user(&conn, &user.id).await.unwrap().unwrap();
        assert_eq!(found.status, UserStatus::Deprovisioned);

        // Admin-driven reset by login: the link comes back, the user is in RECOVERY.
        let reset = flows::recover_password(
            &conn,
            UserRef::Login("active0@example.com"),
            RecoveryMethod::ResetPassword,
            false,
        )
        .await
        .unwrap();
        assert_eq!(reset.user_id, seeded);
        let link = reset.reset_password_url.as_ref().expect("a link").expose();
        assert!(link.starts_with(okta.base_url()), "{link}");
        assert!(
            !format!("{reset:?}").contains(link),
            "Debug must hide the link"
        );
        assert_eq!(okta.user(&seeded).unwrap()["status"], "RECOVERY");
        let reset_path = format!("/api/v1/users/{seeded}/lifecycle/reset_password");
        let sent = okta
            .requests()
            .into_iter()
            .find(|r| r.path == reset_path)
            .unwrap();
        assert_eq!(sent.query.as_deref(), Some("sendEmail=false"));
        assert_eq!(sent.content_length.as_deref(), Some("0"));

        // forgot_password for an ACTIVE user with a password: emailed, status unchanged.
        let other = okta.seed_users(1, "forgetful").remove(0);
        let forgot = flows::recover_password(
            &conn,
            UserRef::Id(&other),
            RecoveryMethod::ForgotPassword,
            true,
        )
        .await
        .unwrap();
        assert!(forgot.emailed && forgot.reset_password_url.is_none());
        assert_eq!(okta.user(&other).unwrap()["status"], "ACTIVE");
    })
    .await;
}

/// Signs a client assertion with the demo key.
fn assertion(claims: Value) -> String {
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(PRIVATE_KEY_PEM.as_bytes()).unwrap();
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &key,
    )
    .unwrap()
}

async fn token_request(okta: &OktaServer, form: &[(&str, &str)]) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(okta.token_url())
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn the_token_endpoint_verifies_private_key_jwt_and_granted_scopes() {
    bounded(async {
        let okta = OktaServer::builder()
            .service_app(APP, PUBLIC_KEY_PEM, &[scopes::USERS_READ])
            .start()
            .await
            .unwrap();
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let claims = |aud: &str, iss: &str, jti: &str| {
            json!({"iss": iss, "sub": iss, "aud": aud, "iat": now, "exp": now + 300, "jti": jti})
        };
        let jwt_type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        let good = assertion(claims(&okta.token_url(), APP, "jti-1"));
        let form = |assertion: &str, scope: &str| {
            vec![
                ("grant_type", "client_credentials".to_owned()),
                ("client_id", APP.to_owned()),
                ("client_assertion_type", jwt_type.to_owned()),
                ("client_assertion", assertion.to_owned()),
                ("scope", scope.to_owned()),
            ]
        };
        let send = |fields: Vec<(&'static str, String)>| {
            let okta = &okta;
            async move {
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                token_request(okta, &pairs).await
            }
        };

        let (status, body) = send(form(&good, "okta.users.read")).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["scope"], "okta.users.read");
        assert_eq!(body["expires_in"], 3600);

        let (status, body) = send(form(&good, "okta.users.read")).await;
        assert_eq!((status, body["error"].as_str()), (401, Some("invalid_client")), "jti reuse");
        let wrong_aud = assertion(claims("https://elsewhere.example/token", APP, "jti-2"));
        let (status, _) = send(form(&wrong_aud, "okta.users.read")).await;
        assert_eq!(status, 401, "wrong audience");
        let wrong_iss = assertion(claims(&okta.token_url(), "0oaother", "jti-3"));
        let (status, _) = send(form(&wrong_iss, "okta.users.read")).await;
        assert_eq!(status, 401, "iss is not the client id");
        let mut forged = assertion(claims(&okta.token_url(), APP, "jti-4"));
        let last = if forged.ends_with('A') { "B" } else { "A" };
        forged.replace_range(forged.len() - 1.., last);
        let (status, _) = send(form(&forged, "okta.users.read")).await;
        assert_eq!(status, 401, "bad signature");
        let fresh = assertion(claims(&okta.token_url(), APP, "jti-5"));
        let (status, body) = send(form(&fresh, "okta.users.read okta.roles.manage")).await;
        assert_eq!((status, body["error"].as_str()), (400, Some("invalid_scope")));
        assert!(body["error_description"].as_str().unwrap().contains("okta.roles.manage"));
        let secret = vec![
            ("grant_type", "client_credentials".to_owned()),
            ("client_id", APP.to_owned()),
            ("client_secret", "s3cret".to_owned()),
            ("scope", "okta.users.read".to_owned()),
        ];
        assert_eq!(send(secret).await.0, 401, "service apps may not use a client secret");
        assert_eq!(okta.tokens_issued(), 1);

        // Through the SDK: asking for a scope the app was not granted fails at the token
        // endpoint, so a connection never holds scopes Okta did not grant.
        let conn = connect(&okta, &[scopes::USERS_READ, scopes::ROLES_MANAGE]);
        let err = flows::lookup_user(&conn, "anyone@example.com").await.unwrap_err();
        assert_eq!(err.error_code(), Some("invalid_scope"), "{err}");
        assert_eq!(err.error_type(), ErrorType::InvalidCredentials);
        assert!(matches!(err, FlowError::Okta { .. }));
    })
    .await;
}

#[tokio::test]
async fn an_ssws_api_token_connection_is_not_scope_checked() {
    bounded(async {
        let okta = org().start().await.unwrap();
        let connector =
            VendorConnector::new(api_token_mapping(okta.base_url()).unwrap(), fast_config());
        let conn =
            OktaConnection::connect(&connector, &api_token_tenant(API_TOKEN, "test")).unwrap();
        assert_eq!(conn.granted_scopes(), None);
        let user = flows::create_user(&conn, &new_user("token").role("Support"))
            .await
            .unwrap();
        let outcome = flows::support_role_on_user_created(&conn, &user.id)
            .await
            .unwrap();
        assert!(matches!(outcome, SupportRoleOutcome::Support { .. }));
        assert!(
            okta.requests()
                .iter()
                .all(|r| r.principal.as_deref() == Some("SSWS"))
        );

        let bad = OktaConnection::connect(&connector, &api_token_tenant("wrong", "test")).unwrap();
        let err = flows::lookup_user(&bad, &user.id).await.unwrap_err();
        assert_eq!(
            (err.error_code(), err.http_status()),
            (Some("E0000011"), Some(401))
        );
    })
    .await;
}

#[tokio::test]
async fn the_demo_scenario_runs_end_to_end() {
    bounded(async {
        let (okta, conn) = scenario::demo_org().await.unwrap();
        let mut lines = Vec::new();
        let report = scenario::run(&conn, &mut |line| lines.push(line))
            .await
            .unwrap();
        assert_eq!(okta.roles_of(&report.support_user), ["HELP_DESK_ADMIN"]);
        assert!(okta.roles_of(&report.other_user).is_empty());
        // Seeded users + Ada and Grace (Linus is deactivated, so not listed).
        assert_eq!(report.users_listed, scenario::SEEDED_USERS as u64 + 2);
        assert!(
            lines.iter().any(|line| line.contains("E0000090")),
            "{lines:#?}"
        );
        assert_eq!(okta.tokens_issued(), 1);
    })
    .await;
}
