//! SOAP envelopes: a bounded reader that refuses hostile input, and a writer for results,
//! bare HTTP-POST values and faults.

pub mod reader;
pub mod text;
pub mod writer;

pub use reader::{read_envelope, SoapRequest};

#[cfg(test)]
mod reader_tests;
