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

  // Push: offered once the service worker runs; the server keeps the phone's endpoint.
  var panel = document.querySelector("[data-push-panel]");
  function urlBase64ToBytes(value) {
    var padded = (value + "===".slice((value.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }
  function say(name) {
    var status = panel.querySelector("[data-push-status]");
    var text = panel.querySelector("template[data-push-" + name + "]");
    if (status && text) { status.textContent = text.innerHTML.trim(); }
  }
  if (panel && "PushManager" in window && "Notification" in window && Notification.permission !== "denied") {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        if (existing && Notification.permission === "granted") { return; }
        panel.hidden = false;
        panel.querySelector("[data-push-subscribe]").addEventListener("click", function () {
          Notification.requestPermission().then(function (permission) {
            if (permission !== "granted") { say("denied"); return null; }
            return registration.pushManager.subscribe({
              userVisibleOnly: true,
              applicationServerKey: urlBase64ToBytes(panel.getAttribute("data-key"))
            });
          }).then(function (subscription) {
            if (!subscription) { return null; }
            var token = panel.querySelector("input[name=csrfmiddlewaretoken]").value;
            return fetch(panel.getAttribute("data-subscribe"), {
              method: "POST",
              credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRFToken": token },
              body: JSON.stringify(subscription.toJSON())
            }).then(function (response) {
              if (!response.ok) { throw new Error("refused"); }
              say("on");
              panel.querySelector("[data-push-subscribe]").hidden = true;
            });
          }).catch(function () { say("failed"); });
        });
      });
    }).catch(function () {});
  }

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
