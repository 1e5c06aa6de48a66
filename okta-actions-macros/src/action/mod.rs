//! The three action attribute macros: parse (`ast`, `signature`) → check (`check`) → expand
//! (`expand`). Only the signature is parsed; the body is re-emitted as written, in every
//! outcome, so that the compiler reports what is wrong inside it where it is.

mod ast;
mod check;
mod expand;
mod signature;

use okta_actions_contracts::Capability;
use proc_macro2::TokenStream;

/// Expands `#[<capability>_action(args)] item`.
pub(crate) fn entry(capability: Capability, attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = match ast::parse_fn(item.clone()) {
        Ok(item) => item,
        Err(_) => {
            // Not a function: the item stays as written, so that it is not reported missing.
            let error = syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("`#[{}]` goes on a function", capability.macro_name()),
            )
            .to_compile_error();
            return quote::quote!(#error #item);
        }
    };
    let mut errors = Vec::new();
    let args = ast::parse_args(attr, &mut errors);
    let spec = check::resolve_action(capability, &args, &item.sig.ident, &mut errors);
    let form = if args.vendor_invalid {
        None
    } else {
        check::check_fn(&item, spec, &args, &mut errors)
    };
    match (spec, form) {
        (Some(spec), Some(form)) if errors.is_empty() => expand::handler(&item, spec, &form),
        // A method cannot become a struct inside its `impl` block: the errors, and the method
        // as written.
        _ if has_receiver(&item) => {
            let errors = errors.iter().map(syn::Error::to_compile_error);
            quote::quote!(#(#errors)* #item)
        }
        _ => expand::errored(&item, spec, errors),
    }
}

fn has_receiver(item: &signature::HandlerFn) -> bool {
    item.sig
        .inputs
        .iter()
        .any(|a| matches!(a, syn::FnArg::Receiver(_)))
}
