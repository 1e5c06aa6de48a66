//! `integration! { name, capabilities, actions }`: registers the handlers and checks the OIN
//! required-flow rules at compile time, one error per broken rule.

use okta_actions_contracts::{Capability, RuleKind, contracts};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Path, Token, bracketed};

use crate::suggest::closest;

struct Declaration {
    name: Option<Expr>,
    capabilities: Vec<Ident>,
    actions: Vec<Path>,
    actions_key: Option<Ident>,
    errors: Vec<syn::Error>,
}

impl Parse for Declaration {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut decl = Declaration {
            name: None,
            capabilities: Vec::new(),
            actions: Vec::new(),
            actions_key: None,
            errors: Vec::new(),
        };
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            input.parse::<Token![:]>()?;
            match key.to_string().as_str() {
                "name" => decl.name = Some(input.parse()?),
                "capabilities" => {
                    let content;
                    bracketed!(content in input);
                    decl.capabilities = Punctuated::<Ident, Token![,]>::parse_terminated(&content)?
                        .into_iter()
                        .collect();
                }
                "actions" => {
                    let content;
                    bracketed!(content in input);
                    decl.actions = Punctuated::<Path, Token![,]>::parse_terminated(&content)?
                        .into_iter()
                        .collect();
                    decl.actions_key = Some(key);
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown field `{other}`: an integration declares `name`, `capabilities` and `actions`"
                        ),
                    ));
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(decl)
    }
}

fn capability_of(ident: &Ident) -> Option<Capability> {
    match ident.to_string().as_str() {
        "Provisioning" => Some(Capability::Provisioning),
        "Entitlements" => Some(Capability::Entitlements),
        "UniversalLogout" => Some(Capability::UniversalLogout),
        _ => None,
    }
}

fn variant(capability: Capability) -> &'static str {
    match capability {
        Capability::Provisioning => "Provisioning",
        Capability::Entitlements => "Entitlements",
        Capability::UniversalLogout => "UniversalLogout",
    }
}

pub(crate) fn entry(input: TokenStream) -> TokenStream {
    let mut decl: Declaration = match syn::parse2(input) {
        Ok(decl) => decl,
        Err(e) => return e.to_compile_error(),
    };
    let Some(name) = decl.name.take() else {
        return syn::Error::new(Span::call_site(), "an integration needs a `name: \"…\"`")
            .to_compile_error();
    };
    let set = contracts();
    let mut declared: Vec<(Capability, &Ident)> = Vec::new();
    for ident in &decl.capabilities {
        match capability_of(ident) {
            Some(c) if declared.iter().any(|(d, _)| *d == c) => decl.errors.push(syn::Error::new(
                ident.span(),
                format!("capability `{ident}` is declared twice"),
            )),
            Some(c) => declared.push((c, ident)),
            None => {
                let names = ["Provisioning", "Entitlements", "UniversalLogout"];
                let hint = closest(&ident.to_string(), names)
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                decl.errors.push(syn::Error::new(
                    ident.span(),
                    format!("unknown capability `{ident}`: {hint}the capabilities are `Provisioning`, `Entitlements`, `UniversalLogout`"),
                ));
            }
        }
    }
    for spec in &set.capabilities {
        if let Some((_, ident)) = declared.iter().find(|(c, _)| *c == spec.name) {
            for needed in &spec.requires {
                if !declared.iter().any(|(c, _)| c == needed) {
                    decl.errors.push(syn::Error::new(
                        ident.span(),
                        format!(
                            "capability `{ident}` ({}) requires `{}`: add it to `capabilities`",
                            spec.label,
                            variant(*needed)
                        ),
                    ));
                }
            }
        }
    }
    let actions_span = decl
        .actions_key
        .as_ref()
        .map_or(Span::call_site(), Ident::span);
    let action_names = decl
        .actions
        .iter()
        .map(|path| quote_spanned!(path_span(path)=> ::okta_actions::__private::action_of(&#path)));
    // One `const` assertion per rule of the contract set, decided by the same `broken` (or,
    // per entry, `broken_at`) the runtime and the report use.
    let mut checks = Vec::new();
    let (mut repeated, mut excluded) = (Vec::new(), Vec::new());
    let rules_apply = decl.errors.is_empty();
    let capabilities: Vec<Capability> = declared.iter().map(|(c, _)| *c).collect();
    for rule in set.action_rules(&capabilities) {
        // Only the duplicate check survives a capability mistake, which has its own error.
        if !rules_apply && rule.kind != RuleKind::Unique {
            continue;
        }
        let member = rule.action.as_str();
        let own_capability = set.action(member).map_or(rule.capability, |a| a.capability);
        let attribute = if own_capability == Capability::UniversalLogout {
            "#[universal_logout_action]".to_owned()
        } else {
            format!("#[{}({member})]", own_capability.macro_name())
        };
        let (kind, message, span) = match rule.kind {
            RuleKind::Optional => continue,
            RuleKind::Required => {
                let span = declared
                    .iter()
                    .find(|(c, _)| *c == rule.capability)
                    .map_or(actions_span, |(_, ident)| ident.span());
                let message = format!(
                    "capability `{}` requires the action `{member}` (OIN group \"{}\"): add a handler annotated `{attribute}` to `actions`",
                    variant(rule.capability),
                    rule.group
                );
                (quote!(Required), message, span)
            }
            RuleKind::AllOrNone => {
                let message = format!(
                    "OIN group \"{}\" ({}) is all or none and another of its actions is registered: add a handler annotated `{attribute}` to `actions`, or remove the group's other actions",
                    rule.group,
                    rule.members
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                (quote!(AllOrNone), message, actions_span)
            }
            RuleKind::Unique => {
                let message = format!(
                    "`{member}` is registered more than once: remove this entry, register each action once"
                );
                repeated.push(quote!((#member, #message)));
                continue;
            }
            RuleKind::Excluded => {
                let message = format!(
                    "`{member}` belongs to capability `{}`, which this integration does not declare: add `{}` to `capabilities`, or remove this entry",
                    variant(rule.capability),
                    variant(rule.capability)
                );
                excluded.push(quote!((#member, #message)));
                continue;
            }
        };
        let members = &rule.members;
        checks.push(quote_spanned!(span=>
            const _: () = if VALID && ::okta_actions::__private::broken(
                ::okta_actions::__private::RuleKind::#kind, #member, &[#(#members),*], ACTIONS,
            ) {
                ::core::panic!(#message)
            };
        ));
    }
    // A repeated or excluded action is reported on its own entry in `actions`: the one to change.
    for (kind, messages) in [(quote!(Unique), &repeated), (quote!(Excluded), &excluded)] {
        if messages.is_empty() {
            continue;
        }
        let entries = decl.actions.iter().enumerate().map(|(index, path)| {
            quote_spanned!(path_span(path)=>
                const _: () = if let ::core::option::Option::Some(message) =
                    ::okta_actions::__private::broken_at(
                        ::okta_actions::__private::RuleKind::#kind, MESSAGES, ACTIONS, #index,
                    )
                {
                    ::core::panic!("{}", message)
                };
            )
        });
        checks.push(quote! {
            const _: () = {
                const MESSAGES: &[(&str, &str)] = &[#(#messages),*];
                #(#entries)*
            };
        });
    }
    let errors = decl.errors.iter().map(syn::Error::to_compile_error);
    let capability_calls = declared.iter().map(|(c, ident)| {
        let v = Ident::new(variant(*c), ident.span());
        quote!(.capability(::okta_actions::__private::Capability::#v))
    });
    let action_calls = decl
        .actions
        .iter()
        .map(|path| quote_spanned!(path_span(path)=> .action(#path)));
    quote! {{
        #(#errors)*
        const _: () = {
            const ACTIONS: &[&str] = &[#(#action_names),*];
            // A handler that failed its own checks registers as ""; its error is the one to read.
            const VALID: bool = !::okta_actions::__private::is_registered(ACTIONS, "");
            #(#checks)*
        };
        ::okta_actions::Integration::builder(#name)
            #(#capability_calls)*
            #(#action_calls)*
    }}
}

fn path_span(path: &Path) -> Span {
    path.segments
        .last()
        .map_or(Span::call_site(), |s| s.ident.span())
}
