//! Items the macros' generated code uses. Not part of the public API; may change at any time.

pub use futures::future::BoxFuture;
pub use okta_actions_contracts::{Capability, Contract, action};

use crate::ActionError;
pub use crate::handler::{
    ActionHandler, HandlerMeta, IntoOutput, IsActionError, IsContext, IsInputOf, IsMapped,
    action_of, drop_non_send_values_before_await_or_use_arc,
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
    paging: Option<crate::vendor::ListPaging>,
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
}

/// The body of a handler that failed its compile-time checks (never runs: the crate does not
/// compile).
pub fn did_not_compile<'a, T: Send + 'a>() -> BoxFuture<'a, Result<T, ActionError>> {
    Box::pin(async { Err(ActionError::generic("this handler did not compile")) })
}

/// Whether `list` contains `item` (a `const fn` string comparison).
pub const fn contains(list: &[&str], item: &str) -> bool {
    count(list, item) > 0
}

/// How many times `item` occurs in `list`.
pub const fn count(list: &[&str], item: &str) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < list.len() {
        if str_eq(list[i], item) {
            n += 1;
        }
        i += 1;
    }
    n
}

/// Whether any of `items` occurs in `list`.
pub const fn any(list: &[&str], items: &[&str]) -> bool {
    let mut i = 0;
    while i < items.len() {
        if contains(list, items[i]) {
            return true;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
