//! `/Users`: Okta's import, create, update, deprovision and password sync sequences.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use okta_actions::contracts::ScimMultiValuedAttribute;
use okta_actions::server::scim::{CursorList, ScimCursorStore};
use reqwest::Method;
use serde_json::{Value, json};

use super::support::{self, Harness, LIFECYCLE_STAMP, OWN_SCHEMA, Okta};

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// The user Okta's SCIM reference creates, with `groups: []`, a password and a custom attribute.
fn okta_user(user_name: &str) -> Value {
    json!({
        "schemas": [CORE],
        "userName": user_name,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": true,
        "favouriteColour": "green"
    })
}

/// Creates a user the way Okta does and returns its id.
async fn create(harness: &Harness, sub: &str, user_name: &str) -> String {
    let answer = harness.okta(sub).post("/Users", okta_user(user_name)).await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
    answer.body["id"].as_str().expect("an id").to_owned()
}

/// Pages through `/Users` as Okta does (another page while the total lies beyond this one);
/// returns the ids seen and the total of each page.
async fn import(okta: &Okta, count: u64) -> (Vec<String>, Vec<u64>) {
    let mut seen = Vec::new();
    let mut start = 1;
    let mut totals = Vec::new();
    loop {
        let answer = okta
            .get(&format!("/Users?startIndex={start}&count={count}"))
            .await;
        let total = answer.body["totalResults"]
            .as_u64()
            .expect("totalResults is an integer");
        let resources = answer.assert_list(total, start);
        for user in resources {
            assert_eq!(user["meta"]["resourceType"], "User");
            assert_eq!(
                user["meta"]["location"],
                format!("{}/Users/{}", okta.base, user["id"].as_str().unwrap())
            );
            seen.push(user["id"].as_str().unwrap().to_owned());
        }
        totals.push(total);
        if total < start + count {
            break;
        }
        start += count;
        assert!(start < 10_000, "paging must end");
    }
    (seen, totals)
}

fn list_calls(harness: &Harness, sub: &str) -> usize {
    harness.store(sub, |t| {
        t.calls.iter().filter(|c| **c == "ListUsers").count()
    })
}

#[tokio::test]
async fn import_pages_through_every_user_with_an_exact_total_on_every_page() {
    let harness = Harness::start().await;
    harness.seed_users("imp", 250);
    let (seen, totals) = import(&harness.okta("imp"), 100).await;
    let expected: Vec<String> = (0..250).map(|i| format!("seed-{i}")).collect();
    assert_eq!(seen, expected, "every user once, in the vendor's order");
    assert_eq!(totals, [250, 250, 250], "exact on every page");
    assert_eq!(
        list_calls(&harness, "imp"),
        3 + 2 + 1,
        "each page resumes from the cursor remembered where it starts, then counts to the end"
    );
}

#[tokio::test]
async fn a_page_of_200_among_500_users_reports_500() {
    let harness = Harness::start().await;
    harness.seed_users("five", 500);
    let okta = harness.okta("five");
    let answer = okta.get("/Users?count=200").await;
    assert_eq!(answer.assert_list(500, 1).len(), 200);
    let answer = okta.get("/Users?startIndex=401&count=200").await;
    assert_eq!(answer.assert_list(500, 401).len(), 100);
}

#[tokio::test]
async fn without_exact_totals_the_total_is_a_lower_bound_until_the_last_page() {
    let harness = Harness::start_with(|config| config.exact_totals(false)).await;
    harness.seed_users("lower", 250);
    let (seen, totals) = import(&harness.okta("lower"), 100).await;
    assert_eq!(seen.len(), 250);
    assert_eq!(totals, [101, 201, 250]);
    assert_eq!(list_calls(&harness, "lower"), 3, "one contract call a page");
}

#[tokio::test]
async fn a_replica_sharing_the_cursor_store_resumes_the_import_another_started() {
    let store = SharedStore::default();
    let harness = Harness::start_with({
        let store = store.clone();
        |config| config.cursor_store(store, Duration::from_secs(60))
    })
    .await;
    let replica = harness
        .replica(|config| config.cursor_store(store, Duration::from_secs(60)))
        .await;
    harness.seed_users("replicas", 250);
    let first = harness.okta("replicas");
    let answer = first.get("/Users?startIndex=1&count=100").await;
    assert_eq!(answer.assert_list(250, 1).len(), 100);
    harness.store("replicas", |t| t.calls.clear());
    let answer = replica
        .okta("replicas")
        .get("/Users?startIndex=201&count=100")
        .await;
    let resources = answer.assert_list(250, 201);
    assert_eq!(resources[0]["id"], "seed-200");
    assert_eq!(
        list_calls(&harness, "replicas"),
        1,
        "the second replica resumed at the cursor the first one remembered"
    );
}

/// A cursor store two facades share, as a Redis store would be.
#[derive(Debug, Clone, Default)]
struct SharedStore(Arc<Mutex<Vec<(CursorList, usize, String)>>>);

impl ScimCursorStore for SharedStore {
    fn get<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
    ) -> BoxFuture<'a, Option<(usize, String)>> {
        let found = self
            .0
            .lock()
            .unwrap()
            .iter()
            .filter(|(l, o, _)| l == list && *o <= offset)
            .max_by_key(|(_, o, _)| *o)
            .map(|(_, o, c)| (*o, c.clone()));
        Box::pin(async move { found })
    }

    fn put<'a>(
        &'a self,
        list: &'a CursorList,
        offset: usize,
        cursor: String,
        _ttl: Duration,
    ) -> BoxFuture<'a, ()> {
        self.0.lock().unwrap().push((list.clone(), offset, cursor));
        Box::pin(async {})
    }
}

#[tokio::test]
async fn an_unaligned_page_count_zero_and_a_start_past_the_end() {
    let harness = Harness::start().await;
    harness.seed_users("pages", 30);
    let okta = harness.okta("pages");
    let answer = okta.get("/Users?startIndex=12&count=5").await;
    let ids: Vec<&str> = answer
        .assert_list(30, 12)
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["seed-11", "seed-12", "seed-13", "seed-14", "seed-15"]);
    let answer = okta.get("/Users?count=0").await;
    assert!(
        answer.assert_list(30, 1).is_empty(),
        "count=0: the total only"
    );
    let answer = okta.get("/Users?count=-5&startIndex=-3").await;
    assert!(
        answer.assert_list(30, 1).is_empty(),
        "a negative count is 0, a startIndex below 1 is 1"
    );
    let answer = okta.get("/Users?startIndex=40&count=10").await;
    assert!(answer.assert_list(30, 40).is_empty());
    let answer = okta.get("/Users?startIndex=0").await;
    assert_eq!(
        answer.assert_list(30, 1).len(),
        30,
        "startIndex below 1 is 1"
    );
    okta.get("/Users?count=ten")
        .await
        .assert_error(400, Some("invalidValue"));
}

#[tokio::test]
async fn okta_create_sequence_checks_the_user_name_then_posts_and_reads_back() {
    let harness = Harness::start().await;
    let okta = harness.okta("create");
    let filter =
        "/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100";
    assert!(okta.get(filter).await.assert_list(0, 1).is_empty());

    let answer = okta.post("/Users", okta_user("test.user@okta.local")).await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
    let id = answer.body["id"].as_str().expect("id").to_owned();
    let location = format!("{}/Users/{id}", okta.base);
    assert_eq!(answer.headers["location"], location.as_str());
    assert_eq!(
        answer.body["meta"],
        json!({"resourceType": "User", "location": location})
    );
    assert_eq!(answer.body["userName"], "test.user@okta.local");
    assert_eq!(answer.body["name"]["givenName"], "Test");
    assert_eq!(
        answer.body[OWN_SCHEMA]["favouriteColour"], "green",
        "the vendor's own attributes survive, under the integration's extension URN"
    );
    assert!(answer.body.get("favouriteColour").is_none());
    assert_eq!(answer.body["schemas"], json!([CORE, OWN_SCHEMA]));
    assert_eq!(answer.body["active"], true);
    assert!(
        answer.body.get("password").is_none(),
        "passwords are never returned"
    );
    assert!(
        answer.body.get("groups").is_none(),
        "groups are read-only and were ignored"
    );
    let stored = harness.store("create", |t| {
        (t.passwords.get(&id).cloned(), t.calls.clone())
    });
    assert_eq!(stored.0.as_deref(), Some("1mz050nq"));
    assert_eq!(
        stored.1,
        ["GetUserByUserName", "GetUserByUserName", "CreateUser"]
    );

    let answer = okta.get(filter).await;
    assert_eq!(answer.assert_list(1, 1)[0]["id"], id.as_str());
    // userName is caseExact=false: the filter attribute and value compare case-insensitively.
    let answer = okta
        .get("/Users?filter=USERNAME%20EQ%20%22Test.User%40OKTA.local%22")
        .await;
    assert_eq!(answer.assert_list(1, 1)[0]["id"], id.as_str());
    let answer = okta
        .get(&format!("/Users?filter=id%20eq%20%22{id}%22"))
        .await;
    assert_eq!(
        answer.assert_list(1, 1)[0]["userName"],
        "test.user@okta.local"
    );

    let answer = okta.get(&format!("/Users/{id}")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["emails"][0]["value"], "test.user@okta.local");
    assert_eq!(answer.body["externalId"], "00ujl29u0le5T6Aj10h7");
}

#[tokio::test]
async fn application_json_bodies_are_accepted_too() {
    let harness = Harness::start().await;
    let okta = harness.okta("plainjson");
    let body = serde_json::to_vec(&okta_user("plain@acme.example")).unwrap();
    let answer = okta
        .raw(Method::POST, "/Users", "application/json", body)
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
}

#[tokio::test]
async fn a_duplicate_user_name_is_409_uniqueness_found_before_or_by_create() {
    let harness = Harness::start().await;
    let okta = harness.okta("dup");
    create(&harness, "dup", "ada@acme.example").await;
    let detail = okta
        .post("/Users", okta_user("ada@acme.example"))
        .await
        .assert_error(409, Some("uniqueness"));
    assert!(detail.contains("userName"), "{detail}");
    let creates = harness.store("dup", |t| {
        t.calls.iter().filter(|c| **c == "CreateUser").count()
    });
    assert_eq!(
        creates, 1,
        "found by GetUserByUserName: CreateUser was not called again"
    );

    // A name the lookup misses (the vendor's lookup is case-sensitive) but CreateUser refuses.
    create(&harness, "dup", "Mixed@Acme.example").await;
    okta.post("/Users", okta_user("MIXED@acme.example"))
        .await
        .assert_error(409, Some("uniqueness"));
    assert_eq!(harness.store("dup", |t| t.users.len()), 2);
}

#[tokio::test]
async fn okta_update_sequence_gets_then_puts_the_whole_user() {
    let harness = Harness::start().await;
    let okta = harness.okta("put");
    let id = create(&harness, "put", "test.user@okta.local").await;
    let mut user = okta.get(&format!("/Users/{id}")).await.body;
    user["name"]["middleName"] = json!("Excited");
    user["groups"] = json!([]);
    harness.store("put", |t| t.calls.clear());
    let answer = okta.put(&format!("/Users/{id}"), user).await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["name"]["middleName"], "Excited");
    assert_eq!(answer.body["id"], id.as_str());
    assert_eq!(
        harness.store("put", |t| t.calls.clone()),
        ["GetUserById", "UpdateUser"]
    );
    let stored = harness.store("put", |t| t.users[0].name.clone().unwrap().middle_name);
    assert_eq!(stored.as_deref(), Some("Excited"));

    // An AIW app deactivates with PUT: only `active` changed, so only DeactivateUser runs.
    let mut user = answer.body.clone();
    user["active"] = json!(false);
    harness.store("put", |t| t.calls.clear());
    let answer = okta.put(&format!("/Users/{id}"), user).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["active"], false);
    assert_eq!(
        harness.store("put", |t| t.calls.clone()),
        ["GetUserById", "DeactivateUser"]
    );
}

#[tokio::test]
async fn patch_replaces_attributes_by_path_filter_urn_and_value_object() {
    let harness = Harness::start().await;
    let okta = harness.okta("patchattrs");
    let id = create(&harness, "patchattrs", "ada@acme.example").await;
    let answer = okta
        .patch(
            &format!("/Users/{id}"),
            json!({
                "schemas": [PATCH_OP],
                "Operations": [
                    {"op": "replace", "path": "name.givenName", "value": "Augusta"},
                    {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "augusta@acme.example"},
                    {"op": "add", "path": "phoneNumbers", "value": [{"value": "+44 1", "type": "work"}]},
                    {"op": "replace", "value": {
                        "displayName": "Augusta King",
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Analytics"
                    }},
                    {"op": "replace", "path": ENTERPRISE, "value": {"costCenter": "CC-4100"}},
                    {"op": "remove", "path": "locale"},
                    {"op": "replace", "path": format!("{OWN_SCHEMA}:favouriteColour"), "value": "blue"}
                ]
            }),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    let body = &answer.body;
    assert_eq!(
        body["name"],
        json!({"givenName": "Augusta", "familyName": "User"})
    );
    assert_eq!(
        body["emails"],
        json!([{"primary": true, "value": "augusta@acme.example", "type": "work"}])
    );
    assert_eq!(body["phoneNumbers"][0]["value"], "+44 1");
    assert_eq!(body["displayName"], "Augusta King");
    assert_eq!(
        body[ENTERPRISE],
        json!({"department": "Analytics", "costCenter": "CC-4100"})
    );
    assert_eq!(body["schemas"], json!([CORE, ENTERPRISE, OWN_SCHEMA]));
    assert!(body.get("locale").is_none());
    assert_eq!(body[OWN_SCHEMA]["favouriteColour"], "blue");
    let stored = harness.store("patchattrs", |t| t.users[0].clone());
    assert_eq!(stored.display_name.as_deref(), Some("Augusta King"));
    assert_eq!(
        stored.enterprise.unwrap().department.as_deref(),
        Some("Analytics")
    );
    assert_eq!(
        stored.extra["favouriteColour"], "blue",
        "the contracts carry the vendor's own attributes at the top level"
    );
}

#[tokio::test]
async fn okta_deactivates_and_reactivates_with_patch() {
    let harness = Harness::start().await;
    let okta = harness.okta("lifecycle");
    let id = create(&harness, "lifecycle", "ada@acme.example").await;
    harness.store("lifecycle", |t| t.calls.clear());
    let answer = okta
        .patch(
            &format!("/Users/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": false}}]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["active"], false);
    assert_eq!(answer.body["userName"], "ada@acme.example");
    assert_eq!(
        harness.store("lifecycle", |t| t.calls.clone()),
        ["GetUserById", "DeactivateUser"]
    );
    assert_eq!(
        harness.store("lifecycle", |t| t.users[0].active),
        Some(false)
    );

    harness.store("lifecycle", |t| t.calls.clear());
    let answer = okta
        .patch(
            &format!("/Users/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "active", "value": true}]}),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["active"], true);
    assert_eq!(
        harness.store("lifecycle", |t| t.calls.clone()),
        ["GetUserById", "ActivateUser"]
    );
    assert_eq!(
        harness.store("lifecycle", |t| t.users[0].active),
        Some(true)
    );

    // Already active: nothing to write.
    harness.store("lifecycle", |t| t.calls.clear());
    let answer = okta
        .patch(
            &format!("/Users/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"active": true}}]}),
        )
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        harness.store("lifecycle", |t| t.calls.clone()),
        ["GetUserById"]
    );
}

#[tokio::test]
async fn okta_syncs_a_password_with_patch() {
    let harness = Harness::start().await;
    let okta = harness.okta("password");
    let id = create(&harness, "password", "ada@acme.example").await;
    harness.store("password", |t| t.calls.clear());
    let answer = okta
        .patch(
            &format!("/Users/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "value": {"password": "n3w-Secret!"}}]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert!(answer.body.get("password").is_none());
    assert!(!answer.body.to_string().contains("n3w-Secret!"));
    let (password, calls) = harness.store("password", |t| {
        (t.passwords.get(&id).cloned(), t.calls.clone())
    });
    assert_eq!(password.as_deref(), Some("n3w-Secret!"));
    assert_eq!(calls, ["GetUserById", "UpdateUserPassword"]);
}

#[tokio::test]
async fn delete_deactivates_because_okta_never_deletes_users() {
    let harness = Harness::start().await;
    let okta = harness.okta("delete");
    let id = create(&harness, "delete", "ada@acme.example").await;
    let answer = okta.delete(&format!("/Users/{id}")).await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.body, Value::Null);
    let user = harness.store("delete", |t| t.users[0].clone());
    assert_eq!(user.active, Some(false), "kept, deactivated");
    okta.delete("/Users/nobody").await.assert_error(404, None);
}

#[tokio::test]
async fn with_a_delete_call_delete_removes_the_user_and_it_answers_404() {
    let harness =
        Harness::start_with(|config| config.delete_users_with(support::delete_user)).await;
    let okta = harness.okta("realdelete");
    let id = create(&harness, "realdelete", "ada@acme.example").await;
    harness.store("realdelete", |t| t.calls.clear());
    let answer = okta.delete(&format!("/Users/{id}")).await;
    assert_eq!(answer.status, 204, "{:#}", answer.body);
    assert_eq!(
        harness.store("realdelete", |t| t.calls.clone()),
        ["DeleteUser"]
    );
    okta.get(&format!("/Users/{id}"))
        .await
        .assert_error(404, None);
    assert!(harness.store("realdelete", |t| t.users.is_empty()));
    okta.delete(&format!("/Users/{id}"))
        .await
        .assert_error(404, None);
}

#[tokio::test]
async fn attributes_and_excluded_attributes_project_reads() {
    let harness = Harness::start().await;
    let okta = harness.okta("projection");
    let id = create(&harness, "projection", "ada@acme.example").await;
    let answer = okta.get(&format!("/Users/{id}?attributes=userName")).await;
    assert_eq!(answer.status, 200);
    let location = format!("{}/Users/{id}", okta.base);
    assert_eq!(
        answer.body,
        json!({"schemas": [CORE], "id": id, "userName": "ada@acme.example",
               "meta": {"resourceType": "User", "location": location}})
    );
    let answer = okta.get("/Users?attributes=userName,name.familyName").await;
    assert_eq!(
        answer.assert_list(1, 1)[0],
        json!({"schemas": [CORE], "id": id, "userName": "ada@acme.example", "name": {"familyName": "User"},
               "meta": {"resourceType": "User", "location": location}})
    );
    let answer = okta
        .get(&format!("/Users/{id}?excludedAttributes=emails,name"))
        .await;
    assert!(answer.body.get("emails").is_none());
    assert!(answer.body.get("name").is_none());
    assert_eq!(answer.body["displayName"], "Test User");
}

#[tokio::test]
async fn patch_adds_the_first_extension_attribute_by_its_urn_path() {
    let harness = Harness::start().await;
    let okta = harness.okta("firstext");
    let mut user = okta_user("ada@acme.example");
    user.as_object_mut().unwrap().remove("favouriteColour");
    let answer = okta.post("/Users", user).await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
    assert!(answer.body.get(OWN_SCHEMA).is_none());
    assert_eq!(answer.body["schemas"], json!([CORE]));
    let id = answer.body["id"].as_str().unwrap();
    let answer = okta
        .patch(
            &format!("/Users/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "add", "path": OWN_SCHEMA, "value": {"favouriteColour": "red"}}
            ]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body[OWN_SCHEMA], json!({"favouriteColour": "red"}));
    assert_eq!(
        harness.store("firstext", |t| t.users[0].extra["favouriteColour"].clone()),
        "red"
    );
}

/// `GET /Users?filter=…` (URL-encoded) → the userNames it selects, checking the total.
async fn user_names(okta: &Okta, filter: &str) -> Vec<String> {
    let encoded: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    let answer = okta.get(&format!("/Users?filter={encoded}")).await;
    let total = answer.body["totalResults"].as_u64().unwrap_or(u64::MAX);
    answer
        .assert_list(total, 1)
        .iter()
        .map(|u| u["userName"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn filters_combine_every_operator_with_and_or_not_on_the_attributes_clients_use() {
    let harness = Harness::start().await;
    harness.seed_users("filtering", 5);
    harness.store("filtering", |t| {
        t.users[1].active = Some(false);
        t.users[2].external_id = Some("EXT-2".into());
        t.users[3].display_name = Some("Grace Hopper".into());
        t.users[3].emails = Some(vec![ScimMultiValuedAttribute {
            value: Some("grace@navy.example".into()),
            kind: Some("work".into()),
            ..ScimMultiValuedAttribute::default()
        }]);
    });
    let okta = harness.okta("filtering");
    let names = |indices: &[usize]| -> Vec<String> {
        indices
            .iter()
            .map(|i| format!("user{i}@acme.example"))
            .collect()
    };
    assert_eq!(
        user_names(&okta, r#"userName sw "USER1""#).await,
        names(&[1])
    );
    assert_eq!(
        user_names(
            &okta,
            r#"userName co "er2" or userName ew "4@acme.example""#
        )
        .await,
        names(&[2, 4])
    );
    assert_eq!(user_names(&okta, "active eq false").await, names(&[1]));
    assert_eq!(
        user_names(
            &okta,
            r#"active eq true and not (userName eq "user0@acme.example")"#
        )
        .await,
        names(&[2, 3, 4])
    );
    assert_eq!(
        user_names(&okta, r#"externalId eq "EXT-2""#).await,
        names(&[2])
    );
    assert!(
        user_names(&okta, r#"externalId eq "ext-2""#)
            .await
            .is_empty(),
        "externalId is caseExact"
    );
    assert_eq!(user_names(&okta, "externalId pr").await, names(&[2]));
    assert_eq!(
        user_names(&okta, r#"displayName co "hopper""#).await,
        names(&[3])
    );
    assert_eq!(
        user_names(&okta, r#"emails.value ew "@navy.example""#).await,
        names(&[3])
    );
    assert_eq!(
        user_names(&okta, r#"emails[type eq "work" and value sw "grace"]"#).await,
        names(&[3])
    );
    assert_eq!(user_names(&okta, r#"id eq "seed-4""#).await, names(&[4]));
    assert_eq!(user_names(&okta, r#"id ge "seed-3""#).await, names(&[3, 4]));
    assert_eq!(
        user_names(&okta, r#"meta.lastModified gt "2020-01-01T00:00:00Z""#).await,
        Vec::<String>::new(),
        "this vendor writes no timestamps"
    );
    let answer = okta
        .get("/Users?filter=userName%20sw%20%22user%22&startIndex=2&count=2")
        .await;
    assert_eq!(answer.assert_list(5, 2).len(), 2, "filtered lists page too");
}

#[tokio::test]
async fn search_posts_the_query_and_me_and_cross_type_search_are_501() {
    let harness = Harness::start().await;
    harness.seed_users("search", 3);
    let okta = harness.okta("search");
    let answer = okta
        .post(
            "/Users/.search",
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                "filter": "userName ew \"2@acme.example\" or userName ew \"1@acme.example\"",
                "attributes": ["userName"],
                "startIndex": 1,
                "count": 10
            }),
        )
        .await;
    let found = answer.assert_list(2, 1);
    assert_eq!(found[0]["userName"], "user1@acme.example");
    assert!(found[0].get("active").is_none(), "attributes honoured");
    let answer = okta.post("/Groups/.search", json!({})).await;
    answer.assert_list(0, 1);
    okta.post("/Users/.search", json!({"schemas": ["urn:x"]}))
        .await
        .assert_error(400, Some("invalidSyntax"));
    okta.post("/Users/.search", json!({"filter": "userName zz \"a\""}))
        .await
        .assert_error(400, Some("invalidFilter"));
    okta.post("/.search", json!({}))
        .await
        .assert_error(501, None);
    okta.get("/Me").await.assert_error(501, None);
    okta.get("/Users/.search").await.assert_error(405, None);
}

#[tokio::test]
async fn a_manager_is_answered_with_the_location_of_that_user() {
    let harness = Harness::start().await;
    let okta = harness.okta("manager");
    let mut user = okta_user("ada@acme.example");
    user[ENTERPRISE] = json!({"manager": {"value": "u-boss"}});
    let answer = okta.post("/Users", user).await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
    assert_eq!(
        answer.body[ENTERPRISE]["manager"],
        json!({"value": "u-boss", "$ref": format!("{}/Users/u-boss", okta.base)})
    );
}

#[tokio::test]
async fn the_handler_s_meta_timestamps_and_version_are_answered_with_the_facade_s() {
    let harness = Harness::start().await;
    let okta = harness.okta("meta");
    let id = create(&harness, "meta", "ada@acme.example").await;
    let meta = json!({
        "created": "2024-01-02T03:04:05Z",
        "lastModified": "2024-02-03T04:05:06Z",
        "version": "W/\"3\"",
        "location": "https://elsewhere.example/u"
    });
    harness.store("meta", |t| {
        t.users[0].extra.insert("meta".into(), meta.clone());
    });
    let answer = okta.get(&format!("/Users/{id}")).await;
    assert_eq!(
        answer.body["meta"],
        json!({
            "resourceType": "User",
            "location": format!("{}/Users/{id}", okta.base),
            "created": "2024-01-02T03:04:05Z",
            "lastModified": "2024-02-03T04:05:06Z",
            "version": "W/\"3\""
        })
    );
    assert!(
        answer
            .body
            .get(OWN_SCHEMA)
            .is_some_and(|own| own.get("meta").is_none()),
        "meta is not one of the vendor's own attributes: {:#}",
        answer.body
    );
    let answer = okta
        .get("/Users?filter=meta.lastModified%20gt%20%222024-02-01T00:00:00Z%22")
        .await;
    assert_eq!(answer.assert_list(1, 1)[0]["id"], id.as_str());
}

#[tokio::test]
async fn a_patch_of_active_answers_the_user_as_stored_after_it() {
    let harness = Harness::start().await;
    let okta = harness.okta("stamp");
    let id = create(&harness, "stamp", "ada@acme.example").await;
    harness.store("stamp", |t| {
        let meta = json!({"lastModified": "2024-02-03T04:05:06Z"});
        t.users[0].extra.insert("meta".into(), meta);
    });
    let patch = json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": false}}]
    });
    let answer = okta.patch(&format!("/Users/{id}"), patch).await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["active"], false);
    assert_eq!(answer.body["meta"]["lastModified"], LIFECYCLE_STAMP);
    let read = okta.get(&format!("/Users/{id}")).await;
    assert_eq!(
        answer.body, read.body,
        "the PATCH answer is the stored user"
    );
}

#[tokio::test]
async fn beyond_the_call_budget_a_total_is_a_lower_bound_and_a_filter_is_too_many() {
    let harness = Harness::start_with(|config| config.max_pages(3)).await;
    harness.seed_users("budget", 500);
    let okta = harness.okta("budget");
    let answer = okta.get("/Users?count=100").await;
    assert_eq!(
        answer.assert_list(301, 1).len(),
        100,
        "three calls counted 300 users: the total is a lower bound"
    );
    let answer = okta.get("/Users?startIndex=401&count=100").await;
    assert_eq!(
        answer.assert_list(500, 401).len(),
        100,
        "resumed at the cursor remembered at 300: the end is within the budget"
    );
    okta.get("/Users?filter=userName%20ew%20%22499%40acme.example%22")
        .await
        .assert_error(400, Some("tooMany"));
}
