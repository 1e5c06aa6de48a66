//! The Acme API over real sockets: paging, CRUD, errors, rate limits, OAuth, tenant isolation
//! and logout. Each test serves its own vendor on 127.0.0.1.

use std::collections::BTreeSet;
use std::time::Duration;

use acme_vendor::{
    AcmeVendor, DEMO_API_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TENANT, RateLimit,
    RunningVendor, TenantSpec,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// A client of one tenant with one credential.
struct Api {
    http: reqwest::Client,
    base: String,
    auth: (&'static str, String),
}

/// One answer: status, headers and the JSON body (`Null` when empty).
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn error_code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
}

impl Api {
    fn new(running: &RunningVendor, tenant: &str, key: &str) -> Self {
        Api {
            http: reqwest::Client::new(),
            base: running.tenant_base_url(tenant),
            auth: ("x-api-key", key.to_owned()),
        }
    }

    fn bearer(running: &RunningVendor, tenant: &str, token: &str) -> Self {
        Api {
            auth: ("authorization", format!("Bearer {token}")),
            ..Api::new(running, tenant, "")
        }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(self.auth.0, &self.auth.1)
            .timeout(Duration::from_secs(10));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the vendor answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("every answer is JSON")
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }

    async fn patch(&self, path: &str, body: Value) -> Answer {
        self.call(Method::PATCH, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: Option<Value>) -> Answer {
        self.call(Method::PUT, path, body).await
    }

    async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path, None).await
    }

    /// Every item of a paged list.
    async fn all(&self, path: &str, page_size: usize) -> (Vec<Value>, usize) {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let sep = if path.contains('?') { '&' } else { '?' };
            let mut url = format!("{path}{sep}page_size={page_size}");
            if let Some(c) = &cursor {
                url.push_str(&format!("&cursor={c}"));
            }
            let page = self.get(&url).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            pages += 1;
            let data = page.body["data"].as_array().expect("data").clone();
            assert!(data.len() <= page_size.min(100));
            items.extend(data);
            match page.body["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return (items, pages),
            }
            assert!(pages < 100, "paging must end");
        }
    }
}

async fn demo() -> (RunningVendor, Api) {
    let running = AcmeVendor::demo().spawn("127.0.0.1:0").await.unwrap();
    let api = Api::new(&running, DEMO_TENANT, DEMO_API_KEY);
    (running, api)
}

fn new_user(username: &str) -> Value {
    json!({
        "username": username,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email_address": format!("{username}@example.com"),
        "department": "Research",
        "custom_fields": {"region": "emea", "clearance_level": 3},
        "roles": ["role_editor"],
        "licenses": ["lic_pro"],
        "password": "analytical-engine-1"
    })
}

#[tokio::test]
async fn paging_over_all_users_returns_each_exactly_once() {
    let (_running, api) = demo().await;
    let (users, pages) = api.all("/users", 100).await;
    assert_eq!(pages, 3);
    let ids: BTreeSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!((users.len(), ids.len()), (250, 250));
    assert!(ids.iter().all(|id| id.starts_with("usr_")));
    let (small, small_pages) = api.all("/users", 7).await;
    assert_eq!((small.len(), small_pages), (250, 36));

    let clamped = api.get("/users?page_size=500").await;
    assert_eq!(clamped.body["data"].as_array().unwrap().len(), 100);
    let default = api.get("/users").await;
    assert_eq!(default.body["data"].as_array().unwrap().len(), 25);
    let zero = api.get("/users?page_size=0").await;
    assert_eq!(
        (zero.status, zero.error_code()),
        (StatusCode::BAD_REQUEST, "validation_failed")
    );
    let bad = api.get("/users?cursor=forged").await;
    assert_eq!(bad.error_code(), "invalid_cursor");

    // A user created mid-way is seen once, and nobody is seen twice.
    let first = api.get("/users?page_size=100").await;
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    assert_eq!(
        api.post("/users", new_user("mid.way")).await.status,
        StatusCode::CREATED
    );
    let (rest, _) = api.all(&format!("/users?cursor={cursor}"), 100).await;
    let mut seen: Vec<&str> = first.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .chain(&rest)
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    let total = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), total, "no user twice");
    assert!(total == 250 || total == 251);
}

#[tokio::test]
async fn users_are_created_read_updated_and_deleted() {
    let (_running, api) = demo().await;
    let created = api.post("/users", new_user("ada.l")).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let user = &created.body;
    let id = user["id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("usr_"));
    assert_eq!(
        created.header("location"),
        Some(format!("/t/demo/v1/users/{id}").as_str())
    );
    assert_eq!(user["is_enabled"], true);
    assert_eq!(
        user["roles"],
        json!([{"id": "role_editor", "name": "Editor"}])
    );
    assert_eq!(user["licenses"][0]["id"], "lic_pro");
    assert_eq!(user["custom_fields"]["region"], "emea");
    assert_eq!(user["has_password"], true);
    assert!(
        !created.body.to_string().contains("analytical-engine"),
        "passwords are never returned"
    );

    assert_eq!(
        api.get(&format!("/users/{id}")).await.body["username"],
        "ada.l"
    );
    assert_eq!(
        api.get("/users/by-username/ADA.L").await.body["id"],
        id.as_str()
    );
    let filtered = api.get("/users?username=ada.l").await;
    assert_eq!(filtered.body["data"].as_array().unwrap().len(), 1);

    let updated = api
        .patch(
            &format!("/users/{id}"),
            json!({"job_title": "Analyst", "department": null, "custom_fields": {"region": null}}),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
    assert_eq!(updated.body["job_title"], "Analyst");
    assert_eq!(updated.body["department"], Value::Null);
    assert_eq!(updated.body["custom_fields"], json!({"clearance_level": 3}));
    assert_eq!(updated.body["first_name"], "Ada");

    let taken = api.post("/users", new_user("ADA.L")).await;
    assert_eq!(
        (taken.status, taken.error_code()),
        (StatusCode::CONFLICT, "username_taken")
    );

    let invalid = api
        .post(
            "/users",
            json!({"username": "x", "email_address": "no-at", "custom_fields": {"region": "mars"}}),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
    let fields: Vec<&str> = invalid.body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "first_name",
            "last_name",
            "email_address",
            "custom_fields.region"
        ]
    );
    assert!(
        invalid.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("email_address")
    );
    let unknown = api.post("/users", json!({"login": "x"})).await;
    assert_eq!(
        (unknown.status, unknown.error_code()),
        (StatusCode::BAD_REQUEST, "invalid_body")
    );

    let disabled = api.post(&format!("/users/{id}/disable"), json!({})).await;
    assert_eq!(disabled.body["is_enabled"], false);
    let enabled = api.post(&format!("/users/{id}/enable"), json!({})).await;
    assert_eq!(enabled.body["is_enabled"], true);

    assert_eq!(
        api.put(&format!("/users/{id}/roles/role_admin"), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete(&format!("/users/{id}/roles/role_editor"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete(&format!("/users/{id}/licenses/lic_pro"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let granted = api.get(&format!("/users/{id}")).await.body;
    assert_eq!(
        granted["roles"],
        json!([{"id": "role_admin", "name": "Administrator"}])
    );
    assert_eq!(granted["licenses"], json!([]));
    let no_role = api.put(&format!("/users/{id}/roles/role_nope"), None).await;
    assert_eq!(no_role.error_code(), "role_not_found");

    let (roles, _) = api.all("/roles", 2).await;
    assert_eq!(roles.len(), 5);
    let (licenses, _) = api.all("/licenses", 100).await;
    assert_eq!(licenses.len(), 4);
    let fields = api.get("/custom-fields").await.body;
    let region = fields["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "region")
        .unwrap();
    assert_eq!(region["type"], "enum");
    assert_eq!(region["allowed_values"].as_array().unwrap().len(), 3);

    assert_eq!(
        api.delete(&format!("/users/{id}")).await.status,
        StatusCode::NO_CONTENT
    );
    let gone = api.get(&format!("/users/{id}")).await;
    assert_eq!(
        (gone.status, gone.error_code()),
        (StatusCode::NOT_FOUND, "user_not_found")
    );
}

#[tokio::test]
async fn teams_and_their_members() {
    let (_running, api) = demo().await;
    let (teams, _) = api.all("/teams", 5).await;
    assert_eq!(teams.len(), 12);
    assert!(
        teams
            .iter()
            .all(|t| t["id"].as_str().unwrap().starts_with("grp_"))
    );
    let by_name = api.get("/teams?name=engineering").await;
    assert_eq!(by_name.body["data"][0]["name"], "Engineering");

    let created = api
        .post("/teams", json!({"name": "Guild", "description": "Crafts"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let team = created.body["id"].as_str().unwrap().to_owned();
    let dup = api.post("/teams", json!({"name": "guild"})).await;
    assert_eq!(
        (dup.status, dup.error_code()),
        (StatusCode::CONFLICT, "team_name_taken")
    );

    let users: Vec<String> = api.get("/users?page_size=3").await.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    let added = api
        .post(
            &format!("/teams/{team}/members"),
            json!({"user_ids": users}),
        )
        .await;
    assert_eq!(added.body, json!({"added": 3, "member_count": 3}));
    let again = api
        .post(
            &format!("/teams/{team}/members"),
            json!({"user_ids": [users[0]]}),
        )
        .await;
    assert_eq!(again.body["added"], 0);
    let unknown = api
        .post(
            &format!("/teams/{team}/members"),
            json!({"user_ids": ["usr_nobody"]}),
        )
        .await;
    assert_eq!(unknown.body["error"]["fields"][0]["field"], "user_ids[0]");

    let (members, pages) = api.all(&format!("/teams/{team}/members"), 2).await;
    assert_eq!((members.len(), pages), (3, 2));
    assert_eq!(
        api.delete(&format!("/teams/{team}/members/{}", users[1]))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let not_member = api
        .delete(&format!("/teams/{team}/members/{}", users[1]))
        .await;
    assert_eq!(not_member.error_code(), "member_not_found");
    let (members, _) = api.all(&format!("/teams/{team}/members"), 100).await;
    assert!(members.iter().all(|m| m["user_id"] != users[1].as_str()));
    assert_eq!(members.len(), 2);

    let renamed = api
        .patch(
            &format!("/teams/{team}"),
            json!({"name": "Guild II", "description": null}),
        )
        .await;
    assert_eq!(
        (
            renamed.body["name"].as_str(),
            renamed.body["description"].is_null()
        ),
        (Some("Guild II"), true)
    );
    assert_eq!(renamed.body["member_count"], 2);
    assert_eq!(
        api.delete(&format!("/teams/{team}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.get(&format!("/teams/{team}")).await.error_code(),
        "team_not_found"
    );
}

#[tokio::test]
async fn errors_use_the_vendor_format() {
    let (running, api) = demo().await;
    let nowhere = Api::new(&running, "nowhere", DEMO_API_KEY)
        .get("/users")
        .await;
    assert_eq!(
        (nowhere.status, nowhere.error_code()),
        (StatusCode::NOT_FOUND, "tenant_not_found")
    );
    let wrong = Api::new(&running, DEMO_TENANT, "wrong").get("/users").await;
    assert_eq!(
        (wrong.status, wrong.error_code()),
        (StatusCode::UNAUTHORIZED, "invalid_api_key")
    );
    let none = reqwest::get(format!("{}/users", running.tenant_base_url(DEMO_TENANT)))
        .await
        .unwrap();
    assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
    let basic = Api {
        auth: ("authorization", "Basic Zm9vOmJhcg==".into()),
        ..Api::new(&running, DEMO_TENANT, "")
    };
    assert_eq!(
        basic.get("/users").await.error_code(),
        "unsupported_authorization"
    );
    let route = api.get("/nothing-here").await;
    assert_eq!(
        (route.status, route.error_code()),
        (StatusCode::NOT_FOUND, "route_not_found")
    );
    let method = api.put("/users", None).await;
    assert_eq!(
        (method.status, method.error_code()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    let missing = api.get("/users/usr_missing").await;
    assert_eq!(missing.error_code(), "user_not_found");
    assert!(
        missing
            .header("x-request-id")
            .is_some_and(|id| id.starts_with("acme-req-"))
    );
    let weak = api
        .put(
            "/users/usr_missing/password",
            Some(json!({"password": "short"})),
        )
        .await;
    assert_eq!(weak.body["error"]["fields"][0]["field"], "password");
}

#[tokio::test]
async fn an_exhausted_rate_limit_answers_429_with_retry_after() {
    let running = AcmeVendor::builder()
        .tenant(TenantSpec::demo())
        .rate_limit(RateLimit::new(2, 1.0))
        .build()
        .spawn("127.0.0.1:0")
        .await
        .unwrap();
    let api = Api::new(&running, DEMO_TENANT, DEMO_API_KEY);
    let first = api.get("/roles").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(
        (
            first.header("x-ratelimit-limit"),
            first.header("x-ratelimit-remaining")
        ),
        (Some("2"), Some("1"))
    );
    assert_eq!(api.get("/roles").await.status, StatusCode::OK);
    let limited = api.get("/roles").await;
    assert_eq!(
        (limited.status, limited.error_code()),
        (StatusCode::TOO_MANY_REQUESTS, "rate_limited")
    );
    assert_eq!(limited.header("retry-after"), Some("1"));
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));

    // Another credential of the tenant has its own bucket.
    let token = token_post(&running, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET).await;
    let oauth = Api::bearer(
        &running,
        DEMO_TENANT,
        token["access_token"].as_str().unwrap(),
    );
    assert_eq!(oauth.get("/roles").await.status, StatusCode::OK);

    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(
        api.get("/roles").await.status,
        StatusCode::OK,
        "the bucket refilled"
    );
}

async fn token_post(running: &RunningVendor, id: &str, secret: &str) -> Value {
    reqwest::Client::new()
        .post(running.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn oauth_client_credentials_issue_tokens_the_api_accepts() {
    let running = AcmeVendor::builder()
        .tenant(TenantSpec::demo())
        .tenant(
            TenantSpec::new("globex")
                .api_key("globex-key")
                .oauth_client("globex-client", "globex-secret")
                .users(2),
        )
        .token_ttl(Duration::from_secs(1))
        .build()
        .spawn("127.0.0.1:0")
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let posted = token_post(&running, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET).await;
    assert_eq!(
        (posted["token_type"].as_str(), posted["expires_in"].as_u64()),
        (Some("Bearer"), Some(1))
    );
    let basic = http
        .post(running.token_url())
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", "users:read"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(basic.headers()["cache-control"], "no-store");
    let basic: Value = basic.json().await.unwrap();
    assert_eq!(basic["scope"], "users:read");
    let token = basic["access_token"].as_str().unwrap();
    assert_ne!(token, posted["access_token"].as_str().unwrap());

    let demo = Api::bearer(&running, DEMO_TENANT, token);
    assert_eq!(demo.get("/users?page_size=1").await.status, StatusCode::OK);
    let elsewhere = Api::bearer(&running, "globex", token).get("/users").await;
    assert_eq!(
        (elsewhere.status, elsewhere.error_code()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );

    let wrong = http
        .post(running.token_url())
        .basic_auth(DEMO_CLIENT_ID, Some("nope"))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().contains_key("www-authenticate"));
    assert_eq!(
        wrong.json::<Value>().await.unwrap()["error"],
        "invalid_client"
    );
    let grant = http
        .post(running.token_url())
        .form(&[
            ("grant_type", "password"),
            ("client_id", DEMO_CLIENT_ID),
            ("client_secret", DEMO_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        grant.json::<Value>().await.unwrap()["error"],
        "unsupported_grant_type"
    );
    let both = http
        .post(running.token_url())
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_secret", DEMO_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        both.json::<Value>().await.unwrap()["error"],
        "invalid_request"
    );

    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let expired = demo.get("/users").await;
    assert_eq!(
        (expired.status, expired.error_code()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
    assert!(
        expired
            .header("www-authenticate")
            .unwrap()
            .contains("invalid_token")
    );
}

#[tokio::test]
async fn tenants_are_isolated() {
    let running = AcmeVendor::builder()
        .tenant(TenantSpec::demo())
        .tenant(
            TenantSpec::new("globex")
                .api_key("globex-key")
                .users(4)
                .teams(1)
                .seed(9),
        )
        .build()
        .spawn("127.0.0.1:0")
        .await
        .unwrap();
    let demo = Api::new(&running, DEMO_TENANT, DEMO_API_KEY);
    let globex = Api::new(&running, "globex", "globex-key");
    assert_eq!(
        Api::new(&running, "globex", DEMO_API_KEY)
            .get("/users")
            .await
            .error_code(),
        "invalid_api_key"
    );
    let (globex_users, _) = globex.all("/users", 100).await;
    assert_eq!(globex_users.len(), 4);
    let demo_user = demo.get("/users?page_size=1").await.body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        globex
            .get(&format!("/users/{demo_user}"))
            .await
            .error_code(),
        "user_not_found"
    );
    // The same username may exist in both tenants.
    assert_eq!(
        globex.post("/users", new_user("shared.name")).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        demo.post("/users", new_user("shared.name")).await.status,
        StatusCode::CREATED
    );
    assert_eq!(demo.all("/users", 100).await.0.len(), 251);
    assert_eq!(globex.all("/users", 100).await.0.len(), 5);
}

#[tokio::test]
async fn logout_ends_every_session_and_refresh_token() {
    let (running, api) = demo().await;
    let created = api.post("/users", new_user("grace.h")).await.body;
    let id = created["id"].as_str().unwrap().to_owned();
    let login = |password: &'static str| {
        let url = format!("{}/auth/login", running.tenant_base_url(DEMO_TENANT));
        async move {
            reqwest::Client::new()
                .post(url)
                .json(&json!({"username": "grace.h", "password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        login("wrong-password-1").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let session: Value = login("analytical-engine-1").await.json().await.unwrap();
    assert!(
        session["refresh_token"]
            .as_str()
            .unwrap()
            .starts_with("acme_rt_")
    );
    login("analytical-engine-1").await;
    assert_eq!(
        api.put(
            &format!("/users/{id}/password"),
            Some(json!({"password": "new-secret-42"}))
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        login("analytical-engine-1").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(login("new-secret-42").await.status(), StatusCode::OK);

    let sessions = api.get(&format!("/users/{id}/sessions")).await.body;
    assert_eq!(sessions["data"].as_array().unwrap().len(), 3);
    assert!(
        !sessions.to_string().contains("acme_rt_"),
        "refresh tokens are never listed"
    );
    let out = api.post(&format!("/users/{id}/logout"), json!({})).await;
    assert_eq!(
        out.body,
        json!({"user_id": id, "revoked_sessions": 3, "revoked_refresh_tokens": 3})
    );
    assert_eq!(
        api.get(&format!("/users/{id}/sessions")).await.body["data"],
        json!([])
    );
    let again = api.post(&format!("/users/{id}/logout"), json!({})).await;
    assert_eq!(again.body["revoked_sessions"], 0);
    assert_eq!(
        api.post("/users/usr_nobody/logout", json!({}))
            .await
            .error_code(),
        "user_not_found"
    );

    // Disabling a user also ends their sessions, and they cannot sign in.
    login("new-secret-42").await;
    api.post(&format!("/users/{id}/disable"), json!({})).await;
    assert_eq!(
        api.get(&format!("/users/{id}/sessions")).await.body["data"],
        json!([])
    );
    assert_eq!(login("new-secret-42").await.status(), StatusCode::FORBIDDEN);

    // Seeded users have sessions too.
    let (users, _) = api.all("/users", 100).await;
    let mut seeded = 0;
    for user in users.iter().take(20) {
        let id = user["id"].as_str().unwrap();
        seeded += api.get(&format!("/users/{id}/sessions")).await.body["data"]
            .as_array()
            .unwrap()
            .len();
    }
    assert!(seeded > 0);
}

#[tokio::test]
async fn a_running_vendor_shuts_down() {
    let running = AcmeVendor::demo().spawn("127.0.0.1:0").await.unwrap();
    let url = format!("{}/healthz", running.base_url());
    assert_eq!(reqwest::get(&url).await.unwrap().status(), StatusCode::OK);
    running.shutdown().await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    assert!(client.get(&url).send().await.is_err());
}
