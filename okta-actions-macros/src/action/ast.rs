//! Parsing: the attribute's arguments and the annotated function.

use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, Ident, ItemFn, Lit, LitStr, Meta, Token};

/// The attribute's arguments: `(ListUsers)` or `(GetUserById, vendor = "GET /v2/users/{userId}")`.
pub(crate) struct ActionArgs {
    /// The action's identifier as written.
    pub(crate) action: Option<Ident>,
    /// The vendor call of the declarative form.
    pub(crate) vendor: Option<LitStr>,
    /// `vendor = ` was given something other than a string; the function is not checked further.
    pub(crate) vendor_invalid: bool,
}

pub(crate) fn parse_args(attr: TokenStream, errors: &mut Vec<syn::Error>) -> ActionArgs {
    let mut args = ActionArgs {
        action: None,
        vendor: None,
        vendor_invalid: false,
    };
    let metas = match Punctuated::<Meta, Token![,]>::parse_terminated.parse2(attr) {
        Ok(metas) => metas,
        Err(e) => {
            errors.push(e);
            return args;
        }
    };
    for meta in metas {
        match meta {
            Meta::Path(path) if path.get_ident().is_some() && args.action.is_none() => {
                args.action = path.get_ident().cloned();
            }
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
            other => errors.push(syn::Error::new(
                other.span(),
                "unexpected argument: write the action name, then optionally `vendor = \"METHOD /path\"`",
            )),
        }
    }
    args
}

pub(crate) fn parse_fn(item: TokenStream) -> syn::Result<ItemFn> {
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
