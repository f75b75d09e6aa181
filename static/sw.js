// The playground's service worker: once the app has loaded, it keeps working without a
// network, which is what a trainer in a room with bad Wi-Fi needs. A reload, or the speaker
// notes window opened by the presenter, then comes from the cache.
//
// Network first: while online every request goes to the server as usual, so a new build is
// seen at once; the cache is only the fallback. Pages (navigations) are cached without their
// query, so `?present=…` and `?notes` find the one index.html. The first visit is not served
// by the worker, so boot.js sends the files it loaded (`mip:cache`), and they are cached then.

const CACHE = 'mip-playground';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** The cache key of a request: pages without their query, everything else as asked. */
function keyOf(request) {
  if (request.mode !== 'navigate') return request;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  return url.href;
}

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'mip:cache' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((url) => typeof url === 'string' && sameOrigin(url));
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      // Files of older builds (their names carry a hash) are dropped.
      const wanted = new Set(urls.map((url) => new URL(url, self.location.href).href));
      for (const request of await cache.keys()) {
        if (!wanted.has(request.url)) await cache.delete(request);
      }
      await cache.addAll([...wanted]);
    }),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(keyOf(request), copy)));
        }
        return response;
      })
      .catch(async () => {
        const cached = await caches.match(keyOf(request));
        if (cached) return cached;
        throw new Error(`offline, and ${request.url} was never loaded`);
      }),
  );
});
