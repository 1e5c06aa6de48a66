//! `/Groups`: Okta's group push and group import sequences.

use serde_json::{Value, json};

use super::support::Harness;

const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn members(harness: &Harness, sub: &str, group: &str) -> Vec<String> {
    harness.store(sub, |t| {
        t.members
            .get(group)
            .map(|m| m.iter().map(|m| m.value.clone()).collect())
            .unwrap_or_default()
    })
}

#[tokio::test]
async fn okta_group_push_creates_adds_removes_renames_and_deletes() {
    let harness = Harness::start().await;
    harness.seed_users("push", 4);
    let okta = harness.okta("push");

    let answer = okta
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Test SCIMv2", "members": []}),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
    let id = answer.body["id"].as_str().expect("id").to_owned();
    let location = format!("{}/Groups/{id}", okta.base);
    assert_eq!(answer.headers["location"], location.as_str());
    assert_eq!(
        answer.body,
        json!({"schemas": [GROUP], "id": id, "displayName": "Test SCIMv2", "members": [],
               "meta": {"resourceType": "Group", "location": location}})
    );

    // Okta's membership update: a filtered remove and an add of a value array.
    let answer = okta
        .patch(
            &format!("/Groups/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "remove", "path": "members[value eq \"seed-3\"]"},
                {"op": "add", "path": "members", "value": [
                    {"value": "seed-0", "display": "user0@acme.example"},
                    {"value": "seed-1", "display": "user1@acme.example"},
                    {"value": "seed-2", "display": "user2@acme.example"}
                ]}
            ]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["displayName"], "Test SCIMv2");
    let answered: Vec<&str> = answer.body["members"]
        .as_array()
        .expect("PATCH answers with the whole group (RFC 7644 §3.5.2)")
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(answered, ["seed-0", "seed-1", "seed-2"]);
    assert_eq!(
        members(&harness, "push", &id),
        ["seed-0", "seed-1", "seed-2"]
    );

    let answer = okta.get(&format!("/Groups/{id}")).await;
    assert_eq!(answer.status, 200);
    let listed: Vec<&str> = answer.body["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| m["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        ["seed-0", "seed-1", "seed-2"],
        "read across the member pages"
    );
    assert_eq!(answer.body["members"][0]["display"], "user0@acme.example");
    assert_eq!(
        answer.body["members"][0]["$ref"],
        format!("{}/Users/seed-0", okta.base)
    );

    // Remove by path filter, and by a value list as other clients send it.
    let answer = okta
        .patch(
            &format!("/Groups/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "remove", "path": "members[value eq \"seed-0\"]"},
                {"op": "remove", "path": "members", "value": [{"value": "seed-2"}]}
            ]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(members(&harness, "push", &id), ["seed-1"]);

    // Okta's rename: the value object carries the unchanged id.
    harness.store("push", |t| t.calls.clear());
    let answer = okta
        .patch(
            &format!("/Groups/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "replace", "value": {"id": id, "displayName": "Test SCIMv20"}}
            ]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["displayName"], "Test SCIMv20");
    assert_eq!(
        harness.store("push", |t| t.calls.clone()),
        ["GetGroupById", "UpdateGroup", "ListGroupMembers"]
    );
    assert_eq!(
        harness.store("push", |t| t.groups[0].display_name.clone()),
        "Test SCIMv20"
    );

    // A full push of the membership.
    let answer = okta
        .patch(
            &format!("/Groups/{id}?excludedAttributes=members"),
            json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "replace", "path": "members", "value": [{"value": "seed-2"}, {"value": "seed-3"}]}
            ]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(members(&harness, "push", &id), ["seed-2", "seed-3"]);
    assert!(
        answer.body.get("members").is_none(),
        "members excluded: {:#}",
        answer.body
    );

    let answer = okta.delete(&format!("/Groups/{id}")).await;
    assert_eq!(answer.status, 204);
    assert_eq!(answer.body, Value::Null);
    okta.get(&format!("/Groups/{id}"))
        .await
        .assert_error(404, None);
    assert!(harness.store("push", |t| t.groups.is_empty()));
}

#[tokio::test]
async fn a_posted_group_gets_its_members_and_put_replaces_them() {
    let harness = Harness::start().await;
    harness.seed_users("grpput", 3);
    let okta = harness.okta("grpput");
    let answer = okta
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Ops", "members": [{"value": "seed-0"}, {"value": "seed-1"}]}),
        )
        .await;
    assert_eq!(answer.status, 201, "{:#}", answer.body);
    let id = answer.body["id"].as_str().unwrap().to_owned();
    assert_eq!(members(&harness, "grpput", &id), ["seed-0", "seed-1"]);

    let answer = okta
        .put(
            &format!("/Groups/{id}"),
            json!({"schemas": [GROUP], "id": id, "displayName": "Operations", "members": [{"value": "seed-1"}, {"value": "seed-2"}]}),
        )
        .await;
    assert_eq!(answer.status, 200, "{:#}", answer.body);
    assert_eq!(answer.body["displayName"], "Operations");
    assert_eq!(members(&harness, "grpput", &id), ["seed-1", "seed-2"]);
}

#[tokio::test]
async fn import_groups_lists_with_members_or_without_when_excluded() {
    let harness = Harness::start().await;
    let okta = harness.okta("grpimport");
    for name in ["Eng", "Engineering", "Sales"] {
        let answer = okta
            .post("/Groups", json!({"schemas": [GROUP], "displayName": name}))
            .await;
        assert_eq!(answer.status, 201);
    }
    let eng = harness.store("grpimport", |t| t.groups[0].id.clone().unwrap());
    harness.store("grpimport", |t| {
        t.members.insert(
            eng.clone(),
            vec![okta_actions::contracts::GroupMember {
                value: "u-9".into(),
                display: None,
            }],
        );
    });
    let answer = okta.get("/Groups?startIndex=1&count=100").await;
    let groups = answer.assert_list(3, 1);
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Eng", "Engineering", "Sales"]);
    assert_eq!(groups[0]["members"][0]["value"], "u-9");
    assert_eq!(groups[1]["members"], json!([]));

    harness.store("grpimport", |t| t.calls.clear());
    let answer = okta.get("/Groups?excludedAttributes=members").await;
    assert!(
        answer
            .assert_list(3, 1)
            .iter()
            .all(|g| g.get("members").is_none())
    );
    assert!(
        !harness.store("grpimport", |t| t.calls.contains(&"ListGroupMembers")),
        "excluded members are not read"
    );

    // The vendor's search matches substrings; `eq` keeps exact (case-insensitive) matches.
    let answer = okta
        .get("/Groups?filter=displayName%20eq%20%22eng%22&excludedAttributes=members")
        .await;
    let found = answer.assert_list(1, 1);
    assert_eq!(found[0]["displayName"], "Eng");
    let answer = okta
        .get("/Groups?filter=displayName%20eq%20%22Marketing%22")
        .await;
    assert!(answer.assert_list(0, 1).is_empty());
}

#[tokio::test]
async fn a_membership_filter_reads_members_and_an_id_filter_reads_one_group() {
    let harness = Harness::start().await;
    harness.seed_users("memberof", 3);
    let okta = harness.okta("memberof");
    let mut ids = Vec::new();
    for (name, members) in [("Ops", vec!["seed-0", "seed-1"]), ("Dev", vec!["seed-2"])] {
        let members: Vec<_> = members.iter().map(|m| json!({"value": m})).collect();
        let answer = okta
            .post(
                "/Groups",
                json!({"schemas": [GROUP], "displayName": name, "members": members}),
            )
            .await;
        assert_eq!(answer.status, 201, "{:#}", answer.body);
        ids.push(answer.body["id"].as_str().unwrap().to_owned());
    }
    let names = |answer: &super::support::Answer| -> Vec<String> {
        let total = answer.body["totalResults"].as_u64().unwrap();
        answer
            .assert_list(total, 1)
            .iter()
            .map(|g| g["displayName"].as_str().unwrap().to_owned())
            .collect()
    };
    // Entra ID's membership check, and Okta-style URL encoding.
    harness.store("memberof", |t| t.calls.clear());
    let check = |group: &str, user: &str| {
        format!(
            "/Groups?excludedAttributes=members&filter=id%20eq%20%22{group}%22%20and%20members.value%20eq%20%22{user}%22"
        )
    };
    assert_eq!(names(&okta.get(&check(&ids[0], "seed-1")).await), ["Ops"]);
    assert_eq!(
        harness.store("memberof", |t| t.calls.clone()),
        ["GetGroupById", "ListGroupMembers"],
        "one group read, not the whole list"
    );
    assert!(names(&okta.get(&check(&ids[0], "seed-2")).await).is_empty());
    let answer = okta
        .get("/Groups?filter=members%5Bvalue%20eq%20%22seed-2%22%5D")
        .await;
    assert_eq!(names(&answer), ["Dev"]);
    let answer = okta
        .get("/Groups?filter=displayName%20sw%20%22o%22%20or%20displayName%20ew%20%22v%22")
        .await;
    assert_eq!(names(&answer), ["Ops", "Dev"]);
}

#[tokio::test]
async fn a_patch_of_a_group_larger_than_a_page_answers_204_without_reading_it_all() {
    let harness = Harness::start_with(|config| config.page_size(2)).await;
    harness.seed_users("bigpush", 5);
    let okta = harness.okta("bigpush");
    let everyone: Vec<_> = (0..5)
        .map(|i| json!({"value": format!("seed-{i}")}))
        .collect();
    let answer = okta
        .post(
            "/Groups",
            json!({"schemas": [GROUP], "displayName": "Everyone", "members": everyone}),
        )
        .await;
    let id = answer.body["id"].as_str().unwrap().to_owned();
    harness.store("bigpush", |t| t.calls.clear());
    let answer = okta
        .patch(
            &format!("/Groups/{id}"),
            json!({"schemas": [PATCH_OP], "Operations": [
                {"op": "remove", "path": "members[value eq \"seed-4\"]"}
            ]}),
        )
        .await;
    assert_eq!(answer.status, 204, "{:#}", answer.body);
    assert_eq!(answer.body, Value::Null);
    assert_eq!(members(&harness, "bigpush", &id).len(), 4);
    let reads = harness.store("bigpush", |t| {
        t.calls.iter().filter(|c| **c == "ListGroupMembers").count()
    });
    assert_eq!(
        reads, 2,
        "two pages of two: more than a page, so no further read"
    );
}
