// The playground's service worker: once the app has loaded, it keeps working without a
// network, which is what a trainer in a room with bad Wi-Fi needs. A reload, or the speaker
// notes window opened by the presenter, then comes from the cache.
//
// Network first: while online every request goes to the server as usual, so a new build is
// seen at once; the cache is only the fallback. Pages (navigations) are cached without their
// query, so `?present=…` and `?notes` find the one index.html. Every visit, boot.js sends the
// files it loaded (`mip:cache`): files of older builds are dropped, and after the first visit,
// which the worker did not serve, the files are fetched into the cache. Lesson files
// (`lessons/*.md`, fetched by the app when its Lessons panel first shows) may still be on their
// way when boot.js sends its list; they keep their names from build to build, so they are never
// dropped as an older build's, and whatever the worker saw go by stays for offline use.

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

/** A lesson file: same name in every build, so never an older build's leftover. */
function isLesson(url) {
  return new URL(url).pathname.startsWith(new URL('lessons/', self.registration.scope).pathname);
}

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'mip:cache' || !Array.isArray(data.urls) || typeof data.fetch !== 'boolean') {
    return;
  }
  const urls = data.urls.filter((url) => typeof url === 'string' && sameOrigin(url));
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      const wanted = new Set(urls.map((url) => new URL(url, self.location.href).href));
      // Files of older builds (their names carry a hash) are dropped; lesson files are kept.
      for (const request of await cache.keys()) {
        if (wanted.has(request.url)) wanted.delete(request.url);
        else if (!isLesson(request.url)) await cache.delete(request);
      }
      // A visit the worker served has had its files cached as they went by; only a visit it
      // did not serve (the first) asks for them to be fetched.
      if (data.fetch) await cache.addAll([...wanted]);
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
