//! One page's body: its records, deserialised straight into the caller's type, and its cursor.
//!
//! The records array and the cursor are found in one pass over the bytes: object keys off the
//! way to either are skipped without being built, and each record is deserialised directly
//! into `T` (no `serde_json::Value` per record unless `T` is `Value`). Locations the one pass
//! cannot follow (a JSON pointer through an array index, a cursor inside the records) fall back
//! to parsing the body into a `Value` first.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize as _, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess,
    SeqAccess, Visitor,
};
use serde_json::Value;

use super::pagination::{cursor_text, locate, take_items};

/// A page's records and the cursor found beside them.
pub(crate) struct Page<T> {
    /// The records, in the vendor's order.
    pub(crate) records: Vec<T>,
    /// The next cursor as text, when a cursor location was given and holds one.
    pub(crate) cursor: Option<String>,
}

/// Parses `body`: the array of records at `items` (a JSON pointer, a top-level field name, or
/// `""` for the body itself) and, when given, the cursor at `cursor`. `Ok(None)` when there is
/// no array at `items`. Errors are serde_json's: syntax (not JSON) or data (a record that does
/// not fit `T`).
pub(crate) fn parse<T: DeserializeOwned>(
    body: &[u8],
    items: &str,
    cursor: Option<&str>,
) -> Result<Option<Page<T>>, serde_json::Error> {
    let items_path = keys(items);
    let cursor_path = cursor.map(keys);
    let one_pass = match (&items_path, &cursor_path) {
        (Some(_), None) => true,
        // Neither inside the other, or the walk could not hand both out.
        (Some(items), Some(Some(cursor))) => {
            !items.starts_with(cursor) && !cursor.starts_with(items)
        }
        _ => false,
    };
    if one_pass {
        let mut found = Found {
            records: None,
            cursor: None,
        };
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        Select {
            items: items_path.as_deref(),
            cursor: cursor_path.as_ref().and_then(Option::as_deref),
            found: &mut found,
        }
        .deserialize(&mut deserializer)?;
        deserializer.end()?;
        if let Some(records) = found.records {
            return Ok(Some(Page {
                records,
                cursor: cursor_text(found.cursor.as_ref()),
            }));
        }
        // No array where a path of keys leads; a pointer may still reach one through an
        // array index, which only the `Value` walk below follows.
    }
    let mut body: Value = serde_json::from_slice(body)?;
    let cursor = cursor.and_then(|location| cursor_text(locate(&body, location)));
    let Some(items) = take_items(&mut body, items) else {
        return Ok(None);
    };
    let records = items
        .into_iter()
        .map(T::deserialize)
        .collect::<Result<Vec<T>, _>>()?;
    Ok(Some(Page { records, cursor }))
}

/// The whole body as one record (an endpoint that does not paginate); an empty body is `null`.
pub(crate) fn whole<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        T::deserialize(Value::Null)
    } else {
        serde_json::from_slice(body)
    }
}

/// A location as object keys (`""` → none, `items` → `["items"]`, `/a/b~1c` → `["a", "b/c"]`).
/// `None` for a pointer segment that is an array index: the one pass only follows keys.
fn keys(location: &str) -> Option<Vec<String>> {
    if location.is_empty() {
        return Some(Vec::new());
    }
    let Some(pointer) = location.strip_prefix('/') else {
        return Some(vec![location.to_owned()]);
    };
    pointer
        .split('/')
        .map(|segment| {
            let is_index = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
            (!is_index).then(|| segment.replace("~1", "/").replace("~0", "~"))
        })
        .collect()
}

/// What the walk found.
struct Found<T> {
    records: Option<Vec<T>>,
    cursor: Option<Value>,
}

/// Walks one value: `items` and `cursor` are the keys still to follow to each (`None`: not
/// under this value; empty: this value is it).
struct Select<'a, T> {
    items: Option<&'a [String]>,
    cursor: Option<&'a [String]>,
    found: &'a mut Found<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Select<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match (self.items, self.cursor) {
            (Some([]), _) => deserializer.deserialize_any(Records {
                found: self.found,
                item: PhantomData,
            }),
            (_, Some([])) => {
                self.found.cursor = Some(Value::deserialize(deserializer)?);
                Ok(())
            }
            _ => deserializer.deserialize_any(self),
        }
    }
}

/// The rest of a path when it goes through `key`.
fn through<'a>(path: Option<&'a [String]>, key: &str) -> Option<&'a [String]> {
    match path? {
        [first, rest @ ..] if first == key => Some(rest),
        _ => None,
    }
}

/// Accepts and discards any scalar: a value other than the expected container finds nothing.
macro_rules! ignore_scalars {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
    };
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Select<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    ignore_scalars!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let items = through(self.items, &key);
            let cursor = through(self.cursor, &key);
            if items.is_none() && cursor.is_none() {
                map.next_value::<IgnoredAny>()?;
            } else {
                map.next_value_seed(Select {
                    items,
                    cursor,
                    found: &mut *self.found,
                })?;
            }
        }
        Ok(())
    }
}

/// The records array: each element deserialised into `T` as it is read.
struct Records<'a, T> {
    found: &'a mut Found<T>,
    item: PhantomData<fn() -> T>,
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Records<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of records")
    }

    ignore_scalars!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(record) = seq.next_element::<T>()? {
            records.push(record);
        }
        self.found.records = Some(records);
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Rec {
        n: u64,
    }

    fn page<T: DeserializeOwned>(
        body: &Value,
        items: &str,
        cursor: Option<&str>,
    ) -> Option<Page<T>> {
        parse(&serde_json::to_vec(body).unwrap(), items, cursor).unwrap()
    }

    #[test]
    fn records_and_cursors_at_every_kind_of_location() {
        let body = json!({"meta": {"next": "c-2", "other": [1, 2]}, "x": {"a": 1},
                          "data": {"items": [{"n": 1}, {"n": 2}]}});
        let found: Page<Rec> = page(&body, "/data/items", Some("/meta/next")).unwrap();
        assert_eq!(found.records, [Rec { n: 1 }, Rec { n: 2 }]);
        assert_eq!(found.cursor.as_deref(), Some("c-2"));

        let body = json!({"results": [{"n": 7}], "next": 3});
        let found: Page<Value> = page(&body, "results", Some("next")).unwrap();
        assert_eq!(found.records, [json!({"n": 7})]);
        assert_eq!(found.cursor.as_deref(), Some("3"));

        let found: Page<Rec> = page(&json!([{"n": 0}]), "", None).unwrap();
        assert_eq!(found.records, [Rec { n: 0 }]);

        // An array index in the pointer takes the `Value` walk.
        let body = json!({"pages": [{"items": [{"n": 4}]}]});
        let found: Page<Rec> = page(&body, "/pages/0/items", None).unwrap();
        assert_eq!(found.records, [Rec { n: 4 }]);
    }

    #[test]
    fn no_array_at_the_location_is_none_and_a_misfit_record_is_a_data_error() {
        assert!(page::<Rec>(&json!({"items": {"n": 1}}), "items", None).is_none());
        assert!(page::<Rec>(&json!({"id": "only"}), "", None).is_none());
        assert!(page::<Rec>(&json!({"other": []}), "/data/items", None).is_none());
        let err = parse::<Rec>(br#"[{"n": "x"}]"#, "", None).err().unwrap();
        assert!(err.is_data(), "{err}");
        let err = parse::<Rec>(b"[{\"n\": 1", "", None).err().unwrap();
        assert!(err.is_eof() || err.is_syntax(), "{err}");
    }

    #[test]
    fn pointer_segments_are_unescaped() {
        assert_eq!(
            keys("/a~1b/c~0d"),
            Some(vec!["a/b".to_owned(), "c~d".to_owned()])
        );
        assert_eq!(keys("/list/0"), None);
        assert_eq!(keys(""), Some(vec![]));
    }
}
