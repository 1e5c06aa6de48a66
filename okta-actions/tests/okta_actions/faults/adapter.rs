//! The integration under fault: declarative and imperative handlers for writes (POST, PATCH),
//! lookups and paged lists, served by a real adapter whose vendor is the fault proxy.

use std::time::Duration;

use okta_actions::auth::{AuthMapping, CredentialMapping, OinAuthType};
use okta_actions::client::VendorConfig;
use okta_actions::contracts::*;
use okta_actions::server::{Adapter, RunningAdapter};
use okta_actions::{ActionContext, ActionError, Integration, provisioning_action};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::vendor::KEY;

/// One attempt's timeout: the proxy's delays are longer.
pub(crate) const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(400);

#[derive(Deserialize)]
struct Person {
    id: String,
    login: String,
}

fn user(p: Person) -> ScimUser {
    let mut user = ScimUser::new(p.login);
    user.id = Some(p.id);
    user
}

#[derive(Serialize)]
struct NewMember<'a> {
    email: &'a str,
}

fn new_member(input: &CreateUserInput) -> NewMember<'_> {
    NewMember {
        email: &input.user.user_name,
    }
}

/// Declarative POST.
#[provisioning_action(CreateUser, vendor = "POST /members", body = new_member)]
fn create_user(created: Person) -> CreateUserOutput {
    CreateUserOutput {
        user: user(created),
    }
}

/// Declarative GET of one record.
#[provisioning_action(GetUserById, vendor = "GET /people/{userId}")]
fn get_user(found: Person) -> GetUserByIdOutput {
    GetUserByIdOutput { user: user(found) }
}

/// Declarative GET through the vendor's cursor paging.
#[provisioning_action(
    ListUsers,
    vendor = "GET /people",
    items = "data",
    paging = cursor(next = "next_cursor", param = "cursor", size = "limit", max = 100)
)]
fn list_users(p: Person) -> ScimUser {
    user(p)
}

/// Imperative PATCH.
#[provisioning_action(UpdateUser)]
async fn update_user(
    ctx: &ActionContext,
    input: UpdateUserInput,
) -> Result<UpdateUserOutput, ActionError> {
    let id = input.user.id.clone().unwrap_or_default();
    let updated: Person = ctx
        .vendor()?
        .patch(&format!("/members/{id}"))
        .json(&serde_json::json!({"email": input.user.user_name}))
        .send_json()
        .await?;
    Ok(UpdateUserOutput {
        user: user(updated),
    })
}

/// Imperative GET paging: one vendor page per Okta page, the vendor's cursor passed through.
#[provisioning_action(ListGroups)]
async fn list_groups(
    ctx: &ActionContext,
    input: ListGroupsInput,
) -> Result<ListGroupsOutput, ActionError> {
    let page = input.pagination.unwrap_or_default();
    let mut request = ctx
        .vendor()?
        .get("/teams")
        .query("limit", &page.limit.unwrap_or(100).to_string());
    if let Some(cursor) = &page.cursor {
        request = request.query("cursor", cursor);
    }
    let body: Value = request.send_json().await?;
    let resources = body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|team| {
            let mut group = ScimGroup::new(team["login"].as_str().unwrap_or_default());
            group.id = team["id"].as_str().map(str::to_owned);
            group
        })
        .collect();
    Ok(ListGroupsOutput {
        resources,
        pagination: Some(PaginationResponse::next(
            body["next_cursor"].as_str().map(str::to_owned),
        )),
    })
}

/// The integration calling the vendor at `vendor` (the proxy) with `config`.
pub(crate) fn integration(vendor: &str, config: VendorConfig) -> Integration {
    let mapping = AuthMapping::builder()
        .tenant_variable("subdomain")
        .auth_type(OinAuthType::Custom)
        .base_url("https://{app.subdomain}.vendor.example/api")
        .credential(CredentialMapping::ApiKeyHeader {
            header: "X-Api-Key".into(),
            scheme: None,
        })
        .build()
        .expect("valid mapping");
    // Only the actions under test: the OIN flow rules are not the point here.
    let (integration, _violations) = Integration::builder("Faults")
        .action(create_user)
        .action(update_user)
        .action(get_user)
        .action(list_users)
        .action(list_groups)
        .auth(mapping)
        .vendor_config(config)
        .build_with_violations();
    integration.with_vendor_base_url(format!("{vendor}/t/{{app.subdomain}}"))
}

/// Fast backoff, short attempts, and a retry budget of `budget`.
pub(crate) fn config(budget: Duration) -> VendorConfig {
    VendorConfig::default()
        .with_retry_base_delay(Duration::from_millis(10))
        .with_retry_max_delay(Duration::from_millis(50))
        .with_retry_max_elapsed(budget)
        .with_timeout(ATTEMPT_TIMEOUT)
}

/// The adapter serving the integration on loopback.
pub(crate) async fn serve(vendor: &str, config: VendorConfig) -> RunningAdapter {
    Adapter::new(integration(vendor, config))
        .bind("127.0.0.1:0")
        .await
        .expect("bind")
}

/// What the adapter answered.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) request_id: String,
    pub(crate) body: Value,
    pub(crate) text: String,
}

/// Calls `action` as Okta's thin flow does for tenant `acme`.
pub(crate) async fn call(adapter: &RunningAdapter, action: &str, input: &Value) -> Answer {
    let response = reqwest::Client::new()
        .post(format!("{}/actions/{action}", adapter.url()))
        .header("authorization", format!("Bearer {KEY}"))
        .header("x-okta-tenant-subdomain", "acme")
        .json(input)
        .timeout(Duration::from_secs(15))
        .send()
        .await
        .expect("the adapter answers");
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("a whole body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        request_id,
        body,
        text,
    }
}
