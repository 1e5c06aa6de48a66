//! One pipeline for every front end: the actions route, the SCIM facade and the Universal
//! Logout endpoint each map their protocol onto a call here, and map the [`Fault`] back.
//!
//! A call is: look the handler up → check the input against the contract → run the handler
//! under the time limit, a panic caught → check the output against the contract where its
//! type leaves it open ([`OpenParts`]; elsewhere the type guarantees the schema). Binding the
//! tenant's vendor connection stays with the front end, which knows how its caller names the
//! tenant; it hands the resulting [`ActionContext`] in.
//!
//! Two entries share that order: [`json`] for a body that arrives as JSON (the actions route),
//! and [`typed`] for a front end that already holds the contract's typed input (SCIM builds
//! it from a SCIM resource, logout from a Security Event Token's subject), so the handler is
//! called without a JSON round trip.

use std::time::Duration;

use okta_actions_contracts::{
    ActionResponse, Contract, Direction, OpenParts, Violation, validators,
};
use serde_json::Value;

use crate::handler::{Panicked, Wire, panicked_error};
use crate::observe;
use crate::{ActionContext, ActionError, Integration};

/// What bounds and checks one call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// How long the handler may run.
    pub(crate) timeout: Duration,
    /// Whether the handler's output is checked against the contract.
    pub(crate) validate_output: bool,
}

/// Why a call produced no contract output.
#[derive(Debug)]
pub(crate) enum Fault {
    /// The integration registers no handler for the action.
    NotImplemented,
    /// The input breaks the contract: the caller's mistake; the handler did not run.
    Input(Vec<Violation>),
    /// The handler did not finish within the limit (it is dropped: a write it already sent
    /// stays sent).
    TimedOut(Duration),
    /// The handler returned an error: a contract outcome, for the caller to see.
    Failed(ActionError),
    /// The handler panicked, or the schema-valid input did not parse into the typed input (a
    /// model/schema mismatch): the adapter's fault, logged.
    Crashed(ActionError),
    /// The handler's output breaks the contract: the adapter's fault, logged.
    Output(Vec<Violation>),
}

/// Runs action `ident` on a JSON input and answers the response bytes of its success,
/// `executionStatus` included; observed (span, metrics) by [`observe::call`].
///
/// The output is checked against the contract only where its type leaves it open
/// ([`OpenParts`]): elsewhere the type is the schema, and the bytes are written once from it.
pub(crate) async fn json(
    integration: &Integration,
    ident: &str,
    ctx: ActionContext,
    input: Value,
    limits: Limits,
) -> Result<Vec<u8>, Fault> {
    let call = observe::call::Call::start(integration, ident, &ctx);
    call.finish(json_unobserved(integration, ident, ctx, input, limits))
        .await
}

async fn json_unobserved(
    integration: &Integration,
    ident: &str,
    ctx: ActionContext,
    input: Value,
    limits: Limits,
) -> Result<Vec<u8>, Fault> {
    let action = integration.action(ident).ok_or(Fault::NotImplemented)?;
    validators()
        .validate(ident, Direction::Input, &input)
        .map_err(Fault::Input)?;
    let request_id = ctx.request_id().to_owned();
    let wire = tokio::time::timeout(limits.timeout, action.wire(ctx, input))
        .await
        .map_err(|_| timed_out(ident, &request_id, limits.timeout))?;
    let (body, open) = match wire {
        Wire::Succeeded { body, open } => (body, open),
        Wire::Failed(error) => return Err(Fault::Failed(error)),
        Wire::Panicked => return Err(Fault::Crashed(panicked_error())),
        Wire::InputRejected(error) => return Err(crashed(ident, &request_id, error)),
    };
    if limits.validate_output && open {
        let wire: Value = serde_json::from_slice(&body).map_err(|e| {
            let error = ActionError::generic(format!("the output is not JSON: {e}"));
            crashed(ident, &request_id, error)
        })?;
        check_output(ident, &request_id, &wire)?;
    }
    Ok(body)
}

/// Runs the action of contract `C` on its typed input and answers its typed output; observed
/// (span, metrics) by [`observe::call`].
#[cfg_attr(
    not(any(feature = "scim", feature = "universal-logout")),
    allow(
        dead_code,
        reason = "the typed entry serves the SCIM facade and the logout endpoint"
    )
)]
pub(crate) async fn typed<C: Contract>(
    integration: &Integration,
    ctx: ActionContext,
    input: C::Input,
    limits: Limits,
) -> Result<C::Output, Fault> {
    let call = observe::call::Call::start(integration, C::IDENT, &ctx);
    call.finish(typed_unobserved::<C>(integration, ctx, input, limits))
        .await
}

#[cfg_attr(
    not(any(feature = "scim", feature = "universal-logout")),
    allow(
        dead_code,
        reason = "the typed entry serves the SCIM facade and the logout endpoint"
    )
)]
async fn typed_unobserved<C: Contract>(
    integration: &Integration,
    ctx: ActionContext,
    input: C::Input,
    limits: Limits,
) -> Result<C::Output, Fault> {
    let ident = C::IDENT;
    let entry = integration
        .action(ident)
        .and_then(|action| action.typed::<C>())
        .ok_or(Fault::NotImplemented)?;
    let request_id = ctx.request_id().to_owned();
    // The types leave the schema's constraints (formats, enums, lengths) open: check those.
    let value = serde_json::to_value(&input).map_err(|e| {
        let error = ActionError::generic(format!("the input does not serialize: {e}"));
        crashed(ident, &request_id, error)
    })?;
    validators()
        .validate(ident, Direction::Input, &value)
        .map_err(Fault::Input)?;
    let output = match tokio::time::timeout(limits.timeout, entry(ctx, input)).await {
        Err(_) => return Err(timed_out(ident, &request_id, limits.timeout)),
        Ok(Err(Panicked)) => return Err(Fault::Crashed(panicked_error())),
        Ok(Ok(Err(error))) => return Err(Fault::Failed(error)),
        Ok(Ok(Ok(output))) => output,
    };
    if limits.validate_output && output.may_break_schema() {
        let wire = serde_json::to_value(ActionResponse::succeeded(&output)).map_err(|e| {
            let error = ActionError::generic(format!("the output does not serialize: {e}"));
            crashed(ident, &request_id, error)
        })?;
        check_output(ident, &request_id, &wire)?;
    }
    Ok(output)
}

fn timed_out(ident: &str, request_id: &str, limit: Duration) -> Fault {
    tracing::warn!(
        action = ident,
        request_id,
        limit_ms = limit.as_millis() as u64,
        "the action did not finish in time"
    );
    Fault::TimedOut(limit)
}

/// A fault of the adapter's own (a panic is logged where it is caught, with its message).
fn crashed(ident: &str, request_id: &str, error: ActionError) -> Fault {
    tracing::error!(action = ident, request_id, %error, "the action could not run");
    Fault::Crashed(error)
}

fn check_output(ident: &str, request_id: &str, wire: &Value) -> Result<(), Fault> {
    validators()
        .validate(ident, Direction::Output, wire)
        .map_err(|violations| {
            tracing::error!(
                action = ident,
                request_id,
                violations = ?violations.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "the handler's output breaks the contract"
            );
            Fault::Output(violations)
        })
}

#[cfg(test)]
mod tests {
    use futures::future::BoxFuture;
    use okta_actions_contracts::action::GetUserById;
    use okta_actions_contracts::{
        Capability, EnterpriseUserExtension, GetUserByIdInput, GetUserByIdOutput, ScimUser,
    };
    use serde_json::json;

    use super::*;
    use crate::handler::{ActionHandler, HandlerMeta};

    const LIMITS: Limits = Limits {
        timeout: Duration::from_secs(5),
        validate_output: true,
    };

    /// Finds `u-1` and `custom` (with a custom attribute), panics on `boom`, answers a user
    /// whose `name` is a number for `bad` and whose manager is a string for `bad-manager`,
    /// sleeps on `slow`, and finds nobody else. (Written by hand: the macros name `::okta_actions`, which
    /// is another copy of this crate in its own unit tests.)
    struct GetUser;

    impl ActionHandler for GetUser {
        type Contract = GetUserById;
        const META: HandlerMeta = HandlerMeta {
            action: "GetUserById",
            capability: Capability::Provisioning,
            handler: "get_user",
            file: file!(),
            line: line!(),
            doc: "",
            vendor_call: None,
            paging: None,
        };

        fn call<'a>(
            &'a self,
            _ctx: &'a ActionContext,
            input: GetUserByIdInput,
        ) -> BoxFuture<'a, Result<GetUserByIdOutput, ActionError>> {
            Box::pin(async move {
                match input.user_id.as_str() {
                    "u-1" => {
                        let mut user = ScimUser::new("ada@acme.example");
                        user.id = Some("u-1".into());
                        Ok(GetUserByIdOutput { user })
                    }
                    "boom" => panic!("secret-token-in-panic"),
                    "bad" => {
                        // `name` is an object in the contract; the types' catch-all allows any.
                        let mut user = ScimUser::new("ada@acme.example");
                        user.extra.insert("name".into(), json!(5));
                        Ok(GetUserByIdOutput { user })
                    }
                    "bad-manager" => {
                        // The enterprise extension's catch-all, naming a declared property.
                        let mut user = ScimUser::new("ada@acme.example");
                        let mut enterprise = EnterpriseUserExtension::default();
                        enterprise.extra.insert("manager".into(), json!("boss"));
                        user.enterprise = Some(enterprise);
                        Ok(GetUserByIdOutput { user })
                    }
                    "custom" => {
                        // Undeclared properties are free: the schemas accept any.
                        let mut user = ScimUser::new("ada@acme.example");
                        user.id = Some("custom".into());
                        user.extra.insert("favourite".into(), json!({"any": [1]}));
                        Ok(GetUserByIdOutput { user })
                    }
                    "slow" => {
                        tokio::time::sleep(Duration::from_secs(60)).await;
                        Err(ActionError::generic("unreachable"))
                    }
                    other => Err(ActionError::not_found(other.to_owned())),
                }
            })
        }
    }

    fn integration() -> Integration {
        let (integration, _) = Integration::builder("t")
            .action(GetUser)
            .build_with_violations();
        integration
    }

    fn input(id: &str) -> GetUserByIdInput {
        GetUserByIdInput {
            user_id: id.to_owned(),
        }
    }

    #[tokio::test]
    async fn both_entries_end_every_call_the_same_way() {
        let integration = integration();
        let ctx = || ActionContext::new("rid");
        let out = typed::<GetUserById>(&integration, ctx(), input("u-1"), LIMITS)
            .await
            .unwrap();
        assert_eq!(out.user.id.as_deref(), Some("u-1"));
        let body = json(
            &integration,
            "GetUserById",
            ctx(),
            json!({"userId": "u-1"}),
            LIMITS,
        )
        .await
        .unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["user"]["id"], "u-1");
        assert_eq!(body["executionStatus"]["status"], "SUCCEEDED");

        let custom = json(
            &integration,
            "GetUserById",
            ctx(),
            json!({"userId": "custom"}),
            LIMITS,
        )
        .await
        .unwrap();
        let custom: Value = serde_json::from_slice(&custom).unwrap();
        assert_eq!(custom["user"]["favourite"], json!({"any": [1]}));
        for (id, expect) in [
            ("nobody", "Failed"),
            ("boom", "Crashed"),
            ("bad", "Output"),
            ("bad-manager", "Output"),
        ] {
            let typed = typed::<GetUserById>(&integration, ctx(), input(id), LIMITS)
                .await
                .unwrap_err();
            let json = json(
                &integration,
                "GetUserById",
                ctx(),
                json!({"userId": id}),
                LIMITS,
            )
            .await
            .unwrap_err();
            for fault in [&typed, &json] {
                let kind = format!("{fault:?}");
                assert!(kind.starts_with(expect), "{id}: {kind}");
                assert!(!kind.contains("secret-token"), "{kind}");
            }
        }
        // The typed input cannot break this contract; a JSON one can.
        let fault = json(
            &integration,
            "GetUserById",
            ctx(),
            json!({"userId": 5}),
            LIMITS,
        )
        .await
        .unwrap_err();
        assert!(
            matches!(&fault, Fault::Input(v) if v[0].path == "/userId"),
            "{fault:?}"
        );
    }

    #[tokio::test]
    async fn a_slow_handler_times_out_and_an_unknown_action_is_not_implemented() {
        let integration = integration();
        let short = Limits {
            timeout: Duration::from_millis(50),
            ..LIMITS
        };
        let fault = typed::<GetUserById>(
            &integration,
            ActionContext::new("rid"),
            input("slow"),
            short,
        )
        .await
        .unwrap_err();
        assert!(matches!(fault, Fault::TimedOut(limit) if limit == short.timeout));
        let fault = json(
            &integration,
            "ListUsers",
            ActionContext::new("rid"),
            json!({}),
            LIMITS,
        )
        .await
        .unwrap_err();
        assert!(matches!(fault, Fault::NotImplemented));
    }
}
