//! Deterministic demo data: the same seed always gives the same users, teams, grants and sessions.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::model::*;
use crate::store::Tenant;

/// 2023-01-02T09:00:00Z: the first seeded user's creation time.
const SEED_EPOCH: u64 = 1_672_650_000;

const FIRST_NAMES: [&str; 40] = [
    "Ada",
    "Alan",
    "Grace",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "John",
    "Katherine",
    "Dennis",
    "Margaret",
    "Ken",
    "Radia",
    "Tim",
    "Hedy",
    "Linus",
    "Shafi",
    "Leslie",
    "Sophie",
    "Niklaus",
    "Joan",
    "Bjarne",
    "Adele",
    "Guido",
    "Evelyn",
    "James",
    "Mary",
    "Robin",
    "Anita",
    "Claude",
    "Lynn",
    "Vint",
    "Susan",
    "Bob",
    "Elena",
    "Yukihiro",
    "Carol",
    "Larry",
    "Ida",
    "Brian",
];

const LAST_NAMES: [&str; 40] = [
    "Lovelace",
    "Turing",
    "Hopper",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "McCarthy",
    "Johnson",
    "Ritchie",
    "Hamilton",
    "Thompson",
    "Perlman",
    "Berners-Lee",
    "Lamarr",
    "Torvalds",
    "Goldwasser",
    "Lamport",
    "Wilson",
    "Wirth",
    "Clarke",
    "Stroustrup",
    "Goldberg",
    "van Rossum",
    "Boyd",
    "Gosling",
    "Keller",
    "Milner",
    "Borg",
    "Shannon",
    "Conway",
    "Cerf",
    "Kare",
    "Kahn",
    "Garcia",
    "Matsumoto",
    "Shaw",
    "Page",
    "Rhodes",
    "Kernighan",
];

const DEPARTMENTS: [&str; 8] = [
    "Engineering",
    "Sales",
    "Marketing",
    "Support",
    "Finance",
    "Legal",
    "Operations",
    "People",
];

const TITLES: [&str; 8] = [
    "Engineer",
    "Account Executive",
    "Designer",
    "Support Specialist",
    "Analyst",
    "Counsel",
    "Program Manager",
    "Recruiter",
];

const TEAMS: [(&str, &str); 16] = [
    ("Engineering", "Everyone who builds the product"),
    ("Sales", "Account executives and sales engineers"),
    ("Marketing", "Brand, content and growth"),
    ("Support", "Customer support, all tiers"),
    ("Finance", "Accounting, billing and planning"),
    ("Legal", "Contracts, privacy and compliance"),
    ("Design", "Product and brand design"),
    ("Product", "Product managers"),
    ("Operations", "Business operations"),
    ("People", "Recruiting and people partners"),
    ("Security", "Security engineering and incident response"),
    ("Data", "Analytics and data engineering"),
    ("Platform", "Infrastructure and developer tooling"),
    ("Partnerships", "Alliances and resellers"),
    ("Research", "User research"),
    ("Executive", "The leadership team"),
];

const LOCALES: [(&str, &str); 4] = [
    ("en-US", "America/New_York"),
    ("en-GB", "Europe/London"),
    ("de-DE", "Europe/Berlin"),
    ("ja-JP", "Asia/Tokyo"),
];

fn grant(id: &str, name: &str, description: &str) -> (String, Grant) {
    (
        id.to_owned(),
        Grant {
            id: id.to_owned(),
            name: name.to_owned(),
            description: description.to_owned(),
        },
    )
}

/// The roles every tenant offers.
pub(crate) fn roles() -> BTreeMap<String, Grant> {
    [
        grant("role_admin", "Administrator", "Full control of the tenant"),
        grant(
            "role_billing",
            "Billing Manager",
            "Manages invoices and payment methods",
        ),
        grant("role_editor", "Editor", "Creates and edits content"),
        grant("role_support", "Support Agent", "Answers customer tickets"),
        grant("role_viewer", "Viewer", "Read-only access"),
    ]
    .into_iter()
    .collect()
}

/// The licences every tenant offers.
pub(crate) fn licenses() -> BTreeMap<String, Grant> {
    [
        grant(
            "lic_analytics",
            "Acme Analytics",
            "Dashboards and reports add-on",
        ),
        grant(
            "lic_api",
            "Acme API Access",
            "Programmatic access with personal tokens",
        ),
        grant("lic_pro", "Acme Pro", "The professional seat"),
        grant("lic_standard", "Acme Standard", "The standard seat"),
    ]
    .into_iter()
    .collect()
}

/// The custom user fields every tenant defines.
pub(crate) fn custom_fields() -> Vec<CustomField> {
    let allowed = |pairs: &[(&str, &str)]| {
        Some(
            pairs
                .iter()
                .map(|(value, label)| AllowedValue {
                    value: (*value).to_owned(),
                    label: (*label).to_owned(),
                })
                .collect(),
        )
    };
    vec![
        CustomField {
            key: "cost_center".into(),
            label: "Cost center".into(),
            kind: FieldType::String,
            required: false,
            description: "The finance cost center the user is charged to".into(),
            allowed_values: None,
        },
        CustomField {
            key: "region".into(),
            label: "Region".into(),
            kind: FieldType::Enum,
            required: false,
            description: "The sales region the user works in".into(),
            allowed_values: allowed(&[
                ("amer", "Americas"),
                ("emea", "Europe, Middle East and Africa"),
                ("apac", "Asia Pacific"),
            ]),
        },
        CustomField {
            key: "seat_tier".into(),
            label: "Seat tier".into(),
            kind: FieldType::Enum,
            required: false,
            description: "Which support tier the user's seat belongs to".into(),
            allowed_values: allowed(&[
                ("bronze", "Bronze"),
                ("silver", "Silver"),
                ("gold", "Gold"),
            ]),
        },
        CustomField {
            key: "clearance_level".into(),
            label: "Clearance level".into(),
            kind: FieldType::Integer,
            required: false,
            description: "Data-access clearance from 1 (public) to 5 (restricted)".into(),
            allowed_values: None,
        },
        CustomField {
            key: "is_contractor".into(),
            label: "Contractor".into(),
            kind: FieldType::Boolean,
            required: false,
            description: "Whether the user is an external contractor".into(),
            allowed_values: None,
        },
        CustomField {
            key: "start_date".into(),
            label: "Start date".into(),
            kind: FieldType::Date,
            required: false,
            description: "The user's first working day".into(),
            allowed_values: None,
        },
    ]
}

/// Fills a tenant with `users` users (the first tenth manage the rest), `teams` teams (at most
/// 16) with memberships, grants, custom field values and sessions, all from its seeded RNG.
pub(crate) fn populate(tenant: &mut Tenant, users: usize, teams: usize) {
    let domain = format!("{}.acme.example", tenant.subdomain);
    let managers = users.div_ceil(10).max(1);
    let mut ids: Vec<String> = Vec::with_capacity(users);
    let mut taken = BTreeSet::new();
    for i in 0..users {
        let rng = &mut tenant.rng;
        let first = FIRST_NAMES[rng.usize(..FIRST_NAMES.len())];
        let last = LAST_NAMES[rng.usize(..LAST_NAMES.len())];
        let base = format!(
            "{}.{}",
            first.to_lowercase(),
            last.to_lowercase().replace(' ', "")
        );
        let mut username = base.clone();
        let mut n = 2;
        while !taken.insert(username.clone()) {
            username = format!("{base}{n}");
            n += 1;
        }
        let department = DEPARTMENTS[rng.usize(..DEPARTMENTS.len())];
        let (locale, timezone) = LOCALES[rng.usize(..LOCALES.len())];
        let region = ["amer", "emea", "apac"][rng.usize(..3)];
        let mut custom: BTreeMap<String, Value> = BTreeMap::new();
        custom.insert(
            "cost_center".into(),
            json!(format!("CC-{}", 100 + rng.u32(0..40))),
        );
        custom.insert("region".into(), json!(region));
        custom.insert("clearance_level".into(), json!(rng.u8(1..=5)));
        custom.insert("is_contractor".into(), json!(rng.u8(0..10) == 0));
        custom.insert(
            "start_date".into(),
            json!(format!(
                "20{:02}-{:02}-{:02}",
                rng.u8(15..=24),
                rng.u8(1..=12),
                rng.u8(1..=28)
            )),
        );
        if rng.bool() {
            custom.insert(
                "seat_tier".into(),
                json!(["bronze", "silver", "gold"][rng.usize(..3)]),
            );
        }
        let mut roles = BTreeSet::new();
        roles.insert(
            if i < managers {
                "role_admin"
            } else {
                "role_viewer"
            }
            .to_owned(),
        );
        match rng.u8(0..10) {
            0 => roles.insert("role_billing".to_owned()),
            1 | 2 => roles.insert("role_editor".to_owned()),
            3 => roles.insert("role_support".to_owned()),
            _ => false,
        };
        let mut licenses = BTreeSet::new();
        licenses.insert(
            if rng.u8(0..4) == 0 {
                "lic_pro"
            } else {
                "lic_standard"
            }
            .to_owned(),
        );
        if rng.u8(0..5) == 0 {
            licenses.insert("lic_analytics".to_owned());
        }
        if rng.u8(0..10) == 0 {
            licenses.insert("lic_api".to_owned());
        }
        let is_enabled = i < managers || rng.u8(0..20) != 0;
        let created_at = SEED_EPOCH + (i as u64) * 86_400 / 2;
        let phone = format!("+1 555 {:04}", rng.u32(0..10_000));
        let id = tenant.new_id("usr");
        let rng = &mut tenant.rng;
        let manager_id = (i >= managers).then(|| ids[rng.usize(..managers)].clone());
        let sessions = if is_enabled {
            (0..rng.usize(0..=2))
                .map(|s| {
                    let mobile = rng.bool();
                    Session {
                        id: format!("ses_{}{s}", &id[4..]),
                        client: if mobile { "mobile" } else { "web" },
                        refresh_token: mobile.then(|| {
                            let token: String = std::iter::repeat_with(|| rng.alphanumeric())
                                .take(32)
                                .collect();
                            format!("acme_rt_{token}")
                        }),
                        created_at: created_at + 3_600 * (s as u64 + 1),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let user = UserRecord {
            id: id.clone(),
            username: username.clone(),
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            email_address: format!("{username}@{domain}"),
            is_enabled,
            department: Some(department.to_owned()),
            job_title: Some(TITLES[rng.usize(..TITLES.len())].to_owned()),
            phone_number: Some(phone),
            manager_id,
            employee_number: Some(format!("E{:05}", 1_000 + i)),
            locale: Some(locale.to_owned()),
            timezone: Some(timezone.to_owned()),
            custom_fields: custom,
            roles,
            licenses,
            password: None,
            sessions,
            created_at,
            updated_at: created_at,
        };
        tenant.users.insert(id.clone(), user);
        ids.push(id);
    }
    let mut team_ids = Vec::new();
    for (i, (name, description)) in TEAMS.iter().take(teams).enumerate() {
        let id = tenant.new_id("grp");
        let created_at = SEED_EPOCH + i as u64 * 60;
        tenant.teams.insert(
            id.clone(),
            TeamRecord {
                id: id.clone(),
                name: (*name).to_owned(),
                description: Some((*description).to_owned()),
                members: BTreeSet::new(),
                created_at,
                updated_at: created_at,
            },
        );
        team_ids.push(id);
    }
    if team_ids.is_empty() {
        return;
    }
    for user in &ids {
        let count = tenant.rng.usize(1..=3);
        for _ in 0..count {
            let team = &team_ids[tenant.rng.usize(..team_ids.len())];
            if let Some(team) = tenant.teams.get_mut(team) {
                team.members.insert(user.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(seed: u64) -> Tenant {
        let mut tenant = Tenant::new("demo", seed);
        populate(&mut tenant, 250, 12);
        tenant
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let (a, b) = (seeded(7), seeded(7));
        assert_eq!(
            a.users.keys().collect::<Vec<_>>(),
            b.users.keys().collect::<Vec<_>>()
        );
        assert_eq!(
            a.teams.keys().collect::<Vec<_>>(),
            b.teams.keys().collect::<Vec<_>>()
        );
        assert_ne!(
            a.users.keys().next(),
            seeded(8).users.keys().next(),
            "another seed gives other ids"
        );
    }

    #[test]
    fn demo_data_has_the_promised_shape() {
        let tenant = seeded(7);
        assert_eq!(tenant.users.len(), 250);
        assert_eq!(tenant.teams.len(), 12);
        let usernames: BTreeSet<_> = tenant.users.values().map(|u| &u.username).collect();
        assert_eq!(usernames.len(), 250, "usernames are unique");
        assert!(tenant.teams.values().all(|t| !t.members.is_empty()));
        assert!(tenant.users.values().any(|u| !u.is_enabled));
        assert!(tenant.users.values().any(|u| !u.sessions.is_empty()));
        assert!(tenant.users.values().all(|u| {
            u.manager_id
                .as_ref()
                .is_none_or(|m| tenant.users.contains_key(m))
        }));
    }
}
