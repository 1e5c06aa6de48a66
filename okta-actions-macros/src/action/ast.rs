//! Parsing: the attribute's arguments and the annotated function.

use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, Lit, LitStr, Meta, Token};

use super::signature::HandlerFn;
use crate::suggest::closest;

/// The attribute's arguments: `(ListUsers)` or `(GetUserById, vendor = "GET /v2/users/{userId}")`,
/// with the declarative form's optional `items`, `paging`, `first`, `body` and `errors`.
pub(crate) struct ActionArgs {
    /// The action's identifier as written.
    pub(crate) action: Option<Ident>,
    /// The vendor call of the declarative form.
    pub(crate) vendor: Option<LitStr>,
    /// `vendor = ` was given something other than a string; the function is not checked further.
    pub(crate) vendor_invalid: bool,
    /// `items = "data"`: where a list's records (or a search's results) are.
    pub(crate) items: Option<(Ident, LitStr)>,
    /// `paging = cursor(..)`: the list's own paging style, checked in `check`.
    pub(crate) paging: Option<(Ident, Expr)>,
    /// `first`: a search whose first result is the answer.
    pub(crate) first: Option<Ident>,
    /// `body = create_body`: the function building a write's JSON body from the input.
    pub(crate) body: Option<(Ident, syn::Path)>,
    /// `errors = from_vendor`: the function turning vendor faults into contract errors.
    pub(crate) errors: Option<(Ident, syn::Path)>,
    /// `each = "groupMembers"`: one call per element of an input array.
    pub(crate) each: Option<(Ident, LitStr)>,
    /// `batch = 100`: with `each`, how many elements one call carries.
    pub(crate) batch: Option<(Ident, syn::LitInt)>,
}

/// The arguments after the action's name, for messages and suggestions.
const ARGUMENTS: [&str; 8] = [
    "vendor", "items", "paging", "first", "body", "errors", "each", "batch",
];

pub(crate) fn parse_args(attr: TokenStream, errors: &mut Vec<syn::Error>) -> ActionArgs {
    let mut args = ActionArgs {
        action: None,
        vendor: None,
        vendor_invalid: false,
        items: None,
        paging: None,
        first: None,
        body: None,
        errors: None,
        each: None,
        batch: None,
    };
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr) {
        Ok(metas) => metas,
        Err(e) => {
            errors.push(e);
            return args;
        }
    };
    for (index, meta) in metas.into_iter().enumerate() {
        let key = meta.path().get_ident().cloned();
        let name = key.as_ref().map(Ident::to_string).unwrap_or_default();
        match meta {
            Meta::Path(path) if index == 0 && path.get_ident().is_some() => {
                args.action = path.get_ident().cloned();
            }
            Meta::Path(path) if path.is_ident("first") => args.first = path.get_ident().cloned(),
            Meta::NameValue(nv) if nv.path.is_ident("vendor") => match nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => args.vendor = Some(s),
                other => {
                    args.vendor_invalid = true;
                    errors.push(syn::Error::new(
                        other.span(),
                        "`vendor` takes a string: `vendor = \"GET /v2/users/{userId}\"`",
                    ));
                }
            },
            Meta::NameValue(nv) if name == "items" => match nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => args.items = key.map(|k| (k, s)),
                other => errors.push(syn::Error::new(
                    other.span(),
                    "`items` takes a string, a field name or a JSON pointer: `items = \"data\"`",
                )),
            },
            Meta::NameValue(nv) if name == "each" => match nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => args.each = key.map(|k| (k, s)),
                other => errors.push(syn::Error::new(
                    other.span(),
                    "`each` takes the name of an array in the input: `each = \"groupMembers\"`",
                )),
            },
            Meta::NameValue(nv) if name == "batch" => match nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Int(n), ..
                }) if n.base10_parse::<usize>().is_ok_and(|n| n >= 1) => {
                    args.batch = key.map(|k| (k, n));
                }
                other => errors.push(syn::Error::new(
                    other.span(),
                    "`batch` takes how many elements one call carries, a whole number from 1: `batch = 100`",
                )),
            },
            Meta::NameValue(nv) if name == "paging" => args.paging = key.map(|k| (k, nv.value)),
            Meta::NameValue(nv) if name == "body" || name == "errors" => match nv.value {
                Expr::Path(p) if p.qself.is_none() => {
                    let slot = if name == "body" {
                        &mut args.body
                    } else {
                        &mut args.errors
                    };
                    *slot = key.map(|k| (k, p.path));
                }
                other => errors.push(syn::Error::new(
                    other.span(),
                    format!(
                        "`{name}` takes the path of a function: `{name} = {}`",
                        if name == "body" {
                            "create_body"
                        } else {
                            "crate::errors::from_vendor"
                        }
                    ),
                )),
            },
            other => {
                let suggestion = closest(&name, ARGUMENTS.iter().copied())
                    .filter(|_| !name.is_empty())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                errors.push(syn::Error::new(
                    other.span(),
                    format!(
                        "unexpected argument: {suggestion}write the action name, then optionally \
                         `vendor = \"METHOD /path\"` and the declarative form's `items = \"…\"`, \
                         `paging = …`, `first`, `body = fn`, `errors = fn`, `each = \"…\"` or `batch = N`"
                    ),
                ))
            }
        }
    }
    args
}

/// The annotated function, its body left unparsed.
pub(crate) fn parse_fn(item: TokenStream) -> syn::Result<HandlerFn> {
    syn::parse2(item)
}

/// The doc comment of an item, lines joined with newlines.
pub(crate) fn doc_comment(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            Meta::NameValue(nv) => match &nv.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(s), ..
                }) => Some(s.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}
