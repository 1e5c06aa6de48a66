//! Items the macros' generated code uses. Not part of the public API; may change at any time.

pub use futures::future::BoxFuture;
pub use okta_actions_contracts::{
    Capability, Contract, RuleKind, action, broken, broken_at, is_registered,
};

use crate::ActionError;
pub use crate::handler::{
    ActionHandler, HandlerMeta, IntoOutput, IsActionError, IsContext, IsInputOf, IsListItem,
    IsMapped, action_of, drop_non_send_values_before_await_or_use_arc,
};

pub mod declarative;

/// The metadata of a generated handler.
#[allow(clippy::too_many_arguments)]
pub const fn handler_meta(
    action: &'static str,
    capability: Capability,
    handler: &'static str,
    file: &'static str,
    line: u32,
    doc: &'static str,
    vendor_call: Option<&'static str>,
    paging: Option<crate::client::ListPaging>,
) -> HandlerMeta {
    HandlerMeta {
        action,
        capability,
        handler,
        file,
        line,
        doc,
        vendor_call,
        paging,
    }
}

/// The contract of a handler whose action could not be resolved; only seen next to its error.
#[derive(Debug, Clone, Copy)]
pub struct InvalidAction;
impl Contract for InvalidAction {
    const IDENT: &'static str = "";
    const CAPABILITY: Capability = Capability::Provisioning;
    type Input = ();
    type Output = ();

    fn input_from_json(body: serde_json::Value) -> Result<(), serde_json::Error> {
        serde_json::from_value(body)
    }

    fn success_to_json(_: &()) -> Vec<u8> {
        unreachable!("a handler that did not compile never runs")
    }
}

impl crate::handler::Erase for InvalidAction {
    fn erase(
        meta: HandlerMeta,
        handler: std::sync::Arc<dyn crate::handler::ErasedHandler<Self>>,
    ) -> crate::handler::RegisteredAction {
        crate::handler::RegisteredAction::erase::<Self>(meta, handler)
    }
}

/// The body of a handler that failed its compile-time checks (never runs: the crate does not
/// compile).
pub fn did_not_compile<'a, T: Send + 'a>() -> BoxFuture<'a, Result<T, ActionError>> {
    Box::pin(async { Err(ActionError::generic("this handler did not compile")) })
}
