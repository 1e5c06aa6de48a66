//! Per-handler paging (`items`, `paging = …`) against real loopback vendors serving thousands of
//! records, each with its own parameter names and a maximum page size below Okta's 200: every
//! record arrives exactly once, whatever page size Okta asks for.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use okta_actions::contracts::*;
use okta_actions::handler::RegisteredAction;
use okta_actions::report::Status;
use okta_actions::{
    ActionContext, ActionError, Integration, entitlements_action, provisioning_action,
};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::client::support::{client, fast_config, serve};

/// Records in each vendor.
const RECORDS: usize = 2_345;
/// The vendors' largest page: a bigger page size is clamped, as real APIs do.
const VENDOR_MAX: usize = 100;

#[derive(Deserialize)]
struct Person {
    id: Value,
    login: String,
}

fn person(p: Person) -> ScimUser {
    let mut user = ScimUser::new(p.login);
    user.id = Some(match p.id {
        Value::String(s) => s,
        other => other.to_string(),
    });
    user
}

/// Body cursors: `next_cursor` sent back as `cursor`, page size `page_size`.
#[provisioning_action(
    ListUsers,
    vendor = "GET /cursor/people",
    items = "data",
    paging = cursor(next = "next_cursor", param = "cursor", size = "page_size", max = 100)
)]
fn by_cursor(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers from 1 in `page`, page size `per_page`, the count in `meta.total`.
#[provisioning_action(
    ListUsers,
    vendor = "GET /page/people",
    items = "/results/items",
    paging = page(param = "page", size = "per_page", first = 1, max = 100, total = "/meta/total")
)]
fn by_page(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers from 0, without a count: a short page ends the list.
#[provisioning_action(
    ListUsers,
    vendor = "GET /page0/people",
    items = "/results/items",
    paging = page(param = "p", size = "per_page", first = 0, max = 100)
)]
fn by_page_from_zero(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers in `page`, page size `per_page`, declared up to 100 while the vendor serves at
/// most 50 (a `max` above the vendor's own).
#[provisioning_action(
    ListUsers,
    vendor = "GET /page50/people",
    items = "people",
    paging = page(param = "page", size = "per_page", first = 1, max = 100)
)]
fn by_page_capped(p: Person) -> ScimUser {
    person(p)
}

/// Offsets in `skip`, page size `take`, declared up to 100 while the vendor serves at most 50.
#[provisioning_action(
    ListUsers,
    vendor = "GET /offset50/people",
    items = "people",
    paging = offset(param = "skip", size = "take", max = 100)
)]
fn by_offset_capped(p: Person) -> ScimUser {
    person(p)
}

/// `total` names the vendor's count of pages, not of records: a mistake.
#[provisioning_action(
    ListUsers,
    vendor = "GET /page50/people",
    items = "people",
    paging = page(param = "page", size = "per_page", first = 1, max = 50, total = "pages")
)]
fn by_page_with_a_page_count_as_total(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers with the vendor's count of pages.
#[provisioning_action(
    ListUsers,
    vendor = "GET /page50/people",
    items = "people",
    paging = page(param = "page", size = "per_page", first = 1, max = 50, pages = "pages")
)]
fn by_page_with_a_page_count(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers read with a page count that is wrong.
#[provisioning_action(
    ListUsers,
    vendor = "GET /page50/people",
    items = "people",
    paging = page(param = "page", size = "per_page", max = 50, pages = "stale_pages")
)]
fn by_page_with_a_stale_page_count(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers against a vendor that ignores `page`.
#[provisioning_action(
    ListUsers,
    vendor = "GET /stuck/people",
    items = "people",
    paging = page(param = "page", size = "per_page", max = 50)
)]
fn by_page_ignored(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers against a vendor with 30 people and a page count.
#[provisioning_action(
    ListUsers,
    vendor = "GET /few/people",
    items = "people",
    paging = page(param = "page", size = "per_page", max = 50, pages = "pages")
)]
fn by_page_few(p: Person) -> ScimUser {
    person(p)
}

/// The same vendor, its page count not read.
#[provisioning_action(
    ListUsers,
    vendor = "GET /few/people",
    items = "people",
    paging = page(param = "page", size = "per_page", max = 50)
)]
fn by_page_few_uncounted(p: Person) -> ScimUser {
    person(p)
}

/// Page numbers against a vendor with no people, and a page count of 0.
#[provisioning_action(
    ListUsers,
    vendor = "GET /nobody/people",
    items = "people",
    paging = page(param = "page", size = "per_page", max = 50, pages = "pages")
)]
fn by_page_nobody(p: Person) -> ScimUser {
    person(p)
}

/// Offsets in `skip`, page size `take`, integer ids.
#[provisioning_action(
    ListUsers,
    vendor = "GET /offset/people",
    items = "records",
    paging = offset(param = "skip", size = "take", max = 100)
)]
fn by_offset(p: Person) -> ScimUser {
    person(p)
}

/// Link headers; the body is the array.
#[provisioning_action(
    ListUsers,
    vendor = "GET /link/people",
    paging = link(size = "count", max = 100)
)]
fn by_link(p: Person) -> ScimUser {
    person(p)
}

#[derive(Deserialize)]
struct Fields {
    fields: Vec<String>,
}

/// One answer with every field; the SDK pages them for Okta.
#[entitlements_action(ListUserSchema, vendor = "GET /all/fields", paging = none)]
fn every_field(all: Fields) -> Vec<SchemaProperty> {
    all.fields
        .into_iter()
        .map(|name| SchemaProperty {
            name: Some(name),
            ..SchemaProperty::default()
        })
        .collect()
}

fn param<'a>(q: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    q.get(name).map(String::as_str)
}

fn size(q: &HashMap<String, String>, name: &str) -> usize {
    param(q, name)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        .clamp(1, VENDOR_MAX)
}

fn people(range: std::ops::Range<usize>, integer_ids: bool) -> Vec<Value> {
    range
        .filter(|i| *i < RECORDS)
        .map(|i| {
            let id = if integer_ids {
                json!(i + 1)
            } else {
                json!(format!("p{i}"))
            };
            json!({"id": id, "login": format!("p{i}@vendor.example")})
        })
        .collect()
}

async fn vendor() -> String {
    type Q = Query<HashMap<String, String>>;
    let base = Arc::new(std::sync::OnceLock::<String>::new());
    let router = Router::new()
        .route(
            "/cursor/people",
            get(|Query(q): Q| async move {
                let at: usize = param(&q, "cursor").map_or(0, |c| c.trim_start_matches('c').parse().unwrap());
                let end = (at + size(&q, "page_size")).min(RECORDS);
                let next = (end < RECORDS).then(|| format!("c{end}"));
                Json(json!({"data": people(at..end, false), "next_cursor": next}))
            }),
        )
        .route(
            "/page/people",
            get(|Query(q): Q| async move {
                let page: usize = param(&q, "page").unwrap().parse().unwrap();
                let n = size(&q, "per_page");
                let at = (page - 1) * n;
                Json(json!({"results": {"items": people(at..at + n, false)}, "meta": {"total": RECORDS}}))
            }),
        )
        .route(
            "/page0/people",
            get(|Query(q): Q| async move {
                let page: usize = param(&q, "p").unwrap().parse().unwrap();
                let n = size(&q, "per_page");
                Json(json!({"results": {"items": people(page * n..page * n + n, false)}}))
            }),
        )
        .route(
            "/page50/people",
            get(|Query(q): Q| async move {
                let page: usize = param(&q, "page").unwrap().parse().unwrap();
                let n = size(&q, "per_page").min(50);
                let at = (page - 1) * n;
                Json(json!({
                    "people": people(at..at + n, false),
                    "pages": RECORDS.div_ceil(n),
                    "stale_pages": 1,
                }))
            }),
        )
        .route(
            "/stuck/people",
            get(|| async { Json(json!({"people": people(0..30, false)})) }),
        )
        .route(
            "/few/people",
            get(|Query(q): Q| async move {
                let page: usize = param(&q, "page").unwrap().parse().unwrap();
                let people = if page == 1 { people(0..30, false) } else { Vec::new() };
                Json(json!({"people": people, "pages": 1}))
            }),
        )
        .route(
            "/nobody/people",
            get(|| async { Json(json!({"people": [], "pages": 0})) }),
        )
        .route(
            "/offset50/people",
            get(|Query(q): Q| async move {
                let at: usize = param(&q, "skip").unwrap().parse().unwrap();
                Json(json!({"people": people(at..at + size(&q, "take").min(50), false)}))
            }),
        )
        .route(
            "/offset/people",
            get(|Query(q): Q| async move {
                let at: usize = param(&q, "skip").unwrap().parse().unwrap();
                Json(json!({"records": people(at..at + size(&q, "take"), true)}))
            }),
        )
        .route(
            "/link/people",
            get(|State(base): State<Arc<std::sync::OnceLock<String>>>, Query(q): Q| async move {
                let at: usize = param(&q, "after").map_or(0, |c| c.parse().unwrap());
                let n = size(&q, "count");
                let end = (at + n).min(RECORDS);
                let mut response = Json(Value::Array(people(at..end, false))).into_response();
                if end < RECORDS {
                    let link = format!("<{}/link/people?count={n}&after={end}>; rel=\"next\"", base.get().unwrap());
                    response.headers_mut().insert(header::LINK, link.parse().unwrap());
                }
                response
            }),
        )
        .route(
            "/all/fields",
            get(|| async {
                Json(json!({"fields": (0..RECORDS).map(|i| format!("field{i}")).collect::<Vec<_>>()}))
            }),
        )
        .with_state(Arc::clone(&base));
    let url = serve(router).await;
    base.set(url.clone()).unwrap();
    url
}

/// Walks a list as Okta does, `limit` at a time: the ids in order and each page's size.
async fn walk(
    action: &RegisteredAction,
    base: &str,
    limit: i64,
    field: &str,
) -> (Vec<String>, Vec<usize>) {
    let mut cursor: Option<String> = None;
    let (mut ids, mut sizes) = (Vec::new(), Vec::new());
    loop {
        let mut input = json!({"pagination": {"limit": limit}});
        if let Some(c) = &cursor {
            input["pagination"]["cursor"] = json!(c);
        }
        let ctx = ActionContext::new("req-paging").with_vendor(client(base, fast_config()));
        let out = action.invoke(ctx, input).await;
        assert_eq!(out.error, None, "{}", out.body);
        assert!(
            validators()
                .validate(action.meta().action, Direction::Output, &out.body)
                .is_ok(),
            "{}",
            out.body
        );
        let page = out.body[field].as_array().unwrap();
        sizes.push(page.len());
        ids.extend(page.iter().map(|r| {
            r.get("id")
                .or_else(|| r.get("name"))
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        }));
        cursor = out.body["pagination"]["nextCursor"]
            .as_str()
            .map(str::to_owned);
        if cursor.is_none() {
            break;
        }
        assert!(sizes.len() < 1_000, "the list never ends");
    }
    (ids, sizes)
}

async fn every_record_once(action: RegisteredAction, field: &str) {
    let base = vendor().await;
    for limit in [200, 100, 37, 1000] {
        let (ids, sizes) = walk(&action, &base, limit, field).await;
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(
            (ids.len(), unique.len()),
            (RECORDS, RECORDS),
            "{} at limit {limit}",
            action.meta().handler
        );
        let page = (limit.min(200) as usize).min(if field == "resources" {
            VENDOR_MAX
        } else {
            200
        });
        assert!(
            sizes[..sizes.len() - 1].iter().all(|s| *s == page),
            "{} at limit {limit}: every page but the last is full: {sizes:?}",
            action.meta().handler
        );
    }
}

#[tokio::test]
async fn cursor_paging_with_the_vendors_names_returns_every_record_once() {
    every_record_once(RegisteredAction::new(by_cursor), "resources").await;
}

#[tokio::test]
async fn page_number_paging_with_a_total_returns_every_record_once() {
    every_record_once(RegisteredAction::new(by_page), "resources").await;
}

#[tokio::test]
async fn page_number_paging_from_zero_ends_on_a_short_page() {
    every_record_once(RegisteredAction::new(by_page_from_zero), "resources").await;
}

#[tokio::test]
async fn offset_paging_with_integer_ids_returns_every_record_once() {
    every_record_once(RegisteredAction::new(by_offset), "resources").await;
}

#[tokio::test]
async fn link_paging_with_a_page_size_parameter_returns_every_record_once() {
    every_record_once(RegisteredAction::new(by_link), "resources").await;
}

#[tokio::test]
async fn an_unpaged_answer_is_paged_for_okta_in_memory() {
    every_record_once(RegisteredAction::new(every_field), "schemaProperties").await;
}

#[tokio::test]
async fn a_vendor_serving_fewer_than_the_declared_max_is_still_read_to_the_end() {
    let base = vendor().await;
    for action in [
        RegisteredAction::new(by_page_capped),
        RegisteredAction::new(by_offset_capped),
    ] {
        for limit in [200, 100, 37] {
            let (ids, sizes) = walk(&action, &base, limit, "resources").await;
            let unique: BTreeSet<&String> = ids.iter().collect();
            let handler = action.meta().handler;
            assert_eq!(
                (ids.len(), unique.len()),
                (RECORDS, RECORDS),
                "{handler} at {limit}"
            );
            let page = (limit as usize).min(50);
            assert!(
                sizes[..sizes.len() - 1].iter().all(|s| *s == page),
                "{handler} at {limit}: {sizes:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_capped_first_page_is_followed_by_the_vendors_next_page() {
    let base = vendor().await;
    let action = RegisteredAction::new(by_page_capped);
    let mut cursor = None;
    let mut sizes = Vec::new();
    // A first page asked at 200 answers 50: it may be the vendor's own size, so Okta is handed
    // a cursor; the vendor's next page of 50 shows it is, and the walk goes on to the end.
    for _ in 0..3 {
        let mut input = json!({"pagination": {"limit": 200}});
        if let Some(c) = &cursor {
            input["pagination"]["cursor"] = json!(c);
        }
        let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
        let out = action.invoke(ctx, input).await;
        sizes.push(out.body["resources"].as_array().unwrap().len());
        cursor = out.body["pagination"]["nextCursor"]
            .as_str()
            .map(str::to_owned);
    }
    assert_eq!(sizes, [50, 50, 50]);
    assert!(cursor.is_some());
}

#[tokio::test]
async fn a_total_below_the_records_already_read_is_an_error_naming_total() {
    let base = vendor().await;
    let action = RegisteredAction::new(by_page_with_a_page_count_as_total);
    let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
    let first = action
        .invoke(ctx, json!({"pagination": {"limit": 50}}))
        .await;
    // 47 pages: below the 50 records of the first page.
    let error = first.error.expect("a page count read as a record count");
    assert!(
        error
            .summary()
            .contains("the vendor's `pages` is 47, below the 50 already read: `total` names the number of all records (not of pages)"),
        "{}",
        error.summary()
    );
}

#[tokio::test]
async fn a_page_count_ends_the_list_on_its_last_page() {
    let base = vendor().await;
    let action = RegisteredAction::new(by_page_with_a_page_count);
    // 2,345 records in 469 full pages of 5: the count ends the list without asking for a 470th.
    let (ids, sizes) = walk(&action, &base, 5, "resources").await;
    assert_eq!((ids.len(), sizes.len()), (RECORDS, 469));
    assert!(sizes.iter().all(|s| *s == 5), "{sizes:?}");
    // Without it, a full last page is followed by an empty one.
    let (ids, sizes) = walk(
        &RegisteredAction::new(by_page_capped),
        &base,
        5,
        "resources",
    )
    .await;
    assert_eq!(
        (ids.len(), sizes.len(), sizes.last()),
        (RECORDS, 470, Some(&0))
    );
}

#[tokio::test]
async fn a_page_count_below_the_pages_read_is_an_error_naming_pages() {
    let base = vendor().await;
    let action = RegisteredAction::new(by_page_with_a_stale_page_count);
    // Page 2, with records, of what the vendor counts as 1.
    let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
    let out = action
        .invoke(
            ctx,
            json!({"pagination": {"limit": 50, "cursor": "2.50.50"}}),
        )
        .await;
    let error = out.error.expect("a page past the count");
    assert!(
        error.summary().contains("the vendor's `stale_pages` is 1, below the 2 already read: `pages` names the number of all pages (not of records)"),
        "{}",
        error.summary()
    );
}

#[tokio::test]
async fn a_vendor_ignoring_the_page_parameter_is_an_error_not_an_endless_list() {
    let base = vendor().await;
    let action = RegisteredAction::new(by_page_ignored);
    let call = |cursor: Option<String>| {
        let mut input = json!({"pagination": {"limit": 50}});
        if let Some(c) = cursor {
            input["pagination"]["cursor"] = json!(c);
        }
        let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
        let action = &action;
        async move { action.invoke(ctx, input).await }
    };
    // 30 of 50 asked: maybe the vendor's own page size, so a cursor; the same 30 again is not.
    let first = call(None).await;
    let cursor = first.body["pagination"]["nextCursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let error = call(Some(cursor)).await.error.expect("the same page twice");
    assert_eq!(
        error.summary(),
        "the vendor answered the same records as the page before: it ignores `page`"
    );
}

#[tokio::test]
async fn an_empty_list_or_a_total_that_shrank_ends_the_list_without_an_error() {
    let base = vendor().await;
    let run = |action: RegisteredAction, input: Value| {
        let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
        async move { action.invoke(ctx, input).await }
    };
    // No people and a page count of 0.
    let out = run(
        RegisteredAction::new(by_page_nobody),
        json!({"pagination": {"limit": 50}}),
    )
    .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["resources"], json!([]));
    assert!(
        out.body["pagination"]["nextCursor"].is_null(),
        "{}",
        out.body
    );
    // The total fell to 2,345 after 2,400 were read: the empty page ends the list.
    let out = run(
        RegisteredAction::new(by_page),
        json!({"pagination": {"limit": 50, "cursor": "49.50.2400.7"}}),
    )
    .await;
    assert_eq!(out.error, None, "{}", out.body);
    assert_eq!(out.body["resources"], json!([]));
}

#[tokio::test]
async fn a_short_first_page_without_a_count_costs_one_empty_page() {
    let base = vendor().await;
    // 30 people, 50 asked: a page count ends the list at once; without one, an empty page does.
    for (action, expected) in [
        (RegisteredAction::new(by_page_few), vec![30]),
        (RegisteredAction::new(by_page_few_uncounted), vec![30, 0]),
    ] {
        let (ids, sizes) = walk(&action, &base, 50, "resources").await;
        assert_eq!(
            (ids.len(), sizes),
            (30, expected),
            "{}",
            action.meta().handler
        );
    }
}

#[tokio::test]
async fn a_cursor_with_extra_or_foreign_parts_is_refused() {
    let base = vendor().await;
    let action = RegisteredAction::new(by_offset_capped);
    for cursor in ["1.2.3.4.5", "x", "1.-2", "1..2", "+5", "1.+2", "4294967296"] {
        let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
        let out = action
            .invoke(ctx, json!({"pagination": {"limit": 50, "cursor": cursor}}))
            .await;
        let error = out.error.expect(cursor);
        assert_eq!(error.code(), Some("invalid_cursor"), "{cursor}");
    }
}

#[tokio::test]
async fn a_vendor_maximum_below_oktas_limit_returns_its_maximum_and_a_cursor() {
    let base = vendor().await;
    for action in [
        RegisteredAction::new(by_cursor),
        RegisteredAction::new(by_page),
        RegisteredAction::new(by_offset),
        RegisteredAction::new(by_link),
    ] {
        let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
        let out = action
            .invoke(ctx, json!({"pagination": {"limit": 200}}))
            .await;
        assert_eq!(
            out.body["resources"].as_array().unwrap().len(),
            100,
            "{}",
            action.meta().handler
        );
        assert!(
            out.body["pagination"]["nextCursor"].is_string(),
            "{}",
            action.meta().handler
        );
    }
}

#[tokio::test]
async fn a_cursor_the_sdk_did_not_issue_is_a_400() {
    let base = vendor().await;
    // Not numbers, negative, or past any offset or page this SDK issues to a vendor (where the
    // next cursor's arithmetic would overflow); `paging = none` pages in memory, where a large
    // offset is only past the end.
    let refused = [
        "not-a-number",
        "-1",
        "-9223372036854775808",
        "99999999999999999999999",
    ];
    let past_any_vendor_page = ["9223372036854775807", "4294967296"];
    for (action, cursors) in [
        (
            RegisteredAction::new(by_offset),
            [&refused[..], &past_any_vendor_page].concat(),
        ),
        (
            RegisteredAction::new(by_page),
            [&refused[..], &past_any_vendor_page].concat(),
        ),
        (RegisteredAction::new(every_field), refused.to_vec()),
    ] {
        for cursor in cursors {
            let ctx = ActionContext::new("req").with_vendor(client(&base, fast_config()));
            let out = action
                .invoke(ctx, json!({"pagination": {"cursor": cursor}}))
                .await;
            let error: ActionError = out.error.unwrap();
            let handler = action.meta().handler;
            assert_eq!(error.code(), Some("invalid_cursor"), "{handler} {cursor}");
            assert_eq!(error.http_status(), Some(400), "{handler} {cursor}");
        }
    }
}

#[tokio::test]
async fn a_handler_naming_its_own_paging_passes_the_static_paging_check_without_an_integration_default()
 {
    let integration = Integration::builder("Paged")
        .capability(Capability::Provisioning)
        .action(by_cursor)
        .build_with_violations()
        .0;
    let report = okta_actions::report::validate(&integration, None, &|_| {}).await;
    let check = report
        .checks
        .iter()
        .find(|c| c.id == "paging.declarative.ListUsers")
        .unwrap();
    assert_eq!(check.status, Status::Pass, "{}", check.reason);
    assert!(
        check.reason.contains("`next_cursor` sent back as `cursor`"),
        "{}",
        check.reason
    );
    assert!(
        check.reason.contains("`page_size` up to 100"),
        "{}",
        check.reason
    );
}

#[tokio::test]
async fn a_total_ends_the_list_on_its_last_full_page() {
    // 2,345 records are 469 full pages of 5: with `total` the 469th page has no cursor; without
    // one, only the empty 470th page says the list has ended.
    let base = vendor().await;
    let (ids, sizes) = walk(&RegisteredAction::new(by_page), &base, 5, "resources").await;
    assert_eq!(
        (ids.len(), sizes.len(), sizes.last()),
        (RECORDS, 469, Some(&5))
    );
    let (ids, sizes) = walk(
        &RegisteredAction::new(by_page_from_zero),
        &base,
        5,
        "resources",
    )
    .await;
    assert_eq!(
        (ids.len(), sizes.len(), sizes.last()),
        (RECORDS, 470, Some(&0))
    );
}

/// An imperative list built in memory, paged for Okta by `page_in_memory`.
#[provisioning_action(ListGroups)]
async fn departments(
    _ctx: &ActionContext,
    input: ListGroupsInput,
) -> Result<ListGroupsOutput, ActionError> {
    let groups = (0..RECORDS)
        .map(|i| {
            let mut group = ScimGroup::new(format!("Department {i}"));
            group.id = Some(format!("d{i}"));
            group
        })
        .collect();
    okta_actions::paging::page_in_memory::<action::ListGroups>(&input, groups)
}

#[tokio::test]
async fn an_imperative_list_pages_its_records_in_memory_once_each() {
    let action = RegisteredAction::new(departments);
    for limit in [200, 37, 1000] {
        let (ids, sizes) = walk(&action, "http://127.0.0.1:9", limit, "resources").await;
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!((ids.len(), unique.len()), (RECORDS, RECORDS), "at {limit}");
        let page = (limit as usize).min(200);
        assert!(
            sizes[..sizes.len() - 1].iter().all(|s| *s == page),
            "{sizes:?}"
        );
    }
    let ctx = ActionContext::new("req");
    let out = action
        .invoke(ctx, json!({"pagination": {"limit": 5, "cursor": "-1"}}))
        .await;
    assert_eq!(out.error.unwrap().code(), Some("invalid_cursor"));
}
