//! Schema discovery (user and entitlement schemas with their values) and the proprietary
//! Universal Logout action.

use serde_json::json;

use super::{CreatedUser, IMPORT_LIMIT, Run};
use crate::report::conformance::paging::ListCall;
use crate::report::model::{Check, Status};

impl Run<'_> {
    pub(super) async fn discovery(&mut self, label: &str, group: &str, schema: &str, values: &str) {
        let slug = label.to_ascii_lowercase().replace(' ', "-");
        let properties = ListCall {
            action: schema,
            items: "schemaProperties",
            extra: json!({}),
            key: "name",
            limit: IMPORT_LIMIT,
        };
        let found = self
            .import_list(&format!("conformance.{slug}.properties"), group, properties)
            .await;
        if found.as_ref().is_some_and(Vec::is_empty) {
            self.push(
                Check::new(
                    format!("conformance.{slug}.not-empty"),
                    group,
                    Status::Warn,
                    format!("{schema} returned no properties"),
                )
                .for_action(schema),
            );
        }
        let list = ListCall {
            action: values,
            items: "schemaPropertyValues",
            extra: json!({}),
            key: "",
            limit: IMPORT_LIMIT,
        };
        self.import_list(&format!("conformance.{slug}.values"), group, list)
            .await;
    }

    pub(super) async fn logout(&mut self, user: Option<&CreatedUser>) {
        const G: &str = "Universal Logout";
        const ID: &str = "conformance.logout.proprietary";
        let Some(user) = user else {
            self.skip(ID, G, "UniversalLogout", "no user was created to log out");
            return;
        };
        let input = json!({"externalUserId": user.id, "externalUserName": user.user_name});
        if let Some(answer) = self.step(ID, G, "UniversalLogout", input, true).await {
            let ok = answer.body["logoutStatus"] == "SUCCESS";
            self.verdict(
                ID,
                G,
                "UniversalLogout",
                ok,
                (
                    "the created user was logged out (`logoutStatus: SUCCESS`)".into(),
                    "UniversalLogout did not answer `logoutStatus: SUCCESS`".into(),
                ),
                vec![format!(
                    "at `/logoutStatus` (request {})",
                    answer.request_id
                )],
            );
        }
    }
}
