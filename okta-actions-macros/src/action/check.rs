//! Checking: the action exists and belongs to this macro's capability, and the function has the
//! shape of a handler. Every problem is collected; nothing stops at the first.

use okta_actions_contracts::{ActionSpec, Capability, contracts};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use serde_json::Value;
use syn::spanned::Spanned;
use syn::{Expr, FnArg, GenericArgument, Ident, Lit, LitStr, PathArguments, ReturnType, Type};

use super::ast::ActionArgs;
use super::signature::HandlerFn;
use crate::suggest::{closest, same_operation};

/// A handler that passed the syntactic checks; its types are checked by the compiler through the
/// generated code.
pub(crate) enum Form {
    /// `async fn(ctx: &ActionContext, input: XInput) -> Result<XOutput, ActionError>`.
    Imperative {
        ctx_ty: Box<Type>,
        input_ty: Box<Type>,
        /// The `Ok` type when the return type is written `Result<Ok, Err>`.
        ok_ty: Option<Box<Type>>,
        /// The `Err` type when the return type is written `Result<Ok, Err>`.
        err_ty: Option<Box<Type>>,
        ret_ty: Box<Type>,
    },
    /// `fn(vendor: V) -> T` with `vendor = "METHOD /path/{field}"`.
    Declarative(Box<Declarative>),
}

/// A declarative handler: the vendor call the attribute names and the mapping's types.
pub(crate) struct Declarative {
    /// The vendor's JSON type, the mapping's parameter; `None` for a status-only write
    /// written `fn name() {}`.
    pub(crate) vendor_ty: Option<Box<Type>>,
    /// What the mapping returns (the `Ok` type when written `Result<Ok, Err>`).
    pub(crate) mapped_ty: Option<Box<Type>>,
    /// The `Err` type when the mapping returns `Result<Ok, Err>`.
    pub(crate) err_ty: Option<Box<Type>>,
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    pub(crate) method: String,
    /// The path and query template.
    pub(crate) path: String,
    /// What kind of call it is.
    pub(crate) kind: Kind,
    /// `items = "…"`.
    pub(crate) items: Option<String>,
    /// The `ListPaging` value of `paging = …`.
    pub(crate) paging: Option<TokenStream>,
    /// `body = …`.
    pub(crate) body: Option<syn::Path>,
    /// `errors = …`.
    pub(crate) errors: Option<syn::Path>,
    /// `each = "…"`.
    pub(crate) each: Option<String>,
    /// `batch = N` (1 without it).
    pub(crate) batch: usize,
}

/// The kinds of declarative call.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// One answer mapped to the output (lookups and writes).
    One,
    /// `first`: the first result of a search, or `RESOURCE_NOT_FOUND`.
    First,
    /// A list paged at the vendor: the mapping maps one record.
    Page,
    /// `paging = none`: one answer with every record; the mapping returns them all.
    All,
}

/// Resolves the action named in the attribute for a macro of `capability`.
pub(crate) fn resolve_action(
    capability: Capability,
    args: &ActionArgs,
    handler: &syn::Ident,
    errors: &mut Vec<syn::Error>,
) -> Option<&'static ActionSpec> {
    let set = contracts();
    let own: Vec<&str> = set
        .actions
        .iter()
        .filter(|a| a.capability == capability)
        .map(|a| a.ident.as_str())
        .collect();
    let Some(ident) = &args.action else {
        if capability == Capability::UniversalLogout {
            return set.action("UniversalLogout");
        }
        // `list_users` suggests `ListUsers` when that is one of the capability's actions.
        let from_name: String = handler
            .to_string()
            .split('_')
            .map(|word| {
                let mut chars = word.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_ascii_uppercase().to_string() + chars.as_str()
                })
            })
            .collect();
        let example = own
            .iter()
            .find(|a| a.eq_ignore_ascii_case(&from_name))
            .unwrap_or(&own[0]);
        errors.push(syn::Error::new(
            Span::call_site(),
            format!(
                "name the action this handler implements, e.g. `#[{}({example})]`",
                capability.macro_name(),
            ),
        ));
        return None;
    };
    let name = ident.to_string();
    match set.action(&name) {
        Some(spec) if spec.capability == capability => Some(spec),
        Some(spec) => {
            let right = if spec.capability == Capability::UniversalLogout {
                "#[universal_logout_action]".to_owned()
            } else {
                format!("#[{}({name})]", spec.capability.macro_name())
            };
            errors.push(syn::Error::new(
                ident.span(),
                format!(
                    "`{name}` is {} action, not {} action: use `{right}`",
                    with_article(spec.capability),
                    with_article(capability)
                ),
            ));
            None
        }
        None => {
            let names = set.actions.iter().map(|a| a.ident.as_str());
            let suggestion = match closest(&name, names.clone()) {
                Some(s) => format!("did you mean `{s}`? "),
                None => match same_operation(&name, names) {
                    Some(s) if s.starts_with("Deactivate") && name.starts_with("Delete") => {
                        format!(
                            "did you mean `{s}`? (Okta deactivates users; it does not delete them) "
                        )
                    }
                    Some(s) => format!("did you mean `{s}`? "),
                    None => String::new(),
                },
            };
            errors.push(syn::Error::new(
                ident.span(),
                format!(
                    "unknown {} action `{name}`: {suggestion}the {} actions are {}",
                    label(capability),
                    label(capability),
                    own.iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            None
        }
    }
}

/// The capability as the OIN Wizard names it.
pub(crate) fn label(capability: Capability) -> &'static str {
    match capability {
        Capability::Provisioning => "Provisioning",
        Capability::Entitlements => "Entitlement Management",
        Capability::UniversalLogout => "Universal Logout",
    }
}

fn with_article(capability: Capability) -> String {
    let label = label(capability);
    // "an Entitlement Management", but "a Universal Logout" and "a Provisioning".
    let article = if label.starts_with('E') { "an" } else { "a" };
    format!("{article} {label}")
}

/// Checks the function's shape for the imperative or declarative form, one part of the
/// signature at a time, so that every mistake is reported in the same build.
pub(crate) fn check_fn(
    item: &HandlerFn,
    spec: Option<&ActionSpec>,
    args: &ActionArgs,
    errors: &mut Vec<syn::Error>,
) -> Option<Form> {
    let sig = &item.sig;
    let before = errors.len();
    check_qualifiers(sig, errors);
    let typed: Vec<&syn::PatType> = sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => Some(t),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let ret_ty = match &sig.output {
        ReturnType::Type(_, ty) => Some(ty.clone()),
        ReturnType::Default => None,
    };
    let params_span = if sig.inputs.is_empty() {
        sig.paren_token.span.join()
    } else {
        sig.inputs.span()
    };

    if let Some(vendor) = &args.vendor {
        return check_declarative(sig, spec, args, vendor, &typed, ret_ty, params_span, errors);
    }
    check_no_declarative_arguments(args, errors);
    check_async(sig, errors);
    // A method's parameters are reported by its receiver's error: moving it out is the fix.
    if !sig.inputs.iter().any(|a| matches!(a, FnArg::Receiver(_))) {
        check_parameters(spec, &typed, params_span, errors);
    }
    let (ret_ty, ok_ty) = check_return(sig, spec, ret_ty, errors)?;
    if errors.len() > before {
        return None;
    }
    Some(Form::Imperative {
        ctx_ty: typed[0].ty.clone(),
        input_ty: typed[1].ty.clone(),
        err_ty: result_err_type(&ret_ty),
        ok_ty,
        ret_ty,
    })
}

/// `const`, `unsafe`, an ABI, variadics, generics and `self` have no place on a handler.
fn check_qualifiers(sig: &syn::Signature, errors: &mut Vec<syn::Error>) {
    if let Some(c) = &sig.constness {
        errors.push(syn::Error::new(
            c.span(),
            "an action handler cannot be `const`",
        ));
    }
    if let Some(u) = &sig.unsafety {
        errors.push(syn::Error::new(
            u.span(),
            "an action handler cannot be `unsafe`",
        ));
    }
    if let Some(abi) = &sig.abi {
        errors.push(syn::Error::new(
            abi.span(),
            "an action handler cannot declare an ABI",
        ));
    }
    if let Some(v) = &sig.variadic {
        errors.push(syn::Error::new(
            v.span(),
            "an action handler cannot be variadic",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        errors.push(syn::Error::new(
            sig.generics.span(),
            "an action handler cannot be generic: the contract fixes its types; remove the generic parameters",
        ));
    }
    for arg in &sig.inputs {
        if let FnArg::Receiver(r) = arg {
            errors.push(syn::Error::new(
                r.span(),
                "an action handler is a free function: move it out of the `impl` block and take `ctx: &ActionContext` in place of `self`",
            ));
        }
    }
}

/// The declarative form's arguments, given without its `vendor` call.
fn check_no_declarative_arguments(args: &ActionArgs, errors: &mut Vec<syn::Error>) {
    for key in [
        args.items.as_ref().map(|(k, _)| k),
        args.paging.as_ref().map(|(k, _)| k),
        args.body.as_ref().map(|(k, _)| k),
        args.errors.as_ref().map(|(k, _)| k),
        args.each.as_ref().map(|(k, _)| k),
        args.batch.as_ref().map(|(k, _)| k),
        args.first.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        errors.push(syn::Error::new(
            key.span(),
            format!("`{key}` belongs to the declarative form: name the vendor call too, e.g. `vendor = \"GET /v2/users\"`"),
        ));
    }
}

/// An imperative handler is an `async fn`.
fn check_async(sig: &syn::Signature, errors: &mut Vec<syn::Error>) {
    if sig.asyncness.is_none() {
        errors.push(syn::Error::new(
            sig.fn_token.span(),
            format!(
                "an action handler must be an `async fn`: write `async fn {}`",
                sig.ident
            ),
        ));
    }
}

/// The context and the input: two parameters (their types are checked by the expansion's
/// bounds, spanned on each type).
fn check_parameters(
    spec: Option<&ActionSpec>,
    typed: &[&syn::PatType],
    params_span: Span,
    errors: &mut Vec<syn::Error>,
) {
    let expected_in = spec.map_or("<Action>Input".to_owned(), ActionSpec::input_type);
    let expected = format!("`(ctx: &ActionContext, input: {expected_in})`");
    match typed {
        [_, _] => {}
        [_, _, extra, ..] => errors.push(syn::Error::new(
            extra.span(),
            format!(
                "an action handler takes 2 parameters, {expected}: remove this one{}",
                if typed.len() > 3 {
                    " and those after it"
                } else {
                    ""
                }
            ),
        )),
        _ => errors.push(syn::Error::new(
            params_span,
            format!(
                "an action handler takes 2 parameters, {expected}; found {}",
                typed.len()
            ),
        )),
    }
}

/// The return type: a `Result` of the contract's output (or `()` for a status-only output).
/// Answers it and its `Ok` type, unless it is missing.
fn check_return(
    sig: &syn::Signature,
    spec: Option<&ActionSpec>,
    ret_ty: Option<Box<Type>>,
    errors: &mut Vec<syn::Error>,
) -> Option<(Box<Type>, Option<Box<Type>>)> {
    let expected_out = spec.map_or("`Result<<Action>Output, ActionError>`".to_owned(), |s| {
        if s.output_is_status_only() {
            format!(
                "`Result<{}, ActionError>` or `Result<(), ActionError>`",
                s.output_type()
            )
        } else {
            format!("`Result<{}, ActionError>`", s.output_type())
        }
    });
    let Some(ret_ty) = ret_ty else {
        errors.push(syn::Error::new(
            sig.paren_token.span.close(),
            format!("an action handler returns {expected_out}: add the return type"),
        ));
        return None;
    };
    if !is_result_like(&ret_ty) {
        errors.push(syn::Error::new(
            ret_ty.span(),
            format!("an action handler returns {expected_out}"),
        ));
    }
    let ok_ty = result_ok_type(&ret_ty);
    if let (Some(Type::Tuple(unit)), Some(spec)) = (ok_ty.as_deref(), spec)
        && unit.elems.is_empty()
        && !spec.output_is_status_only()
    {
        errors.push(syn::Error::new(
            unit.span(),
            format!(
                "`{}` returns `{}`: only actions whose output is just `executionStatus` may return `()`",
                spec.ident,
                spec.output_type()
            ),
        ));
    }
    Some((ret_ty, ok_ty))
}

/// The type a declarative mapping returns: the item of a list action, else the output.
pub(crate) fn mapped_type(spec: &ActionSpec) -> String {
    match &spec.list {
        Some(_) => item_type(spec).to_owned(),
        None => spec.output_type(),
    }
}

/// The item type of a list action's page.
pub(crate) fn item_type(spec: &ActionSpec) -> &'static str {
    match spec.ident.as_str() {
        "ListUsers" => "ScimUser",
        "ListGroupMembers" => "GroupMember",
        "ListGroups" | "ListGroupsByDisplayName" => "ScimGroup",
        "ListUserSchema" | "ListEntitlementSchema" => "SchemaProperty",
        _ => "SchemaPropertyValue",
    }
}

/// Whether a return type is a `Result` (or an alias whose name ends in `Result`).
fn is_result_like(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident.to_string().ends_with("Result")))
}

/// The `Ok` type of `Result<Ok, Err>`, when written that way.
fn result_ok_type(ty: &Type) -> Option<Box<Type>> {
    result_type_argument(ty, 0)
}

/// The `Err` type of `Result<Ok, Err>`, when written that way.
fn result_err_type(ty: &Type) -> Option<Box<Type>> {
    result_type_argument(ty, 1)
}

fn result_type_argument(ty: &Type, index: usize) -> Option<Box<Type>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().nth(index)? {
        GenericArgument::Type(t) => Some(Box::new(t.clone())),
        _ => None,
    }
}

/// The methods a declarative handler may call.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Checks the declarative form: the vendor call, the arguments that go with it, and the
/// mapping's shape.
#[allow(clippy::too_many_arguments)]
fn check_declarative(
    sig: &syn::Signature,
    spec: Option<&ActionSpec>,
    args: &ActionArgs,
    vendor: &LitStr,
    typed: &[&syn::PatType],
    ret_ty: Option<Box<Type>>,
    params_span: Span,
    errors: &mut Vec<syn::Error>,
) -> Option<Form> {
    let before = errors.len();
    if let Some(a) = &sig.asyncness {
        errors.push(syn::Error::new(
            a.span(),
            "a declarative mapping is a plain, pure `fn`: remove `async` (the SDK makes the vendor call)",
        ));
    }
    let each = args.each.as_ref().map(|(k, s)| (k, s.value()));
    let call = spec.and_then(|spec| {
        check_vendor_call(spec, vendor, each.as_ref().map(|(_, e)| e.as_str()), errors)
    });
    let is_list = spec.is_some_and(|s| s.list.is_some());
    let status_only = spec.is_some_and(ActionSpec::output_is_status_only);
    // The method as written, even when the path has a mistake, so that one mistake gives one
    // error.
    let method = vendor
        .value()
        .split_once(' ')
        .map_or("GET".to_owned(), |(m, _)| m.to_owned());
    if is_list && method != "GET" {
        errors.push(syn::Error::new(
            vendor.span(),
            format!("a declarative list reads with `GET`, not `{method}`: write `GET /path`, or an `async fn` handler that calls `ctx.vendor()`"),
        ));
    }
    let paging = match &args.paging {
        Some((key, _)) if !is_list => {
            errors.push(syn::Error::new(
                key.span(),
                format!(
                    "`paging` is for list actions; `{}` answers with one result: remove `paging`{}",
                    spec.map_or("this action", |s| s.ident.as_str()),
                    if method == "GET" {
                        " (when the vendor answers a search whose first result is the one, write `items = \"…\", first` instead)"
                    } else {
                        ""
                    }
                ),
            ));
            None
        }
        Some((_, expr)) => check_paging(expr, errors),
        None => None,
    };
    let unpaged = paging.as_ref().is_some_and(|(_, unpaged)| *unpaged);
    if let Some(first) = &args.first {
        if is_list {
            errors.push(syn::Error::new(
                first.span(),
                "`first` takes one result of a search; a list action returns every result: remove `first`",
            ));
        } else if method != "GET" {
            errors.push(syn::Error::new(
                first.span(),
                format!("`first` takes the first result of a `GET` search, not of a `{method}`: remove `first`"),
            ));
        }
    }
    if let Some((key, _)) = &args.items {
        if !is_list && args.first.is_none() {
            errors.push(syn::Error::new(
                key.span(),
                "`items` says where a list's records are: for a search whose first result is the answer, add `first`",
            ));
        } else if unpaged {
            errors.push(syn::Error::new(
                key.span(),
                "with `paging = none` the mapping takes the whole answer: remove `items`",
            ));
        }
    }
    if let Some((key, _)) = &args.body
        && !matches!(method.as_str(), "POST" | "PUT" | "PATCH")
    {
        errors.push(syn::Error::new(
            key.span(),
            format!("a `{method}` call sends no body (only POST, PUT and PATCH do): remove `body`"),
        ));
    }
    if let Some((key, field)) = &each {
        let arrays = spec.map(array_fields).unwrap_or_default();
        if !arrays.iter().any(|a| a == field) {
            let input = spec.map_or("the input".to_owned(), ActionSpec::input_type);
            let fix = match arrays.as_slice() {
                [] => {
                    format!("`{input}` has no array to make one call per element of: remove `each`")
                }
                [only] => format!("write `each = \"{only}\"`"),
                _ => format!(
                    "{}its arrays are {}",
                    closest(field, arrays.iter().map(String::as_str))
                        .map(|s| format!("did you mean `each = \"{s}\"`? "))
                        .unwrap_or_default(),
                    arrays
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            errors.push(syn::Error::new(
                key.span(),
                format!("`each = \"{field}\"`: `{field}` is not an array of `{input}`; {fix}"),
            ));
        } else if method != "GET" && status_only && !typed.is_empty() {
            errors.push(syn::Error::new(
                params_span,
                format!(
                    "with `each`, one write per element and no answer to map: the mapping takes and returns nothing, `fn {}() {{}}`",
                    sig.ident
                ),
            ));
        } else if method == "GET" || !status_only {
            errors.push(syn::Error::new(
                key.span(),
                "`each` makes one write per element and maps no answer: it is for `POST`/`PUT`/`PATCH`/`DELETE` calls of actions whose output is only `executionStatus`, with `fn name() {}`",
            ));
        }
    }
    if let Some((key, _)) = &args.batch {
        if each.is_none() {
            errors.push(syn::Error::new(
                key.span(),
                "`batch` says how many elements of `each` one call carries: add `each = \"…\"`",
            ));
        } else if let Some((_, field)) = &each
            && vendor.value().contains(&format!("{{{field}."))
        {
            errors.push(syn::Error::new(
                key.span(),
                format!("a call carrying a batch of `{field}` cannot name one element's field in its path: send them in the body (`body = fn`), or remove `batch`"),
            ));
        }
    }
    let kind = if is_list {
        if unpaged { Kind::All } else { Kind::Page }
    } else if args.first.is_some() {
        Kind::First
    } else {
        Kind::One
    };
    let mapped = spec.map_or(String::new(), |spec| match kind {
        Kind::All => format!("Vec<{}>", item_type(spec)),
        _ => mapped_type(spec),
    });
    let write = method != "GET";
    let (vendor_ty, mapped_ty, err_ty) = match typed.len() {
        0 if write && status_only => {
            if let Some(ret) = &ret_ty
                && !matches!(&**ret, Type::Tuple(t) if t.elems.is_empty())
            {
                errors.push(syn::Error::new(
                    ret.span(),
                    "a mapping without a parameter maps nothing: remove the return type, or take the vendor's answer as a parameter",
                ));
            }
            (None, None, None)
        }
        1 => {
            let Some(ret) = ret_ty else {
                errors.push(syn::Error::new(
                    sig.paren_token.span.close(),
                    format!("a declarative mapping returns the contract type: add `-> {mapped}`"),
                ));
                return None;
            };
            let ok = result_ok_type(&ret);
            let err = result_err_type(&ret);
            match ok {
                Some(ok) => (Some(typed[0].ty.clone()), Some(ok), err),
                None => (Some(typed[0].ty.clone()), Some(ret), None),
            }
        }
        0 if write => {
            let action = spec.map_or("this action", |s| s.ident.as_str());
            errors.push(syn::Error::new(
                params_span,
                format!(
                    "`{action}` returns `{mapped}`: the mapping takes the vendor's answer and returns it, e.g. `fn {name}(created: YourVendorUser) -> {mapped}` (only actions whose output is just `executionStatus` may map nothing)",
                    name = sig.ident
                ),
            ));
            return None;
        }
        n => {
            let hint = if write && status_only {
                " or none, `fn name() {}`, when the answer does not matter"
            } else {
                ""
            };
            errors.push(syn::Error::new(
                params_span,
                format!(
                    "a declarative mapping takes exactly 1 parameter, the vendor's JSON type (e.g. `user: AcmeUser`){hint}; found {n}"
                ),
            ));
            return None;
        }
    };
    if errors.len() > before {
        return None;
    }
    let (method, path) = call?;
    Some(Form::Declarative(Box::new(Declarative {
        vendor_ty,
        mapped_ty,
        err_ty,
        method,
        path,
        kind,
        items: args.items.as_ref().map(|(_, s)| s.value()),
        paging: paging.map(|(tokens, _)| tokens),
        body: args.body.as_ref().map(|(_, p)| p.clone()),
        errors: args.errors.as_ref().map(|(_, p)| p.clone()),
        each: args.each.as_ref().map(|(_, s)| s.value()),
        batch: args
            .batch
            .as_ref()
            .and_then(|(_, n)| n.base10_parse().ok())
            .unwrap_or(1),
    })))
}

/// A paging style's parameter: its name, what it holds, whether it is required.
type Param = (&'static str, &'static str, bool);

/// The paging styles and their parameters.
const STYLES: [(&str, &[Param]); 4] = [
    (
        "cursor",
        &[
            (
                "next",
                "where the next cursor is in the body, e.g. `next = \"next_cursor\"`",
                true,
            ),
            (
                "param",
                "the query parameter that sends the cursor back, e.g. `param = \"cursor\"`",
                true,
            ),
            ("size", "the page-size query parameter", false),
            ("max", "the vendor's largest page size", false),
        ],
    ),
    (
        "page",
        &[
            (
                "param",
                "the page-number query parameter, e.g. `param = \"page\"`",
                true,
            ),
            ("size", "the page-size query parameter", false),
            ("first", "the first page's number", false),
            ("max", "the vendor's largest page size", false),
            (
                "total",
                "where the body says how many records there are",
                false,
            ),
            (
                "pages",
                "where the body says how many pages there are",
                false,
            ),
        ],
    ),
    (
        "offset",
        &[
            (
                "param",
                "the offset query parameter, e.g. `param = \"offset\"`",
                true,
            ),
            ("size", "the page-size query parameter", false),
            ("max", "the vendor's largest page size", false),
            (
                "total",
                "where the body says how many records there are",
                false,
            ),
        ],
    ),
    (
        "link",
        &[
            ("size", "the page-size query parameter", false),
            ("max", "the vendor's largest page size", false),
        ],
    ),
];

/// Checks `paging = style(name = value, …)` and builds its `ListPaging`; the flag says
/// `paging = none`.
fn check_paging(expr: &Expr, errors: &mut Vec<syn::Error>) -> Option<(TokenStream, bool)> {
    let styles = "the styles are `cursor(..)`, `page(..)`, `offset(..)`, `link(..)` and `none`";
    let (style, call_args): (Ident, Vec<&Expr>) = match expr {
        Expr::Path(p) if p.path.get_ident().is_some() => (p.path.get_ident().cloned()?, Vec::new()),
        Expr::Call(call) => match &*call.func {
            Expr::Path(p) if p.path.get_ident().is_some() => {
                (p.path.get_ident().cloned()?, call.args.iter().collect())
            }
            other => {
                errors.push(syn::Error::new(
                    other.span(),
                    format!("name the vendor's paging style: {styles}"),
                ));
                return None;
            }
        },
        other => {
            errors.push(syn::Error::new(
                other.span(),
                format!("name the vendor's paging style, e.g. `paging = cursor(next = \"next_cursor\", param = \"cursor\")`: {styles}"),
            ));
            return None;
        }
    };
    let name = style.to_string();
    if name == "none" {
        if let Some(first) = call_args.first() {
            errors.push(syn::Error::new(
                first.span(),
                "`none` takes no parameters: write `paging = none`",
            ));
            return None;
        }
        return Some((quote!(::okta_actions::client::ListPaging::Unpaged), true));
    }
    let Some((_, params)) = STYLES.iter().find(|(s, _)| *s == name) else {
        let suggestion = closest(&name, STYLES.iter().map(|(s, _)| *s).chain(["none"]))
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        errors.push(syn::Error::new(
            style.span(),
            format!("unknown paging style `{name}`: {suggestion}{styles}"),
        ));
        return None;
    };
    let before = errors.len();
    let mut strings: Vec<(String, String)> = Vec::new();
    let mut numbers: Vec<(String, u64)> = Vec::new();
    for arg in call_args {
        let Expr::Assign(assign) = arg else {
            errors.push(syn::Error::new(
                arg.span(),
                format!("write `{name}(` parameters as `name = value`, e.g. `param = \"cursor\"`"),
            ));
            continue;
        };
        let key = match &*assign.left {
            Expr::Path(p) => p.path.get_ident().map(Ident::to_string),
            _ => None,
        }
        .unwrap_or_default();
        let known: Vec<&str> = params.iter().map(|(p, _, _)| *p).collect();
        if !known.contains(&key.as_str()) {
            let suggestion = closest(&key, known.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            errors.push(syn::Error::new(
                assign.left.span(),
                format!(
                    "`{name}(..)` has no parameter `{key}`: {suggestion}its parameters are {}",
                    known
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            continue;
        }
        let value = match &*assign.right {
            Expr::Lit(lit) => Some(&lit.lit),
            _ => None,
        };
        match (key.as_str(), value) {
            ("max", Some(Lit::Int(n))) => match n.base10_parse::<u64>() {
                Ok(n @ 1..=200) => numbers.push((key, n)),
                _ => errors.push(syn::Error::new(
                    n.span(),
                    format!("`max = {n}`: `max` is the vendor's largest page size, from 1 to 200 (Okta never asks for more than 200): write `max = 200`, or the vendor's limit if lower"),
                )),
            },
            ("first", Some(Lit::Int(n))) => match n.base10_parse::<u64>() {
                Ok(n) => numbers.push((key, n)),
                Err(e) => errors.push(e),
            },
            ("max" | "first", _) => errors.push(syn::Error::new(
                assign.right.span(),
                format!("`{key}` takes a whole number, e.g. `{key} = {}`", if key == "max" { 100 } else { 1 }),
            )),
            (_, Some(Lit::Str(s))) if !s.value().is_empty() => strings.push((key, s.value())),
            _ => errors.push(syn::Error::new(
                assign.right.span(),
                format!("`{key}` takes the vendor's name as a non-empty string, e.g. `{key} = \"{}\"`", match key.as_str() {
                    "next" => "next_cursor",
                    "size" => "page_size",
                    "total" => "total",
                    "pages" => "total_pages",
                    _ => "cursor",
                }),
            )),
        }
    }
    for (param, what, required) in params.iter() {
        let given =
            strings.iter().any(|(k, _)| k == param) || numbers.iter().any(|(k, _)| k == param);
        if *required && !given {
            errors.push(syn::Error::new(
                style.span(),
                format!("`{name}(..)` needs `{param}`: {what}"),
            ));
        }
    }
    if strings.iter().any(|(k, _)| k == "total") && strings.iter().any(|(k, _)| k == "pages") {
        errors.push(syn::Error::new(
            style.span(),
            "`page(..)` takes `total` (the number of records) or `pages` (the number of pages), not both: keep one",
        ));
    }
    if errors.len() > before {
        return None;
    }
    let text = |k: &str| strings.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let opt = |k: &str| match text(k) {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    };
    let number = |k: &str, default: u64| {
        numbers
            .iter()
            .find(|(n, _)| n == k)
            .map_or(default, |(_, v)| *v)
    };
    let max = u32::try_from(number("max", 200)).unwrap_or(200);
    let size = opt("size");
    let total = opt("total");
    let tokens = match name.as_str() {
        "cursor" => {
            let (next, param) = (text("next")?, text("param")?);
            quote!(::okta_actions::client::ListPaging::Cursor { next: #next, param: #param, size: #size, max: #max })
        }
        "page" => {
            let param = text("param")?;
            let first = number("first", 1);
            let pages = opt("pages");
            quote!(::okta_actions::client::ListPaging::Page { param: #param, size: #size, first: #first, max: #max, total: #total, pages: #pages })
        }
        "offset" => {
            let param = text("param")?;
            quote!(::okta_actions::client::ListPaging::Offset { param: #param, size: #size, max: #max, total: #total })
        }
        _ => quote!(::okta_actions::client::ListPaging::Link { size: #size, max: #max }),
    };
    Some((tokens, false))
}

/// Checks `METHOD /path/{field}?query={field}`: a known method on a relative path whose
/// placeholders name input fields. Returns the method and the path.
fn check_vendor_call(
    spec: &ActionSpec,
    vendor: &LitStr,
    each: Option<&str>,
    errors: &mut Vec<syn::Error>,
) -> Option<(String, String)> {
    let text = vendor.value();
    let Some((method, path)) = text.split_once(' ') else {
        errors.push(syn::Error::new(
            vendor.span(),
            "write the vendor call as `METHOD /path`, e.g. `GET /v2/users/{userId}`",
        ));
        return None;
    };
    let mut ok = true;
    if !METHODS.contains(&method) {
        let suggestion = closest(method, METHODS)
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        errors.push(syn::Error::new(
            vendor.span(),
            format!("unknown method `{method}`: {suggestion}a declarative call is `GET`, `POST`, `PUT`, `PATCH` or `DELETE`"),
        ));
        ok = false;
    }
    if !path.starts_with('/') {
        errors.push(syn::Error::new(
            vendor.span(),
            format!("the vendor path must start with `/`: `/{path}`"),
        ));
        ok = false;
    }
    let arrays = array_fields(spec);
    let mut fields = input_fields(spec);
    if let Some(each) = each {
        fields.extend(
            item_fields(spec, each)
                .into_iter()
                .map(|f| format!("{each}.{f}")),
        );
    }
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            errors.push(syn::Error::new(
                vendor.span(),
                "unclosed `{` in the vendor path",
            ));
            return None;
        };
        let name = &rest[open + 1..open + close];
        let element_of = name
            .split_once('.')
            .map(|(array, _)| array)
            .filter(|array| arrays.iter().any(|a| a == array) && each != Some(*array));
        if let Some(array) = element_of {
            // A field of an array's elements: the `each` check reports a wrong `each`; a
            // missing one is the mistake here.
            if each.is_none() {
                errors.push(syn::Error::new(
                    vendor.span(),
                    format!(
                        "`{{{name}}}` is a field of each element of `{array}`: add `each = \"{array}\"` to make one call per element"
                    ),
                ));
            }
            ok = false;
        } else if !fields.iter().any(|f| f == name) {
            let suggestion = closest(name, fields.iter().map(String::as_str))
                .map(|s| format!("did you mean `{{{s}}}`? "))
                .unwrap_or_default();
            errors.push(syn::Error::new(
                vendor.span(),
                format!(
                    "`{{{name}}}` is not a field of `{}`: {suggestion}its fields are {}",
                    spec.input_type(),
                    fields
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            ok = false;
        }
        rest = &rest[open + close + 1..];
    }
    ok.then(|| (method.to_owned(), path.to_owned()))
}

/// The string fields of an action's input a path may name: top-level ones, and one level into
/// objects (`user.id`), as contract JSON names.
fn input_fields(spec: &ActionSpec) -> Vec<String> {
    let schema: Value = serde_json::from_str(spec.input_schema()).unwrap_or_default();
    let mut fields = Vec::new();
    let Some(props) = schema["properties"].as_object() else {
        return fields;
    };
    for (name, prop) in props {
        if prop["type"] == "string" {
            fields.push(name.clone());
        }
        if let Some(reference) = prop["$ref"].as_str() {
            let file = reference.trim_start_matches("../");
            let nested: Value = okta_actions_contracts::schema_file(file)
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default();
            if let Some(inner) = nested["properties"].as_object() {
                for (child, p) in inner {
                    if p["type"] == "string" {
                        fields.push(format!("{name}.{child}"));
                    }
                }
            }
        }
    }
    fields
}

/// The input's arrays (`each = "…"` may name one).
fn array_fields(spec: &ActionSpec) -> Vec<String> {
    let schema: Value = serde_json::from_str(spec.input_schema()).unwrap_or_default();
    schema["properties"]
        .as_object()
        .map(|props| {
            props
                .iter()
                .filter(|(_, p)| p["type"] == "array")
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The string fields of the elements of the input's array `each`.
fn item_fields(spec: &ActionSpec, each: &str) -> Vec<String> {
    let schema: Value = serde_json::from_str(spec.input_schema()).unwrap_or_default();
    let items = &schema["properties"][each]["items"];
    let items = match items["$ref"].as_str() {
        Some(reference) => okta_actions_contracts::schema_file(reference.trim_start_matches("../"))
            .and_then(|t| serde_json::from_str(t).ok())
            .unwrap_or_default(),
        None => items.clone(),
    };
    items["properties"]
        .as_object()
        .map(|props| {
            props
                .iter()
                .filter(|(_, p)| p["type"] == "string")
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default()
}
