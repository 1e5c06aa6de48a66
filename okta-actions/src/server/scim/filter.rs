//! SCIM filter expressions (RFC 7644 §3.4.2.2): comparisons `attrPath op value` with every
//! operator (`eq`, `ne`, `co`, `sw`, `ew`, `gt`, `ge`, `lt`, `le`, `pr`), joined by `and` /
//! `or` (`and` binds tighter), negated with `not ( … )`, grouped with parentheses, and value
//! paths `emails[type eq "work" and value co "@acme"]`. Attribute names, operators and
//! keywords compare case-insensitively. The same parser reads the value filters of PATCH paths
//! (`emails[type eq "work"]`, `members[value eq "id"]`).
//!
//! Evaluation is on a resource's JSON (or one element of a multi-valued attribute): a path
//! (`userName`, `name.givenName`, `emails.value`, `meta.lastModified`, optionally qualified by
//! a schema URN) selects values, and a comparison holds when one of them satisfies it; a
//! multi-valued complex attribute without a sub-attribute compares its `value`s. Strings
//! compare case-insensitively except `id` and `externalId` (caseExact), numbers numerically,
//! timestamps (RFC 3339 in one time zone, as services write them) in order.

use serde_json::Value;

use super::path::starts_with_ignore_case;

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    /// Every one holds.
    And(Vec<Filter>),
    /// One of them holds.
    Or(Vec<Filter>),
    /// It does not hold.
    Not(Box<Filter>),
    /// `attrPath op value` or `attrPath pr`.
    Compare(Comparison),
    /// `attrPath[filter]`: an element of the attribute satisfies the inner filter.
    ValuePath(String, Box<Filter>),
}

/// One `attrPath op value` (or `attrPath pr`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    /// The attribute path as sent (may be URN-qualified or dotted).
    pub(crate) attribute: String,
    /// The operator.
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

impl Comparison {
    /// The attribute without a leading `core` schema URN (`urn:…:User:userName` → `userName`).
    fn attribute_in(&self, core: &str) -> &str {
        strip_core(&self.attribute, core)
    }
}

/// A path without a leading `core` schema URN.
fn strip_core<'a>(path: &'a str, core: &str) -> &'a str {
    match (path.get(..core.len()), path.get(core.len()..)) {
        (Some(urn), Some(rest)) if urn.eq_ignore_ascii_case(core) && rest.starts_with(':') => {
            &rest[1..]
        }
        _ => path,
    }
}

impl Filter {
    /// Parses a filter expression.
    ///
    /// # Errors
    /// What is wrong, for the `detail` of `invalidFilter` or `invalidPath`.
    pub(crate) fn parse(text: &str) -> Result<Filter, String> {
        let tokens = tokenize(text)?;
        if tokens.is_empty() {
            return Err("the filter is empty".to_owned());
        }
        let mut parser = Parser {
            tokens,
            at: 0,
            depth: 0,
        };
        let filter = parser.or()?;
        match parser.next() {
            None => Ok(filter),
            Some(token) => Err(format!("unexpected {}", token.describe())),
        }
    }

    /// The string an `eq` comparison that must hold requires of the top-level `attribute`
    /// (named as is or qualified by the `core` schema URN), if there is one: what a lookup
    /// action can narrow the candidates to before the whole filter is evaluated.
    pub(crate) fn required_eq(&self, attribute: &str, core: &str) -> Option<&str> {
        match self {
            Filter::Compare(c)
                if c.op == Op::Eq && c.attribute_in(core).eq_ignore_ascii_case(attribute) =>
            {
                c.value.as_str()
            }
            Filter::And(all) => all.iter().find_map(|f| f.required_eq(attribute, core)),
            _ => None,
        }
    }

    /// Whether the filter looks at the top-level `attribute` or one of its sub-attributes.
    pub(crate) fn mentions(&self, attribute: &str, core: &str) -> bool {
        let names = |path: &str| {
            let path = strip_core(path, core);
            let top = path.split(['.', '[']).next().unwrap_or_default();
            top.eq_ignore_ascii_case(attribute)
        };
        match self {
            Filter::And(all) | Filter::Or(all) => all.iter().any(|f| f.mentions(attribute, core)),
            Filter::Not(inner) => inner.mentions(attribute, core),
            Filter::Compare(c) => names(&c.attribute),
            Filter::ValuePath(path, _) => names(path),
        }
    }

    /// Whether a resource (or one element of a multi-valued attribute) satisfies the filter.
    pub(crate) fn matches(&self, target: &Value) -> bool {
        match self {
            Filter::And(all) => all.iter().all(|f| f.matches(target)),
            Filter::Or(any) => any.iter().any(|f| f.matches(target)),
            Filter::Not(inner) => !inner.matches(target),
            Filter::Compare(comparison) => comparison.matches(target),
            Filter::ValuePath(attribute, inner) => {
                elements(target, attribute).any(|element| inner.matches(element))
            }
        }
    }

    /// The `eq` comparisons that must all hold, as attribute/value pairs: what an element
    /// created to satisfy the filter must carry.
    pub(crate) fn equalities(&self) -> Vec<(&str, &Value)> {
        match self {
            Filter::Compare(c) if c.op == Op::Eq => vec![(c.attribute.as_str(), &c.value)],
            Filter::And(all) => all.iter().flat_map(Filter::equalities).collect(),
            _ => Vec::new(),
        }
    }
}

impl Comparison {
    fn matches(&self, target: &Value) -> bool {
        let case_exact = {
            let last = self.attribute.rsplit([':', '.']).next().unwrap_or_default();
            last.eq_ignore_ascii_case("id") || last.eq_ignore_ascii_case("externalId")
        };
        let values = leaves(target, &self.attribute);
        if self.op == Op::Pr {
            return values.iter().any(|v| present(v));
        }
        if self.op == Op::Ne {
            return !values
                .iter()
                .any(|v| compare(v, Op::Eq, &self.value, case_exact));
        }
        values
            .iter()
            .any(|v| compare(v, self.op, &self.value, case_exact))
    }
}

/// The object holding `path` inside `target` and the path relative to it: a URN prefix that is
/// a key of `target` (an extension) selects that object; any other URN prefix (the core
/// schema's) is dropped.
fn resolve<'a, 'p>(target: &'a Value, path: &'p str) -> (&'a Value, &'p str) {
    if !starts_with_ignore_case(path, "urn:") {
        return (target, path);
    }
    if let Some(object) = target.as_object() {
        let mut keys: Vec<&String> = object.keys().filter(|k| k.starts_with("urn:")).collect();
        keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
        for key in keys {
            if starts_with_ignore_case(path, key) && path.as_bytes().get(key.len()) == Some(&b':') {
                return (&object[key.as_str()], &path[key.len() + 1..]);
            }
        }
    }
    match path.rfind(':') {
        Some(colon) => (target, &path[colon + 1..]),
        None => (target, path),
    }
}

/// The value of a key compared case-insensitively.
fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    value
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// The elements of a multi-valued attribute (a single object counts as one).
fn elements<'a>(target: &'a Value, path: &str) -> impl Iterator<Item = &'a Value> + use<'a> {
    let (holder, name) = resolve(target, path);
    let items: Vec<&Value> = match get(holder, name) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(value @ Value::Object(_)) => vec![value],
        _ => Vec::new(),
    };
    items.into_iter()
}

/// The simple values `path` selects.
fn leaves<'a>(target: &'a Value, path: &str) -> Vec<&'a Value> {
    let (holder, rest) = resolve(target, path);
    let (name, sub) = match rest.split_once('.') {
        Some((name, sub)) => (name, Some(sub)),
        None => (rest, None),
    };
    let Some(value) = get(holder, name) else {
        return Vec::new();
    };
    let pick = |item: &'a Value| -> Option<&'a Value> {
        match (item, sub) {
            (Value::Object(_), Some(sub)) => get(item, sub),
            (Value::Object(_), None) => get(item, "value"),
            (_, None) => Some(item),
            (_, Some(_)) => None,
        }
    };
    match value {
        Value::Array(items) => items.iter().filter_map(pick).collect(),
        other => pick(other).into_iter().collect(),
    }
}

fn present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(object) => !object.is_empty(),
        _ => true,
    }
}

fn compare(actual: &Value, op: Op, expected: &Value, case_exact: bool) -> bool {
    match (actual, expected) {
        (Value::String(a), Value::String(e)) => {
            let (a, e) = if case_exact {
                (a.clone(), e.clone())
            } else {
                (a.to_lowercase(), e.to_lowercase())
            };
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
        (Value::Number(a), Value::Number(e)) => {
            let (Some(a), Some(e)) = (a.as_f64(), e.as_f64()) else {
                return false;
            };
            match op {
                Op::Eq => a == e,
                Op::Ne => a != e,
                Op::Gt => a > e,
                Op::Ge => a >= e,
                Op::Lt => a < e,
                Op::Le => a <= e,
                _ => false,
            }
        }
        (a, e) => match op {
            Op::Eq => a == e,
            Op::Ne => a != e,
            _ => false,
        },
    }
}

/// A lexical token of a filter.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    /// An attribute path, operator, keyword or unquoted literal.
    Word(String),
    /// A quoted string, unescaped.
    Text(String),
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Open => "`(`".to_owned(),
            Token::Close => "`)`".to_owned(),
            Token::OpenBracket => "`[`".to_owned(),
            Token::CloseBracket => "`]`".to_owned(),
            Token::Word(word) => format!("`{word}`"),
            Token::Text(text) => format!("\"{text}\""),
        }
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        matches!(self, Token::Word(word) if word.eq_ignore_ascii_case(keyword))
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '[' | ']' => {
                chars.next();
                tokens.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    '[' => Token::OpenBracket,
                    _ => Token::CloseBracket,
                });
            }
            '"' => {
                chars.next();
                let mut escaped = false;
                let mut end = None;
                for (i, c) in chars.by_ref() {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                let end = end.ok_or("the quoted value is not closed")?;
                let literal = &text[start..=end];
                let value: String = serde_json::from_str(literal)
                    .map_err(|_| "the quoted value is not a valid JSON string".to_owned())?;
                tokens.push(Token::Text(value));
            }
            _ => {
                let mut end = text.len();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"') {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                tokens.push(Token::Word(text[start..end].to_owned()));
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// How many `(`, `not (` and `attr[` enclose the current term.
    depth: usize,
}

/// The deepest nesting of groups a filter may have. Parsing, evaluating and dropping a filter
/// recurse once a level, so an unbounded depth from a caller could overflow a worker's stack,
/// which aborts the process; real filters nest a few levels.
const MAX_DEPTH: usize = 32;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn expect(&mut self, token: &Token) -> Result<(), String> {
        match self.next() {
            Some(found) if &found == token => Ok(()),
            Some(found) => Err(format!(
                "expected {} but found {}",
                token.describe(),
                found.describe()
            )),
            None => Err(format!("expected {} at the end", token.describe())),
        }
    }

    /// A group's contents, one level deeper.
    fn nested(&mut self) -> Result<Filter, String> {
        if self.depth == MAX_DEPTH {
            return Err(format!(
                "the filter nests groups more than {MAX_DEPTH} levels deep"
            ));
        }
        self.depth += 1;
        let inner = self.or();
        self.depth -= 1;
        inner
    }

    /// `and`-groups joined by `or`.
    fn or(&mut self) -> Result<Filter, String> {
        let mut any = vec![self.and()?];
        while self.peek().is_some_and(|t| t.is_keyword("or")) {
            self.next();
            any.push(self.and()?);
        }
        Ok(if any.len() == 1 {
            any.remove(0)
        } else {
            Filter::Or(any)
        })
    }

    /// Terms joined by `and`.
    fn and(&mut self) -> Result<Filter, String> {
        let mut all = vec![self.term()?];
        while self.peek().is_some_and(|t| t.is_keyword("and")) {
            self.next();
            all.push(self.term()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Filter::And(all)
        })
    }

    /// `not ( … )`, `( … )`, `attr[ … ]` or a comparison.
    fn term(&mut self) -> Result<Filter, String> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.nested()?;
                self.expect(&Token::Close)?;
                Ok(inner)
            }
            Some(token) if token.is_keyword("not") && self.peek() == Some(&Token::Open) => {
                self.next();
                let inner = self.nested()?;
                self.expect(&Token::Close)?;
                Ok(Filter::Not(Box::new(inner)))
            }
            Some(Token::Word(attribute)) => {
                check_attribute(&attribute)?;
                if self.peek() == Some(&Token::OpenBracket) {
                    self.next();
                    let inner = self.nested()?;
                    self.expect(&Token::CloseBracket)?;
                    return Ok(Filter::ValuePath(attribute, Box::new(inner)));
                }
                let op = match self.next() {
                    Some(Token::Word(word)) => Op::parse(&word)
                        .ok_or_else(|| format!("`{word}` is not a filter operator"))?,
                    Some(token) => {
                        return Err(format!(
                            "expected an operator after `{attribute}`, found {}",
                            token.describe()
                        ));
                    }
                    None => return Err(format!("expected an operator after `{attribute}`")),
                };
                let value = if op == Op::Pr {
                    Value::Null
                } else {
                    self.value()?
                };
                Ok(Filter::Compare(Comparison {
                    attribute,
                    op,
                    value,
                }))
            }
            Some(token) => Err(format!(
                "expected an attribute name, found {}",
                token.describe()
            )),
            None => Err("expected an attribute name at the end".to_owned()),
        }
    }

    fn value(&mut self) -> Result<Value, String> {
        match self.next() {
            Some(Token::Text(text)) => Ok(Value::String(text)),
            Some(Token::Word(word)) => match serde_json::from_str::<Value>(&word) {
                Ok(value @ (Value::Bool(_) | Value::Null | Value::Number(_))) => Ok(value),
                _ => Err(format!(
                    "`{word}` is not a value: quote strings, e.g. \"{word}\""
                )),
            },
            Some(token) => Err(format!("expected a value, found {}", token.describe())),
            None => Err("expected a value at the end".to_owned()),
        }
    }
}

fn check_attribute(attribute: &str) -> Result<(), String> {
    let valid = attribute
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '_' | '-' | '$'));
    if valid && !attribute.is_empty() {
        Ok(())
    } else {
        Err(format!("`{attribute}` is not an attribute path"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "id": "U-1",
            "userName": "Ada@Example.com",
            "active": true,
            "name": {"givenName": "Ada", "familyName": "Lovelace"},
            "emails": [{"value": "ada@work.example", "type": "work"}, {"value": "ada@home.example", "type": "home"}],
            "meta": {"lastModified": "2024-05-01T10:00:00Z"},
            "urn:okta-actions:params:scim:schemas:extension:acme:2.0:User": {"clearance_level": 3}
        })
    }

    fn holds(filter: &str) -> bool {
        Filter::parse(filter)
            .unwrap_or_else(|e| panic!("{filter}: {e}"))
            .matches(&user())
    }

    #[test]
    fn okta_filters_parse() {
        const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
        let filter = Filter::parse(r#"userName eq "ada@example.com""#).unwrap();
        assert_eq!(
            filter.required_eq("USERNAME", CORE),
            Some("ada@example.com")
        );
        let filter = Filter::parse(r#"displayName EQ "a \"quoted\" and spaced""#).unwrap();
        assert_eq!(
            filter.required_eq("displayName", CORE),
            Some("a \"quoted\" and spaced")
        );
        let filter =
            Filter::parse(&format!(r#"{CORE}:id eq "g1" and members.value eq "u1""#)).unwrap();
        assert_eq!(filter.required_eq("id", CORE), Some("g1"));
        assert!(filter.mentions("members", CORE));
        assert!(!filter.mentions("emails", CORE));
        let filter = Filter::parse(r#"id eq "g1" or members[value eq "u1"]"#).unwrap();
        assert_eq!(
            filter.required_eq("id", CORE),
            None,
            "only one side of an or"
        );
        assert!(filter.mentions("members", CORE));
        let filter = Filter::parse(r#"type eq "work" and primary eq true"#).unwrap();
        assert_eq!(filter.equalities().len(), 2);
        assert!(filter.matches(&json!({"TYPE": "Work", "primary": true})));
        assert!(!filter.matches(&json!({"type": "home", "primary": true})));
    }

    #[test]
    fn every_operator_and_connective_evaluates() {
        assert!(holds(r#"userName eq "ada@example.com""#), "caseExact=false");
        assert!(!holds(r#"id eq "u-1""#), "id is caseExact");
        assert!(holds(r#"id eq "U-1""#));
        assert!(holds(r#"userName co "example""#));
        assert!(holds(r#"userName sw "ADA""#));
        assert!(holds(r#"userName ew ".com""#));
        assert!(holds(r#"userName ne "bob""#));
        assert!(holds("name.givenName pr"));
        assert!(!holds("title pr"));
        assert!(holds(r#"emails.value ew "home.example""#));
        assert!(
            holds(r#"emails co "work.example""#),
            "multi-valued: its values"
        );
        assert!(holds(r#"emails[type eq "work" and value sw "ada"]"#));
        assert!(!holds(r#"emails[type eq "other"]"#));
        assert!(holds("active eq true"));
        assert!(holds(r#"meta.lastModified gt "2024-01-01T00:00:00Z""#));
        assert!(!holds(r#"meta.lastModified lt "2024-01-01T00:00:00Z""#));
        assert!(holds(
            "urn:okta-actions:params:scim:schemas:extension:acme:2.0:User:clearance_level ge 3"
        ));
        assert!(holds(
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "ada""#
        ));
        assert!(holds(r#"userName eq "x" or name.familyName eq "Lovelace""#));
        assert!(!holds(r#"userName eq "x" or name.familyName eq "x""#));
        assert!(holds(r#"not (userName eq "x")"#));
        assert!(holds(
            r#"(userName eq "x" or active eq true) and not (title pr)"#
        ));
        assert!(
            holds(r#"userName eq "x" and active eq false or active eq true"#),
            "and binds tighter than or"
        );
    }

    #[test]
    fn a_filter_nested_past_the_limit_is_refused_not_a_stack_overflow() {
        let nested = |levels: usize| {
            format!(
                "{}userName eq \"ada\"{}",
                "(".repeat(levels),
                ")".repeat(levels)
            )
        };
        assert!(Filter::parse(&nested(MAX_DEPTH)).is_ok());
        let error = Filter::parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(error.contains("more than 32 levels"), "{error}");
        // Far past any stack: refused at the limit, before the recursion goes deeper.
        assert!(Filter::parse(&nested(1_000_000)).is_err());
        let not_groups = format!("{}title pr{}", "not (".repeat(100_000), ")".repeat(100_000));
        assert!(Filter::parse(&not_groups).is_err());
        let value_paths = format!(
            "{}value pr{}",
            "emails[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(Filter::parse(&value_paths).is_err());
    }

    #[test]
    fn malformed_filters_are_refused() {
        for bad in [
            "",
            "userName",
            r#"userName xx "a""#,
            r#"userName eq "a" or"#,
            r#"not userName eq "a""#,
            r#"(userName eq "a""#,
            r#"emails[type eq "work""#,
            "userName eq ada",
            r#"userName eq "open"#,
            r#"userName eq "a" userName"#,
            r#"user*name eq "a""#,
        ] {
            assert!(Filter::parse(bad).is_err(), "{bad}");
        }
    }
}

/// Property tests: any filter text a client sends is parsed into a filter or refused with a
/// message (the facade's `400 invalidFilter`), never a panic, and a parsed filter can be asked
/// everything the facade asks of it. `PROPTEST_CASES=1000000` for a long run (tests/README.md).
#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    const CORE: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

    /// Pieces of real filters, so that most generated texts get deep into the parser.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "userName",
                "emails",
                "emails.value",
                "name.givenName",
                "meta.lastModified",
                "active",
                "id",
                "externalId",
                CORE,
                "urn:x:ext:2.0:User:level",
                "members",
                "eq",
                "ne",
                "co",
                "sw",
                "ew",
                "pr",
                "gt",
                "ge",
                "lt",
                "le",
                "and",
                "or",
                "not",
                "(",
                ")",
                "[",
                "]",
                "\"",
                "\"ada\"",
                "\"a\\\"b\"",
                "\"\\u00e9\"",
                "true",
                "false",
                "null",
                "3",
                "-1.5e3",
                "1e999",
                " ",
                "  ",
                ".",
                ":",
                "type eq \"work\"",
            ])
            .prop_map(str::to_owned),
            "\\PC{0,6}",
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::collection::vec(piece(), 0..24).prop_map(|pieces| pieces.join(" ")),
            prop::collection::vec(piece(), 0..24).prop_map(|pieces| pieces.concat()),
            "\\PC{0,80}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn fuzz_filter_text(text in text()) {
            let resource = json!({
                "schemas": [CORE], "id": "U-1", "userName": "ada", "active": true,
                "name": {"givenName": "Ada"}, "emails": [{"value": "ada@x", "type": "work"}],
                "meta": {"lastModified": "2024-05-01T10:00:00Z"},
                "urn:x:ext:2.0:User": {"level": 3}
            });
            match Filter::parse(&text) {
                Ok(filter) => {
                    let _ = filter.matches(&resource);
                    let _ = filter.mentions("userName", CORE);
                    let _ = filter.required_eq("userName", CORE);
                    let _ = filter.equalities();
                }
                Err(message) => prop_assert!(!message.is_empty()),
            }
        }
    }
}
