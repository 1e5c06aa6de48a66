//! `POST /Users/.search` and `POST /Groups/.search` (RFC 7644 §3.4.3): the query of a list read
//! sent as a `SearchRequest` body, answered as the `GET` with those parameters. A search
//! across resource types (`POST /.search` at the base) is not supported: `501`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use super::context::Scim;
use super::error::ScimError;
use super::http::{ReadParams, json_object};
use super::path::key_of;
use super::projection::Projection;
use super::{groups, users};

/// The SearchRequest message schema URI.
const SEARCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

/// `POST /Users/.search`.
pub(crate) async fn users(
    mut scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    scim.params = params(&json_object(&headers, body)?)?;
    users::list(scim).await
}

/// `POST /Groups/.search`.
pub(crate) async fn groups(
    mut scim: Scim,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ScimError> {
    scim.params = params(&json_object(&headers, body)?)?;
    groups::list(scim).await
}

/// `POST /.search`: searching several resource types at once is not supported.
pub(crate) async fn across_types() -> ScimError {
    ScimError::new(
        StatusCode::NOT_IMPLEMENTED,
        None,
        "searching several resource types at once is not supported: POST /Users/.search or \
         /Groups/.search",
    )
}

/// The read parameters of a SearchRequest: `filter`, `startIndex`, `count` and the
/// `attributes` / `excludedAttributes` lists (`sortBy` and `sortOrder` are ignored: sorting
/// is not supported, as `/ServiceProviderConfig` says).
///
/// # Errors
/// `400 invalidSyntax` for a body that is not a SearchRequest or a member of the wrong type.
fn params(body: &Map<String, Value>) -> Result<ReadParams, ScimError> {
    let field = |name: &str| key_of(body, name).and_then(|k| body.get(&k));
    if let Some(schemas) = field("schemas") {
        let listed = schemas.as_array().is_some_and(|s| {
            s.iter()
                .filter_map(Value::as_str)
                .any(|s| s.eq_ignore_ascii_case(SEARCH_SCHEMA))
        });
        if !listed {
            return Err(ScimError::invalid_syntax(format!(
                "a search body must list `{SEARCH_SCHEMA}` in `schemas`"
            )));
        }
    }
    let text = |name: &str| -> Result<Option<String>, ScimError> {
        match field(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Number(number)) => Ok(Some(number.to_string())),
            Some(_) => Err(ScimError::invalid_syntax(format!(
                "`{name}` must be a string or a number"
            ))),
        }
    };
    let list = |name: &str| -> Result<Option<String>, ScimError> {
        match field(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(|names| Some(names.join(",")))
                .ok_or_else(|| {
                    ScimError::invalid_syntax(format!("`{name}` must be an array of strings"))
                }),
            Some(_) => Err(ScimError::invalid_syntax(format!(
                "`{name}` must be an array of attribute names"
            ))),
        }
    };
    Ok(ReadParams {
        filter: text("filter")?,
        start_index: text("startIndex")?,
        count: text("count")?,
        projection: Projection::new(
            list("attributes")?.as_deref(),
            list("excludedAttributes")?.as_deref(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_search_request_becomes_read_parameters() {
        let body = json!({
            "schemas": [SEARCH_SCHEMA], "filter": "userName sw \"a\"", "startIndex": 3,
            "count": "10", "attributes": ["userName", "emails"], "sortBy": "userName"
        });
        let read = params(body.as_object().unwrap()).unwrap();
        assert_eq!(read.filter.as_deref(), Some("userName sw \"a\""));
        assert_eq!(read.offset().unwrap(), 2);
        assert_eq!(read.count(100, 200).unwrap(), 10);
        assert!(!read.projection.returns("name", "urn:x"));
        for bad in [
            json!({"schemas": ["urn:other"]}),
            json!({"filter": ["userName pr"]}),
            json!({"attributes": [1]}),
            json!({"count": true}),
        ] {
            assert!(params(bad.as_object().unwrap()).is_err(), "{bad}");
        }
    }
}
