//! The `BroadcastChannel` between a presenter and its speaker-notes window
//! (`view::present::CHANNEL`).
//!
//! Invariant: only well-formed [`Signal`]s reach the page; any other message on the channel
//! (another version of the app, a page of the same origin) is dropped. A browser without
//! `BroadcastChannel` gets no channel, and the presenter works without notes.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};
use yew::Callback;

use crate::view::present::{Signal, CHANNEL};

/// An open channel; closed when dropped.
pub struct Channel {
    channel: BroadcastChannel,
    _listener: EventListener,
}

impl Channel {
    /// Opens the channel and passes every signal received to `on_signal`.
    pub fn open(on_signal: Callback<Signal>) -> Option<Channel> {
        let channel = BroadcastChannel::new(CHANNEL).ok()?;
        let listener = EventListener::new(&channel, "message", move |event| {
            let signal = event
                .dyn_ref::<MessageEvent>()
                .and_then(|e| e.data().as_string())
                .and_then(|text| Signal::from_json(&text));
            if let Some(signal) = signal {
                on_signal.emit(signal);
            }
        });
        Some(Channel {
            channel,
            _listener: listener,
        })
    }

    /// Sends a signal to the other windows on the channel (never to this one).
    pub fn post(&self, signal: &Signal) {
        // A closed or failing channel only loses this message; the next change sends again.
        let _ = self
            .channel
            .post_message(&wasm_bindgen::JsValue::from_str(&signal.to_json()));
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.channel.close();
    }
}
