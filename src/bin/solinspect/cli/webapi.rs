//! The Dataverse Web API over HTTPS (ureq with rustls), for `org capture`: a
//! bearer token, `Prefer: odata.maxpagesize`, pages followed by
//! `@odata.nextLink`, service protection limits (429, and 503, with
//! `Retry-After`) honoured a bounded number of times. Plain `http://` only for
//! loopback addresses (the tests' server). The only network code of the project.

use std::net::IpAddr;
use std::time::Duration;

use serde_json::Value;
use solution_inspector::org::capture::queries::{API_PATH, PAGE_SIZE};
use solution_inspector::org::capture::Row;

/// How many times one request is retried after a 429 or 503.
const MAX_RETRIES: u32 = 8;
/// The longest wait a `Retry-After` is followed for (longer ones are cut to it).
const MAX_RETRY_WAIT: Duration = Duration::from_secs(300);
/// The wait when a 429 or 503 says no `Retry-After`.
const DEFAULT_RETRY_WAIT: Duration = Duration::from_secs(5);
/// The largest answer read (an `EntityDefinitions` page with every column is tens of MB).
const MAX_BODY_BYTES: u64 = 2 << 30;
/// Pages of one query at most (5,000 rows each: 50 million rows).
const MAX_PAGES: usize = 10_000;

/// Why a request failed.
#[derive(Debug)]
pub enum FetchError {
    /// The server answered with this status (and the start of its message).
    Status { status: u16, message: String },
    /// No answer: the connection, TLS, a timeout.
    Transport(String),
    /// An answer that is not the Web API's JSON.
    NotJson(String),
    /// Still limited after every retry.
    Throttled,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Status { status, message } => write!(f, "HTTP {status}: {message}"),
            FetchError::Transport(detail) => write!(f, "no answer: {detail}"),
            FetchError::NotJson(detail) => write!(f, "the answer is not JSON: {detail}"),
            FetchError::Throttled => write!(
                f,
                "still throttled (429) after {MAX_RETRIES} retries; try again later"
            ),
        }
    }
}

/// One organization's Web API.
pub struct WebApi {
    agent: ureq::Agent,
    /// `https://host[:port]`, no trailing slash.
    origin: String,
    host: String,
    token: String,
}

/// Why an organization URL cannot be used.
pub fn check_url(url: &str) -> Result<(String, String), String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| format!("{url}: not a URL (https://ORG.crm.dynamics.com)"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(format!("{url}: no host name"));
    }
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default().to_owned(),
        None => authority
            .rsplit_once(':')
            .map_or(authority, |(host, _)| host)
            .to_owned(),
    };
    match scheme.to_ascii_lowercase().as_str() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(format!(
                "{url}: plain http is refused (the token would travel in clear); use https"
            ))
        }
        other => return Err(format!("{url}: scheme {other} is not https")),
    }
    Ok((
        format!("{}://{authority}", scheme.to_ascii_lowercase()),
        host,
    ))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl WebApi {
    pub fn new(url: &str, token: String) -> Result<WebApi, String> {
        let (origin, host) = check_url(url)?;
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(600)))
            .build();
        Ok(WebApi {
            agent: config.into(),
            origin,
            host,
            token,
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// A path after the API's root, or a whole `@odata.nextLink` of the same origin.
    fn url_of(&self, path_or_link: &str) -> Result<String, FetchError> {
        if path_or_link.contains("://") {
            // The token goes only to the origin the user named.
            if !path_or_link.starts_with(&format!("{}/", self.origin)) {
                return Err(FetchError::NotJson(format!(
                    "a next page on another origin ({path_or_link}) is not followed"
                )));
            }
            return Ok(path_or_link.to_owned());
        }
        Ok(format!(
            "{}{API_PATH}{}",
            self.origin,
            path_or_link.replace(' ', "%20")
        ))
    }

    /// One GET, retried after 429 and 503 as `Retry-After` says.
    fn get(&self, url: &str, on_wait: &mut dyn FnMut(Duration)) -> Result<Value, FetchError> {
        for _ in 0..=MAX_RETRIES {
            let result = self
                .agent
                .get(url)
                .header("Authorization", &format!("Bearer {}", self.token))
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0")
                .header("Prefer", &format!("odata.maxpagesize={PAGE_SIZE}"))
                .call();
            let mut response = result.map_err(|err| FetchError::Transport(err.to_string()))?;
            let status = response.status().as_u16();
            if status == 429 || status == 503 {
                let wait = response
                    .headers()
                    .get("Retry-After")
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| value.trim().parse::<u64>().ok())
                    .map_or(DEFAULT_RETRY_WAIT, Duration::from_secs)
                    .min(MAX_RETRY_WAIT);
                on_wait(wait);
                std::thread::sleep(wait);
                continue;
            }
            let body = response
                .body_mut()
                .with_config()
                .limit(MAX_BODY_BYTES)
                .read_to_string()
                .map_err(|err| FetchError::Transport(err.to_string()))?;
            if !(200..300).contains(&status) {
                return Err(FetchError::Status {
                    status,
                    message: error_message(&body),
                });
            }
            return serde_json::from_str(&body).map_err(|err| FetchError::NotJson(err.to_string()));
        }
        Err(FetchError::Throttled)
    }

    /// A function's answer (`RetrieveVersion()`).
    pub fn object(
        &self,
        path: &str,
        on_wait: &mut dyn FnMut(Duration),
    ) -> Result<Value, FetchError> {
        let url = self.url_of(path)?;
        self.get(&url, on_wait)
    }

    /// Every row of a collection, page by page; `on_page` hears the rows so far.
    pub fn rows(
        &self,
        path: &str,
        on_page: &mut dyn FnMut(usize),
        on_wait: &mut dyn FnMut(Duration),
    ) -> Result<Vec<Row>, FetchError> {
        let mut rows = Vec::new();
        let mut next = Some(self.url_of(path)?);
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(FetchError::NotJson(format!(
                    "more than {MAX_PAGES} pages: stopped"
                )));
            }
            let Value::Object(mut page) = self.get(&url, on_wait)? else {
                return Err(FetchError::NotJson("a page that is not an object".into()));
            };
            match page.remove("value") {
                Some(Value::Array(values)) => {
                    for value in values {
                        match value {
                            Value::Object(row) => rows.push(row),
                            _ => {
                                return Err(FetchError::NotJson(
                                    "a row that is not an object".into(),
                                ))
                            }
                        }
                    }
                }
                _ => return Err(FetchError::NotJson("a page without value".into())),
            }
            on_page(rows.len());
            next = match page.get("@odata.nextLink").and_then(Value::as_str) {
                Some(link) => Some(self.url_of(link)?),
                None => None,
            };
        }
        Ok(rows)
    }
}

/// The Web API's `{"error": {"message": …}}`, or the body's start.
fn error_message(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|value| {
            value
                .pointer("/error/message")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| body.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_or_loopback_only() {
        assert_eq!(
            check_url("https://contoso.crm.dynamics.com/").unwrap(),
            (
                "https://contoso.crm.dynamics.com".to_owned(),
                "contoso.crm.dynamics.com".to_owned()
            )
        );
        assert!(check_url("http://127.0.0.1:8080").is_ok());
        assert!(check_url("http://[::1]:8080/x").is_ok());
        assert!(check_url("http://localhost:1").is_ok());
        assert!(check_url("http://contoso.crm.dynamics.com").is_err());
        assert!(check_url("ftp://contoso").is_err());
        assert!(check_url("contoso.crm.dynamics.com").is_err());
        assert!(check_url("https://user@evil").is_err());
    }
}
