//! The SCIM 2.0 facade over the Acme handlers, driven with the request sequences Okta's SCIM
//! client sends: import, create, update, deactivate, reactivate, password sync and group push.

use std::collections::BTreeSet;

use acme_integration::acme_vendor::{AcmeVendor, DEMO_API_KEY, RunningVendor};
use okta_actions::server::{Adapter, RunningAdapter};
use serde_json::{Value, json};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The vendor, and the adapter serving tenant `demo` at `/scim/v2/demo`.
struct Scim {
    base: String,
    http: reqwest::Client,
    _adapter: RunningAdapter,
    _vendor: RunningVendor,
}

impl Scim {
    async fn start() -> Self {
        let vendor = AcmeVendor::demo().spawn("127.0.0.1:0").await.unwrap();
        let adapter = Adapter::new(acme_integration::for_vendor(&vendor))
            .scim(acme_integration::scim_config())
            .expect("the base path names the tenant variable")
            .bind("127.0.0.1:0")
            .await
            .unwrap();
        Scim {
            base: format!("{}/scim/v2/demo", adapter.url()),
            http: reqwest::Client::new(),
            _adapter: adapter,
            _vendor: vendor,
        }
    }

    /// Sends a request as Okta does (bearer token, SCIM JSON) and returns status and body,
    /// checking the content type of every answer that has a body.
    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(DEMO_API_KEY)
            .header("accept", "application/scim+json");
        if let Some(body) = body {
            request = request
                .header("content-type", "application/scim+json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the adapter answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.text().await.unwrap();
        if !text.is_empty() {
            assert_eq!(
                content_type.as_deref(),
                Some("application/scim+json"),
                "{path}: {text}"
            );
        }
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }

    async fn patch(&self, path: &str, operations: Value) -> (u16, Value) {
        let body = json!({"schemas": [PATCH], "Operations": operations});
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }
}

#[tokio::test]
async fn okta_imports_every_user_and_group_page_by_page() {
    let scim = Scim::start().await;
    let mut ids = BTreeSet::new();
    let mut start = 1;
    loop {
        let (status, page) = scim
            .get(&format!("/Users?startIndex={start}&count=100"))
            .await;
        assert_eq!(status, 200, "{page}");
        assert_eq!(
            page["schemas"][0],
            "urn:ietf:params:scim:api:messages:2.0:ListResponse"
        );
        let resources = page["Resources"].as_array().unwrap();
        for user in resources {
            assert!(
                ids.insert(user["id"].as_str().unwrap().to_owned()),
                "{user}"
            );
            assert!(user["userName"].is_string());
        }
        if resources.is_empty()
            || start + resources.len() as u64 > page["totalResults"].as_u64().unwrap()
        {
            break;
        }
        start += resources.len() as u64;
    }
    assert_eq!(ids.len(), 250, "every Acme user exactly once");

    let (status, groups) = scim.get("/Groups?startIndex=1&count=100").await;
    assert_eq!(status, 200);
    assert_eq!(groups["Resources"].as_array().unwrap().len(), 12);
}

#[tokio::test]
async fn okta_creates_updates_deactivates_reactivates_and_syncs_a_password() {
    let scim = Scim::start().await;
    let user_name = "grace.hopper@acme.example";
    let (status, found) = scim
        .get(&format!(
            "/Users?filter=userName%20eq%20%22{user_name}%22&startIndex=1&count=100"
        ))
        .await;
    assert_eq!(
        (status, found["totalResults"].clone()),
        (200, json!(0)),
        "{found}"
    );

    let new_user = json!({
        "schemas": [USER],
        "userName": user_name,
        "name": {"givenName": "Grace", "familyName": "Hopper"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": "Grace Hopper",
        "active": true,
        "password": "Cobol-1959!",
        "groups": []
    });
    let (status, created) = scim
        .send(reqwest::Method::POST, "/Users", Some(new_user.clone()))
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(
        created.get("password").is_none(),
        "passwords are never returned"
    );
    let meta = &created["meta"];
    assert_eq!(meta["resourceType"], "User");
    assert!(
        meta["created"].as_str().is_some_and(|c| c.ends_with('Z')),
        "Acme's created_at: {meta}"
    );
    assert_eq!(meta["lastModified"], meta["created"]);

    let (status, duplicate) = scim
        .send(reqwest::Method::POST, "/Users", Some(new_user))
        .await;
    assert_eq!(status, 409, "{duplicate}");
    assert_eq!(duplicate["schemas"][0], ERROR);
    assert_eq!(duplicate["scimType"], "uniqueness");

    let mut replacement = created.clone();
    replacement["name"]["givenName"] = json!("Amazing Grace");
    let (status, _) = scim
        .send(
            reqwest::Method::PUT,
            &format!("/Users/{id}"),
            Some(replacement),
        )
        .await;
    assert_eq!(status, 200);
    let (_, read) = scim.get(&format!("/Users/{id}")).await;
    assert_eq!(read["name"]["givenName"], "Amazing Grace");

    let (status, _) = scim
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "replace", "value": {"active": false}}]),
        )
        .await;
    assert!(status == 200 || status == 204, "{status}");
    assert_eq!(scim.get(&format!("/Users/{id}")).await.1["active"], false);

    let (status, _) = scim
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "replace", "path": "active", "value": true}]),
        )
        .await;
    assert!(status == 200 || status == 204, "{status}");
    assert_eq!(scim.get(&format!("/Users/{id}")).await.1["active"], true);

    let (status, _) = scim
        .patch(
            &format!("/Users/{id}"),
            json!([{"op": "replace", "value": {"password": "Flow-Matic-1955!"}}]),
        )
        .await;
    assert!(status == 200 || status == 204, "{status}");
}

#[tokio::test]
async fn okta_pushes_a_group_and_its_members() {
    let scim = Scim::start().await;
    let (_, users) = scim.get("/Users?startIndex=1&count=2").await;
    let members: Vec<&str> = users["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();

    let (status, group) = scim
        .send(
            reqwest::Method::POST,
            "/Groups",
            Some(json!({"schemas": [GROUP], "displayName": "Night Shift", "members": []})),
        )
        .await;
    assert_eq!(status, 201, "{group}");
    let id = group["id"].as_str().unwrap().to_owned();
    let path = format!("/Groups/{id}");

    let add = json!([{"op": "add", "path": "members", "value": [{"value": members[0]}, {"value": members[1]}]}]);
    let (status, _) = scim.patch(&path, add).await;
    assert!(status == 200 || status == 204, "{status}");
    let listed = |group: &Value| -> BTreeSet<String> {
        group["members"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| m["value"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, read) = scim.get(&path).await;
    assert_eq!(
        listed(&read),
        members.iter().map(|m| m.to_string()).collect()
    );

    let remove = json!([{"op": "remove", "path": format!("members[value eq \"{}\"]", members[0])}]);
    let (status, _) = scim.patch(&path, remove).await;
    assert!(status == 200 || status == 204, "{status}");
    let (_, read) = scim.get(&path).await;
    assert_eq!(listed(&read), BTreeSet::from([members[1].to_owned()]));

    let rename = json!([{"op": "replace", "value": {"id": id, "displayName": "Night Owls"}}]);
    let (status, _) = scim.patch(&path, rename).await;
    assert!(status == 200 || status == 204, "{status}");
    assert_eq!(scim.get(&path).await.1["displayName"], "Night Owls");

    let (status, _) = scim.send(reqwest::Method::DELETE, &path, None).await;
    assert_eq!(status, 204);
    let (status, gone) = scim.get(&path).await;
    assert_eq!(status, 404);
    assert_eq!(gone["schemas"][0], ERROR);
}

#[tokio::test]
async fn filters_beyond_okta_s_are_evaluated_over_every_acme_user() {
    let scim = Scim::start().await;
    let (status, page) = scim
        .get("/Users?filter=title%20eq%20%22Analyst%22%20and%20active%20eq%20true&count=5")
        .await;
    assert_eq!(status, 200, "{page}");
    let total = page["totalResults"].as_u64().unwrap();
    assert!(total > 5, "{total}");
    for user in page["Resources"].as_array().unwrap() {
        assert_eq!(user["title"], "Analyst");
        assert_eq!(user["active"], true);
    }
    let (_, all) = scim
        .get("/Users?filter=title%20eq%20%22Analyst%22&count=200")
        .await;
    let analysts = all["totalResults"].as_u64().unwrap();
    assert_eq!(all["Resources"].as_array().unwrap().len() as u64, analysts);
    assert!(analysts >= total);
}

#[tokio::test]
async fn delete_removes_an_acme_user_which_then_answers_404() {
    let scim = Scim::start().await;
    let (_, users) = scim.get("/Users?startIndex=1&count=1").await;
    let id = users["Resources"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = scim
        .send(reqwest::Method::DELETE, &format!("/Users/{id}"), None)
        .await;
    assert_eq!(status, 204);
    let (status, gone) = scim.get(&format!("/Users/{id}")).await;
    assert_eq!((status, gone["status"].clone()), (404, json!("404")));
    let (_, page) = scim.get("/Users?count=0").await;
    assert_eq!(page["totalResults"], 249, "one user fewer");
}

#[tokio::test]
async fn okta_is_refused_without_its_token_and_told_about_unknown_ids() {
    let scim = Scim::start().await;
    let response = reqwest::get(format!("{}/Users", scim.base)).await.unwrap();
    assert_eq!(response.status(), 401);
    assert!(response.headers().contains_key("www-authenticate"));
    let (status, error) = scim.get("/Users/usr_does_not_exist").await;
    assert_eq!(status, 404);
    assert_eq!(error["status"], "404");
    let (status, error) = scim.get("/Users?filter=title%20zz%20%22x%22").await;
    assert_eq!(
        (status, error["scimType"].clone()),
        (400, json!("invalidFilter"))
    );
}
