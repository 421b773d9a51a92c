//! A query-string extractor whose failures name the parameter in the API's terms.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};
use serde::de::DeserializeOwned;

use crate::error::RestError;

/// Query parameters decoded as `T`; deref to the value.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Decode a query string as `T`, naming the parameter at fault.
pub fn decode<T: DeserializeOwned>(query: &str) -> Result<T, RestError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let what = crate::wording::rejection(&e.into_inner().to_string());
        match path.as_str() {
            "" | "." => RestError::BadJson(format!("query: {what}")),
            _ => RestError::BadJson(format!("query parameter `{path}`: {what}")),
        }
    })
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = RestError;
    type Future = Ready<Result<Self, RestError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(decode(req.query_string()).map(Query))
    }
}
