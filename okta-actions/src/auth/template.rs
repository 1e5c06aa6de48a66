//! URL templates over tenant variables: `https://{app.subdomain}.acme.example/api`.

use std::collections::BTreeMap;

use super::mapping::AuthConfigError;
use super::tenant::TenantVariable;

/// One piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Variable(String),
}

/// A parsed URL template whose placeholders all name declared tenant variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UrlTemplate {
    raw: String,
    parts: Vec<Part>,
}

/// Why a template could not be rendered for one tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RenderError {
    /// The tenant sent no value for the variable.
    Missing(String),
    /// The value would change the URL's structure (a `/`, `@`, `?`, `#`, `:`…) or is empty.
    Invalid(String),
    /// The rendered text is not an http(s) URL.
    NotAUrl(String),
}

impl UrlTemplate {
    /// Parses `raw`, checking every `{app.<name>}` placeholder against `declared`.
    pub(crate) fn parse(raw: &str, declared: &[TenantVariable]) -> Result<Self, AuthConfigError> {
        let malformed = |reason: &str| AuthConfigError::MalformedTemplate {
            template: raw.to_owned(),
            reason: reason.to_owned(),
        };
        let mut parts = Vec::new();
        let mut rest = raw;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                None => {
                    parts.push(Part::Literal(rest.to_owned()));
                    rest = "";
                }
                Some(at) if rest.as_bytes()[at] == b'}' => {
                    return Err(malformed("a `}` has no matching `{`"));
                }
                Some(at) => {
                    if at > 0 {
                        parts.push(Part::Literal(rest[..at].to_owned()));
                    }
                    let after = &rest[at + 1..];
                    let end = after
                        .find('}')
                        .ok_or_else(|| malformed("a `{` is never closed"))?;
                    let inner = &after[..end];
                    let name = inner.strip_prefix("app.").ok_or_else(|| {
                        malformed(&format!(
                            "placeholder `{{{inner}}}` must have the form `{{app.<variable>}}`"
                        ))
                    })?;
                    let variable = TenantVariable::new(name).map_err(|_| {
                        malformed(&format!("`{name}` is not a valid tenant variable name"))
                    })?;
                    if !declared.contains(&variable) {
                        return Err(AuthConfigError::UndeclaredVariable {
                            name: name.to_owned(),
                            template: raw.to_owned(),
                        });
                    }
                    parts.push(Part::Variable(name.to_owned()));
                    rest = &after[end + 1..];
                }
            }
        }
        let template = UrlTemplate {
            raw: raw.to_owned(),
            parts,
        };
        let sample: BTreeMap<String, String> = template
            .variables()
            // "1" fits every position: a host label, a port, a path segment.
            .map(|name| (name.to_owned(), "1".to_owned()))
            .collect();
        template
            .render(&sample)
            .map_err(|_| malformed("it is not an absolute http or https URL"))?;
        Ok(template)
    }

    /// The template as declared.
    pub(crate) fn as_str(&self) -> &str {
        &self.raw
    }

    /// The variables the template names, in order of appearance.
    pub(crate) fn variables(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Variable(name) => Some(name.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// Renders the template with one tenant's variables. Values may hold only ASCII letters,
    /// digits, `-`, `_`, `.` and `~` (and not be all dots), so a tenant cannot redirect the
    /// credential to another host or path.
    pub(crate) fn render(
        &self,
        values: &BTreeMap<String, String>,
    ) -> Result<url::Url, RenderError> {
        let mut out = String::with_capacity(self.raw.len() + 16);
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Variable(name) => {
                    let value = values
                        .get(name)
                        .ok_or_else(|| RenderError::Missing(name.clone()))?;
                    let safe = !value.is_empty()
                        && !value.chars().all(|c| c == '.')
                        && value
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_.~".contains(c));
                    if !safe {
                        return Err(RenderError::Invalid(name.clone()));
                    }
                    out.push_str(value);
                }
            }
        }
        parse_http_url(&out).ok_or(RenderError::NotAUrl(out))
    }
}

/// Parses an absolute http(s) URL with a host.
pub(crate) fn parse_http_url(text: &str) -> Option<url::Url> {
    let url = url::Url::parse(text).ok()?;
    let web = matches!(url.scheme(), "http" | "https") && url.host().is_some();
    web.then_some(url)
}
