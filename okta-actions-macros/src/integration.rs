//! `integration! { name, capabilities, actions }`: registers the handlers and checks the OIN
//! required-flow rules at compile time, one error per broken rule.

use okta_actions_contracts::{Capability, OinRule, contracts};
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
    let mut checks = Vec::new();
    // A misspelled or missing capability already has its error; rule checks would only repeat it.
    let rules_apply = decl.errors.is_empty();
    let activating = |group: &str| {
        set.oin_groups
            .iter()
            .find(|g| g.name == group)
            .map(|g| g.when)
    };
    for group in set.oin_groups.iter().filter(|_| rules_apply) {
        let members: Vec<&str> = set
            .group_actions(&group.name)
            .map(|a| a.ident.as_str())
            .collect();
        let Some((capability, cap_ident)) = declared.iter().find(|(c, _)| *c == group.when) else {
            continue;
        };
        for member in &members {
            let spec = set.action(member).expect("group members are actions");
            let attribute = if spec.capability == Capability::UniversalLogout {
                "#[universal_logout_action]".to_owned()
            } else {
                format!("#[{}({member})]", spec.capability.macro_name())
            };
            let condition = match group.rule {
                OinRule::AllRequired => quote!(true),
                OinRule::AllOrNone => {
                    quote!(::okta_actions::__private::any(ACTIONS, &[#(#members),*]))
                }
                OinRule::EachOptional => continue,
            };
            let message = match group.rule {
                OinRule::AllOrNone => format!(
                    "OIN group \"{}\" is all or none and another of its actions is registered: add a handler annotated `{attribute}` to `actions`, or remove the group's other actions",
                    group.name
                ),
                _ => format!(
                    "capability `{}` requires the action `{member}` (OIN group \"{}\"): add a handler annotated `{attribute}` to `actions`",
                    variant(*capability),
                    group.name
                ),
            };
            let span = match group.rule {
                OinRule::AllOrNone => actions_span,
                _ => cap_ident.span(),
            };
            checks.push(quote_spanned!(span=>
                const _: () = if VALID && #condition && !::okta_actions::__private::contains(ACTIONS, #member) {
                    ::core::panic!(#message)
                };
            ));
        }
    }
    for spec in &set.actions {
        let member = spec.ident.as_str();
        let message = format!("`{member}` is registered more than once: register each action once");
        checks.push(quote_spanned!(actions_span=>
            const _: () = if ::okta_actions::__private::count(ACTIONS, #member) > 1 {
                ::core::panic!(#message)
            };
        ));
        let needs = activating(&spec.oin_group).unwrap_or(spec.capability);
        if rules_apply && !declared.iter().any(|(c, _)| *c == needs) {
            let message = format!(
                "`{member}` belongs to capability `{}`, which this integration does not declare: add `{}` to `capabilities`",
                variant(needs),
                variant(needs)
            );
            checks.push(quote_spanned!(actions_span=>
                const _: () = if ::okta_actions::__private::contains(ACTIONS, #member) {
                    ::core::panic!(#message)
                };
            ));
        }
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
            const VALID: bool = !::okta_actions::__private::contains(ACTIONS, "");
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
