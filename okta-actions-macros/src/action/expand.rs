//! Expansion: the handler function becomes a unit struct of the same name implementing
//! `ActionHandler`; the function's body stays callable as `name::handler` (or `name::map` for a
//! declarative mapping). Type checks are spanned on the user's own tokens.

use okta_actions_contracts::{ActionSpec, Capability};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Ident};

use super::ast::doc_comment;
use super::check::{Declarative, Form, Kind, item_type};
use super::signature::HandlerFn;

/// The expansion of a handler that passed every check.
pub(crate) fn handler(item: &HandlerFn, spec: &ActionSpec, form: &Form) -> TokenStream {
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
        Form::Declarative(_) => (
            "map",
            " The pure mapping from the vendor's JSON to the contract type, callable directly in tests.",
        ),
    };
    let method = Ident::new(method_name, ident.span());
    let mut body_fn = renamed(item, &method, other_attrs);
    body_fn.attrs.push(syn::parse_quote!(#[doc = #method_doc]));
    if matches!(form, Form::Declarative(d) if d.vendor_ty.is_none()) {
        // A status-only write maps nothing: the SDK never needs to call it.
        body_fn.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    }
    let (vendor_call, paging) = match form {
        Form::Declarative(d) => {
            let call = format!("{} {}", d.method, d.path);
            let paging = match &d.paging {
                Some(p) => quote!(::core::option::Option::Some(#p)),
                None => quote!(::core::option::Option::None),
            };
            (quote!(::core::option::Option::Some(#call)), paging)
        }
        Form::Imperative { .. } => (
            quote!(::core::option::Option::None),
            quote!(::core::option::Option::None),
        ),
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
            // The helper's name is the hint a non-`Send` future's error shows.
            quote_spanned!(send_span=> ::okta_actions::handler::drop_non_send_values_before_await_or_use_arc(async move {
                match #ident::#method(#ctx, #input).await {
                    ::core::result::Result::Ok(#value_var) => ::core::result::Result::Ok(#ok),
                    ::core::result::Result::Err(#error_var) => ::core::result::Result::Err(#err),
                }
            }))
        }
        Form::Declarative(d) => declarative_call(
            ident,
            &method,
            spec,
            d,
            &contract,
            &input_ty,
            [&ctx_var, &input_var, &vendor_var],
        ),
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

        // Not listed as "other types implementing `ActionHandler`" when a plain function is
        // registered: the note there says what to annotate.
        #[diagnostic::do_not_recommend]
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
                #paging,
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
    item: &HandlerFn,
    spec: Option<&ActionSpec>,
    errors: Vec<syn::Error>,
) -> TokenStream {
    let ident = &item.sig.ident;
    let vis = &item.vis;
    let errors = errors.into_iter().map(|e| e.to_compile_error());
    let contract = match spec {
        Some(spec) => {
            let action = format_ident!("{}", spec.ident);
            quote!(::okta_actions::__private::action::#action)
        }
        None => quote!(::okta_actions::__private::InvalidAction),
    };
    let capability = capability_variant(spec.map_or(Capability::Provisioning, |s| s.capability));
    // The function as written stays, under the stand-in, so that the compiler still checks its
    // body and reports every mistake in this one build.
    let (doc_attrs, other_attrs): (Vec<&Attribute>, Vec<&Attribute>) =
        item.attrs.iter().partition(|a| a.path().is_ident("doc"));
    let method_name = if item.sig.asyncness.is_some() {
        "handler"
    } else {
        "map"
    };
    let mut body_fn = renamed(item, &Ident::new(method_name, ident.span()), other_attrs);
    body_fn.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
    quote! {
        #(#errors)*
        #(#doc_attrs)*
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy)]
        #vis struct #ident;

        impl #ident {
            #body_fn
        }

        #[diagnostic::do_not_recommend]
        impl ::okta_actions::__private::ActionHandler for #ident {
            type Contract = #contract;
            const META: ::okta_actions::__private::HandlerMeta = ::okta_actions::__private::handler_meta(
                "", ::okta_actions::__private::Capability::#capability, "", "", 0, "", ::core::option::Option::None, ::core::option::Option::None,
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

/// The user's function under another name, with the given attributes: it becomes an associated
/// function of the handler's struct.
fn renamed(item: &HandlerFn, name: &Ident, attrs: Vec<&Attribute>) -> HandlerFn {
    let mut renamed = item.clone();
    renamed.sig.ident = name.clone();
    renamed.attrs = attrs.into_iter().cloned().collect();
    renamed
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

/// The body of a declarative handler's `call`: the vendor call through
/// `okta_actions::__private::declarative`, with the user's mapping type-checked on its own tokens.
fn declarative_call(
    ident: &Ident,
    method: &Ident,
    spec: &ActionSpec,
    d: &Declarative,
    contract: &TokenStream,
    input_ty: &TokenStream,
    [ctx_var, input_var, vendor_var]: [&Ident; 3],
) -> TokenStream {
    let rt = quote!(::okta_actions::__private::declarative);
    let path = &d.path;
    let errors = match &d.errors {
        Some(p) => quote_spanned!(p.span()=> {
            let errors: #rt::ErrorMapping = |error| #rt::ErrorsFn::map(&#p, error);
            errors
        }),
        None => quote!(#rt::default_errors),
    };
    let expected = match d.kind {
        Kind::Page => type_path(item_type(spec)),
        Kind::All => {
            let item = type_path(item_type(spec));
            quote!(::std::vec::Vec<#item>)
        }
        Kind::One | Kind::First => type_path(&spec.output_type()),
    };
    let value_var = Ident::new("value", Span::call_site());
    let error_var = Ident::new("error", Span::call_site());
    // `|vendor: V| -> Result<Expected, ActionError>`, the user's types checked on their tokens.
    let map = match (&d.vendor_ty, &d.mapped_ty) {
        (Some(vendor_ty), Some(mapped_ty)) => {
            let convert = if d.kind == Kind::Page {
                quote_spanned!(mapped_ty.span()=>
                    <#mapped_ty as ::okta_actions::__private::IsListItem<#expected>>::into_item(#value_var))
            } else {
                quote_spanned!(mapped_ty.span()=>
                    <#mapped_ty as ::okta_actions::__private::IsMapped<#expected>>::into_contract(#value_var))
            };
            let result = match &d.err_ty {
                Some(err_ty) => {
                    let err = quote_spanned!(err_ty.span()=>
                        <#err_ty as ::okta_actions::__private::IsActionError>::into_action_error(#error_var));
                    quote! {
                        match #ident::#method(#vendor_var) {
                            ::core::result::Result::Ok(#value_var) => ::core::result::Result::Ok(#convert),
                            ::core::result::Result::Err(#error_var) => ::core::result::Result::Err(#err),
                        }
                    }
                }
                None => quote! {{
                    let #value_var = #ident::#method(#vendor_var);
                    ::core::result::Result::Ok(#convert)
                }},
            };
            Some((
                vendor_ty,
                quote!(move |#vendor_var: #vendor_ty| -> ::core::result::Result<#expected, ::okta_actions::ActionError> { #result }),
            ))
        }
        _ => None,
    };
    let body = match &d.body {
        Some(p) => {
            // The argument carries the path's span, so a mistyped body function is reported on
            // its name.
            let arg = Ident::new("input", p.span());
            quote_spanned!(p.span()=> |#arg: &#input_ty| #rt::body_of(#p, #arg))
        }
        None => {
            quote!(|_: &#input_ty| ::core::result::Result::Ok(::core::option::Option::None))
        }
    };
    let http = Ident::new(
        match d.method.as_str() {
            "POST" => "Post",
            "PUT" => "Put",
            "PATCH" => "Patch",
            "DELETE" => "Delete",
            _ => "Get",
        },
        Span::call_site(),
    );
    let first = match (d.kind, &d.items) {
        (Kind::First, Some(items)) => quote!(::core::option::Option::Some(#items)),
        (Kind::First, None) => quote!(::core::option::Option::Some("")),
        _ => quote!(::core::option::Option::None),
    };
    let items = match &d.items {
        Some(items) => quote!(::core::option::Option::Some(#items)),
        None => quote!(::core::option::Option::None),
    };
    let paging = match &d.paging {
        Some(p) => quote!(::core::option::Option::Some(#p)),
        None => quote!(::core::option::Option::None),
    };
    let call = quote!(#rt::Call {
        method: ::okta_actions::client::HttpMethod::#http,
        path: #path,
        first: #first,
        errors: #errors,
    });
    let list = quote!(#rt::List { path: #path, items: #items, paging: #paging, errors: #errors });
    match (d.kind, map) {
        (Kind::Page, Some((vendor_ty, map))) => quote!(
            #rt::fetch_page::<#contract, #vendor_ty, _>(#ctx_var, #list, #input_var, #map)),
        (Kind::All, Some((vendor_ty, map))) => quote!(
            #rt::fetch_all::<#contract, #vendor_ty, _>(#ctx_var, #list, #input_var, #map)),
        (_, Some((vendor_ty, map))) => quote!(
            #rt::call_json::<_, #vendor_ty, _>(#ctx_var, #call, #input_var, #body, #map)),
        (_, None) => {
            let faults = match &d.errors {
                Some(p) => quote_spanned!(p.span()=> {
                    let faults: #rt::FaultMapping =
                        |error| ::okta_actions::handler::IntoFault::into_fault(#p(error));
                    faults
                }),
                None => quote!(#rt::default_faults),
            };
            let each = match &d.each {
                Some(each) => quote!(::core::option::Option::Some(#each)),
                None => quote!(::core::option::Option::None),
            };
            let batch = d.batch;
            let call = quote!(#rt::StatusCall {
                method: ::okta_actions::client::HttpMethod::#http,
                path: #path,
                each: #each,
                batch: #batch,
                faults: #faults,
            });
            quote!(#rt::call_status(#ctx_var, #call, #input_var, #body))
        }
    }
}
