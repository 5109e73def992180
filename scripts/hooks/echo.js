// echo.js: a device that answers every request with the request itself.
//
// Use:  apvirt.devices[n].behaviour: script:hooks/echo.js
//
// API used: onRequest(request, queue) returning {reply: request.message}. Returning the
// request.message view itself passes the request's bytes on without a copy; the reply is ready
// after the adapter's reply-latency (add `latency: n` to choose another). Without an onRequest
// export a script device echoes too; this one is the starting point for your own device (the
// platform's Java behaviour `echo` does the same, faster).
export function onRequest(request, queue) {
  return { reply: request.message };
}
