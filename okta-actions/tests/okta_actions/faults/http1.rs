//! Just enough HTTP/1.1 framing for the fault proxy and the load test: one message read by its
//! head and `Content-Length`, headers replaced, bytes written back.

use std::io;

use tokio::io::{AsyncRead, AsyncReadExt};

/// The largest head accepted.
const MAX_HEAD: usize = 64 * 1024;

/// One HTTP/1.1 message: the head (start line and headers, without the blank line) and body.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

impl Message {
    /// The first line: `GET /x HTTP/1.1` or `HTTP/1.1 200 OK`.
    pub(crate) fn start_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    /// The first value of header `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    /// The message with every `name` header replaced by one `name: value`.
    pub(crate) fn with_header(mut self, name: &str, value: &str) -> Self {
        let mut lines = self.head.lines();
        let mut head = lines.next().unwrap_or_default().to_owned();
        for line in lines {
            let same = line
                .split_once(':')
                .is_some_and(|(key, _)| key.trim().eq_ignore_ascii_case(name));
            if !same {
                head.push_str("\r\n");
                head.push_str(line);
            }
        }
        head.push_str(&format!("\r\n{name}: {value}"));
        self.head = head;
        self
    }

    /// The head with its blank line, then the body.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = format!("{}\r\n\r\n", self.head).into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// Reads one message. Without `Content-Length`, a request has no body and a response's body
/// runs to the end of the stream (the proxy always asks for `Connection: close`).
pub(crate) async fn read_message<R: AsyncRead + Unpin>(
    stream: &mut R,
    is_response: bool,
) -> io::Result<Message> {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "head too large"));
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the stream ended before the head did",
            ));
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "the head is not UTF-8"))?;
    let mut message = Message {
        head,
        body: buffer[head_end + 4..].to_vec(),
    };
    if message
        .header("transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "chunked bodies are not supported here",
        ));
    }
    match message.header("content-length").map(str::parse::<usize>) {
        Some(Ok(length)) => {
            while message.body.len() < length {
                let read = stream.read(&mut chunk).await?;
                if read == 0 {
                    return Err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the stream ended inside the body",
                    ));
                }
                message.body.extend_from_slice(&chunk[..read]);
            }
            message.body.truncate(length);
        }
        Some(Err(_)) => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "unreadable Content-Length",
            ));
        }
        None if is_response => {
            stream.read_to_end(&mut message.body).await?;
        }
        None => {}
    }
    Ok(message)
}
