//! SCIM filter expressions (RFC 7644 §3.4.2.2), the subset the facade can answer: comparisons
//! `attrPath op value` joined by `and`. Attribute names and operators compare
//! case-insensitively. The same parser reads the value filters of PATCH paths
//! (`emails[type eq "work"]`, `members[value eq "id"]`).

use serde_json::Value;

/// A parsed filter: comparisons that must all hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter {
    pub(crate) terms: Vec<Comparison>,
}

/// One `attrPath op value` (or `attrPath pr`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    /// The attribute path as sent (may be URN-qualified or dotted).
    pub(crate) attribute: String,
    /// The operator, lowercase.
    pub(crate) op: Op,
    /// The compared value; `Null` for `pr`.
    pub(crate) value: Value,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
    Pr,
}

impl Comparison {
    /// The attribute without a leading `core` schema URN (`urn:…:User:userName` → `userName`).
    pub(crate) fn attribute_in(&self, core: &str) -> &str {
        match (
            self.attribute.get(..core.len()),
            self.attribute.get(core.len()..),
        ) {
            (Some(urn), Some(rest)) if urn.eq_ignore_ascii_case(core) && rest.starts_with(':') => {
                &rest[1..]
            }
            _ => &self.attribute,
        }
    }
}

impl Op {
    fn parse(word: &str) -> Option<Op> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "co" => Op::Co,
            "sw" => Op::Sw,
            "ew" => Op::Ew,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            "pr" => Op::Pr,
            _ => return None,
        })
    }
}

impl Filter {
    /// Parses `attr op value [and attr op value …]`; `or`, `not` and grouping are refused.
    ///
    /// # Errors
    /// What is wrong or unsupported, for the `detail` of `invalidFilter` or `invalidPath`.
    pub(crate) fn parse(text: &str) -> Result<Filter, String> {
        let mut lexer = Lexer { rest: text.trim() };
        if lexer.rest.is_empty() {
            return Err("the filter is empty".to_owned());
        }
        let mut terms = Vec::new();
        loop {
            let attribute = lexer.word().ok_or("expected an attribute name")?;
            if attribute.eq_ignore_ascii_case("not") || attribute.starts_with('(') {
                return Err("`not` and parentheses are not supported".to_owned());
            }
            if !attribute
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '_' | '-' | '$'))
            {
                return Err(format!("`{attribute}` is not an attribute path"));
            }
            let op_word = lexer
                .word()
                .ok_or_else(|| format!("expected an operator after `{attribute}`"))?;
            let op = Op::parse(op_word)
                .ok_or_else(|| format!("`{op_word}` is not a filter operator"))?;
            let value = if op == Op::Pr {
                Value::Null
            } else {
                lexer.value()?
            };
            terms.push(Comparison {
                attribute: attribute.to_owned(),
                op,
                value,
            });
            match lexer.word() {
                None => break,
                Some(word) if word.eq_ignore_ascii_case("and") => {}
                Some(word) if word.eq_ignore_ascii_case("or") => {
                    return Err("`or` is not supported".to_owned());
                }
                Some(word) => return Err(format!("unexpected `{word}`")),
            }
        }
        Ok(Filter { terms })
    }

    /// Whether a complex value (one element of a multi-valued attribute) satisfies every
    /// comparison; sub-attribute names compare case-insensitively, strings case-insensitively
    /// (the sub-attributes filtered on in practice, `type` and `value`, are caseExact=false or
    /// ids compared by Okta as sent).
    pub(crate) fn matches(&self, element: &Value) -> bool {
        self.terms.iter().all(|term| {
            let actual = element.as_object().and_then(|object| {
                object
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&term.attribute))
                    .map(|(_, v)| v)
            });
            compare(actual, term.op, &term.value)
        })
    }

    /// The `eq` comparisons as attribute/value pairs: what an element created to satisfy the
    /// filter must carry.
    pub(crate) fn equalities(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.terms
            .iter()
            .filter(|t| t.op == Op::Eq)
            .map(|t| (t.attribute.as_str(), &t.value))
    }
}

fn compare(actual: Option<&Value>, op: Op, expected: &Value) -> bool {
    let actual = actual.filter(|v| !v.is_null());
    if op == Op::Pr {
        return actual.is_some_and(|v| v != &Value::String(String::new()));
    }
    let Some(actual) = actual else {
        return op == Op::Ne;
    };
    match (actual, expected) {
        (Value::String(a), Value::String(e)) => {
            let (a, e) = (a.to_lowercase(), e.to_lowercase());
            match op {
                Op::Eq => a == e,
                Op::Ne => a != e,
                Op::Co => a.contains(&e),
                Op::Sw => a.starts_with(&e),
                Op::Ew => a.ends_with(&e),
                Op::Gt => a > e,
                Op::Ge => a >= e,
                Op::Lt => a < e,
                Op::Le => a <= e,
                Op::Pr => true,
            }
        }
        (a, e) => match op {
            Op::Eq => a == e,
            Op::Ne => a != e,
            _ => false,
        },
    }
}

struct Lexer<'a> {
    rest: &'a str,
}

impl<'a> Lexer<'a> {
    fn word(&mut self) -> Option<&'a str> {
        self.rest = self.rest.trim_start();
        if self.rest.is_empty() {
            return None;
        }
        let end = self
            .rest
            .find(char::is_whitespace)
            .unwrap_or(self.rest.len());
        let (word, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(word)
    }

    fn value(&mut self) -> Result<Value, String> {
        self.rest = self.rest.trim_start();
        if self.rest.starts_with('"') {
            let bytes = self.rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => {
                        let (literal, rest) = self.rest.split_at(i + 1);
                        self.rest = rest;
                        return serde_json::from_str(literal)
                            .map_err(|_| "the quoted value is not a valid JSON string".to_owned());
                    }
                    _ => i += 1,
                }
            }
            return Err("the quoted value is not closed".to_owned());
        }
        let word = self.word().ok_or("expected a value")?;
        match serde_json::from_str::<Value>(word) {
            Ok(value @ (Value::Bool(_) | Value::Null | Value::Number(_))) => Ok(value),
            _ => Err(format!(
                "`{word}` is not a value: quote strings, e.g. \"{word}\""
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn okta_filters_parse() {
        let filter = Filter::parse(r#"userName eq "ada@example.com""#).unwrap();
        assert_eq!(filter.terms[0].attribute, "userName");
        assert_eq!(filter.terms[0].op, Op::Eq);
        assert_eq!(filter.terms[0].value, json!("ada@example.com"));
        let filter = Filter::parse(r#"displayName EQ "a \"quoted\" and spaced""#).unwrap();
        assert_eq!(filter.terms[0].value, json!("a \"quoted\" and spaced"));
        let filter = Filter::parse(r#"type eq "work" and primary eq true"#).unwrap();
        assert_eq!(filter.terms.len(), 2);
        assert!(filter.matches(&json!({"TYPE": "Work", "primary": true})));
        assert!(!filter.matches(&json!({"type": "home", "primary": true})));
    }

    #[test]
    fn unsupported_filters_are_refused() {
        for bad in [
            "",
            "userName",
            r#"userName xx "a""#,
            r#"userName eq "a" or userName eq "b""#,
            r#"not (userName eq "a")"#,
            "userName eq ada",
            r#"userName eq "open"#,
        ] {
            assert!(Filter::parse(bad).is_err(), "{bad}");
        }
    }
}
