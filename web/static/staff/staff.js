// Staff pages: htmx carries the CSRF token on non-GET requests, and polls only while the page
// is in view (a filter in hx-trigger would need eval, which the Content-Security-Policy forbids).
document.addEventListener("htmx:beforeRequest", function (event) {
  var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  if (document.visibilityState !== "visible" && (!trigger || trigger.type !== "click")) {
    event.preventDefault();
  }
});
document.addEventListener("htmx:configRequest", function (event) {
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) { event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]); }
});
