//! Items the macros' generated code uses. Not part of the public API; may change at any time.

pub use futures::future::BoxFuture;
pub use okta_actions_contracts::{Capability, Contract, action};

pub use crate::handler::{ActionHandler, HandlerMeta};
use crate::{ActionContext, ActionError};

pub mod declarative;

/// Converts the contract input into the handler's declared input type, which must be the
/// contract's; the failing bound names the expected type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the input type of this action",
    label = "expected `{T}`",
    note = "the contract fixes the input type: write `{T}` (from `okta_actions::contracts`)"
)]
pub trait IsInputOf<T> {
    /// The identity conversion.
    fn from_contract(input: T) -> Self;
}
impl<T> IsInputOf<T> for T {
    fn from_contract(input: T) -> T {
        input
    }
}

/// Converts the handler's `Ok` value into the contract output. (`()` for outputs that carry only
/// `executionStatus` is converted with `From<()>` instead, so that this bound's error lists nothing
/// else.)
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the output type of this action",
    label = "expected `{O}`",
    note = "the contract fixes the output type: return `Result<{O}, ActionError>`"
)]
pub trait IntoOutput<O> {
    /// Converts the handler's `Ok` value into the contract output.
    fn into_output(self) -> O;
}
impl<O> IntoOutput<O> for O {
    fn into_output(self) -> O {
        self
    }
}

/// Converts a declarative mapping's result into the contract type it must be.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the contract type this mapping must return",
    label = "expected `{T}`",
    note = "a declarative mapping returns `{T}` (from `okta_actions::contracts`)"
)]
pub trait IsMapped<T> {
    /// The identity conversion.
    fn into_contract(self) -> T;
}
impl<T> IsMapped<T> for T {
    fn into_contract(self) -> T {
        self
    }
}

/// Passes the context to the handler's declared context parameter, which must be `&ActionContext`.
#[diagnostic::on_unimplemented(
    message = "a handler's first parameter is `&ActionContext`, not `{Self}`",
    label = "expected `&ActionContext`",
    note = "the first parameter of a handler is `ctx: &okta_actions::ActionContext`"
)]
pub trait IsContext<'a> {
    /// The identity conversion.
    fn from_context(ctx: &'a ActionContext) -> Self;
}
impl<'a> IsContext<'a> for &'a ActionContext {
    fn from_context(ctx: &'a ActionContext) -> Self {
        ctx
    }
}

/// Converts the handler's error, which must be `ActionError`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `ActionError`",
    label = "expected `ActionError`",
    note = "handlers return `Result<Output, okta_actions::ActionError>`; convert other errors with `ActionError::generic(..)` or `map_err`"
)]
pub trait IsActionError {
    /// The identity conversion.
    fn into_action_error(self) -> ActionError;
}
impl IsActionError for ActionError {
    fn into_action_error(self) -> ActionError {
        self
    }
}

/// Names the action of a registered handler; fails to compile for anything else.
pub const fn action_of<H: ActionHandler>(_handler: &H) -> &'static str {
    H::META.action
}

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
) -> HandlerMeta {
    HandlerMeta {
        action,
        capability,
        handler,
        file,
        line,
        doc,
        vendor_call,
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
