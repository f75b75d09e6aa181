// The site's service worker: once a page has loaded, it keeps working without a network, which
// is what a trainer in a room with bad Wi-Fi needs. A reload, or the speaker notes window opened
// by the presenter, then comes from the cache.
//
// Network first: while online every request goes to the server as usual, so a new build is
// seen at once; the cache is only the fallback. Pages (navigations) are cached without their
// query, so `present.html?present=…` and `present.html?notes` find the one present.html.
//
// Each page (index.html, present.html, compare.html) is its own build, and a visit keeps what
// it loaded. After every visit boot.js sends the files the page loaded (`mip:cache`):
// - a visit the worker served has had them cached as they went by;
// - the first visit, which the worker did not serve, asks for them to be copied: they are
//   taken from the browser's HTTP cache, where the page's own requests just put them
//   (`cache: 'force-cache'`), so a first visit downloads each file once, not twice;
// - a file of an older build of the same page (the same name with another content hash) is
//   dropped; the other pages' files stay.
// Lesson files (`lessons/*.md`, fetched when the playground's Lessons panel first shows) keep
// their names from build to build, so they are never dropped as an older build's.

const CACHE = 'mip-playground';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** An address without its query and fragment: how pages are cached. */
function withoutQuery(url) {
  const bare = new URL(url, self.location.href);
  bare.search = '';
  bare.hash = '';
  return bare.href;
}

/** The cache key of a request: pages without their query, everything else as asked. */
function keyOf(request) {
  return request.mode === 'navigate' ? withoutQuery(request.url) : request;
}

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

/**
 * A file's name without Trunk's content hash (`present-0123456789abcdef_bg.wasm`). Trunk drops
 * a hash's leading zeros, so a hash can be shorter than 16 digits.
 */
function stemOf(url) {
  return url.replace(/-[0-9a-f]{8,16}(?=[._][^/]*$)/, '');
}

/** Copies `url` from the HTTP cache (or, failing that, the network) into `cache` under `key`. */
async function copyFromHttpCache(cache, url, key) {
  const response = await fetch(url, { cache: 'force-cache' });
  if (response.ok) await cache.put(key, response);
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (
    !data ||
    data.type !== 'mip:cache' ||
    typeof data.page !== 'string' ||
    !Array.isArray(data.urls) ||
    typeof data.copy !== 'boolean' ||
    !sameOrigin(data.page)
  ) {
    return;
  }
  const files = data.urls
    .filter((url) => typeof url === 'string' && sameOrigin(url))
    .map((url) => new URL(url, self.location.href).href);
  const page = withoutQuery(data.page);
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      const wanted = new Set([page, ...files]);
      const stems = new Set([...wanted].map(stemOf));
      for (const request of await cache.keys()) {
        if (wanted.has(request.url)) continue;
        // Another build of a file this page loads: the page now loads the new one.
        if (stems.has(stemOf(request.url))) await cache.delete(request);
      }
      if (!data.copy) return;
      // The page as it was visited (with its query, as the HTTP cache holds it), kept without.
      await Promise.allSettled([
        copyFromHttpCache(cache, data.page, page),
        ...files.map((url) => copyFromHttpCache(cache, url, url)),
      ]);
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
