//! Expansion: the handler function becomes a unit struct of the same name implementing
//! `ActionHandler`; the function's body stays callable as `name::handler` (or `name::map` for a
//! declarative mapping). Type checks are spanned on the user's own tokens.

use okta_actions_contracts::{ActionSpec, Capability};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, ItemFn};

use super::ast::doc_comment;
use super::check::{Form, item_type};

/// The expansion of a handler that passed every check.
pub(crate) fn handler(item: &ItemFn, spec: &ActionSpec, form: &Form) -> TokenStream {
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let (doc_attrs, other_attrs): (Vec<&Attribute>, Vec<&Attribute>) =
        item.attrs.iter().partition(|a| a.path().is_ident("doc"));
    let action = format_ident!("{}", spec.ident);
    let contract = quote!(::okta_actions::__private::action::#action);
    let input_ty = type_path(&spec.input_type());
    let output_ty = type_path(&spec.output_type());
    let (method_name, method_doc) = match form {
        Form::Imperative { .. } => (
            "handler",
            " The handler's body, callable directly in tests.",
        ),
        Form::Declarative { .. } => (
            "map",
            " The pure mapping from the vendor's JSON to the contract type, callable directly in tests.",
        ),
    };
    let method = Ident::new(method_name, ident.span());
    let mut body_fn = item.clone();
    body_fn.sig.ident = method.clone();
    body_fn.attrs = other_attrs.into_iter().cloned().collect();
    body_fn.attrs.push(syn::parse_quote!(#[doc = #method_doc]));
    let vendor_call = match form {
        Form::Declarative { path, .. } => {
            let call = format!("GET {path}");
            quote!(::core::option::Option::Some(#call))
        }
        Form::Imperative { .. } => quote!(::core::option::Option::None),
    };
    // Locals named inside user-spanned tokens must keep call-site hygiene, or a handler declared
    // through the user's own `macro_rules!` could not see them.
    let [ctx_var, input_var, vendor_var] =
        ["ctx", "input", "vendor"].map(|n| Ident::new(n, Span::call_site()));
    let call_body = match form {
        Form::Imperative {
            ctx_ty,
            input_ty: user_input_ty,
            ok_ty,
            err_ty,
            ret_ty,
        } => {
            let ctx = quote_spanned!(ctx_ty.span()=>
                <#ctx_ty as ::okta_actions::__private::IsContext<'_>>::from_context(#ctx_var));
            let input = quote_spanned!(user_input_ty.span()=>
                <#user_input_ty as ::okta_actions::__private::IsInputOf<#input_ty>>::from_contract(#input_var));
            let ok_span = ok_ty.as_ref().map_or(ret_ty.span(), |t| t.span());
            let err_span = err_ty.as_ref().map_or(ret_ty.span(), |t| t.span());
            let value_var = Ident::new("value", Span::call_site());
            let error_var = Ident::new("error", Span::call_site());
            let returns_unit =
                matches!(ok_ty.as_deref(), Some(syn::Type::Tuple(t)) if t.elems.is_empty());
            let ok = if returns_unit {
                quote_spanned!(ok_span=> <#output_ty as ::core::convert::From<()>>::from(#value_var))
            } else if let Some(ok_ty) = ok_ty {
                // A qualified path on the user's type puts a failing bound on that type.
                quote_spanned!(ok_span=>
                    <#ok_ty as ::okta_actions::__private::IntoOutput<#output_ty>>::into_output(#value_var))
            } else {
                quote_spanned!(ok_span=>
                    ::okta_actions::__private::IntoOutput::<#output_ty>::into_output(#value_var))
            };
            let err = match err_ty {
                Some(err_ty) => quote_spanned!(err_span=>
                    <#err_ty as ::okta_actions::__private::IsActionError>::into_action_error(#error_var)),
                None => quote_spanned!(err_span=>
                    ::okta_actions::__private::IsActionError::into_action_error(#error_var)),
            };
            let send_span = item.sig.asyncness.map_or(ident.span(), |a| a.span());
            quote_spanned!(send_span=> ::std::boxed::Box::pin(async move {
                match #ident::#method(#ctx, #input).await {
                    ::core::result::Result::Ok(#value_var) => ::core::result::Result::Ok(#ok),
                    ::core::result::Result::Err(#error_var) => ::core::result::Result::Err(#err),
                }
            }))
        }
        Form::Declarative {
            vendor_ty,
            mapped_ty,
            path,
        } => {
            let expected = if spec.list.is_some() {
                type_path(item_type(spec))
            } else {
                output_ty.clone()
            };
            let map = quote_spanned!(mapped_ty.span()=>
                |#vendor_var: #vendor_ty| <#mapped_ty as ::okta_actions::__private::IsMapped<#expected>>::into_contract(#ident::#method(#vendor_var)));
            let fetch = if spec.list.is_some() {
                quote!(fetch_page::<#contract, #vendor_ty, _>)
            } else {
                quote!(fetch_one::<#vendor_ty, _, _>)
            };
            quote!(::std::boxed::Box::pin(::okta_actions::__private::declarative::#fetch(#ctx_var, #path, #input_var, #map)))
        }
    };
    let capability = capability_variant(spec.capability);
    let action_name = &spec.ident;
    let handler_name = ident.to_string();
    let doc = doc_comment(&item.attrs);
    let line = quote_spanned!(ident.span()=> ::core::line!());
    quote! {
        #(#doc_attrs)*
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy)]
        #vis struct #ident;

        impl #ident {
            #body_fn
        }

        impl ::okta_actions::__private::ActionHandler for #ident {
            type Contract = #contract;
            const META: ::okta_actions::__private::HandlerMeta = ::okta_actions::__private::handler_meta(
                #action_name,
                ::okta_actions::__private::Capability::#capability,
                #handler_name,
                ::core::file!(),
                #line,
                #doc,
                #vendor_call,
            );

            fn call<'a>(
                &'a self,
                #ctx_var: &'a ::okta_actions::ActionContext,
                #input_var: #input_ty,
            ) -> ::okta_actions::__private::BoxFuture<'a, ::core::result::Result<#output_ty, ::okta_actions::ActionError>> {
                #call_body
            }
        }
    }
}

/// What is emitted when a check failed: the errors, and a stand-in struct so that registering the
/// handler does not add a second, confusing error.
pub(crate) fn errored(
    item: &ItemFn,
    spec: Option<&ActionSpec>,
    errors: Vec<syn::Error>,
) -> TokenStream {
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let docs = item.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let errors = errors.into_iter().map(|e| e.to_compile_error());
    let contract = match spec {
        Some(spec) => {
            let action = format_ident!("{}", spec.ident);
            quote!(::okta_actions::__private::action::#action)
        }
        None => quote!(::okta_actions::__private::InvalidAction),
    };
    let capability = capability_variant(spec.map_or(Capability::Provisioning, |s| s.capability));
    quote! {
        #(#errors)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy)]
        #vis struct #ident;

        impl ::okta_actions::__private::ActionHandler for #ident {
            type Contract = #contract;
            const META: ::okta_actions::__private::HandlerMeta = ::okta_actions::__private::handler_meta(
                "", ::okta_actions::__private::Capability::#capability, "", "", 0, "", ::core::option::Option::None,
            );

            fn call<'a>(
                &'a self,
                _: &'a ::okta_actions::ActionContext,
                _: <#contract as ::okta_actions::__private::Contract>::Input,
            ) -> ::okta_actions::__private::BoxFuture<'a, ::core::result::Result<<#contract as ::okta_actions::__private::Contract>::Output, ::okta_actions::ActionError>> {
                ::okta_actions::__private::did_not_compile()
            }
        }
    }
}

fn capability_variant(capability: Capability) -> Ident {
    let name = match capability {
        Capability::Provisioning => "Provisioning",
        Capability::Entitlements => "Entitlements",
        Capability::UniversalLogout => "UniversalLogout",
    };
    Ident::new(name, Span::call_site())
}

fn type_path(name: &str) -> TokenStream {
    let ident = format_ident!("{}", name);
    quote!(::okta_actions::contracts::#ident)
}
