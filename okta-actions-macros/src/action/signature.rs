//! The annotated function read for its signature only: the body is kept as unparsed tokens and
//! re-emitted as written, so that a syntax error inside it is reported by the compiler where it
//! is, instead of hiding the whole item behind the macro's error.

use proc_macro2::TokenStream;
use quote::{ToTokens, TokenStreamExt};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Signature, Visibility, braced, token};

/// A function whose body is not parsed.
#[derive(Clone)]
pub(crate) struct HandlerFn {
    /// The outer attributes, doc comments included.
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    pub(crate) body: OpaqueBlock,
}

/// A `{ … }` block kept as tokens.
#[derive(Clone)]
pub(crate) struct OpaqueBlock {
    brace: token::Brace,
    tokens: TokenStream,
}

impl Parse for HandlerFn {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = input.parse()?;
        let content;
        let brace = braced!(content in input);
        let tokens = content.parse()?;
        Ok(HandlerFn {
            attrs,
            vis,
            sig,
            body: OpaqueBlock { brace, tokens },
        })
    }
}

impl ToTokens for OpaqueBlock {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.brace
            .surround(tokens, |inner| inner.extend(self.tokens.clone()));
    }
}

impl ToTokens for HandlerFn {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append_all(&self.attrs);
        self.vis.to_tokens(tokens);
        self.sig.to_tokens(tokens);
        self.body.to_tokens(tokens);
    }
}
