//! A deadline on receiving a request body, for every front end (issue #8): a client that
//! trickles its body (slowloris) gets a read error after the deadline instead of holding a
//! worker's connection forever. actix's own `client_request_timeout` covers only the head.
//!
//! Answering is not enough: once the request's body is dropped, actix drains the rest of a
//! chunked body before the next request, and a client trickling it keeps that going forever
//! (even under `Connection: close`). So the response to a request whose body was not read to
//! its end keeps that body alive until it is written: actix then sees a body unread, not
//! dropped, and closes the connection (issue #14, hole 13).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::rt::time::{sleep, Sleep};
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage};
use futures_util::Stream;

/// How far a request body got, shared by the stream and the middleware.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    /// Not read to its end (yet, or the handler stopped reading).
    Unread,
    /// Read to its end.
    Ended,
    /// The deadline passed first.
    Expired,
}

/// The body stream, failing with `TimedOut` once the deadline passes.
struct Deadline {
    inner: Rc<RefCell<Payload>>,
    timer: Pin<Box<Sleep>>,
    progress: Rc<Cell<Progress>>,
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.progress.get() == Progress::Expired {
            return Poll::Ready(None);
        }
        let polled = Pin::new(&mut *self.inner.borrow_mut()).poll_next(cx);
        if let Poll::Ready(item) = polled {
            if item.is_none() {
                self.progress.set(Progress::Ended);
            }
            return Poll::Ready(item);
        }
        if self.timer.as_mut().poll(cx).is_ready() {
            self.progress.set(Progress::Expired);
            let e = io::Error::new(io::ErrorKind::TimedOut, "the request body did not arrive in time");
            return Poll::Ready(Some(Err(PayloadError::Io(e))));
        }
        Poll::Pending
    }
}

/// How long a request body may take to arrive (app data read by [`body_deadline`]).
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadline(pub Duration);

/// True when the head announces a body: chunked, or a `Content-Length` above zero.
fn announces_body(req: &ServiceRequest) -> bool {
    let length = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok());
    req.chunked().unwrap_or(true) || length.is_some_and(|n| n.trim() != "0")
}

/// Middleware: the request body must arrive within the configured [`BodyDeadline`], and the
/// connection of a request whose body was not read to its end closes after the answer.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let Some(limit) = req.app_data::<BodyDeadline>().copied() else {
        return Ok(next.call(req).await?.map_body(|_, body| EitherBody::left(body)));
    };
    let progress = Rc::new(Cell::new(Progress::Unread));
    let has_body = announces_body(&req);
    let inner = Rc::new(RefCell::new(req.take_payload()));
    let stream =
        Deadline { inner: inner.clone(), timer: Box::pin(sleep(limit.0)), progress: progress.clone() };
    let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(stream);
    req.set_payload(Payload::from(boxed));
    let res = next.call(req).await?;
    if has_body && progress.get() != Progress::Ended {
        Ok(res.map_body(|_, body| {
            EitherBody::<_, Holding<_>>::right(Holding { body: Box::pin(body), _unread: inner })
        }))
    } else {
        Ok(res.map_body(|_, body| EitherBody::left(body)))
    }
}

/// A response body that keeps the request's unread body alive until it is written.
struct Holding<B> {
    body: Pin<Box<B>>,
    _unread: Rc<RefCell<Payload>>,
}

impl<B: MessageBody> MessageBody for Holding<B> {
    type Error = B::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.body.as_mut().poll_next(cx)
    }
}
