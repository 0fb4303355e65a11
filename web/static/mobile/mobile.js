/* Lisko for interpreters: installs the service worker, shows when the page is an offline copy,
   and clears saved pages on logout. The pages work without this script. */
(function () {
  "use strict";
  var script = document.currentScript;
  var banner = document.querySelector("[data-offline-banner]");

  function showOfflineState() {
    if (banner) {
      banner.hidden = navigator.onLine;
    }
  }
  window.addEventListener("online", showOfflineState);
  window.addEventListener("offline", showOfflineState);
  showOfflineState();

  // The app icon shows how many offers wait for an answer; declined or expired ones drop out.
  var counter = document.querySelector("[data-offer-count]");
  if (counter && "setAppBadge" in navigator) {
    var count = parseInt(counter.getAttribute("data-offer-count"), 10) || 0;
    (count ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(function () {});
  }

  if (!("serviceWorker" in navigator) || !script) {
    return;
  }
  var workerUrl = script.getAttribute("data-service-worker");
  var scope = script.getAttribute("data-scope");
  var warm = script.getAttribute("data-warm");
  navigator.serviceWorker.register(workerUrl, { scope: scope }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (navigator.onLine && registration.active && warm) {
      registration.active.postMessage({ type: "warm", urls: [warm] });
    }
  }).catch(function () { /* Without a service worker the pages still work online. */ });

  // One tap is enough: a second tap on a slow connection would send the form twice.
  document.querySelectorAll("main form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || button.hasAttribute("formnovalidate")) {
        return;
      }
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("main button[disabled]").forEach(function (button) { button.disabled = false; });
    }
  });

  // Saved pages hold appointments: nobody who uses the phone after logout should read them.
  document.querySelectorAll('form[action$="/logout/"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.caches || form.dataset.cleared) {
        return;
      }
      event.preventDefault();
      if (navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "forget" });
      }
      caches.keys().then(function (keys) {
        return Promise.all(keys.map(function (key) { return caches.delete(key); }));
      }).finally(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  });
})();
