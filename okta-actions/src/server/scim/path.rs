//! Attribute paths (RFC 7644 §3.10): `attr`, `attr.sub`, `attr[filter]`, `attr[filter].sub`,
//! each optionally qualified by a schema URN (`urn:…:enterprise:2.0:User:department`), or a
//! whole extension (`urn:…:enterprise:2.0:User`). URNs contain dots and colons, so a path is
//! never split on dots before its URN is recognised.

use okta_actions_contracts::ENTERPRISE_USER_SCHEMA;
use serde_json::{Map, Value};

use super::filter::Filter;

/// Where a path points inside a resource.
#[derive(Debug, Clone)]
pub(crate) struct AttrPath {
    /// The extension object holding the attribute (its key in the resource), or the top level.
    pub(crate) extension: Option<String>,
    /// The attribute; `None` when the path names a whole extension.
    pub(crate) attribute: Option<String>,
    /// A value filter on a multi-valued attribute.
    pub(crate) filter: Option<Filter>,
    /// A sub-attribute.
    pub(crate) sub: Option<String>,
}

impl AttrPath {
    /// Parses `raw` against a resource whose core schema is `core`; `resource` supplies the
    /// extension URNs it carries (the enterprise extension is always known).
    ///
    /// # Errors
    /// Why the path cannot be used.
    pub(crate) fn parse(
        raw: &str,
        core: &str,
        resource: &Map<String, Value>,
    ) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("the path is empty".to_owned());
        }
        let (extension, rest) = split_urn(raw, core, resource)?;
        let Some(rest) = rest else {
            return Ok(AttrPath {
                extension,
                attribute: None,
                filter: None,
                sub: None,
            });
        };
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let (attribute, mut tail) = rest.split_at(end);
        check_name(attribute)?;
        let mut filter = None;
        if let Some(inner) = tail.strip_prefix('[') {
            let close = closing_bracket(inner).ok_or("the value filter is not closed with `]`")?;
            filter = Some(Filter::parse(&inner[..close])?);
            tail = &inner[close + 1..];
        }
        let sub = match tail {
            "" => None,
            _ => {
                let sub = tail
                    .strip_prefix('.')
                    .ok_or_else(|| format!("unexpected `{tail}`"))?;
                check_name(sub)?;
                Some(sub.to_owned())
            }
        };
        Ok(AttrPath {
            extension,
            attribute: Some(attribute.to_owned()),
            filter,
            sub,
        })
    }
}

/// Splits a URN prefix off: `(extension key, rest)`; the core URN is dropped; a path that is a
/// whole extension has no rest.
fn split_urn<'a>(
    raw: &'a str,
    core: &str,
    resource: &Map<String, Value>,
) -> Result<(Option<String>, Option<&'a str>), String> {
    if !starts_with_ignore_case(raw, "urn:") {
        return Ok((None, Some(raw)));
    }
    if let Some(rest) = strip_urn(raw, core) {
        return Ok((None, Some(rest)));
    }
    let mut known: Vec<&str> = resource
        .keys()
        .map(String::as_str)
        .filter(|k| starts_with_ignore_case(k, "urn:"))
        .collect();
    known.push(ENTERPRISE_USER_SCHEMA);
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for urn in known {
        if raw.eq_ignore_ascii_case(urn) {
            return Ok((Some(urn.to_owned()), None));
        }
        if let Some(rest) = strip_urn(raw, urn) {
            return Ok((Some(urn.to_owned()), Some(rest)));
        }
    }
    let before_filter = raw.find('[').unwrap_or(raw.len());
    match raw[..before_filter].rfind(':') {
        Some(colon) if colon + 1 < raw.len() => {
            Ok((Some(raw[..colon].to_owned()), Some(&raw[colon + 1..])))
        }
        _ => Err(format!("`{raw}` names no attribute")),
    }
}

/// `raw` without `urn:` and the following `:`, when it starts with that URN.
fn strip_urn<'a>(raw: &'a str, urn: &str) -> Option<&'a str> {
    (raw.len() > urn.len() + 1
        && starts_with_ignore_case(raw, urn)
        && raw.as_bytes()[urn.len()] == b':')
        .then(|| &raw[urn.len() + 1..])
}

pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn check_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$'));
    if valid {
        Ok(())
    } else {
        Err(format!("`{name}` is not an attribute name"))
    }
}

/// The index of the `]` closing a value filter, skipping quoted strings.
fn closing_bracket(text: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ']' if !in_string => return Some(i),
            _ => {}
        }
    }
    None
}

/// The key of `object` equal to `name` ignoring case.
pub(crate) fn key_of(object: &Map<String, Value>, name: &str) -> Option<String> {
    object
        .keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use okta_actions_contracts::SCIM_USER_SCHEMA;
    use serde_json::json;

    fn parse(raw: &str) -> AttrPath {
        AttrPath::parse(raw, SCIM_USER_SCHEMA, &Map::new()).unwrap()
    }

    #[test]
    fn paths_parse() {
        let path = parse("name.givenName");
        assert_eq!(path.attribute.as_deref(), Some("name"));
        assert_eq!(path.sub.as_deref(), Some("givenName"));
        let path = parse(r#"emails[type eq "work"].value"#);
        assert_eq!(path.attribute.as_deref(), Some("emails"));
        assert!(path.filter.unwrap().matches(&json!({"type": "work"})));
        assert_eq!(path.sub.as_deref(), Some("value"));
        let path = parse(r#"members[value eq "a]b"]"#);
        assert!(path.filter.unwrap().matches(&json!({"value": "a]b"})));
        let path = parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department");
        assert_eq!(path.extension.as_deref(), Some(ENTERPRISE_USER_SCHEMA));
        assert_eq!(path.attribute.as_deref(), Some("department"));
        let path = parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assert!(path.attribute.is_none());
        let path = parse("urn:ietf:params:scim:schemas:core:2.0:User:userName");
        assert!(path.extension.is_none());
        let path = parse("urn:acme:params:scim:schemas:extension:acme:2.0:User:seatCount");
        assert_eq!(
            path.extension.as_deref(),
            Some("urn:acme:params:scim:schemas:extension:acme:2.0:User")
        );
        assert!(AttrPath::parse("a.b.c", SCIM_USER_SCHEMA, &Map::new()).is_err());
        assert!(AttrPath::parse("emails[type eq \"x\"", SCIM_USER_SCHEMA, &Map::new()).is_err());
    }
}
