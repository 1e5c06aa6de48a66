//! Imports as Okta runs them (C9303/C9304, C9305, C9338, C9359–C9361, C9373, C9345) and the
//! completeness of paging: the same records at Okta's page size and at a small one, and every
//! record the run created present exactly once.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::attributes::{AttrPath, CORE_ATTRIBUTES};
use super::groups::PushedGroup;
use super::{IMPORT_LIMIT, Run, SMALL_LIMIT, Users, list_call, values_of};

const USERS: &str = "Import users";
const GROUPS: &str = "Import groups";

impl Run<'_> {
    /// C9303/C9304 (first import) and C9345: what arrives on users is discoverable.
    pub(super) async fn import_users(&mut self) -> Option<Vec<Value>> {
        let list = list_call("ListUsers", "id", json!({}), IMPORT_LIMIT);
        let users = self
            .import_list("conformance.import.users", USERS, list)
            .await?;
        self.mapped_discoverable(&users);
        Some(users)
    }

    /// C9338 (first import).
    pub(super) async fn import_groups(&mut self) {
        let list = list_call("ListGroups", "id", json!({}), IMPORT_LIMIT);
        self.import_list("conformance.import.groups", GROUPS, list)
            .await;
    }

    /// C9345: every attribute imported users carry is one Okta can map: a core SCIM attribute,
    /// a schema extension, or a discovered property.
    fn mapped_discoverable(&mut self, users: &[Value]) {
        const ID: &str = "conformance.schema.mapped-discoverable";
        if self.schema.properties.is_empty() {
            self.skip(
                ID,
                "User schema discovery",
                "ListUserSchema",
                self.because(
                    "the user schema was not discovered",
                    "conformance.schema.properties",
                ),
            );
            return;
        }
        let declared: BTreeSet<String> = self
            .schema
            .properties
            .iter()
            .filter_map(AttrPath::of)
            .filter_map(|path| match path {
                AttrPath::Member(s) | AttrPath::Primary(s) => s.first().cloned(),
            })
            .collect();
        let undeclared: BTreeSet<&str> = users
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|user| user.keys())
            .map(String::as_str)
            .filter(|k| {
                *k != "meta"
                    && !k.starts_with("urn:")
                    && !CORE_ATTRIBUTES.contains(*k)
                    && !declared.contains(*k)
            })
            .collect();
        self.verdict(
            ID,
            "User schema discovery",
            "ListUserSchema",
            undeclared.is_empty(),
            (
                format!("every attribute on the {} imported users is discoverable", users.len()),
                format!(
                    "imported users carry attribute(s) ListUserSchema does not declare: {}: Okta cannot map them",
                    undeclared.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            ),
            Vec::new(),
        );
    }

    /// Imports `action` at Okta's page size and at a small one and judges, as check `id`, that
    /// both hold the same records, each once, `expected` (the run's own) among them. Paging
    /// failures are recorded as `{id}.paging` and `{id}.small-pages`. Returns the records.
    async fn complete(
        &mut self,
        id: &str,
        group: &str,
        action: &str,
        expected: &[&str],
    ) -> Option<Vec<Value>> {
        let records = self
            .import_list(
                &format!("{id}.paging"),
                group,
                list_call(action, "id", json!({}), IMPORT_LIMIT),
            )
            .await?;
        let small = self
            .import_list(
                &format!("{id}.small-pages"),
                group,
                list_call(action, "id", json!({}), SMALL_LIMIT),
            )
            .await?;
        let ids = |records: &[Value]| -> BTreeSet<String> {
            records
                .iter()
                .filter_map(|r| r["id"].as_str().map(str::to_owned))
                .collect()
        };
        let (large, little) = (ids(&records), ids(&small));
        let mut problems = Vec::new();
        if large != little {
            problems.push(format!(
                "{} records at page size {IMPORT_LIMIT} but {} at page size {SMALL_LIMIT}: a page ends the list early (hand Okta a `nextCursor` until the last record, even after a page shorter than asked: a vendor may serve fewer records a page than Okta's limit)",
                large.len(),
                little.len()
            ));
        }
        let missing: Vec<&&str> = expected
            .iter()
            .filter(|e| !large.contains(**e) || !little.contains(**e))
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "{} record(s) the run created are missing from the import: {missing:?}",
                missing.len()
            ));
        }
        self.verdict(
            id,
            group,
            action,
            problems.is_empty(),
            (
                format!(
                    "{} records at page sizes {IMPORT_LIMIT} and {SMALL_LIMIT} alike, the {} the run wrote among them",
                    records.len(),
                    expected.len()
                ),
                format!("{action} does not import every record"),
            ),
            problems,
        );
        Some(records)
    }

    /// C9303/C9304 completeness, C9335 (no duplicate), C9359–C9361, C9373, C9305.
    pub(super) async fn user_imports(&mut self, users: &Users) {
        const ID: &str = "conformance.import.users.complete";
        // C9359–C9361: a user deactivated in the app.
        let deactivated = match &users.second {
            Some(second) if self.implements("DeactivateUser") => self
                .step(
                    "conformance.import.deactivated-inactive",
                    USERS,
                    "DeactivateUser",
                    json!({"userId": second.id}),
                    true,
                )
                .await
                .map(|_| second.clone()),
            _ => None,
        };
        let created: Vec<&str> = [
            users.first.as_ref(),
            users.second.as_ref(),
            users.full.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(users.members.iter())
        .map(|u| u.id.as_str())
        .collect();
        let Some(records) = self.complete(ID, USERS, "ListUsers", &created).await else {
            return;
        };
        let record = |id: &str| records.iter().find(|r| r["id"] == id).cloned();
        if let Some(first) = &users.first {
            let named = records
                .iter()
                .filter(|r| {
                    r["userName"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&first.user_name))
                })
                .count();
            const NO_DUPLICATE: &str = "conformance.user.no-duplicate";
            if named == 0 {
                // An import that misses the user cannot tell whether a second one was created:
                // the failure is the import's, reported by `ID`.
                self.skip(
                    NO_DUPLICATE,
                    USERS,
                    "CreateUser",
                    format!(
                        "the import does not list `{}` (see {ID}), so whether assigning it again created another cannot be told",
                        first.user_name
                    ),
                );
            } else {
                self.verdict(
                    NO_DUPLICATE,
                    USERS,
                    "CreateUser",
                    named == 1,
                    (
                        "assigning an existing user created no second one".into(),
                        format!("{named} users are named `{}`: assigning an existing user must not create another", first.user_name),
                    ),
                    Vec::new(),
                );
            }
            self.mapped(first.id.as_str(), record(&first.id)).await;
        } else {
            let why = self.because("no user was created", "conformance.user.create");
            for id in [
                "conformance.user.no-duplicate",
                "conformance.import.users.mapped",
            ] {
                self.skip(id, USERS, "CreateUser", why.clone());
            }
        }
        match deactivated {
            Some(user) => {
                let active = record(&user.id).map(|r| r["active"].clone());
                self.verdict(
                    "conformance.import.deactivated-inactive",
                    USERS,
                    "ListUsers",
                    active == Some(json!(false)),
                    (
                        "a user deactivated in the app imports with `active: false`".into(),
                        "a user deactivated in the app must import with `active: false`".into(),
                    ),
                    vec![format!(
                        "at `/resources/*/active` of `{}`: {active:?}",
                        user.id
                    )],
                );
            }
            None => {
                let why = if self.implements("DeactivateUser") {
                    self.because("no user was deactivated", "conformance.user.create-unique")
                } else {
                    "no user was deactivated: `DeactivateUser` is not implemented".to_owned()
                };
                self.skip(
                    "conformance.import.deactivated-inactive",
                    USERS,
                    "DeactivateUser",
                    why,
                );
            }
        }
        self.imported_entitlements(users, &records).await;
        self.update_imported(users, &records).await;
    }

    /// C9303/C9304: an imported user maps as it reads by id.
    async fn mapped(&mut self, id: &str, imported: Option<Value>) {
        const ID: &str = "conformance.import.users.mapped";
        let Some(imported) = imported else {
            return;
        };
        let Some(read) = self.read_user(ID, USERS, id).await else {
            return;
        };
        let email = AttrPath::Primary(vec!["emails".into()]);
        let differing: Vec<String> = ["/userName", "/name/givenName", "/name/familyName"]
            .into_iter()
            .filter(|p| imported.pointer(p) != read.pointer(p))
            .map(|p| {
                format!(
                    "at `{p}`: imported {:?}, read {:?}",
                    imported.pointer(p),
                    read.pointer(p)
                )
            })
            .chain(
                (email.get(&imported) != email.get(&read))
                    .then(|| "at `/emails` (primary) differs".to_owned()),
            )
            .collect();
        self.verdict(
            ID,
            USERS,
            "ListUsers",
            differing.is_empty(),
            (
                "an imported user carries the username, names and email it reads with".into(),
                "an imported user maps differently from the same user read by id".into(),
            ),
            differing,
        );
    }

    /// C9373: an imported user's entitlements are the ones it holds.
    async fn imported_entitlements(&mut self, users: &Users, records: &[Value]) {
        const ID: &str = "conformance.entitlements.import";
        let (Some(full), false) = (&users.full, self.entitlements.properties.is_empty()) else {
            self.skip(
                ID,
                USERS,
                "ListUsers",
                self.because(
                    "no user with entitlements was created",
                    "conformance.entitlements.assign",
                ),
            );
            return;
        };
        let Some(imported) = records
            .iter()
            .find(|r| r["id"] == full.id.as_str())
            .cloned()
        else {
            return;
        };
        let Some(read) = self.read_user(ID, USERS, &full.id).await else {
            return;
        };
        let differing: Vec<String> = self
            .entitlements
            .properties
            .iter()
            .filter(|(attribute, _)| {
                values_of(&imported[attribute.as_str()]) != values_of(&read[attribute.as_str()])
            })
            .map(|(attribute, _)| {
                format!(
                    "at `/{attribute}`: imported {:?}, held {:?}",
                    values_of(&imported[attribute.as_str()]),
                    values_of(&read[attribute.as_str()])
                )
            })
            .collect();
        let held: usize = self
            .entitlements
            .properties
            .iter()
            .map(|(attribute, _)| values_of(&read[attribute.as_str()]).len())
            .sum();
        self.verdict(
            ID,
            USERS,
            "ListUsers",
            differing.is_empty() && held > 0,
            (
                format!("an imported user arrives with its {held} entitlement value(s)"),
                "an imported user's entitlements differ from the ones it holds".into(),
            ),
            differing,
        );
    }

    /// C9305: the imported record, changed and sent back, updates the user.
    async fn update_imported(&mut self, users: &Users, records: &[Value]) {
        const ID: &str = "conformance.import.update-imported";
        let Some(member) = users.members.first() else {
            self.skip(
                ID,
                USERS,
                "UpdateUser",
                self.because(
                    "no imported user of the run's to update",
                    "conformance.user.group-assignment",
                ),
            );
            return;
        };
        let Some(mut user) = records
            .iter()
            .find(|r| r["id"] == member.id.as_str())
            .cloned()
        else {
            return;
        };
        let family = format!("Imported {}", self.tag);
        user["name"]["familyName"] = json!(family);
        if !self.update(ID, USERS, user).await {
            return;
        }
        let Some(read) = self.read_user(ID, USERS, &member.id).await else {
            return;
        };
        self.verdict(
            ID,
            USERS,
            "UpdateUser",
            read["name"]["familyName"] == family.as_str(),
            (
                "an imported user, changed and sent back, updates".into(),
                "an imported user sent back with a change reads back unchanged".into(),
            ),
            vec![format!(
                "at `/user/name/familyName`: {}",
                read["name"]["familyName"]
            )],
        );
    }

    /// C9338 completeness: the pushed groups among the same groups at both page sizes.
    pub(super) async fn import_groups_complete(&mut self, pushed: &[&PushedGroup]) {
        const ID: &str = "conformance.import.groups.complete";
        let expected: Vec<&str> = pushed.iter().map(|g| g.id.as_str()).collect();
        self.complete(ID, GROUPS, "ListGroups", &expected).await;
    }
}
