// Service worker: the page's own static files, kept so the app opens with no network
// after the first visit. Network first (a new build is picked up at once), cache when offline.
const CACHE = 'solution-inspector';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// The page sends the URLs it loaded on its first visit (before this worker controlled it).
self.addEventListener('message', (event) => {
  const keep = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  const own = keep.filter((url) => new URL(url).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      await Promise.all(own.map((url) => cache.add(url).catch(() => undefined)));
      // Older builds' hashed files are dropped.
      for (const request of await cache.keys()) {
        if (!own.includes(request.url) && !request.url.includes('/sample/')) {
          await cache.delete(request);
        }
      }
    }),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && response.type === 'basic') {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() =>
        caches.match(request, { ignoreSearch: true }).then(
          (cached) => cached || caches.match('./').then((page) => page || Response.error()),
        ),
      ),
  );
});
