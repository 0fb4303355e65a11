/* Lisko for interpreters: the service worker. Scope /me/ only.
   Pages are fetched from the network first and saved, so upcoming appointments stay readable
   without a connection; static files come from the cache and are refreshed behind it. Logging out clears the caches. */
"use strict";
const VERSION = {{ version|safe }};
const CACHE = "lisko-me-" + VERSION;
const SCOPE = {{ scope|safe }};
const OFFLINE_URL = {{ offline_url|safe }};
const STATIC_PREFIX = {{ static_prefix|safe }};
const PRECACHE = {{ precache|safe }};
const ICON = {{ icon|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("lisko-me-") && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function isSaveable(response) {
  // A redirect (usually to the login page) or an error is never saved in place of the page.
  return response && response.ok && !response.redirected && response.type === "basic";
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (isSaveable(response)) {
      cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const saved = await cache.match(request, { ignoreVary: true });
    if (saved) {
      return saved;
    }
    return (await cache.match(OFFLINE_URL)) || Response.error();
  }
}

async function savedThenRefreshed(request, event) {
  // Static files: the saved copy at once, and a fresh one fetched for next time.
  const cache = await caches.open(CACHE);
  const saved = await cache.match(request);
  const refreshed = fetch(request).then((response) => {
    if (isSaveable(response)) {
      return cache.put(request, response.clone()).then(() => response);
    }
    return response;
  });
  if (saved) {
    event.waitUntil(refreshed.catch(() => null));
    return saved;
  }
  return refreshed;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(savedThenRefreshed(request, event));
    return;
  }
  // Calendar feeds are read by calendar apps, not by these pages; leave them alone.
  if (url.pathname.startsWith(SCOPE) && !url.pathname.endsWith(".ics") && !url.pathname.endsWith("/sw.js")) {
    event.respondWith(networkFirst(request));
  }
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "warm" && Array.isArray(data.urls)) {
    // Save pages the interpreter will need offline (upcoming appointments) while online.
    event.waitUntil(
      caches.open(CACHE).then((cache) =>
        Promise.all(
          data.urls.map((url) =>
            fetch(url, { credentials: "same-origin" })
              .then((response) => (isSaveable(response) ? cache.put(url, response) : null))
              .catch(() => null)
          )
        )
      )
    );
  } else if (data.type === "forget") {
    event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key)))));
  }
});

// A notice pushed by Lisko: show it; a tap opens the page it points to (an offer, a booking).
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Lisko", {
      body: data.body || "",
      tag: data.tag || undefined,
      icon: ICON,
      badge: ICON,
      data: { url: data.url || SCOPE },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || SCOPE, self.location.origin);
  if (target.origin !== self.location.origin) {
    return;
  }
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (new URL(client.url).pathname === target.pathname && "focus" in client) {
          return client.focus();
        }
      }
      return self.clients.openWindow(target.href);
    })
  );
});
