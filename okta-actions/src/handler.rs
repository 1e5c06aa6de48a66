//! The handler trait the attribute macros implement, its metadata, and the type-erased form an
//! [`Integration`](crate::Integration) stores.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;
use okta_actions_contracts::{Capability, Contract, ErrorType, OpenParts};
use serde::Serialize;
use serde_json::Value;

use crate::{ActionContext, ActionError};

/// Where a handler comes from and what it implements, for reports and the flow plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct HandlerMeta {
    /// The action identifier, e.g. `ListUsers`.
    pub action: &'static str,
    /// The action's capability.
    pub capability: Capability,
    /// The handler function's name.
    pub handler: &'static str,
    /// The source file of the handler.
    pub file: &'static str,
    /// The line of the handler in its file.
    pub line: u32,
    /// The handler's doc comment.
    pub doc: &'static str,
    /// The vendor call of a declarative handler, e.g. `GET /v2/users/{userId}`.
    pub vendor_call: Option<&'static str>,
    /// The paging style a declarative list handler names itself (`paging = …`); `None` when it
    /// uses the integration's [`IntegrationBuilder::list_pagination`](crate::IntegrationBuilder::list_pagination).
    pub paging: Option<crate::client::ListPaging>,
}

/// A contract-checked action handler. Implemented by `#[provisioning_action]`,
/// `#[entitlements_action]` and `#[universal_logout_action]`; not meant to be implemented by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an action handler",
    label = "not annotated as an action",
    note = "annotate the handler function with `#[okta_actions::provisioning_action(Action)]`, `#[okta_actions::entitlements_action(Action)]` or `#[okta_actions::universal_logout_action]`"
)]
pub trait ActionHandler: Send + Sync + 'static {
    /// The contract the handler implements: one of the marker types in
    /// [`contracts::action`](crate::contracts::action) (each implements the hidden `Erase`
    /// trait, through which this crate registers the handler).
    type Contract: Erase;
    /// The handler's metadata.
    const META: HandlerMeta;

    /// Runs the handler.
    fn call<'a>(
        &'a self,
        ctx: &'a ActionContext,
        input: <Self::Contract as Contract>::Input,
    ) -> BoxFuture<'a, Result<<Self::Contract as Contract>::Output, ActionError>>;
}

/// The outcome of running a registered action on a JSON body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Invocation {
    /// The wire output, `executionStatus` included.
    pub body: Value,
    /// The error, when the action failed.
    pub error: Option<ActionError>,
    /// How the call ended.
    pub outcome: Outcome,
}

/// How a call of a registered action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The handler returned `Ok`.
    Succeeded,
    /// The handler returned `Err`.
    Failed,
    /// The body could not be parsed into the contract's input type; the handler did not run.
    InputRejected,
    /// The handler panicked.
    Panicked,
}

/// A handler with its types erased, as an integration stores it.
///
/// It keeps one typed entry (the contract's input in, its output out, a panic caught) and a
/// JSON entry built on it (a JSON input in, the response bytes out), so that a front end
/// holding typed values (the SCIM facade, the Universal Logout endpoint) calls the handler
/// without a JSON round trip.
#[derive(Clone)]
pub struct RegisteredAction {
    meta: HandlerMeta,
    wire: WireEntry,
    /// A [`TypedEntry`] of the handler's contract, downcast by [`RegisteredAction::typed`].
    #[cfg_attr(
        not(any(feature = "scim", feature = "universal-logout")),
        allow(
            dead_code,
            reason = "the typed entry serves the SCIM facade and the logout endpoint"
        )
    )]
    typed: Arc<dyn Any + Send + Sync>,
}

impl std::fmt::Debug for RegisteredAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegisteredAction")
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

/// How a typed call of a handler ended, short of a result: it panicked (caught, logged).
#[derive(Debug)]
pub(crate) struct Panicked;

/// The typed result of one handler call.
pub(crate) type Ran<O> = Result<Result<O, ActionError>, Panicked>;

/// How a JSON call of a handler ended.
#[derive(Debug)]
pub(crate) enum Wire {
    /// The handler returned `Ok`: the response bytes, written once from the typed output with
    /// `executionStatus`, and whether the output holds parts its type leaves open to the schema
    /// ([`OpenParts`]); only then can the bytes break the output contract.
    Succeeded { body: Vec<u8>, open: bool },
    /// The handler returned `Err`.
    Failed(ActionError),
    /// The input did not parse into the contract's input type; the handler did not run.
    InputRejected(ActionError),
    /// The handler panicked (logged where it was caught).
    Panicked,
}

/// The JSON entry of a handler: its contract's input as JSON in, the wire answer out.
pub(crate) type WireEntry =
    Arc<dyn Fn(ActionContext, Value) -> BoxFuture<'static, Wire> + Send + Sync>;

/// The typed entry of a handler implementing `C`.
pub(crate) type TypedEntry<C> = Arc<
    dyn Fn(
            ActionContext,
            <C as Contract>::Input,
        ) -> BoxFuture<'static, Ran<<C as Contract>::Output>>
        + Send
        + Sync,
>;

/// A handler of contract `C` with the handler's own type erased: the one piece of
/// [`RegisteredAction::new`] compiled per handler, in the integration's crate.
#[doc(hidden)]
pub trait ErasedHandler<C: Contract>: Send + Sync {
    /// Runs the handler.
    fn call<'a>(
        &'a self,
        ctx: &'a ActionContext,
        input: C::Input,
    ) -> BoxFuture<'a, Result<C::Output, ActionError>>;
}

impl<H: ActionHandler> ErasedHandler<H::Contract> for H {
    fn call<'a>(
        &'a self,
        ctx: &'a ActionContext,
        input: <H::Contract as Contract>::Input,
    ) -> BoxFuture<'a, Result<<H::Contract as Contract>::Output, ActionError>> {
        ActionHandler::call(self, ctx, input)
    }
}

/// A contract whose handlers this crate erases into a [`RegisteredAction`], implemented for every
/// action's marker type here: the erasing code (the typed and JSON entries, the input parse, the
/// success bytes) is compiled once, in this crate, not again in each integration crate that
/// registers a handler of the contract (BENCHMARKS.md, compile time). Not meant to be
/// implemented or called by hand.
#[doc(hidden)]
pub trait Erase: Contract {
    /// The registered form of a handler of this contract.
    fn erase(meta: HandlerMeta, handler: Arc<dyn ErasedHandler<Self>>) -> RegisteredAction;
}

/// Implements [`Erase`] for the given contracts with non-generic functions.
macro_rules! erase_each {
    ($($contract:ident)*) => {$(
        impl Erase for okta_actions_contracts::action::$contract {
            fn erase(meta: HandlerMeta, handler: Arc<dyn ErasedHandler<Self>>) -> RegisteredAction {
                RegisteredAction::erase::<Self>(meta, handler)
            }
        }
    )*};
}
okta_actions_contracts::for_each_action!(erase_each);

impl RegisteredAction {
    /// Erases a handler's types: the JSON body is parsed into the typed input, the handler runs,
    /// and its `Ok` or `Err` becomes the wire output with `executionStatus`. A panicking handler
    /// yields `GENERIC_FAILURE`, never a crash.
    pub fn new<H: ActionHandler>(handler: H) -> Self {
        // Per handler, only its vtable is compiled in the user's crate; the erasing code once,
        // in this crate (`Erase`); the contract's serde code once, in the contracts crate
        // (`Contract::input_from_json`, `Contract::success_to_json`).
        <H::Contract as Erase>::erase(H::META, Arc::new(handler))
    }

    /// The erasing code behind every [`Erase`] implementation.
    pub(crate) fn erase<C: Contract>(
        meta: HandlerMeta,
        handler: Arc<dyn ErasedHandler<C>>,
    ) -> Self {
        let typed: TypedEntry<C> = Arc::new(move |ctx, input| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                let ran = AssertUnwindSafe(handler.call(&ctx, input))
                    .catch_unwind()
                    .await;
                ran.map_err(|panic| log_panic(meta.action, &ctx, &*panic))
            })
        });
        let entry = Arc::clone(&typed);
        RegisteredAction {
            meta,
            wire: Arc::new(move |ctx, body| {
                let entry = Arc::clone(&entry);
                Box::pin(async move { run_wire::<C>(&entry, ctx, body).await })
            }),
            typed: Arc::new(typed),
        }
    }

    /// The handler's metadata.
    pub fn meta(&self) -> &HandlerMeta {
        &self.meta
    }

    /// Runs the action on a JSON body.
    pub fn invoke(&self, ctx: ActionContext, body: Value) -> BoxFuture<'static, Invocation> {
        let run = (self.wire)(ctx.clone(), body);
        Box::pin(async move { invocation(run.await, &ctx) })
    }

    /// Runs the action on a JSON body, answering the response bytes of a success.
    pub(crate) fn wire(&self, ctx: ActionContext, body: Value) -> BoxFuture<'static, Wire> {
        (self.wire)(ctx, body)
    }

    /// The typed entry, when the handler implements `C`.
    #[cfg_attr(
        not(any(feature = "scim", feature = "universal-logout")),
        allow(
            dead_code,
            reason = "the typed entry serves the SCIM facade and the logout endpoint"
        )
    )]
    pub(crate) fn typed<C: Contract>(&self) -> Option<&TypedEntry<C>> {
        self.typed.downcast_ref::<TypedEntry<C>>()
    }
}

/// Logs a caught panic of a handler.
fn log_panic(action: &str, ctx: &ActionContext, panic: &(dyn Any + Send)) -> Panicked {
    // The panic message stays in the log: payloads of `expect`/`unwrap` often quote
    // responses or tokens, which must not travel back to Okta.
    tracing::error!(
        action,
        request_id = ctx.request_id(),
        panic = panic_message(panic),
        "the handler panicked"
    );
    Panicked
}

/// The error a caller sees for a panicked handler.
pub(crate) fn panicked_error() -> ActionError {
    ActionError::new(
        ErrorType::GenericFailure,
        "the handler failed unexpectedly; the adapter's log has the details under this request id",
    )
    .with_http_status(500)
}

/// Parses the body into the contract input, runs the handler and writes a success once, as
/// the response bytes: no `Value` of the output is built (for a page of 100 SCIM users that
/// detour cost ≈ 940 µs against ≈ 135 µs for the bytes, BENCHMARKS.md).
async fn run_wire<C: Contract>(entry: &TypedEntry<C>, ctx: ActionContext, body: Value) -> Wire {
    // Parsing from a `Value` moves the body's strings into the input: no copy.
    let input = match C::input_from_json(body) {
        Ok(input) => input,
        Err(e) => {
            let error = ActionError::generic(format!("the input does not match the contract: {e}"))
                .with_http_status(400);
            return Wire::InputRejected(error);
        }
    };
    match entry(ctx, input).await {
        Ok(Ok(output)) => Wire::Succeeded {
            open: output.may_break_schema(),
            body: C::success_to_json(&output),
        },
        Ok(Err(error)) => Wire::Failed(error),
        Err(Panicked) => Wire::Panicked,
    }
}

/// The public [`Invocation`] of a JSON call.
fn invocation(wire: Wire, ctx: &ActionContext) -> Invocation {
    let (error, outcome) = match wire {
        Wire::Succeeded { body, .. } => match serde_json::from_slice(&body) {
            Ok(body) => {
                return Invocation {
                    body,
                    error: None,
                    outcome: Outcome::Succeeded,
                };
            }
            // JSON the adapter wrote that does not parse back: nested past serde_json's
            // recursion limit by a handler copying vendor JSON into an open field.
            Err(e) => (
                ActionError::generic(format!("the handler's output cannot be read back: {e}")),
                Outcome::Failed,
            ),
        },
        Wire::Failed(error) => (error, Outcome::Failed),
        Wire::InputRejected(error) => (error, Outcome::InputRejected),
        Wire::Panicked => (panicked_error(), Outcome::Panicked),
    };
    Invocation {
        body: to_value(&error.to_failed_response(ctx.request_id())),
        error: Some(error),
        outcome,
    }
}

fn to_value<T: serde::Serialize>(value: &T) -> Value {
    // Contract models serialize infallibly: string keys, no non-finite floats.
    serde_json::to_value(value).expect("contract models serialize to JSON")
}

fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

// The bounds the attribute macros put on a handler's own types. They live here, in a public
// module, so that a type mistake's help line names `okta_actions::handler::…`; each has only its
// identity implementation and is not meant to be implemented or called by hand.

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

/// Converts a declarative list mapping's result, one vendor record mapped, into the contract's
/// list item.
#[diagnostic::on_unimplemented(
    message = "a list mapping converts one vendor record: return `{T}`, not `{Self}`",
    label = "expected `{T}`",
    note = "the SDK collects the mapped records into the action's output, with its pagination"
)]
pub trait IsListItem<T> {
    /// The identity conversion.
    fn into_item(self) -> T;
}
impl<T> IsListItem<T> for T {
    fn into_item(self) -> T {
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
    note = "handlers and mappings return `Result<Output, okta_actions::ActionError>`; convert other errors with `ActionError::generic(..)` or `map_err`"
)]
pub trait IsActionError {
    /// The identity conversion.
    fn into_action_error(self) -> ActionError;
}
// Not shown as "implemented for `ActionError`" in errors: the note above says what to write.
#[diagnostic::do_not_recommend]
impl IsActionError for ActionError {
    fn into_action_error(self) -> ActionError {
        self
    }
}

/// Marks a body mapping that returns the body itself.
#[derive(Debug)]
pub enum Plain {}
/// Marks a body mapping that returns `Result<body, ActionError>`.
#[derive(Debug)]
pub enum Fallible {}

/// A body mapping's result: a serializable body, or `Result` of one and `ActionError`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be sent as a vendor body",
    label = "the body mapping must return a `Serialize` type or `Result<_, ActionError>` of one",
    note = "a body mapping is `fn(&<Action>Input) -> impl Serialize`, e.g. `serde_json::Value` or your own `#[derive(Serialize)]` struct"
)]
pub trait IntoBody<M> {
    /// The JSON body.
    type Body: Serialize;
    /// The body, or the mapping's error.
    fn into_body(self) -> Result<Self::Body, ActionError>;
}
impl<T: Serialize> IntoBody<Plain> for T {
    type Body = T;
    fn into_body(self) -> Result<T, ActionError> {
        Ok(self)
    }
}
impl<T: Serialize> IntoBody<Fallible> for Result<T, ActionError> {
    type Body = T;
    fn into_body(self) -> Result<T, ActionError> {
        self
    }
}

/// Boxes an imperative handler's future, which must be `Send`: the adapter serves calls on a
/// multi-threaded runtime. The name is the hint a compile error shows when it is not: a value
/// that is not `Send` (an `Rc`, a `RefCell` borrow, a `std::sync::MutexGuard`) held across an
/// `.await` must be dropped before the `.await`, or replaced by `Arc` (or `tokio::sync::Mutex`).
pub fn drop_non_send_values_before_await_or_use_arc<'a, F>(future: F) -> BoxFuture<'a, F::Output>
where
    F: std::future::Future + Send + 'a,
{
    Box::pin(future)
}

/// Names the action of a registered handler; fails to compile for anything else (what
/// `integration!` checks each listed function with).
pub const fn action_of<H: ActionHandler>(_handler: &H) -> &'static str {
    H::META.action
}

/// A status-only write's fault mapping (`errors = fn`): it returns the contract error, or
/// `Option<ActionError>` where `None` accepts the fault as success.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not what a fault mapping returns",
    label = "expected `ActionError` or `Option<ActionError>`",
    note = "`errors = fn` names a `fn(VendorError) -> ActionError`; a write whose output is only `executionStatus` may return `Option<ActionError>`, `None` accepting the fault"
)]
pub trait IntoFault {
    /// The error, or `None` to accept the fault.
    fn into_fault(self) -> Option<ActionError>;
}
impl IntoFault for ActionError {
    fn into_fault(self) -> Option<ActionError> {
        Some(self)
    }
}
impl IntoFault for Option<ActionError> {
    fn into_fault(self) -> Option<ActionError> {
        self
    }
}
