//! The three action attribute macros: parse (`ast`) → check (`check`) → expand (`expand`).

mod ast;
mod check;
mod expand;

use okta_actions_contracts::Capability;
use proc_macro2::TokenStream;

/// Expands `#[<capability>_action(args)] item`.
pub(crate) fn entry(capability: Capability, attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = match ast::parse_fn(item) {
        Ok(item) => item,
        Err(_) => {
            return syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("`#[{}]` goes on a function", capability.macro_name()),
            )
            .to_compile_error();
        }
    };
    let mut errors = Vec::new();
    let args = ast::parse_args(attr, &mut errors);
    let spec = check::resolve_action(capability, &args, &mut errors);
    let form = if args.vendor_invalid {
        None
    } else {
        check::check_fn(&item, spec, &args, &mut errors)
    };
    match (spec, form) {
        (Some(spec), Some(form)) if errors.is_empty() => expand::handler(&item, spec, &form),
        // A method cannot become a struct inside its `impl` block: report the errors alone.
        _ if has_receiver(&item) => errors.iter().map(syn::Error::to_compile_error).collect(),
        _ => expand::errored(&item, spec, errors),
    }
}

fn has_receiver(item: &syn::ItemFn) -> bool {
    item.sig
        .inputs
        .iter()
        .any(|a| matches!(a, syn::FnArg::Receiver(_)))
}
