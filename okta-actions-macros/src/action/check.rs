//! Checking: the action exists and belongs to this macro's capability, and the function has the
//! shape of a handler. Every problem is collected; nothing stops at the first.

use okta_actions_contracts::{ActionSpec, Capability, contracts};
use proc_macro2::Span;
use serde_json::Value;
use syn::spanned::Spanned;
use syn::{FnArg, GenericArgument, ItemFn, LitStr, PathArguments, ReturnType, Type};

use super::ast::ActionArgs;
use crate::suggest::closest;

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
    /// `fn(vendor: V) -> T` with `vendor = "GET /path/{field}"`.
    Declarative {
        vendor_ty: Box<Type>,
        mapped_ty: Box<Type>,
        path: String,
    },
}

/// Resolves the action named in the attribute for a macro of `capability`.
pub(crate) fn resolve_action(
    capability: Capability,
    args: &ActionArgs,
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
        errors.push(syn::Error::new(
            Span::call_site(),
            format!(
                "name the action this handler implements, e.g. `#[{}({})]`",
                capability.macro_name(),
                own[0]
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
            let suggestion = closest(&name, set.actions.iter().map(|a| a.ident.as_str()))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
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

/// Checks the function's shape for the imperative or declarative form.
pub(crate) fn check_fn(
    item: &ItemFn,
    spec: Option<&ActionSpec>,
    vendor: Option<&LitStr>,
    errors: &mut Vec<syn::Error>,
) -> Option<Form> {
    let sig = &item.sig;
    let before = errors.len();
    let expected_in = spec.map_or("`<Action>Input`".to_owned(), |s| {
        format!("`{}`", s.input_type())
    });
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
                "an action handler is a free function: remove `self` and move the function out of the `impl` block",
            ));
        }
    }
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

    if let Some(vendor) = vendor {
        if let Some(a) = &sig.asyncness {
            errors.push(syn::Error::new(
                a.span(),
                "a declarative mapping is a plain, pure `fn`: remove `async` (the SDK makes the vendor call)",
            ));
        }
        let path = spec.and_then(|spec| check_vendor_call(spec, vendor, errors));
        if typed.len() != 1 {
            errors.push(syn::Error::new(
                params_span,
                format!(
                    "a declarative mapping takes exactly 1 parameter, the vendor's JSON type (e.g. `user: AcmeUser`); found {}",
                    typed.len()
                ),
            ));
        }
        let mapped = spec.map_or(String::new(), mapped_type);
        if ret_ty.is_none() {
            errors.push(syn::Error::new(
                sig.paren_token.span.close(),
                format!("a declarative mapping returns the contract type: add `-> {mapped}`"),
            ));
        }
        if errors.len() > before {
            return None;
        }
        return Some(Form::Declarative {
            vendor_ty: typed[0].ty.clone(),
            mapped_ty: ret_ty?,
            path: path?,
        });
    }

    if sig.asyncness.is_none() {
        errors.push(syn::Error::new(
            sig.fn_token.span(),
            format!(
                "an action handler must be an `async fn`: write `async fn {}`",
                sig.ident
            ),
        ));
    }
    if typed.len() != 2 {
        errors.push(syn::Error::new(
            params_span,
            format!(
                "an action handler takes 2 parameters, `(ctx: &ActionContext, input: {})`; found {}",
                expected_in.trim_matches('`'),
                typed.len()
            ),
        ));
    }
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
    }
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

/// Checks `METHOD /path/{field}`: a GET on a relative path whose placeholders name input fields.
fn check_vendor_call(
    spec: &ActionSpec,
    vendor: &LitStr,
    errors: &mut Vec<syn::Error>,
) -> Option<String> {
    let text = vendor.value();
    let Some((method, path)) = text.split_once(' ') else {
        errors.push(syn::Error::new(
            vendor.span(),
            "write the vendor call as `METHOD /path`, e.g. `GET /v2/users/{userId}`",
        ));
        return None;
    };
    let mut ok = true;
    if method != "GET" {
        errors.push(syn::Error::new(
            vendor.span(),
            format!("declarative handlers make `GET` calls; `{method}` needs a body or has effects: write an `async fn` handler that calls `ctx.vendor()`"),
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
    let fields = input_fields(spec);
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
        if !fields.iter().any(|f| f == name) {
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
    ok.then(|| path.to_owned())
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
