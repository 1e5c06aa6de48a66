//! `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`.

use reqwest::Method;
use serde_json::{Value, json};

use super::support::{ACME_SCHEMA, Harness, OWN_SCHEMA};

const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";

fn attribute<'a>(schema: &'a Value, name: &str) -> &'a Value {
    schema["attributes"]
        .as_array()
        .expect("attributes")
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no attribute {name} in {schema:#}"))
}

fn sub<'a>(attribute: &'a Value, name: &str) -> &'a Value {
    attribute["subAttributes"]
        .as_array()
        .expect("subAttributes")
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no sub-attribute {name} in {attribute:#}"))
}

#[tokio::test]
async fn the_service_provider_config_describes_what_the_facade_supports() {
    let harness = Harness::start().await;
    let okta = harness.okta("spc");
    let answer = okta.get("/ServiceProviderConfig").await;
    assert_eq!(answer.status, 200);
    let body = &answer.body;
    assert_eq!(
        body["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])
    );
    assert_eq!(body["patch"]["supported"], true);
    assert_eq!(body["bulk"]["supported"], false);
    assert_eq!(
        body["filter"],
        json!({"supported": true, "maxResults": 200})
    );
    assert_eq!(body["changePassword"]["supported"], true);
    assert_eq!(body["sort"]["supported"], false);
    assert_eq!(body["authenticationSchemes"][0]["type"], "oauthbearertoken");
    assert_eq!(
        body["meta"]["location"],
        format!("{}/ServiceProviderConfig", okta.base)
    );
}

#[tokio::test]
async fn resource_types_list_users_with_their_extensions_and_groups() {
    let harness = Harness::start().await;
    let okta = harness.okta("types");
    let answer = okta.get("/ResourceTypes").await;
    let types = answer.assert_list(2, 1);
    assert_eq!(types[0]["id"], "User");
    assert_eq!(types[0]["endpoint"], "/Users");
    assert_eq!(types[0]["schema"], CORE);
    assert_eq!(
        types[0]["schemaExtensions"],
        json!([
            {"schema": ENTERPRISE, "required": false},
            {"schema": OWN_SCHEMA, "required": false},
            {"schema": ACME_SCHEMA, "required": false}
        ])
    );
    assert_eq!(types[1]["id"], "Group");
    assert_eq!(types[1]["schema"], GROUP);
    let answer = okta.get("/ResourceTypes/Group").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["endpoint"], "/Groups");
    okta.get("/ResourceTypes/Device")
        .await
        .assert_error(404, None);
}

#[tokio::test]
async fn schemas_come_from_the_contracts_and_the_vendors_user_schema() {
    let harness = Harness::start().await;
    let okta = harness.okta("schemas");
    let answer = okta.get("/Schemas").await;
    let schemas = answer.assert_list(5, 1);
    let ids: Vec<&str> = schemas.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [CORE, ENTERPRISE, GROUP, OWN_SCHEMA, ACME_SCHEMA]);

    let user = &schemas[0];
    let user_name = attribute(user, "userName");
    assert_eq!(user_name["required"], true);
    assert_eq!(user_name["uniqueness"], "server");
    assert_eq!(user_name["caseExact"], false);
    assert_eq!(attribute(user, "password")["returned"], "never");
    assert_eq!(attribute(user, "emails")["multiValued"], true);
    assert_eq!(attribute(user, "name")["type"], "complex");
    let name = attribute(user, "name");
    assert_eq!(
        (
            name["required"].clone(),
            sub(name, "givenName")["required"].clone()
        ),
        (json!(true), json!(true)),
        "the vendor requires `name.givenName`, so `name` is required too"
    );
    assert_eq!(sub(name, "familyName")["required"], false);
    // Attributes the vendor's schema does not map are read-only; lifecycle and password stay
    // writable through their own actions.
    assert_eq!(sub(name, "givenName")["mutability"], "readWrite");
    assert_eq!(sub(name, "familyName")["mutability"], "readOnly");
    assert_eq!(attribute(user, "title")["mutability"], "readOnly");
    assert_eq!(attribute(user, "active")["mutability"], "readWrite");
    assert_eq!(attribute(user, "password")["mutability"], "writeOnly");
    assert_eq!(
        attribute(&schemas[1], "department")["mutability"],
        "readOnly"
    );
    assert_eq!(
        attribute(&schemas[1], "costCenter")["mutability"],
        "readWrite"
    );
    assert!(
        user["attributes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["name"] != "favouriteColour" && a["name"] != "name.givenName"),
        "the vendor's own attributes are not core attributes"
    );

    let cost_center = attribute(&schemas[1], "costCenter");
    assert_eq!(
        cost_center["canonicalValues"],
        json!(["CC-4100", "CC-4200"])
    );
    assert_eq!(cost_center["description"], "Finance cost centre");
    assert_eq!(attribute(&schemas[2], "members")["multiValued"], true);
    let members = attribute(&schemas[2], "members");
    assert_eq!(sub(members, "type")["canonicalValues"], json!(["User"]));
    assert_eq!(sub(members, "$ref")["referenceTypes"], json!(["User"]));
    assert_eq!(sub(members, "display")["mutability"], "readOnly");
    let own = &schemas[3];
    assert_eq!(own["name"], "acme-scim");
    assert_eq!(
        attribute(own, "favouriteColour")["description"],
        "The vendor's own attribute"
    );
    assert_eq!(
        attribute(own, "startDate")["type"],
        "string",
        "an Okta date is not a SCIM dateTime"
    );
    assert_eq!(
        schemas[4]["name"], "acme",
        "named by the segment before the version"
    );
    let seats = attribute(&schemas[4], "seatCount");
    assert_eq!(seats["type"], "integer");
    assert_eq!(
        schemas[4]["meta"]["location"],
        format!("{}/Schemas/{ACME_SCHEMA}", okta.base)
    );

    let answer = okta.get(&format!("/Schemas/{ENTERPRISE}")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["name"], "EnterpriseUser");
    okta.get("/Schemas/urn:nothing")
        .await
        .assert_error(404, None);
}

#[tokio::test]
async fn discovery_endpoints_refuse_writes_with_405() {
    let harness = Harness::start().await;
    let okta = harness.okta("readonly");
    let answer = okta.post("/Schemas", json!({"schemas": []})).await;
    answer.assert_error(405, None);
    assert_eq!(answer.headers["allow"], "GET, HEAD");
    okta.put("/ServiceProviderConfig", json!({}))
        .await
        .assert_error(405, None);
    okta.send(Method::DELETE, "/ResourceTypes/User", None)
        .await
        .assert_error(405, None);
    let answer = okta.send(Method::PATCH, "/Users", Some(json!({}))).await;
    answer.assert_error(405, None);
    assert_eq!(answer.headers["allow"], "GET, HEAD, POST");
}
