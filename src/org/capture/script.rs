//! The page's console script (and its bookmarklet form), generated from the
//! query table: pasted into the developer console of a signed-in Dataverse
//! tab, it asks that origin's Web API every query with the user's own session
//! (pages by `@odata.nextLink`, `Prefer: odata.maxpagesize`, 429 and 503 waited
//! out as `Retry-After` says), shows its progress and downloads one capture
//! file. It sends nothing anywhere else. The CLI's capture walks the same table.

use serde_json::json;

use super::queries::{Answer, Section, API_PATH, PAGE_SIZE, QUERIES};
use super::{CAPTURE_FORMAT, CAPTURE_FORMAT_VERSION};

/// The queries as the script's JSON literal.
fn queries_literal() -> String {
    let queries: Vec<serde_json::Value> = QUERIES
        .iter()
        .map(|query| {
            json!({
                "key": query.key,
                "path": query.path().replace(' ', "%20"),
                "organization": query.section == Section::Organization,
                "rows": query.answer == Answer::Rows,
                "required": query.required,
            })
        })
        .collect();
    serde_json::to_string(&queries).unwrap_or_default()
}

/// The console script.
pub fn console_script() -> String {
    let template = r#"(async () => {
  const say = (text) => console.log("Solution Inspector: " + text);
  const queries = __QUERIES__;
  const api = location.origin + "__API__";
  const headers = { "Accept": "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0", "Prefer": "odata.maxpagesize=__PAGE__" };
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  async function get(url) {
    for (let attempt = 0; attempt <= 8; attempt++) {
      const response = await fetch(url, { headers, credentials: "same-origin" });
      if (response.status === 429 || response.status === 503) {
        const wait = Math.min(300, parseInt(response.headers.get("Retry-After") || "5", 10) || 5);
        say("throttled by the service protection limits: waiting " + wait + " s as Retry-After says");
        await sleep(wait * 1000);
        continue;
      }
      if (!response.ok) {
        const failure = new Error("HTTP " + response.status + ": " + (await response.text()).slice(0, 200));
        failure.status = response.status;
        throw failure;
      }
      return response.json();
    }
    throw new Error("still throttled after 8 retries; try again later");
  }
  const capture = {
    format: "__FORMAT__", version: __VERSION__, capturedFrom: location.hostname,
    capturedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"), tool: "Solution Inspector console script",
    organization: {}, sets: {}, unavailable: {},
  };
  for (const [index, query] of queries.entries()) {
    say((index + 1) + "/" + queries.length + ": " + query.key);
    try {
      let answer;
      if (query.rows) {
        answer = [];
        let url = api + query.path;
        while (url) {
          const page = await get(url);
          for (const row of page.value) answer.push(row);
          say("  " + answer.length + " rows");
          url = page["@odata.nextLink"];
        }
      } else {
        answer = await get(api + query.path);
      }
      (query.organization ? capture.organization : capture.sets)[query.key] = answer;
    } catch (failure) {
      if (!query.required && [400, 403, 404].includes(failure.status)) {
        say("  unavailable: " + failure.message);
        capture.unavailable[query.key] = failure.message;
      } else {
        say("the capture stopped at " + query.key + ": " + failure.message);
        return;
      }
    }
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(capture)], { type: "application/json" }));
  link.download = location.hostname + ".capture.json";
  document.body.appendChild(link);
  link.click();
  link.remove();
  say("downloaded " + link.download + ": drop it on Solution Inspector's Simulate view");
})();
"#;
    template
        .replace("__QUERIES__", &queries_literal())
        .replace("__API__", API_PATH)
        .replace("__PAGE__", &PAGE_SIZE.to_string())
        .replace("__FORMAT__", CAPTURE_FORMAT)
        .replace("__VERSION__", &CAPTURE_FORMAT_VERSION.to_string())
}

/// The same script as a bookmarklet (`javascript:` and the script, percent-encoded).
pub fn bookmarklet() -> String {
    let mut link = String::from("javascript:");
    for byte in console_script().bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~()!*'".contains(&byte) {
            link.push(char::from(byte));
        } else {
            link.push_str(&format!("%{byte:02X}"));
        }
    }
    link
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_asks_every_query_of_the_table() {
        let script = console_script();
        for query in QUERIES {
            assert!(
                script.contains(&format!(
                    "\"path\":\"{}\"",
                    query.path().replace(' ', "%20")
                )),
                "{}",
                query.key
            );
        }
        assert!(!script.contains("__"), "a placeholder is left");
        assert!(script.contains("odata.maxpagesize=5000"));
        let link = bookmarklet();
        assert!(link.starts_with("javascript:(async%20()") && !link.contains(' '));
    }
}
