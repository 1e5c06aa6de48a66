//! Every one of the 22 actions against the embedded Acme vendor over real sockets: each output
//! valid under its contract, and the vendor's state consistent with what the actions said.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use acme_integration::acme_vendor::{AcmeVendor, RateLimit, RunningVendor, TenantSpec};
use okta_actions::Integration;
use okta_actions::auth::TenantContext;
use okta_actions::contracts::{Direction, validators};
use serde_json::{Value, json};

/// The embedded vendor and the integration calling it.
struct Harness {
    integration: Integration,
    vendor: RunningVendor,
}

impl Harness {
    async fn demo() -> Self {
        let (integration, vendor) = acme_integration::demo().await.unwrap();
        Harness {
            integration,
            vendor,
        }
    }

    async fn with(vendor: AcmeVendor) -> Self {
        let vendor = vendor.spawn("127.0.0.1:0").await.unwrap();
        Harness {
            integration: acme_integration::for_vendor(&vendor),
            vendor,
        }
    }

    /// Runs an action for a tenant; the input and the output must both be contract-valid.
    async fn run_as(&self, tenant: &TenantContext, ident: &str, input: Value) -> Value {
        if let Err(faults) = validators().validate(ident, Direction::Input, &input) {
            panic!("{ident} test input breaks the contract: {faults:?}");
        }
        let ctx = self.integration.context("req-test", tenant).unwrap();
        let action = self.integration.action(ident).expect("registered");
        let out = tokio::time::timeout(Duration::from_secs(30), action.invoke(ctx, input))
            .await
            .expect("the action finishes");
        if let Err(faults) = validators().validate(ident, Direction::Output, &out.body) {
            panic!(
                "{ident} output breaks the contract: {faults:?}\n{}",
                out.body
            );
        }
        out.body
    }

    async fn run(&self, ident: &str, input: Value) -> Value {
        self.run_as(&acme_integration::demo_tenant(), ident, input)
            .await
    }

    /// Runs an action that must succeed.
    async fn ok(&self, ident: &str, input: Value) -> Value {
        let body = self.run(ident, input).await;
        assert_eq!(
            body["executionStatus"]["status"], "SUCCEEDED",
            "{ident}: {body}"
        );
        body
    }

    /// Runs an action that must fail, returning its one error.
    async fn fails(&self, ident: &str, input: Value) -> Value {
        let body = self.run(ident, input).await;
        assert_eq!(
            body["executionStatus"]["status"], "FAILED",
            "{ident}: {body}"
        );
        body["executionStatus"]["errors"][0].clone()
    }

    /// Pages through a list action; every item's `key` once, in page order.
    async fn all(
        &self,
        ident: &str,
        mut input: Value,
        items: &str,
        limit: i64,
    ) -> (Vec<Value>, usize) {
        let mut seen = Vec::new();
        let mut pages = 0;
        let mut cursor: Option<String> = None;
        loop {
            input["pagination"] = json!({"limit": limit});
            if let Some(c) = &cursor {
                input["pagination"]["cursor"] = json!(c);
            }
            let page = self.ok(ident, input.clone()).await;
            pages += 1;
            let batch = page[items].as_array().unwrap();
            assert!(
                batch.len() as i64 <= limit,
                "{ident}: a page holds at most `limit` items"
            );
            seen.extend(batch.iter().cloned());
            cursor = page["pagination"]["nextCursor"]
                .as_str()
                .filter(|c| !c.is_empty())
                .map(str::to_owned);
            if cursor.is_none() {
                return (seen, pages);
            }
            assert!(pages < 500, "{ident}: paging must end");
        }
    }
}

fn ids(items: &[Value], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| i[key].as_str().unwrap().to_owned())
        .collect()
}

fn unique(ids: &[String]) -> BTreeSet<&str> {
    ids.iter().map(String::as_str).collect()
}

fn new_user(user_name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        "userName": user_name,
        "name": {"givenName": "Katherine", "familyName": "Johnson"},
        "emails": [{"value": format!("{user_name}@nasa.example"), "type": "work", "primary": true}],
        "title": "Mathematician",
        "active": true,
        "password": "orbital-1962",
        "roles": [{"value": "role_editor", "type": "Role"}],
        "entitlements": [{"value": "lic_pro", "type": "License"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "Flight Research", "employeeNumber": "E-1962"},
        "region": "amer",
        "clearance_level": 4
    })
}

#[tokio::test]
async fn the_integration_declares_all_22_actions_and_its_auth() {
    let integration = acme_integration::integration();
    let declared: BTreeSet<&str> = integration
        .actions()
        .iter()
        .map(|a| a.meta().action)
        .collect();
    let contracts: BTreeSet<&str> = okta_actions::contracts::contracts()
        .actions
        .iter()
        .map(|a| a.ident.as_str())
        .collect();
    assert_eq!(declared, contracts);
    assert_eq!(integration.capabilities().len(), 3);
    let auth = integration.auth().unwrap();
    assert_eq!(
        auth.base_url_template(),
        "https://api.acme.example/t/{app.subdomain}/v1"
    );
    let declarative: BTreeSet<(&str, &str)> = integration
        .actions()
        .iter()
        .filter_map(|a| Some((a.meta().action, a.meta().vendor_call?)))
        .collect();
    assert_eq!(
        declarative,
        BTreeSet::from([
            ("ActivateUser", "POST /users/{userId}/enable"),
            ("AddGroupMembers", "POST /teams/{groupId}/members"),
            ("CreateGroup", "POST /teams"),
            ("CreateUser", "POST /users"),
            ("DeactivateUser", "POST /users/{userId}/disable"),
            ("GetGroupById", "GET /teams/{groupId}"),
            ("GetUserById", "GET /users/{userId}"),
            ("GetUserByUserName", "GET /users/by-username/{userName}"),
            ("ListGroupMembers", "GET /teams/{groupId}/members"),
            ("ListGroups", "GET /teams"),
            ("ListGroupsByDisplayName", "GET /teams?name={displayName}"),
            ("ListUserSchema", "GET /custom-fields"),
            ("ListUserSchemaPropertyValues", "GET /custom-fields"),
            ("ListUsers", "GET /users"),
            ("RemoveGroup", "DELETE /teams/{groupId}"),
            (
                "RemoveGroupMembers",
                "DELETE /teams/{groupId}/members/{groupMembers.value}",
            ),
            ("UpdateGroup", "PATCH /teams/{group.id}"),
            ("UpdateUserPassword", "PUT /users/{userId}/password"),
        ])
    );
    assert!(
        integration
            .actions()
            .iter()
            .all(|a| !a.meta().doc.is_empty()),
        "every handler is documented"
    );
}

#[tokio::test]
async fn list_users_pages_over_all_250_users_exactly_once() {
    let h = Harness::demo().await;
    let (users, pages) = h.all("ListUsers", json!({}), "resources", 100).await;
    let user_ids = ids(&users, "id");
    assert_eq!(
        (user_ids.len(), unique(&user_ids).len(), pages),
        (250, 250, 3)
    );
    // Okta may ask for 200; Acme serves at most 100 a page, and the cursor carries on.
    let (users, pages) = h.all("ListUsers", json!({}), "resources", 200).await;
    assert_eq!((users.len(), pages), (250, 3));
    let (users, pages) = h.all("ListUsers", json!({}), "resources", 40).await;
    assert_eq!((unique(&ids(&users, "id")).len(), pages), (250, 7));
    let first = h.ok("ListUsers", json!({})).await;
    assert_eq!(
        first["resources"].as_array().unwrap().len(),
        100,
        "no limit: Acme's largest page"
    );
    let user = &first["resources"][0];
    assert!(user["id"].as_str().unwrap().starts_with("usr_"));
    assert!(
        user["emails"][0]["value"]
            .as_str()
            .unwrap()
            .ends_with("@demo.acme.example")
    );
    assert!(
        user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["department"]
            .is_string()
    );
    assert!(
        user["region"].is_string(),
        "custom fields are extra attributes"
    );
    let forged = h
        .fails("ListUsers", json!({"pagination": {"cursor": "forged"}}))
        .await;
    assert_eq!(
        (forged["type"].as_str(), forged["httpStatusCode"].as_i64()),
        (Some("GENERIC_FAILURE"), Some(400))
    );
}

#[tokio::test]
async fn users_are_created_read_updated_and_deactivated() {
    let h = Harness::demo().await;
    let created = h
        .ok("CreateUser", json!({"user": new_user("kjohnson")}))
        .await["user"]
        .clone();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["userName"], "kjohnson");
    assert_eq!(created["active"], true);
    assert_eq!(
        created["roles"],
        json!([{"value": "role_editor", "display": "Editor", "type": "Role"}])
    );
    assert_eq!(created["entitlements"][0]["value"], "lic_pro");
    assert_eq!(created["region"], "amer");
    assert_eq!(created["clearance_level"], 4);
    assert!(
        created.get("password").is_none(),
        "passwords never come back"
    );

    // The created user is listed, and found by id and by userName.
    let (users, _) = h.all("ListUsers", json!({}), "resources", 100).await;
    assert_eq!(users.len(), 251);
    assert!(users.iter().any(|u| u["id"] == id.as_str()));
    let by_id = h.ok("GetUserById", json!({"userId": id})).await["user"].clone();
    assert_eq!(by_id, created);
    let by_name = h
        .ok("GetUserByUserName", json!({"userName": "KJohnson"}))
        .await["user"]
        .clone();
    assert_eq!(by_name["id"], id.as_str());

    // A full replace: what Okta leaves out is cleared; `active` toggles the lifecycle.
    let mut update = created.clone();
    update["title"] = json!("Research Mathematician");
    update.as_object_mut().unwrap().remove("region");
    update["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] =
        json!({"department": "Analysis"});
    update["active"] = json!(false);
    update["roles"] =
        json!([{"value": "role_admin", "type": "Role"}, {"value": "role_viewer", "type": "Role"}]);
    let updated = h.ok("UpdateUser", json!({"user": update})).await["user"].clone();
    assert_eq!(updated["title"], "Research Mathematician");
    assert!(updated.get("region").is_none());
    assert_eq!(updated["clearance_level"], 4);
    assert_eq!(
        updated["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        json!({"department": "Analysis"})
    );
    assert_eq!(updated["active"], false);
    assert_eq!(
        ids(updated["roles"].as_array().unwrap(), "value"),
        ["role_admin", "role_viewer"]
    );
    assert_eq!(
        h.ok("GetUserById", json!({"userId": id})).await["user"],
        updated
    );

    h.ok("ActivateUser", json!({"userId": id})).await;
    assert_eq!(
        h.ok("GetUserById", json!({"userId": id})).await["user"]["active"],
        true
    );
    h.ok("DeactivateUser", json!({"userId": id})).await;
    assert_eq!(
        h.ok("GetUserById", json!({"userId": id})).await["user"]["active"],
        false
    );

    h.ok(
        "UpdateUserPassword",
        json!({"userId": id, "password": "new-orbit-1969"}),
    )
    .await;
    let weak = h
        .fails(
            "UpdateUserPassword",
            json!({"userId": id, "password": "short"}),
        )
        .await;
    assert_eq!(
        (weak["type"].as_str(), weak["code"].as_str()),
        (Some("GENERIC_FAILURE"), Some("validation_failed"))
    );
    assert!(weak["summary"].as_str().unwrap().contains("password"));

    // Creating the same userName again is a clear conflict.
    let taken = h
        .fails("CreateUser", json!({"user": new_user("KJOHNSON")}))
        .await;
    assert_eq!(
        (taken["code"].as_str(), taken["httpStatusCode"].as_i64()),
        (Some("username_taken"), Some(409))
    );
    assert!(
        taken["summary"]
            .as_str()
            .unwrap()
            .contains("already has a user")
    );
    assert!(
        taken["requestId"]
            .as_str()
            .unwrap()
            .starts_with("acme-req-"),
        "Acme's request id"
    );
    // Unknown custom attributes are refused by name, not dropped.
    let mut odd = new_user("odd.one");
    odd["shoeSize"] = json!(42);
    let refused = h.fails("CreateUser", json!({"user": odd})).await;
    assert!(
        refused["summary"]
            .as_str()
            .unwrap()
            .contains("custom_fields.shoeSize"),
        "{refused}"
    );
}

#[tokio::test]
async fn groups_and_their_members() {
    let h = Harness::demo().await;
    let (groups, pages) = h.all("ListGroups", json!({}), "resources", 5).await;
    assert_eq!((unique(&ids(&groups, "id")).len(), pages), (12, 3));
    let engineering = groups
        .iter()
        .find(|g| g["displayName"] == "Engineering")
        .unwrap();
    let found = h
        .ok("GetGroupById", json!({"groupId": engineering["id"]}))
        .await;
    assert_eq!(&found["group"], engineering);
    let by_name = h
        .ok(
            "ListGroupsByDisplayName",
            json!({"displayName": "engineering"}),
        )
        .await;
    assert_eq!(by_name["resources"], json!([engineering]));
    let none = h
        .ok("ListGroupsByDisplayName", json!({"displayName": "Nobody"}))
        .await;
    assert_eq!(none["resources"], json!([]));

    let created = h.ok("CreateGroup", json!({"group": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Apollo", "description": "Moonshot"}})).await;
    let group_id = created["group"]["id"].as_str().unwrap().to_owned();
    assert!(group_id.starts_with("grp_"));
    let dup = h
        .fails(
            "CreateGroup",
            json!({"group": {"schemas": [], "displayName": "apollo"}}),
        )
        .await;
    assert_eq!(
        (dup["code"].as_str(), dup["httpStatusCode"].as_i64()),
        (Some("team_name_taken"), Some(409))
    );
    let updated = h
        .ok(
            "UpdateGroup",
            json!({"group": {"schemas": [], "id": group_id, "displayName": "Apollo 11"}}),
        )
        .await;
    assert_eq!(
        updated["group"],
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": group_id, "displayName": "Apollo 11"})
    );

    let (users, _) = h.all("ListUsers", json!({}), "resources", 100).await;
    let members: Vec<Value> = users
        .iter()
        .take(150)
        .map(|u| json!({"value": u["id"], "display": u["displayName"]}))
        .collect();
    h.ok(
        "AddGroupMembers",
        json!({"groupId": group_id, "groupMembers": members}),
    )
    .await;
    let (listed, pages) = h
        .all(
            "ListGroupMembers",
            json!({"groupId": group_id}),
            "resources",
            100,
        )
        .await;
    assert_eq!((listed.len(), pages), (150, 2));
    assert!(listed.iter().all(|m| m["display"].is_string()));
    h.ok(
        "AddGroupMembers",
        json!({"groupId": group_id, "groupMembers": members[..2]}),
    )
    .await;

    let removed: Vec<Value> = members[..10].to_vec();
    h.ok(
        "RemoveGroupMembers",
        json!({"groupId": group_id, "groupMembers": removed}),
    )
    .await;
    h.ok(
        "RemoveGroupMembers",
        json!({"groupId": group_id, "groupMembers": removed}),
    )
    .await;
    let (listed, _) = h
        .all(
            "ListGroupMembers",
            json!({"groupId": group_id}),
            "resources",
            200,
        )
        .await;
    let left = unique_owned(&ids(&listed, "value"));
    assert_eq!(left.len(), 140);
    assert!(
        removed
            .iter()
            .all(|m| !left.contains(m["value"].as_str().unwrap())),
        "removed members are gone"
    );
    let unknown = h
        .fails(
            "AddGroupMembers",
            json!({"groupId": group_id, "groupMembers": [{"value": "usr_nobody"}]}),
        )
        .await;
    assert!(unknown["summary"].as_str().unwrap().contains("user_ids[0]"));

    h.ok("RemoveGroup", json!({"groupId": group_id})).await;
    let gone = h.fails("GetGroupById", json!({"groupId": group_id})).await;
    assert_eq!(gone["type"], "RESOURCE_NOT_FOUND");
    let gone = h
        .fails("ListGroupMembers", json!({"groupId": group_id}))
        .await;
    assert_eq!(gone["type"], "RESOURCE_NOT_FOUND");
    let gone = h
        .fails(
            "RemoveGroupMembers",
            json!({"groupId": group_id, "groupMembers": [{"value": "usr_x"}]}),
        )
        .await;
    assert_eq!(gone["type"], "RESOURCE_NOT_FOUND");
}

fn unique_owned(ids: &[String]) -> BTreeSet<String> {
    ids.iter().cloned().collect()
}

#[tokio::test]
async fn user_schema_and_entitlements_are_discovered() {
    let h = Harness::demo().await;
    let (properties, pages) = h
        .all("ListUserSchema", json!({}), "schemaProperties", 5)
        .await;
    let names = ids(&properties, "name");
    assert_eq!((unique(&names).len(), names.len(), pages), (17, 17, 4));
    assert!(names.starts_with(&["userName".to_owned(), "givenName".to_owned()]));
    let region = properties.iter().find(|p| p["name"] == "region").unwrap();
    assert_eq!(region["enumConstraint"], json!(["amer", "emea", "apac"]));
    assert_eq!(region["schemaName"], "custom");
    let level = properties
        .iter()
        .find(|p| p["name"] == "clearance_level")
        .unwrap();
    assert_eq!(level["propertyType"], "INTEGER");

    let (values, _) = h
        .all(
            "ListUserSchemaPropertyValues",
            json!({}),
            "schemaPropertyValues",
            200,
        )
        .await;
    let by_property: BTreeSet<(&str, &str)> = values
        .iter()
        .map(|v| {
            (
                v["schemaPropertyName"].as_str().unwrap(),
                v["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(by_property.len(), 6);
    assert!(by_property.contains(&("seat_tier", "gold")));

    let schema = h.ok("ListEntitlementSchema", json!({})).await;
    assert_eq!(
        ids(schema["schemaProperties"].as_array().unwrap(), "name"),
        ["roles", "licenses"]
    );
    let (grants, pages) = h
        .all(
            "ListEntitlementSchemaPropertyValues",
            json!({}),
            "schemaPropertyValues",
            2,
        )
        .await;
    let grant_ids = ids(&grants, "id");
    assert_eq!(grant_ids.len(), 9, "5 roles and 4 licences, each once");
    assert_eq!(unique(&grant_ids).len(), 9);
    assert_eq!(pages, 5);
    let admin = grants.iter().find(|g| g["id"] == "role_admin").unwrap();
    assert_eq!(
        admin,
        &json!({"id": "role_admin", "displayName": "Administrator", "schemaPropertyName": "roles", "typeName": "Role", "description": "Full control of the tenant"})
    );
    let bad = h
        .fails(
            "ListEntitlementSchemaPropertyValues",
            json!({"pagination": {"cursor": "teams:1"}}),
        )
        .await;
    assert_eq!(bad["code"], "invalid_cursor");

    // Granted values show on users as the entitlement types the values name.
    let user = h.ok("ListUsers", json!({"pagination": {"limit": 1}})).await["resources"][0].clone();
    let held: Vec<&str> = user["entitlements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert!(held.iter().all(|t| *t == "License") && !held.is_empty());
}

#[tokio::test]
async fn universal_logout_ends_the_users_sessions() {
    let h = Harness::demo().await;
    let ctx = h
        .integration
        .context("req-check", &acme_integration::demo_tenant())
        .unwrap();
    let sessions = |id: String| {
        let vendor = ctx.vendor().unwrap().clone();
        async move {
            let body: Value = vendor
                .get(&format!("/users/{id}/sessions"))
                .send_json()
                .await
                .unwrap();
            body["data"].as_array().unwrap().len()
        }
    };
    let (users, _) = h.all("ListUsers", json!({}), "resources", 100).await;
    let mut with_sessions = Vec::new();
    for user in &users {
        let id = user["id"].as_str().unwrap().to_owned();
        if sessions(id.clone()).await > 0 {
            with_sessions.push((id, user["userName"].as_str().unwrap().to_owned()));
        }
        if with_sessions.len() == 2 {
            break;
        }
    }
    let [(by_id, _), (by_name_id, by_name)] = with_sessions.as_slice() else {
        panic!("the demo seeds sessions");
    };
    let out = h
        .ok(
            "UniversalLogout",
            json!({"externalUserId": by_id, "oktaUserId": "00u1"}),
        )
        .await;
    assert_eq!(out["logoutStatus"], "SUCCESS");
    assert_eq!(sessions(by_id.clone()).await, 0);
    let out = h
        .ok("UniversalLogout", json!({"externalUserName": by_name}))
        .await;
    assert_eq!(out["logoutStatus"], "SUCCESS");
    assert_eq!(sessions(by_name_id.clone()).await, 0);
    h.ok("UniversalLogout", json!({"externalUserId": by_id}))
        .await;

    let unknown = h
        .fails("UniversalLogout", json!({"externalUserId": "usr_nobody"}))
        .await;
    assert_eq!(unknown["type"], "RESOURCE_NOT_FOUND");
    let unknown = h
        .fails("UniversalLogout", json!({"externalUserName": "nobody"}))
        .await;
    assert_eq!(unknown["type"], "RESOURCE_NOT_FOUND");
    let nameless = h
        .fails("UniversalLogout", json!({"oktaUserId": "00u1"}))
        .await;
    assert_eq!(
        (
            nameless["type"].as_str(),
            nameless["httpStatusCode"].as_i64()
        ),
        (Some("GENERIC_FAILURE"), Some(400))
    );
}

#[tokio::test]
async fn unknown_ids_and_bad_credentials_are_contract_errors() {
    let h = Harness::demo().await;
    for (ident, input) in [
        ("GetUserById", json!({"userId": "usr_missing"})),
        ("GetUserByUserName", json!({"userName": "nobody"})),
        (
            "UpdateUser",
            json!({"user": {"schemas": [], "id": "usr_missing", "userName": "x"}}),
        ),
        (
            "UpdateUserPassword",
            json!({"userId": "usr_missing", "password": "long-enough-1"}),
        ),
        ("ActivateUser", json!({"userId": "usr_missing"})),
        ("DeactivateUser", json!({"userId": "usr/../missing"})),
        ("GetGroupById", json!({"groupId": "grp_missing"})),
        (
            "UpdateGroup",
            json!({"group": {"schemas": [], "id": "grp_missing", "displayName": "x"}}),
        ),
        ("RemoveGroup", json!({"groupId": "grp_missing"})),
        (
            "AddGroupMembers",
            json!({"groupId": "grp_missing", "groupMembers": [{"value": "usr_x"}]}),
        ),
    ] {
        let error = h.fails(ident, input).await;
        assert_eq!(
            (error["type"].as_str(), error["httpStatusCode"].as_i64()),
            (Some("RESOURCE_NOT_FOUND"), Some(404)),
            "{ident}: {error}"
        );
        assert!(
            error["summary"].as_str().unwrap().starts_with("no "),
            "Acme's message: {error}"
        );
    }

    let wrong_key = TenantContext::from_headers([
        ("authorization", "Bearer wrong-key"),
        ("x-okta-tenant-subdomain", "demo"),
    ]);
    for ident in [
        "ListUsers",
        "ListGroups",
        "ListUserSchema",
        "ListEntitlementSchemaPropertyValues",
    ] {
        let body = h.run_as(&wrong_key, ident, json!({})).await;
        let error = &body["executionStatus"]["errors"][0];
        assert_eq!(
            (error["type"].as_str(), error["httpStatusCode"].as_i64()),
            (Some("INVALID_CREDENTIALS"), Some(401)),
            "{ident}"
        );
        assert!(
            !body.to_string().contains("wrong-key"),
            "the credential never appears in an output"
        );
    }
    let other_tenant = TenantContext::from_headers([
        ("authorization", "Bearer demo-api-key"),
        ("x-okta-tenant-subdomain", "initech"),
    ]);
    let body = h
        .run_as(&other_tenant, "GetUserById", json!({"userId": "usr_1"}))
        .await;
    assert_eq!(
        body["executionStatus"]["errors"][0]["code"],
        "tenant_not_found"
    );

    let no_subdomain = TenantContext::from_headers([("authorization", "Bearer demo-api-key")]);
    let refused = h.integration.context("r", &no_subdomain).unwrap_err();
    assert!(refused.summary().contains("subdomain"));
    let no_key = TenantContext::from_headers([("x-okta-tenant-subdomain", "demo")]);
    assert_eq!(
        h.integration
            .context("r", &no_key)
            .unwrap_err()
            .error_type()
            .as_str(),
        "INVALID_CREDENTIALS"
    );
}

#[tokio::test]
async fn tenants_reach_their_own_acme_data() {
    let h = Harness::with(
        AcmeVendor::builder()
            .tenant(TenantSpec::demo())
            .tenant(
                TenantSpec::new("globex")
                    .api_key("globex-key")
                    .users(3)
                    .teams(1)
                    .seed(5),
            )
            .build(),
    )
    .await;
    let globex = TenantContext::from_headers([
        ("authorization", "Bearer globex-key"),
        ("x-okta-tenant-subdomain", "globex"),
    ]);
    let users = h.run_as(&globex, "ListUsers", json!({})).await;
    assert_eq!(users["resources"].as_array().unwrap().len(), 3);
    let demo_user =
        h.ok("ListUsers", json!({"pagination": {"limit": 1}})).await["resources"][0]["id"].clone();
    let cross = h
        .run_as(&globex, "GetUserById", json!({"userId": demo_user}))
        .await;
    assert_eq!(
        cross["executionStatus"]["errors"][0]["type"],
        "RESOURCE_NOT_FOUND"
    );
}

#[tokio::test]
async fn acme_rate_limits_are_waited_out_for_reads_and_reported_for_writes() {
    let h = Harness::with(
        AcmeVendor::builder()
            .tenant(TenantSpec::demo())
            .rate_limit(RateLimit::new(1, 0.5))
            .build(),
    )
    .await;
    h.ok("ListEntitlementSchemaPropertyValues", json!({})).await;
    // The bucket is empty: a read is retried after Acme's Retry-After and succeeds.
    let started = Instant::now();
    h.ok("ListGroups", json!({"pagination": {"limit": 1}}))
        .await;
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for Retry-After"
    );
    // The SDK read Acme's X-RateLimit-* headers and now holds its requests until the bucket
    // refills (one token per 2 s); another client of the same tenant takes that token first,
    // so the next write meets a 429 the SDK did not foresee.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let drained = reqwest::Client::new()
        .get(format!(
            "{}/t/demo/v1/users?page_size=1",
            h.vendor.base_url()
        ))
        .header("x-api-key", acme_integration::acme_vendor::DEMO_API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(drained.status(), 200, "the other client took the token");
    // A write is never repeated implicitly: the 429 is the answer.
    let limited = h
        .fails("CreateUser", json!({"user": new_user("too.soon")}))
        .await;
    assert_eq!(
        (limited["type"].as_str(), limited["httpStatusCode"].as_i64()),
        (Some("RATE_LIMIT_EXCEEDED"), Some(429))
    );
}

/// The README's main command: `acme-integration demo` starts the embedded vendor and the
/// adapter, validates all 22 actions as Okta would, prints the report, writes the HTML report
/// and exits 0.
#[test]
fn the_demo_passes_every_check_across_all_22_actions() {
    let dir = std::env::temp_dir().join(format!("acme-demo-{}", std::process::id()));
    let html = dir.join("report.html");
    let json = dir.join("report.json");
    let binary = env!("CARGO_BIN_EXE_acme-integration");

    let demo = std::process::Command::new(binary)
        .args(["demo", "--html", html.to_str().unwrap()])
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8_lossy(&demo.stdout);
    let stderr = String::from_utf8_lossy(&demo.stderr);
    assert_eq!(demo.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Acme: READY for OIN submission"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Okta test plan: 54 of 54 automatable cases passed, 15 manual"),
        "{stdout}"
    );
    assert!(
        stderr.contains(html.to_str().unwrap()),
        "names the HTML report: {stderr}"
    );
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("UniversalLogout")
    );

    let validate = std::process::Command::new(binary)
        .args([
            "validate",
            "--embedded",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ])
        .status()
        .expect("the binary runs");
    assert_eq!(validate.code(), Some(0));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let coverage = report["coverage"].as_array().unwrap();
    assert_eq!(coverage.len(), 22);
    for row in coverage {
        assert_eq!(row["implemented"], true, "{row}");
        assert_eq!(row["status"], "pass", "{row}");
    }
    let conformance = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("conformance."))
        .count();
    assert!(
        conformance >= 25,
        "the conformance run took part: {conformance} checks"
    );
    assert!(
        !report.to_string().contains("demo-api-key"),
        "no credential in the report"
    );
}

/// The committed wiring files (`examples/acme-integration/wiring/`) are what the binary emits
/// today; regenerate them with the commands in the README when this fails.
#[test]
fn the_committed_openapi_and_flow_plan_are_current() {
    let binary = env!("CARGO_BIN_EXE_acme-integration");
    let wiring = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("wiring");
    for (command, file) in [("openapi", "openapi.json"), ("plan", "flow-plan.md")] {
        let output = std::process::Command::new(binary)
            .args([
                command,
                "--adapter-url",
                "https://okta-adapter.acme.example",
            ])
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(0));
        let committed = std::fs::read_to_string(wiring.join(file)).unwrap();
        assert!(
            String::from_utf8_lossy(&output.stdout) == committed,
            "wiring/{file} is stale: run `cargo run -p acme-integration -- {command} \
             --adapter-url https://okta-adapter.acme.example --out examples/acme-integration/wiring/{file}`"
        );
    }
}
