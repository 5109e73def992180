// bench/checksum.js: a device that computes: its reply is one byte, a checksum of 1000 rounds over the
// message. For `apvirt bench --calls --behaviour script:bench/checksum.js` (BENCHMARKS.md): it shows what the
// Graal compiler does for a script with work to do, where echo.js only shows the cost of a call.
export function onRequest(request, queue) {
  const m = request.message;
  const n = request.length;
  const bytes = [];
  for (let i = 0; i < n; i++) bytes.push(m[i]);
  let h = 17;
  for (let round = 0; round < 1000; round++) {
    for (let i = 0; i < n; i++) h = (h * 31 + bytes[i] + round) & 0xff;
  }
  return { reply: [h] };
}
