// Progressive search: the page works without this (a plain GET form, answers rendered on the
// server). With it, a question fetches only the results fragment (?fragment=1) and swaps it in,
// so the page keeps its place while the engine answers; the URL still changes (?q=...) so the
// answer stays shareable, and Back returns to the previous question.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !results || !window.fetch || !window.history || !history.pushState) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var button = form.querySelector("button[type=submit]");
  var pending = null;

  function paramsOf(search) {
    var params = new URLSearchParams(search);
    params.delete("fragment");
    return params;
  }

  function load(params, push) {
    var q = (params.get("q") || "").trim();
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    status.textContent = q ? "Searching the graph…" : "";
    button.disabled = true;
    results.setAttribute("aria-busy", "true");
    var fragment = new URLSearchParams(params);
    fragment.set("fragment", "1");
    return fetch("/?" + fragment.toString(), {
      signal: pending.signal,
      headers: { Accept: "text/html" },
    })
      .then(function (resp) {
        return resp.text().then(function (html) {
          return { ok: resp.ok || resp.status === 400, html: html };
        });
      })
      .then(function (r) {
        if (!r.ok) {
          throw new Error("server error");
        }
        results.innerHTML = r.html; // server-rendered, escaped by Jinja
        var url = params.toString() ? "/?" + params.toString() : "/";
        if (push) {
          history.pushState({ q: q }, "", url);
        }
        document.title = (q ? q + " · " : "Search · ") + "ckg";
        var count = results.querySelectorAll(".answer").length;
        status.textContent = q ? (count ? count + " answers found." : "No answer in the graph.") : "";
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") {
          return;
        }
        status.textContent = "The search failed; submitting the form again without scripts.";
        form.submit();
      })
      .finally(function () {
        button.disabled = false;
        results.removeAttribute("aria-busy");
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!input.value.trim()) {
      input.focus();
      return;
    }
    load(paramsOf(new FormData(form)), true);
  });

  window.addEventListener("popstate", function () {
    var params = paramsOf(location.search);
    input.value = params.get("q") || "";
    load(params, false);
  });
})();
